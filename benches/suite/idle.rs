//! (e) A target that answers reads at once and that the suite does not know
//! for its own: the built-in stub served by `kms-conformance stub --listen`
//! in a process of its own, run as an endpoint (so the suite trusts no
//! read before a barrier, and waits out `--settle` wherever it has none).
//!
//! For each scenario: its wall time against its own exchanges' time (its
//! cleanup's included), and what it spent in waits, by cause. The goal
//! (issue 23): no scenario spends more than its own exchanges' time plus
//! 100 ms. Scenarios one at a time measure that: with 64 at a time on one
//! thread, a scenario's time also holds the others' work between its
//! exchanges, which the runs at 64 show beside it.

use std::fmt::Write as _;
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use kms_conformance::bench_internals::endpoint::{self, TargetArgs, TargetConfig};
use kms_conformance::bench_internals::report::RunReport;
use kms_conformance::bench_internals::report::time_spent::TimeSpent;
use kms_conformance::bench_internals::suite::{self, RunOptions};
use serde_json::{Value, json};

use super::results::Goal;
use super::samples::{Samples, ms};

/// The goal: at most this much more than a scenario's own exchanges.
pub(crate) const OVERHEAD_GOAL: Duration = Duration::from_millis(100);

/// A `kms-conformance stub --listen` process, stopped (by its PID) when dropped.
struct ServedStub {
    child: Child,
    endpoint: String,
}

impl ServedStub {
    fn start(binary: &Path) -> Result<Self, String> {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .map_err(|e| format!("no free port: {e}"))?;
        let child = Command::new(binary)
            .args(["stub", "--listen", &format!("127.0.0.1:{port}")])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", binary.display()))?;
        let served = Self {
            child,
            endpoint: format!("http://127.0.0.1:{port}/"),
        };
        let deadline = Instant::now() + Duration::from_secs(10);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if Instant::now() > deadline {
                return Err(format!(
                    "the stub did not listen on port {port} within 10 s"
                ));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        Ok(served)
    }
}

impl Drop for ServedStub {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What the runs at one concurrency measured.
#[derive(Debug)]
pub(crate) struct IdleRuns {
    pub concurrency: usize,
    pub walls: Samples,
    /// The largest wall time over own exchanges of any scenario, in any run,
    /// and that scenario.
    pub worst: (Duration, String),
    /// Scenarios over the goal, in the worst run.
    pub over_goal: usize,
    /// The waits of the last run, added up over scenarios.
    pub time: TimeSpent,
    pub verdicts: String,
}

impl IdleRuns {
    pub(crate) fn met(&self) -> bool {
        self.worst.0 <= OVERHEAD_GOAL
    }

    pub(crate) fn to_json(&self) -> Value {
        json!({
            "concurrency": self.concurrency,
            "suite": self.walls.to_json(),
            "worst_overhead_ms": ms(self.worst.0),
            "worst_scenario": self.worst.1,
            "scenarios_over_100_ms": self.over_goal,
            "time_added_up": self.time.to_string(),
            "verdicts": self.verdicts,
        })
    }
}

/// `runs` runs of the whole suite at each of `concurrencies`, against one
/// served stub (keys pile up in it; no scenario reads another's).
pub(crate) async fn measure(
    binary: &Path,
    concurrencies: &[usize],
    runs: usize,
) -> Result<Vec<IdleRuns>, String> {
    let served = ServedStub::start(binary)?;
    let args = TargetArgs {
        endpoint: Some(served.endpoint.clone()),
        ..TargetArgs::default()
    };
    let config = TargetConfig::resolve(&args, &|_| None).map_err(|e| e.to_string())?;
    let mut measured = Vec::new();
    for &concurrency in concurrencies {
        let mut walls = Samples::default();
        let mut worst = (Duration::ZERO, String::new());
        let mut over_goal = 0;
        let mut last = None;
        for run in 0..runs {
            let (wall, report) = run_once(&config, concurrency).await?;
            walls.push(wall);
            let overheads: Vec<(Duration, &str)> = report
                .scenarios
                .iter()
                .filter(|s| !s.exchanges.is_empty())
                .map(|s| {
                    let own = s.time.exchanges + s.time.cleanup;
                    (s.elapsed.saturating_sub(own), s.name.as_str())
                })
                .collect();
            over_goal = over_goal.max(overheads.iter().filter(|o| o.0 > OVERHEAD_GOAL).count());
            if let Some((overhead, name)) = overheads.iter().max()
                && *overhead > worst.0
            {
                worst = (*overhead, (*name).to_owned());
            }
            println!(
                "  at {concurrency}, run {}: suite {}, worst scenario +{}",
                run + 1,
                ms(wall),
                ms(overheads.iter().map(|o| o.0).max().unwrap_or_default())
            );
            last = Some(report);
        }
        let last = last.ok_or("no run")?;
        measured.push(IdleRuns {
            concurrency,
            walls,
            worst,
            over_goal,
            time: last.time(),
            verdicts: last.summary_line(),
        });
    }
    drop(served);
    Ok(measured)
}

async fn run_once(
    config: &TargetConfig,
    concurrency: usize,
) -> Result<(Duration, RunReport), String> {
    let started = Instant::now();
    let connection = endpoint::connect(config, "bench-idle")
        .await
        .map_err(|e| e.to_string())?;
    let options = RunOptions {
        concurrency: Some(concurrency),
        ..RunOptions::default()
    };
    let report = suite::run(Arc::clone(&connection.context), options).await;
    drop(connection);
    if !report.is_success() {
        return Err(format!(
            "the suite failed against the served stub: {}",
            report.summary_line()
        ));
    }
    Ok((started.elapsed(), report))
}

/// The section of `results.md`.
pub(crate) fn to_markdown(runs: &Result<Vec<IdleRuns>, String>) -> String {
    let mut text = String::from(
        "\n## A target that answers reads at once\n\n\
         The built-in stub served by `kms-conformance stub --listen`, run as an endpoint. \
         \"Over own\": a scenario's wall time beyond its own exchanges (cleanup included).\n\n",
    );
    match runs {
        Err(why) => {
            let _ = writeln!(text, "Not measured: {why}");
        }
        Ok(runs) => {
            text.push_str("| scenarios at a time | suite | worst scenario over own | scenarios over 100 ms | time added up (last run) |\n");
            text.push_str("|---|---|---|---|---|\n");
            for r in runs {
                let _ = writeln!(
                    text,
                    "| {} | {} | {} ({}) | {} | {} |",
                    r.concurrency,
                    r.walls.describe(),
                    ms(r.worst.0),
                    r.worst.1,
                    r.over_goal,
                    r.time
                );
            }
        }
    }
    text
}

/// Issue 23's: against a target that answers at once, scenarios one at
/// a time, none more than 100 ms over its own exchanges.
pub(crate) fn goal(idle: &Result<Vec<IdleRuns>, String>) -> Goal {
    let name = format!(
        "served stub: no scenario more than {} over its own exchanges",
        ms(OVERHEAD_GOAL)
    );
    match idle
        .as_ref()
        .map(|runs| runs.iter().find(|r| r.concurrency == 1))
    {
        Ok(Some(one)) => Goal {
            name,
            measured: format!(
                "worst +{} ({}), one at a time",
                ms(one.worst.0),
                one.worst.1
            ),
            met: Some(one.met()),
        },
        Ok(None) => Goal {
            name,
            measured: "not measured one at a time".to_owned(),
            met: None,
        },
        Err(why) => Goal {
            name,
            measured: format!("not measured: {why}"),
            met: None,
        },
    }
}
