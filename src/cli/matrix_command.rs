//! `kms-conformance matrix`: the suite against several targets at once, a
//! results file per target (`NAME.results.json`), and the matrix of them
//! all (`matrix.md`, `matrix.html`), in one folder.
//!
//! Every target runs at once, each on its own thread (see
//! `target_threads`; `diff` runs its two the same way), with its own run
//! id, expectations (`DIR/NAME.toml`) and credentials (see [`targets`]).
//!
//! Exit 0 once the files are written, whatever the verdicts; under
//! `--gate`, 1 when a target failed a scenario its expectations do not
//! list or passed one they do. 2 on a usage error, or when a target cannot
//! be reached or stops answering: the other targets still run and every
//! file is still written (the lost target's column says 'not run', and
//! why), so a CI job keeps its artifact and still fails.

mod targets;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use self::targets::TargetSpec;
use super::end_of_run::{settle_and_sweep, sweep};
use super::reach_flags::ReachArgs;
use super::selection_flags::SelectionArgs;
use super::stdout_lines::outln;
use super::target_threads::{Interrupt, each_on_own_thread};
use super::{EXIT_INTERRUPTED, EXIT_UNUSABLE, unusable};
use crate::endpoint::ledger::new_run_id;
use crate::endpoint::{self, Connection, TargetConfig};
use crate::expectations::Expectations;
use crate::report::RunReport;
use crate::report::results::{self, Results, RunFacts};
use crate::suite::{self, FeatureSource, RunOptions};

/// Options of `kms-conformance matrix`.
#[derive(clap::Args, Clone, Debug)]
pub(super) struct MatrixArgs {
    /// A target and its name: NAME=URL, or NAME=stub for the built-in stub.
    /// Repeatable: one column each, in this order. Its own credentials, if
    /// any, are `NAME_AWS_ACCESS_KEY_ID` and so on (NAME upper-cased, '-' and '.' as '_').
    #[arg(long = "target", value_name = "NAME=URL|stub", required = true)]
    pub targets: Vec<String>,

    /// What a target is, for readers of the matrix (its Server header often
    /// names only a web server): NAME=VERSION, e.g. moto=5.2.1. Repeatable.
    #[arg(long = "target-version", value_name = "NAME=VERSION")]
    pub versions: Vec<String>,

    /// A folder of expectations files named after the targets (DIR/moto.toml
    /// for the target moto); a target without one is expected to pass everything.
    #[arg(long, value_name = "DIR")]
    pub expectations_dir: Option<PathBuf>,

    /// Folder for the results files, matrix.md and matrix.html.
    #[arg(long, value_name = "DIR", default_value = "reports/matrix")]
    pub out: PathBuf,

    /// Exit 1 when a target failed a scenario its expectations do not list,
    /// or passed one they list as failing.
    #[arg(long)]
    pub gate: bool,

    /// Fail what would pass leniently: a success answered with {}.
    #[arg(long)]
    pub strict: bool,

    #[command(flatten)]
    pub selection: SelectionArgs,

    #[command(flatten)]
    pub reach: ReachArgs,
}

/// One target, resolved and ready to connect.
#[derive(Debug)]
struct Planned {
    spec: TargetSpec,
    config: TargetConfig,
    expectations: Arc<Expectations>,
    run_id: String,
}

/// Runs every target and writes the files; the exit code.
pub(super) fn run(args: &MatrixArgs) -> u8 {
    let planned = match plan(args) {
        Ok(planned) => planned,
        Err(error) => return unusable(&error),
    };
    run_targets(args, &planned)
}

fn plan(args: &MatrixArgs) -> Result<Vec<Planned>, String> {
    if let Some(dir) = &args.expectations_dir
        && !dir.is_dir()
    {
        return Err(format!(
            "--expectations-dir {}: not a folder",
            dir.display()
        ));
    }
    let mut planned = Vec::new();
    for spec in targets::parse(&args.targets, &args.versions)? {
        let path = args
            .expectations_dir
            .as_deref()
            .map(|dir| dir.join(format!("{}.toml", spec.name)))
            .filter(|path| path.is_file());
        let expectations = suite::load_expectations(path.as_deref(), &FeatureSource::Embedded)?;
        let env = targets::environment(&spec.name, |name| std::env::var(name).ok())?;
        let config = args
            .reach
            .resolve_in(spec.endpoint.clone(), spec.endpoint.is_none(), &env)
            .map_err(|e| format!("target {}: {e}", spec.name))?;
        planned.push(Planned {
            spec,
            config,
            expectations,
            run_id: new_run_id(),
        });
    }
    Ok(planned)
}

/// What came of one target.
enum Outcome {
    /// It could not be reached; why.
    Unreachable(String),
    /// Its suite ran to the end, and what it made was swept.
    Ran(RunReport),
    /// Ctrl-C or SIGTERM stopped its suite; what it made was swept.
    Interrupted,
}

fn run_targets(args: &MatrixArgs, planned: &[Planned]) -> u8 {
    let started = SystemTime::now();
    let ran = each_on_own_thread(
        planned,
        |planned| async move {
            let connection = endpoint::connect(&planned.config, &planned.run_id)
                .await
                .map_err(|e| e.to_string());
            let line = connection.as_ref().map(describe).map_err(Clone::clone);
            (connection, line)
        },
        |lines| {
            say_connected(planned, &lines);
            true
        },
        |planned, connection, interrupt| run_target(args, planned, connection, interrupt),
        async {
            super::shutdown_signal().await;
            eprintln!(
                "kms-conformance: interrupted; scheduling the deletion of what the runs made"
            );
        },
    );
    let outcomes = match ran {
        Ok(outcomes) => outcomes.unwrap_or_default(),
        Err(error) => return unusable(&error),
    };
    if outcomes.iter().any(|o| matches!(o, Outcome::Interrupted)) {
        return EXIT_INTERRUPTED;
    }
    let results: Vec<(Results, Option<RunReport>)> = planned
        .iter()
        .zip(outcomes)
        .map(|(planned, outcome)| {
            let facts = facts(args, planned, started);
            match outcome {
                Outcome::Ran(report) => (results::from_report(&report, &facts), Some(report)),
                Outcome::Unreachable(error) => (results::unreachable(&facts, &error), None),
                Outcome::Interrupted => unreachable!("an interrupted matrix writes nothing"),
            }
        })
        .collect();
    finish(args, results)
}

/// The notices of every target's configuration, once each, then what each
/// target is, or why it cannot be reached, in the targets' order.
fn say_connected(planned: &[Planned], lines: &[Result<String, String>]) {
    let mut notices: Vec<&String> = planned.iter().flat_map(|p| &p.config.notices).collect();
    notices.sort();
    notices.dedup();
    for notice in notices {
        eprintln!("kms-conformance: {notice}");
    }
    for (planned, line) in planned.iter().zip(lines) {
        match line {
            Ok(line) => outln!(
                "kms-conformance matrix: {} = {line} (run {})",
                planned.spec.name,
                planned.run_id
            ),
            Err(error) => eprintln!("kms-conformance: target {}: {error}", planned.spec.name),
        }
    }
}

/// One target's run on its own thread, and the sweep of what it made,
/// whether it ran to the end or was interrupted.
async fn run_target(
    args: &MatrixArgs,
    planned: &Planned,
    connection: Result<Connection, String>,
    interrupt: Interrupt,
) -> Outcome {
    let connection = match connection {
        Ok(connection) => connection,
        Err(error) => return Outcome::Unreachable(error),
    };
    let mut run = std::pin::pin!(run_one(args, planned, &connection));
    tokio::select! {
        report = &mut run => {
            sweep(&connection, connection.context.has_unsure_creations()).await;
            Outcome::Ran(report)
        }
        () = interrupt.requested() => {
            settle_and_sweep(&connection, planned.config.limits.timeout, run).await;
            Outcome::Interrupted
        }
    }
}

/// One target's suite; says so when it is done.
async fn run_one(args: &MatrixArgs, planned: &Planned, connection: &Connection) -> RunReport {
    let options = RunOptions {
        selection: args.selection.selection(),
        concurrency: args.selection.concurrency,
        strict: args.strict,
        expectations: Arc::clone(&planned.expectations),
        ..RunOptions::default()
    };
    let report = suite::run(Arc::clone(&connection.context), options).await;
    outln!(
        "{}: {} in {:.2} s",
        planned.spec.name,
        report.summary_line(),
        report.elapsed.as_secs_f64()
    );
    report
}

/// Writes every file, then picks the exit code.
fn finish(args: &MatrixArgs, runs: Vec<(Results, Option<RunReport>)>) -> u8 {
    let reports: Vec<&RunReport> = runs.iter().filter_map(|(_, r)| r.as_ref()).collect();
    if !reports.is_empty() && reports.iter().all(|r| r.scenarios.is_empty()) {
        if let Some(error) = reports.iter().find_map(|r| r.parse_errors.first()) {
            return unusable(error);
        }
        return unusable("no scenario was selected");
    }
    for (results, _) in &runs {
        let path = results_path(&args.out, &results.target.name);
        if let Err(error) = results.write(&path) {
            return unusable(&error);
        }
    }
    let runs: Vec<Results> = runs.into_iter().map(|(results, _)| results).collect();
    if let Err(error) = super::report_command::write_matrix(&runs, &args.out) {
        return unusable(&error);
    }
    // Unreachable targets were named when they were met; a target that
    // stopped answering is named now, with the scenario it stopped in.
    let mut lost = false;
    for results in &runs {
        if let Some(why) = &results.run.incomplete {
            lost = true;
            if !results.scenarios.is_empty() {
                eprintln!("kms-conformance: target {}: {why}", results.target.name);
            }
        }
    }
    if lost {
        return EXIT_UNUSABLE;
    }
    super::report_command::gate(&runs, args.gate)
}

/// Where a target's results file goes.
#[must_use]
pub(super) fn results_path(out: &Path, target: &str) -> PathBuf {
    out.join(format!("{target}.results.json"))
}

fn facts(args: &MatrixArgs, planned: &Planned, started: SystemTime) -> RunFacts {
    RunFacts {
        target_name: planned.spec.name.clone(),
        endpoint: planned.spec.endpoint.clone(),
        version: planned.spec.version.clone().or_else(|| {
            planned
                .spec
                .endpoint
                .is_none()
                .then(|| concat!("kms-conformance ", env!("CARGO_PKG_VERSION")).to_owned())
        }),
        run_id: planned.run_id.clone(),
        started,
        region: planned.config.region.clone(),
        other_region: planned.config.other_region.clone(),
        strict: args.strict,
        expectations: planned
            .expectations
            .path
            .as_ref()
            .map(|p| p.display().to_string()),
    }
}

fn describe(connection: &Connection) -> String {
    match connection.server {
        Some(_) => format!("the built-in stub at {}", connection.endpoint),
        None => connection.endpoint.clone(),
    }
}
