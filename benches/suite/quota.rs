//! (d) The suite against a stub that enforces KMS's request quotas
//! (`--throttle`, `--aws-like`), against the least time those quotas allow
//! for the requests the run made.
//!
//! The quota floor: the stub keeps a token bucket per account, region and
//! operation, holding a second's worth of requests and refilling at the
//! quota's rate, so `N` requests of one bucket need at least
//! `(N - capacity) / rate` seconds, and the run at least the longest of its
//! buckets. Every request a scenario recorded counts once (its throttled
//! attempts are waste, not work); the pre-flight request and the requests
//! of reads no bucket limits hardly matter. The goal: wall time within
//! 1.3× of the floor, with no scenario failing.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::Duration;

use kms_conformance::bench_internals::report::RunReport;
use kms_conformance::bench_internals::stub::StubOptions;
use kms_conformance::bench_internals::wire::Quotas;
use serde_json::{Value, json};

use super::recording::{Caller, Recording, stub_config_with};
use super::samples::{Samples, ms};
use super::suite_run;

/// The goal: wall time at most this many times the quota floor.
pub(crate) const QUOTA_RATIO_GOAL: f64 = 1.3;

/// What one rehearsal measured.
#[derive(Debug)]
pub(crate) struct QuotaRun {
    pub label: &'static str,
    pub walls: Samples,
    /// The quota floor of the requests the runs made (their median).
    pub floor: Duration,
    /// The bucket that decides the floor: `CreateKey in us-east-1 (primary): 84`.
    pub busiest: String,
    pub requests: usize,
    /// Throttled attempts retried, in all the runs.
    pub retried: u32,
    /// The last run's summary line.
    pub verdicts: String,
    /// Scenarios that failed in any run: must be none.
    pub failures: usize,
}

impl QuotaRun {
    pub(crate) fn ratio(&self) -> f64 {
        self.walls.median().as_secs_f64() / self.floor.as_secs_f64()
    }

    pub(crate) fn to_json(&self) -> Value {
        json!({
            "label": self.label,
            "suite": self.walls.to_json(),
            "quota_floor_ms": ms(self.floor),
            "busiest_bucket": self.busiest,
            "requests": self.requests,
            "throttled_retries": self.retried,
            "failures": self.failures,
            "verdicts": self.verdicts,
            "ratio": self.ratio(),
        })
    }
}

/// Runs the whole suite `runs` times against a fresh stub made with `options`.
pub(crate) async fn measure(
    label: &'static str,
    options: StubOptions,
    runs: usize,
) -> Result<QuotaRun, String> {
    let quotas = options.quotas().ok_or("a rehearsal stub throttles")?;
    // As `cargo run -- --throttle` resolves it: paced at the stub's quotas.
    let config = stub_config_with(options)?;
    let mut walls = Samples::default();
    let mut floors = Samples::default();
    let mut result = None;
    let mut retried = 0;
    let mut failures = 0;
    for run in 0..runs {
        let (wall, report) = suite_run(&config).await?;
        let (floor, busiest, requests) = quota_floor(&report, &quotas);
        walls.push(wall);
        floors.push(floor);
        retried += report.throttled();
        failures += report.failed();
        println!(
            "  {label} run {}: suite {}, quota floor {} ({busiest}); {}",
            run + 1,
            ms(wall),
            ms(floor),
            report.summary_line()
        );
        result = Some((busiest, requests, report.summary_line()));
    }
    let (busiest, requests, verdicts) = result.ok_or("no run")?;
    Ok(QuotaRun {
        label,
        walls,
        floor: floors.median(),
        busiest,
        requests,
        retried,
        verdicts,
        failures,
    })
}

/// The least time `quotas` allow for the requests `report` recorded; the
/// bucket that decides it; how many requests there were.
fn quota_floor(report: &RunReport, quotas: &Quotas) -> (Duration, String, usize) {
    let recording = Recording::of(report);
    let mut buckets: BTreeMap<(String, String, &str), usize> = BTreeMap::new();
    for call in recording.scenarios.iter().flat_map(|s| &s.calls) {
        let caller = match call.caller {
            Caller::Primary => "primary",
            Caller::SecondAccount => "second account",
        };
        let region = call.region.clone().unwrap_or_default();
        *buckets
            .entry((call.operation.clone(), region, caller))
            .or_default() += 1;
    }
    let mut floor = Duration::ZERO;
    let mut busiest = String::from("none");
    for ((operation, region, caller), count) in &buckets {
        let Some(rate) = quotas.rate(operation) else {
            continue;
        };
        let capacity = rate.max(1.0);
        #[expect(clippy::cast_precision_loss, reason = "a few hundred requests")]
        let seconds = ((*count as f64 - capacity) / rate).max(0.0);
        let least = Duration::from_secs_f64(seconds);
        if least > floor {
            floor = least;
            busiest = format!("{operation} in {region} ({caller}): {count} at {rate}/s");
        }
    }
    (floor, busiest, recording.exchanges())
}

/// The readable section.
pub(crate) fn to_markdown(runs: &[QuotaRun]) -> String {
    let mut text = String::new();
    let _ = writeln!(
        text,
        "\n## Against a stub that enforces KMS's quotas\n\n\
         | stub | suite | quota floor (busiest bucket) | suite / floor | requests | throttled retries | failures |\n\
         |---|---|---|---|---|---|---|"
    );
    for run in runs {
        let _ = writeln!(
            text,
            "| {} | {} | {} ({}) | **{:.2}×** (goal ≤ {QUOTA_RATIO_GOAL}×: {}) | {} | {} | {} |",
            run.label,
            run.walls.describe(),
            ms(run.floor),
            run.busiest,
            run.ratio(),
            if run.ratio() <= QUOTA_RATIO_GOAL && run.failures == 0 {
                "met"
            } else {
                "NOT MET"
            },
            run.requests,
            run.retried,
            run.failures
        );
    }
    text
}
