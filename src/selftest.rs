//! The suite proving its own power, as mutation testing does for unit tests.
//!
//! The whole suite runs against the faithful stub (every scenario must pass),
//! then once per [`Deviation`] (a stub wrong in one way). The kill matrix
//! says which scenarios caught which deviation. It has a hole when a
//! deviation goes unnoticed, or when a scenario fails under no deviation at
//! all: a scenario that passes against every wrong implementation asserts
//! nothing worth having.

use std::collections::BTreeMap;
use std::fmt::Write as _;
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
pub const EXEMPT: &[(&str, &str)] = &[];

/// How to run the matrix.
#[derive(Clone, Debug)]
pub struct Options {
    /// The wrong stubs to run the suite against, one run each. Default:
    /// every [`Deviation`] a scenario can catch (not those only a run's
    /// cleanup can, [`Detection::Cleanup`]).
    pub deviations: Vec<Deviation>,
    /// Suites in flight at once. Default: 8.
    pub parallel: usize,
    /// The settle time of each run. The stub answers reads at once, so a
    /// short wait loses nothing; it only bounds how long a failing check
    /// keeps looking. Default: 200 ms.
    pub settle: Duration,
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
                .filter(|d| d.detection() != Detection::Cleanup)
                .collect(),
            parallel: 8,
            settle: Duration::from_millis(200),
            replica_creating: Duration::from_hours(1),
        }
    }
}

/// What one deviation did to the suite.
#[derive(Clone, Debug)]
pub struct DeviationRun {
    /// The wrong stub the suite ran against.
    pub deviation: Deviation,
    /// Scenarios that failed.
    pub failed: Vec<String>,
    /// Scenarios that passed only leniently.
    pub lenient: Vec<String>,
}

impl DeviationRun {
    /// Whether the suite noticed the deviation the way it is expected to.
    #[must_use]
    pub fn is_caught(&self) -> bool {
        match self.deviation.detection() {
            Detection::Fails => !self.failed.is_empty(),
            Detection::Lenient => !self.lenient.is_empty(),
            // No scenario can; its own test shows the cleanup does.
            Detection::Cleanup => false,
        }
    }
}

/// The result of a self-test.
#[derive(Clone, Debug)]
pub struct KillMatrix {
    /// Every scenario of the suite, in file order.
    pub scenarios: Vec<String>,
    /// Scenarios that failed against the faithful stub (must be none).
    pub baseline_failures: Vec<String>,
    /// One run per deviation, in [`Deviation::ALL`] order.
    pub outcomes: Vec<DeviationRun>,
}

impl KillMatrix {
    /// Deviations the suite did not notice.
    #[must_use]
    pub fn surviving(&self) -> Vec<Deviation> {
        self.outcomes
            .iter()
            .filter(|o| !o.is_caught())
            .map(|o| o.deviation)
            .collect()
    }

    /// How many deviations each scenario caught.
    #[must_use]
    pub fn kills_per_scenario(&self) -> BTreeMap<&str, usize> {
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
    pub fn unkilled(&self) -> Vec<&str> {
        self.kills_per_scenario()
            .into_iter()
            .filter(|(name, kills)| *kills == 0 && !EXEMPT.iter().any(|(e, _)| e == name))
            .map(|(name, _)| name)
            .collect()
    }

    /// Whether the suite is sound: the faithful stub passes, every deviation
    /// is caught, every scenario catches something.
    #[must_use]
    pub fn is_sound(&self) -> bool {
        self.baseline_failures.is_empty()
            && self.surviving().is_empty()
            && self.unkilled().is_empty()
    }

    /// The matrix for a reader: each deviation with the scenarios that
    /// caught it, then each scenario with how many deviations it caught.
    #[must_use]
    pub fn render(&self) -> String {
        let mut text = String::new();
        let _ = writeln!(text, "deviation × scenarios that caught it");
        for outcome in &self.outcomes {
            let (verb, names) = match outcome.deviation.detection() {
                Detection::Fails | Detection::Cleanup => ("failed", &outcome.failed),
                Detection::Lenient => ("passed leniently", &outcome.lenient),
            };
            let mark = if outcome.is_caught() {
                "caught"
            } else {
                "MISSED"
            };
            let _ = writeln!(
                text,
                "  {mark:6} {:32} {:2} {verb}: {}",
                outcome.deviation.name(),
                names.len(),
                names.join(" | ")
            );
        }
        let _ = writeln!(text, "scenario × deviations it caught");
        for (name, kills) in self.kills_per_scenario() {
            let exempt = EXEMPT
                .iter()
                .find(|(e, _)| *e == name)
                .map(|(_, why)| format!(" (exempt: {why})"));
            let _ = writeln!(text, "  {kills:3}  {name}{}", exempt.unwrap_or_default());
        }
        for name in &self.baseline_failures {
            let _ = writeln!(text, "FAILS AGAINST THE FAITHFUL STUB: {name}");
        }
        let surviving = self.surviving();
        let unkilled = self.unkilled();
        let _ = writeln!(
            text,
            "{} of {} deviations caught; {} of {} scenarios caught at least one; {} baseline failures",
            self.outcomes.len() - surviving.len(),
            self.outcomes.len(),
            self.scenarios.len() - unkilled.len(),
            self.scenarios.len(),
            self.baseline_failures.len()
        );
        for deviation in surviving {
            let _ = writeln!(
                text,
                "hole: no scenario catches {deviation} ({})",
                deviation.describe()
            );
        }
        for name in unkilled {
            let _ = writeln!(text, "hole: no deviation makes \"{name}\" fail");
        }
        text
    }
}

/// Runs the suite against the faithful stub and against each deviation.
///
/// A suite runs on one thread (cucumber drives every scenario from one
/// task), so the deviations are shared out among one thread per core, each
/// running `parallel / cores` suites at once.
///
/// # Errors
/// When a stub cannot be started or reached.
pub fn run(options: &Options) -> Result<KillMatrix, String> {
    let stub = StubOptions {
        replica_creating: options.replica_creating,
        ..StubOptions::default()
    };
    let baseline = on_own_runtime(run_suite(stub.clone(), options.settle))?;
    let scenarios = baseline.scenarios.iter().map(|s| s.name.clone()).collect();
    let baseline_failures = names(&baseline, |v| matches!(v, Verdict::Failed { .. }));

    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let per_thread = options.parallel.div_ceil(cores).max(1);
    let queue = Arc::new(Mutex::new(options.deviations.clone()));
    let workers: Vec<_> = (0..cores)
        .map(|_| {
            let queue = Arc::clone(&queue);
            let settle = options.settle;
            let stub = stub.clone();
            std::thread::spawn(move || on_own_runtime(drain(queue, per_thread, stub, settle)))
        })
        .collect();
    let mut outcomes = Vec::new();
    for worker in workers {
        let done = worker
            .join()
            .map_err(|_| "a self-test thread panicked".to_owned())??;
        outcomes.extend(done);
    }
    outcomes.sort_by_key(|o: &DeviationRun| Deviation::ALL.iter().position(|d| *d == o.deviation));
    Ok(KillMatrix {
        scenarios,
        baseline_failures,
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

/// Takes deviations off the shared queue and runs them, `parallel` at a
/// time, each against a stub like `stub` but for the deviation.
async fn drain(
    queue: Arc<Mutex<Vec<Deviation>>>,
    parallel: usize,
    stub: StubOptions,
    settle: Duration,
) -> Result<Vec<DeviationRun>, String> {
    let next = || queue.lock().unwrap_or_else(PoisonError::into_inner).pop();
    futures::stream::iter(std::iter::from_fn(next))
        .map(|deviation| run_deviation(deviation, stub.clone(), settle))
        .buffer_unordered(parallel)
        .collect::<Vec<_>>()
        .await
        .into_iter()
        .collect()
}

async fn run_deviation(
    deviation: Deviation,
    stub: StubOptions,
    settle: Duration,
) -> Result<DeviationRun, String> {
    let stub = StubOptions {
        deviations: Deviations::from(deviation),
        ..stub
    };
    let report = run_suite(stub, settle).await?;
    Ok(DeviationRun {
        deviation,
        failed: names(&report, |v| matches!(v, Verdict::Failed { .. })),
        lenient: report
            .scenarios
            .iter()
            .filter(|s| s.verdict == Verdict::Passed && !s.lenient.is_empty())
            .map(|s| s.name.clone())
            .collect(),
    })
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
pub async fn run_suite(stub: StubOptions, settle: Duration) -> Result<RunReport, String> {
    run_suite_with(stub, settle, RunOptions::default()).await
}

/// The suite as `options` say, against a stub started with `stub`.
///
/// # Errors
/// When the stub cannot be reached.
pub async fn run_suite_with(
    stub: StubOptions,
    settle: Duration,
    options: RunOptions,
) -> Result<RunReport, String> {
    let args = TargetArgs {
        stub: Some(stub),
        settle: Some(settle.as_secs_f64()),
        auth_settle: Some(settle.as_secs_f64()),
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
