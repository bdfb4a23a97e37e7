//! The suite proving its own power, as mutation testing does for unit tests.
//!
//! The whole suite runs against the faithful stub (every scenario must pass),
//! then once per [`Deviation`] (a stub wrong in one way). The kill matrix
//! says which scenarios caught which deviation. It has a hole when a
//! deviation goes unnoticed, or when a scenario fails under no deviation at
//! all: a scenario that passes against every wrong implementation asserts
//! nothing worth having.
//!
//! Every run is made twice: against a stub that answers reads at once, and
//! against one whose reads lag writes (300 ms by default), as AWS's do. A
//! check that only passes because a read was stale (a "nothing changed"
//! that read the state from before the change) lets a deviation through in
//! the second run, so a sound matrix also proves that no verdict depends on
//! reads being up to date (contract row 152).

mod kill_matrix_text;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use futures::StreamExt as _;

use crate::endpoint::{self, TargetArgs, TargetConfig};
use crate::report::{RunReport, Verdict};
use crate::stub::StubOptions;
use crate::stub::deviations::{Detection, Deviation, Deviations};
use crate::suite::{self, RunOptions};

/// Scenarios no deviation is expected to make fail, with the reason.
/// Empty: every scenario is shown to fail against some wrong stub.
pub(crate) const EXEMPT: &[(&str, &str)] = &[];

/// How much longer than its reads lag a run lets a read take to show a
/// write: enough for a correct stub to pass with room to spare, short enough
/// that a check that fails does not wait long.
const SETTLE_MARGIN: Duration = Duration::from_millis(200);

/// How long one exchange with a stub may take.
const STUB_TIMEOUT: Duration = Duration::from_mins(1);

/// How to run the matrix.
#[derive(Clone, Debug)]
pub(crate) struct Options {
    /// The wrong stubs to run the suite against, one run each (per lag).
    /// Default: every [`Deviation`] a scenario can catch (not those only a
    /// run's cleanup can, [`Detection::Cleanup`], nor those only runs with a
    /// brought role can, [`Detection::BroughtRole`]).
    pub deviations: Vec<Deviation>,
    /// Suites in flight at once. Default: 8.
    pub parallel: usize,
    /// How far the stub's reads lag its writes, one run of everything per
    /// entry. Default: none (reads answer at once) and 300 ms.
    pub lags: Vec<Duration>,
    /// How long the stubs keep a new replica `Creating`. Default: an hour,
    /// longer than any run, so that every scenario shows it passes while a
    /// replica is still `Creating`, as it may be on AWS, and a stub that
    /// refuses to tag a `Creating` key is caught by the scenarios that
    /// reach the state through `ReplicateKey` (the suite's own runs keep
    /// the stub's default, `Enabled` at once).
    pub replica_creating: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            deviations: Deviation::ALL
                .iter()
                .copied()
                .filter(|d| matches!(d.detection(), Detection::Fails | Detection::Lenient))
                .collect(),
            parallel: 8,
            lags: vec![Duration::ZERO, Duration::from_millis(300)],
            replica_creating: Duration::from_hours(1),
        }
    }
}

/// The settle time of a run whose reads lag by `lag`: the lag and a margin.
/// A correct stub shows every write within it; a check that fails keeps
/// looking no longer than that.
#[must_use]
pub(crate) fn settle_for(lag: Duration) -> Duration {
    lag + SETTLE_MARGIN
}

/// What one deviation did to the suite, with reads lagging by `lag`.
#[derive(Clone, Debug)]
pub(crate) struct DeviationRun {
    /// The wrong stub the suite ran against.
    pub deviation: Deviation,
    /// How far its reads lagged its writes.
    pub lag: Duration,
    /// Scenarios that failed.
    pub failed: Vec<String>,
    /// Scenarios that passed only leniently.
    pub lenient: Vec<String>,
}

impl DeviationRun {
    /// Whether the suite noticed the deviation the way it is expected to.
    #[must_use]
    pub(crate) fn is_caught(&self) -> bool {
        match self.deviation.detection() {
            Detection::Fails => !self.failed.is_empty(),
            Detection::Lenient => !self.lenient.is_empty(),
            // No scenario of the matrix's runs can; a test of its own
            // shows the cleanup, or the brought-role runs, do.
            Detection::Cleanup | Detection::BroughtRole => false,
        }
    }
}

/// The faithful stub's run, with reads lagging by `lag`.
#[derive(Clone, Debug)]
pub(crate) struct Baseline {
    /// How far its reads lagged its writes.
    pub lag: Duration,
    /// Scenarios that failed against it (must be none).
    pub failed: Vec<String>,
}

/// The result of a self-test.
#[derive(Clone, Debug)]
pub(crate) struct KillMatrix {
    /// Every scenario of the suite, in file order.
    pub scenarios: Vec<String>,
    /// The faithful stub, once per lag.
    pub baselines: Vec<Baseline>,
    /// One run per deviation and lag, in [`Deviation::ALL`] order, then by lag.
    pub outcomes: Vec<DeviationRun>,
}

impl KillMatrix {
    /// Scenarios that failed against the faithful stub, with the lag.
    #[must_use]
    pub(crate) fn baseline_failures(&self) -> Vec<(Duration, &str)> {
        self.baselines
            .iter()
            .flat_map(|b| b.failed.iter().map(|name| (b.lag, name.as_str())))
            .collect()
    }

    /// Deviations the suite did not notice, with the lag they ran at.
    #[must_use]
    pub(crate) fn surviving(&self) -> Vec<(Deviation, Duration)> {
        self.outcomes
            .iter()
            .filter(|o| !o.is_caught())
            .map(|o| (o.deviation, o.lag))
            .collect()
    }

    /// How many runs each scenario failed in (deviations times lags).
    #[must_use]
    pub(crate) fn kills_per_scenario(&self) -> BTreeMap<&str, usize> {
        let mut kills: BTreeMap<&str, usize> =
            self.scenarios.iter().map(|s| (s.as_str(), 0)).collect();
        for outcome in &self.outcomes {
            for name in &outcome.failed {
                if let Some(count) = kills.get_mut(name.as_str()) {
                    *count += 1;
                }
            }
        }
        kills
    }

    /// Scenarios that failed under no deviation, except the exempt ones.
    #[must_use]
    pub(crate) fn unkilled(&self) -> Vec<&str> {
        self.kills_per_scenario()
            .into_iter()
            .filter(|(name, kills)| *kills == 0 && !EXEMPT.iter().any(|(e, _)| e == name))
            .map(|(name, _)| name)
            .collect()
    }

    /// Whether the suite is sound: the faithful stub passes at every lag,
    /// every deviation is caught at every lag, every scenario catches something.
    #[must_use]
    pub(crate) fn is_sound(&self) -> bool {
        self.baseline_failures().is_empty()
            && self.surviving().is_empty()
            && self.unkilled().is_empty()
    }

    /// The matrix for a reader: each deviation with the scenarios that
    /// caught it, then each scenario with how many runs it caught.
    #[must_use]
    pub(crate) fn render(&self) -> String {
        kill_matrix_text::render(self)
    }
}

/// One suite run of the matrix: a stub (faithful, or wrong in one way)
/// whose reads lag by `lag`.
#[derive(Clone, Copy, Debug)]
struct Job {
    deviation: Option<Deviation>,
    lag: Duration,
    replica_creating: Duration,
}

impl Job {
    /// `the faithful stub, alone`, `untag-removes-nothing, lag 300 ms`.
    fn describe(self) -> String {
        let stub = self
            .deviation
            .map_or_else(|| "the faithful stub".to_owned(), |d| d.name().to_owned());
        format!("{stub}, {}", kill_matrix_text::condition(self.lag))
    }
}

/// What a job found.
enum Done {
    Baseline(Baseline, Vec<String>),
    Deviation(DeviationRun),
}

/// Runs the suite against the faithful stub and against each deviation,
/// once per lag.
///
/// A suite runs on one thread (cucumber drives every scenario from one
/// task), so the runs are shared out among one thread per core, each
/// running `parallel / cores` suites at once.
///
/// # Errors
/// When a stub cannot be started or reached.
pub(crate) fn run(options: &Options) -> Result<KillMatrix, String> {
    // The slowest runs (the longest lags) are taken off the queue first.
    let mut jobs: Vec<Job> = Vec::new();
    for lag in &options.lags {
        jobs.push(Job {
            deviation: None,
            lag: *lag,
            replica_creating: options.replica_creating,
        });
        jobs.extend(options.deviations.iter().map(|d| Job {
            deviation: Some(*d),
            lag: *lag,
            replica_creating: options.replica_creating,
        }));
    }
    jobs.sort_by_key(|job| job.lag);
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let per_thread = options.parallel.div_ceil(cores).max(1);
    let queue = Arc::new(Mutex::new(jobs));
    let workers: Vec<_> = (0..cores)
        .map(|_| {
            let queue = Arc::clone(&queue);
            std::thread::spawn(move || on_own_runtime(drain(queue, per_thread)))
        })
        .collect();
    let mut scenarios = Vec::new();
    let mut baselines = Vec::new();
    let mut outcomes = Vec::new();
    for worker in workers {
        let done = worker
            .join()
            .map_err(|_| "a self-test thread panicked".to_owned())??;
        for run in done {
            match run {
                Done::Baseline(baseline, names) => {
                    if scenarios.is_empty() {
                        scenarios = names;
                    }
                    baselines.push(baseline);
                }
                Done::Deviation(outcome) => outcomes.push(outcome),
            }
        }
    }
    baselines.sort_by_key(|b| b.lag);
    outcomes.sort_by_key(|o: &DeviationRun| {
        (Deviation::ALL.iter().position(|d| *d == o.deviation), o.lag)
    });
    Ok(KillMatrix {
        scenarios,
        baselines,
        outcomes,
    })
}

fn on_own_runtime<T>(work: impl Future<Output = Result<T, String>>) -> Result<T, String> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start a runtime: {e}"))?
        .block_on(work)
}

/// Takes jobs off the shared queue and runs them, `parallel` at a time.
async fn drain(queue: Arc<Mutex<Vec<Job>>>, parallel: usize) -> Result<Vec<Done>, String> {
    let next = || queue.lock().unwrap_or_else(PoisonError::into_inner).pop();
    futures::stream::iter(std::iter::from_fn(next))
        .map(run_job)
        .buffer_unordered(parallel)
        .collect::<Vec<_>>()
        .await
        .into_iter()
        .collect()
}

async fn run_job(job: Job) -> Result<Done, String> {
    let stub = StubOptions {
        deviations: job.deviation.map(Deviations::from).unwrap_or_default(),
        read_lag: job.lag,
        replica_creating: job.replica_creating,
        ..StubOptions::default()
    };
    let report = run_suite(stub, settle_for(job.lag)).await?;
    // A run cut short proves nothing either way: not a catch, not a miss.
    if let Some((scenario, error)) = &report.target_down {
        return Err(format!(
            "the stub ({}) stopped answering during \"{scenario}\": {error}",
            job.describe()
        ));
    }
    let failed = names(&report, |v| matches!(v, Verdict::Failed { .. }));
    let Some(deviation) = job.deviation else {
        let scenarios = report.scenarios.iter().map(|s| s.name.clone()).collect();
        return Ok(Done::Baseline(
            Baseline {
                lag: job.lag,
                failed,
            },
            scenarios,
        ));
    };
    Ok(Done::Deviation(DeviationRun {
        deviation,
        lag: job.lag,
        failed,
        lenient: report
            .scenarios
            .iter()
            .filter(|s| s.verdict == Verdict::Passed && !s.lenient.is_empty())
            .map(|s| s.name.clone())
            .collect(),
    }))
}

fn names(report: &RunReport, pick: impl Fn(&Verdict) -> bool) -> Vec<String> {
    report
        .scenarios
        .iter()
        .filter(|s| pick(&s.verdict))
        .map(|s| s.name.clone())
        .collect()
}

/// The whole suite, silently, against a stub started with `stub`.
///
/// # Errors
/// When the stub cannot be reached.
pub(crate) async fn run_suite(stub: StubOptions, settle: Duration) -> Result<RunReport, String> {
    run_suite_with(stub, settle, RunOptions::default()).await
}

/// The suite as `options` say, against a stub started with `stub`.
///
/// # Errors
/// When the stub cannot be reached.
pub(crate) async fn run_suite_with(
    stub: StubOptions,
    settle: Duration,
    options: RunOptions,
) -> Result<RunReport, String> {
    let args = TargetArgs {
        stub: Some(stub),
        settle: Some(settle.as_secs_f64()),
        auth_settle: Some(settle.as_secs_f64()),
        // The stub answers in milliseconds; a busy machine running many
        // suites at once must not turn a slow answer into a lost run.
        timeout: Some(STUB_TIMEOUT.as_secs_f64()),
        ..TargetArgs::default()
    };
    let config = TargetConfig::resolve(&args, &|_| None).map_err(|e| e.to_string())?;
    let connection = endpoint::connect(&config, "selftest")
        .await
        .map_err(|e| e.to_string())?;
    let report = suite::run(Arc::clone(&connection.context), options).await;
    drop(connection);
    Ok(report)
}

#[cfg(test)]
mod tests;
