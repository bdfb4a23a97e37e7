//! The default command: run the suite against a target.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use cucumber::{cli, runner};

use super::end_of_run::{interrupted, sweep};
use super::output_flags::{OutputArgs, ReportFileArgs};
use super::reach_flags::ReachArgs;
use super::rehearsal_flags::RehearsalArgs;
use super::stdout_lines::{out, outln};
use super::{EXIT_FAILED, EXIT_PASSED, EXIT_UNUSABLE, runtime, unusable};
use crate::endpoint;
use crate::expectations::Expectations;
use crate::report::results::{self, RunFacts};
use crate::report::terminal::Terminal;
use crate::report::{Outcome, RunReport, junit};
use crate::snapshot::plan::name_from_endpoint;
use crate::snapshot::{self, Mode, PlanArgs};
use crate::stub::StubOptions;
use crate::suite::estimate::Estimate;
use crate::suite::{self, FeatureSource, RunOptions, Selection};
use crate::wire::Operation;

/// Options of a run, added to cucumber's own (`--tags`, `--name`,
/// `--concurrency`, `--fail-fast`).
#[derive(clap::Args, Clone, Debug, Default)]
#[group(skip)]
pub(super) struct RunArgs {
    /// KMS endpoint to test (AWS, LocalStack, moto, a proxy...). Default:
    /// `$AWS_ENDPOINT_URL_KMS`, then `$AWS_ENDPOINT_URL`, then the built-in stub.
    #[arg(long, value_name = "URL")]
    pub endpoint: Option<String>,

    /// Run against the built-in stub even when `$AWS_ENDPOINT_URL` is set.
    #[arg(long, conflicts_with = "endpoint")]
    pub stub: bool,

    /// Read .feature files from DIR instead of the ones built into the binary.
    #[arg(long, value_name = "DIR")]
    pub features: Option<PathBuf>,

    #[command(flatten)]
    pub output: OutputArgs,

    /// The implementation's known failures (e.g. expectations/moto.toml): an
    /// expected failure does not fail the run, an unexpected pass does.
    #[arg(long, value_name = "PATH")]
    pub expectations: Option<PathBuf>,

    #[command(flatten)]
    pub reports: ReportFileArgs,

    /// What to do with the target's snapshots: check (compare, fail on a
    /// difference, write nothing), review (also write .snap.new files for
    /// `cargo insta review`), update (write them), off. Default: review
    /// against the stub (check when CI is set); against another target,
    /// only a comparison with the stub's reference, which never fails the run.
    #[arg(long, value_name = "MODE")]
    pub snapshots: Option<Mode>,

    /// The snapshots folder. Default: snapshots/ in the working directory.
    #[arg(long, value_name = "DIR")]
    pub snapshot_dir: Option<PathBuf>,

    #[command(flatten)]
    pub reach: ReachArgs,

    #[command(flatten)]
    pub rehearsal: RehearsalArgs,
}

/// Cucumber's options (`--tags`, `--name`, `--concurrency`, `--fail-fast`) and ours.
pub(super) type RunCli = cli::Opts<cli::Empty, runner::basic::Cli, cli::Empty, RunArgs>;

/// Runs the suite as `opts` say; the exit code.
pub(super) fn run(opts: RunCli) -> u8 {
    match runtime() {
        Ok(runtime) => runtime.block_on(run_async(opts)),
        Err(error) => unusable(&error),
    }
}

async fn run_async(opts: RunCli) -> u8 {
    if opts.runner.retry.is_some()
        || opts.runner.retry_after.is_some()
        || opts.runner.retry_tag_filter.is_some()
    {
        return unusable(
            "retries are not supported: a verdict must not depend on a second try; \
             --settle gives eventual consistency its time",
        );
    }
    let args = &opts.custom;
    let features = args
        .features
        .clone()
        .map_or(FeatureSource::Embedded, FeatureSource::Dir);
    let expectations = match suite::load_expectations(args.expectations.as_deref(), &features) {
        Ok(expectations) => expectations,
        Err(error) => return unusable(&error),
    };
    let config = match resolve(args) {
        Ok(config) => config,
        Err(error) => return unusable(&error),
    };
    let plan_args = PlanArgs {
        mode: args.snapshots,
        target_name: args.reports.target_name.clone(),
        dir: args.snapshot_dir.clone(),
        custom_features: args.features.is_some(),
    };
    let env = |name: &str| std::env::var(name).ok();
    let plan = match snapshot::plan::resolve(&plan_args, &config.target, &env) {
        Ok(plan) => plan,
        Err(error) => return unusable(&error),
    };
    let run_id = endpoint::ledger::new_run_id();
    let started = SystemTime::now();
    let connection = match endpoint::connect(&config, &run_id).await {
        Ok(connection) => connection,
        Err(error) => return unusable(&error),
    };
    // Only once the target answers: a run that cannot start says one thing, why.
    for notice in config.notices.iter().chain(&plan.notices) {
        eprintln!("kms-conformance: {notice}");
    }
    outln!(
        "kms-conformance: {} at {} (region {}, other region {}), run {run_id}",
        config.target.describe(),
        connection.endpoint,
        config.region,
        config.other_region
    );
    let selection = Selection {
        tags: opts.tags_filter.clone(),
        name: opts.re_filter.clone(),
    };
    if let Some(quotas) = &config.pacing {
        announce(&connection, &features, &selection, quotas);
    }
    let options = RunOptions {
        selection,
        concurrency: opts.runner.concurrency,
        fail_fast: opts.runner.fail_fast,
        strict: args.output.strict,
        features,
        expectations: Arc::clone(&expectations),
        terminal: Some(Terminal::stdout(args.output.trace).quiet(args.output.quiet)),
        cucumber_json: args.reports.json.is_some(),
    };
    let run = suite::run(Arc::clone(&connection.context), options);
    tokio::pin!(run);
    let mut report = tokio::select! {
        report = &mut run => report,
        () = super::shutdown_signal() => {
            return interrupted(&connection, config.limits.timeout, run).await;
        }
    };
    let unsure = connection.context.has_unsure_creations();
    sweep(&connection, unsure).await;
    drop(connection);
    // A run the target broke off says nothing its snapshots could keep.
    if report.target_down.is_none() && report.parse_errors.is_empty() {
        let snapshots = snapshot::apply(&plan, &report);
        out!("{}", snapshot::render::render(&snapshots));
        snapshot::fail_scenarios(&mut report, &snapshots);
    }
    let target = config.target.describe();
    if let Err(error) = write_reports(&report, args, &target) {
        return unusable(&error);
    }
    if let Some(path) = &args.reports.results {
        let facts = results_facts(args, &config, &expectations, run_id, started);
        if let Err(error) = results::from_report(&report, &facts).write(path) {
            return unusable(&error);
        }
    }
    finish(&report, &target, &expectations, &[])
}

/// Before a paced run (AWS, a throttling stub): how many keys it will
/// create and the least time the quotas allow for its writes, so nobody is
/// surprised by either.
fn announce(
    connection: &endpoint::Connection,
    features: &FeatureSource,
    selection: &Selection,
    quotas: &crate::wire::Quotas,
) {
    let context = &connection.context;
    let cleans_up = !context.target_is_own_stub;
    // A feature that does not parse is the run's to report.
    if let Ok(estimate) = Estimate::of(features, selection, &context.capabilities, cleans_up) {
        {
            let account = connection
                .account
                .as_deref()
                .map(|a| format!(" in account {a}"))
                .unwrap_or_default();
            let fate = if context.target_is_own_stub {
                "which the stub forgets when the run ends"
            } else {
                "each scheduled for deletion when its scenario ends"
            };
            let barriers: Vec<String> = [
                Operation::TagResource,
                Operation::CancelKeyDeletion,
                Operation::ScheduleKeyDeletion,
            ]
            .into_iter()
            .map(|operation| (operation, estimate.barrier_count(operation)))
            .filter(|(_, count)| *count > 0)
            .map(|(operation, count)| format!("{count} {operation}"))
            .collect();
            let barriers = if barriers.is_empty() {
                String::new()
            } else {
                format!(
                    ", and their read-your-writes barriers {}",
                    barriers.join(", ")
                )
            };
            outln!(
                "kms-conformance: {} scenarios will create {} keys{account}, {fate}; they write \
                 {} requests{barriers}; the request quotas and the pace of writes to one key \
                 allow the run in no less than {}",
                estimate.scenarios,
                estimate.keys,
                estimate.writes.values().sum::<usize>(),
                estimate.least_time(quotas)
            );
        }
    }
}

/// The target: `--throttle`, `--transient-faults`, `--iam-lag-ms` and `--aws-like` mean the
/// built-in stub.
fn resolve(args: &RunArgs) -> Result<endpoint::TargetConfig, String> {
    let rehearsal = args.rehearsal.stub_options()?;
    if rehearsal.is_some() && args.endpoint.is_some() {
        return Err(
            "--throttle, --transient-faults, --iam-lag-ms and --aws-like make the built-in stub \
             behave like AWS; an endpoint behaves as it does (`kms-conformance stub --throttle` serves such a \
             stub for it)"
                .to_owned(),
        );
    }
    let stub = rehearsal.or_else(|| args.stub.then(StubOptions::default));
    args.reach
        .resolve_stub_as(args.endpoint.clone(), stub)
        .map_err(|e| e.to_string())
}

/// `--junit` and `--json`.
fn write_reports(report: &RunReport, args: &RunArgs, target: &str) -> Result<(), String> {
    if let Some(path) = &args.reports.junit {
        write_report(path, "JUnit", junit::render(report, target).as_bytes())?;
    }
    if let (Some(path), Some(json)) = (&args.reports.json, &report.cucumber_json) {
        write_report(path, "Cucumber JSON", json)?;
    }
    Ok(())
}

/// Writes the `what` report to `path`, making its folder if need be.
pub(super) fn write_report(path: &Path, what: &str, bytes: &[u8]) -> Result<(), String> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("cannot write the {what} report to {}: {e}", path.display()))?;
    }
    std::fs::write(path, bytes)
        .map_err(|e| format!("cannot write the {what} report to {}: {e}", path.display()))
}

/// What a results file says about the run beyond its report.
fn results_facts(
    args: &RunArgs,
    config: &endpoint::TargetConfig,
    expectations: &Expectations,
    run_id: String,
    started: SystemTime,
) -> RunFacts {
    let endpoint = match &config.target {
        endpoint::Target::Stub(_) => None,
        endpoint::Target::Endpoint(url) => Some(url.clone()),
    };
    RunFacts {
        target_name: args.reports.target_name.clone().unwrap_or_else(|| {
            endpoint
                .as_deref()
                .map_or_else(|| "stub".to_owned(), name_from_endpoint)
        }),
        version: args.reports.target_version.clone().or_else(|| {
            endpoint
                .is_none()
                .then(|| concat!("kms-conformance ", env!("CARGO_PKG_VERSION")).to_owned())
        }),
        endpoint,
        run_id,
        started,
        region: config.region.clone(),
        other_region: config.other_region.clone(),
        strict: args.output.strict,
        expectations: expectations.path.as_ref().map(|p| p.display().to_string()),
    }
}

/// Prints the closing lines (`before_summary` just before the summary
/// line) and picks the exit code.
pub(super) fn finish(
    report: &RunReport,
    target: &str,
    expectations: &Expectations,
    before_summary: &[String],
) -> u8 {
    for error in &report.parse_errors {
        eprintln!("kms-conformance: {error}");
    }
    let unexpected: Vec<&str> = report
        .scenarios
        .iter()
        .filter(|s| s.outcome() == Outcome::UnexpectedPass)
        .map(|s| s.name.as_str())
        .collect();
    if !unexpected.is_empty() {
        outln!(
            "unexpected pass: remove from {} what now passes: {}",
            expectations.source(),
            unexpected.join("; ")
        );
    }
    outln!(
        "{} scenarios in {:.2} s against {target}",
        report.scenarios.len(),
        report.elapsed.as_secs_f64()
    );
    for line in report.time_lines() {
        outln!("{line}");
    }
    for line in before_summary {
        outln!("{line}");
    }
    outln!("{}", report.summary_line());
    if let Some((scenario, error)) = &report.target_down {
        eprintln!("kms-conformance: the target stopped answering during \"{scenario}\": {error}");
        return EXIT_UNUSABLE;
    }
    if !report.parse_errors.is_empty() || report.scenarios.is_empty() {
        if report.scenarios.is_empty() {
            eprintln!("kms-conformance: no scenario was selected");
        }
        return EXIT_UNUSABLE;
    }
    if report.is_success() {
        EXIT_PASSED
    } else {
        EXIT_FAILED
    }
}
