//! The default command: run the suite against a target.

use std::path::PathBuf;

use cucumber::{cli, runner};

use super::{EXIT_FAILED, EXIT_PASSED, EXIT_UNUSABLE, runtime, unusable};
use crate::report::RunReport;
use crate::report::terminal::Terminal;
use crate::snapshot::{self, Mode, PlanArgs};
use crate::suite::{self, FeatureSource, RunOptions, Selection};
use crate::target::{self, TargetArgs, TargetConfig};

/// Options of a run, added to cucumber's own (`--tags`, `--name`,
/// `--concurrency`, `--fail-fast`).
#[derive(clap::Args, Clone, Debug, Default)]
#[group(skip)]
pub struct RunArgs {
    /// KMS endpoint to test (AWS, LocalStack, moto, a proxy...). Default:
    /// $AWS_ENDPOINT_URL_KMS, then $AWS_ENDPOINT_URL, then the built-in stub.
    #[arg(long, value_name = "URL")]
    pub endpoint: Option<String>,

    /// Run against the built-in stub even when $AWS_ENDPOINT_URL is set.
    #[arg(long, conflicts_with = "endpoint")]
    pub stub: bool,

    /// Region to sign for. Default: $AWS_REGION, then $AWS_DEFAULT_REGION, then us-east-1.
    #[arg(long, value_name = "REGION")]
    pub region: Option<String>,

    /// A second region, for the cross-region scenarios. Default: us-west-2 (us-east-1 when the region is us-west-2).
    #[arg(long, value_name = "REGION")]
    pub other_region: Option<String>,

    /// Seconds allowed for one HTTP exchange. Default: 5 on the stub, 30 elsewhere.
    #[arg(long, value_name = "SECONDS")]
    pub timeout: Option<f64>,

    /// Seconds a read may take to show a write (eventual consistency).
    /// Default: 1 on the stub, 5 on emulators, 20 on AWS.
    #[arg(long, value_name = "SECONDS")]
    pub settle: Option<f64>,

    /// Read .feature files from DIR instead of the ones built into the binary.
    #[arg(long, value_name = "DIR")]
    pub features: Option<PathBuf>,

    /// Print the HTTP exchanges of every scenario, not only of failing ones.
    #[arg(long)]
    pub trace: bool,

    /// Print only failures and the summary.
    #[arg(long, short = 'q')]
    pub quiet: bool,

    /// Fail what would pass leniently: a success answered with {} instead of
    /// an empty body.
    #[arg(long)]
    pub strict: bool,

    /// What to do with the target's snapshots: check (compare, fail on a
    /// difference, write nothing), review (also write .snap.new files for
    /// `cargo insta review`), update (write them), off. Default: review
    /// against the stub (check when CI is set); against another target,
    /// only a comparison with the stub's reference, which never fails the run.
    #[arg(long, value_name = "MODE")]
    pub snapshots: Option<Mode>,

    /// The target's snapshot folder under the snapshots folder. Default: the
    /// endpoint's host and port (127.0.0.1-4566); a port that changes from
    /// run to run makes a new folder each time, so name it.
    #[arg(long, value_name = "NAME")]
    pub target_name: Option<String>,

    /// The snapshots folder. Default: snapshots/ in the source tree the
    /// binary was built from.
    #[arg(long, value_name = "DIR")]
    pub snapshot_dir: Option<PathBuf>,
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
    let target_args = TargetArgs {
        endpoint: args.endpoint.clone(),
        stub: args.stub,
        region: args.region.clone(),
        other_region: args.other_region.clone(),
        timeout: args.timeout,
        settle: args.settle,
    };
    let config = match TargetConfig::resolve(&target_args, &|name| std::env::var(name).ok()) {
        Ok(config) => config,
        Err(error) => return unusable(&error),
    };
    let plan_args = PlanArgs {
        mode: args.snapshots,
        target_name: args.target_name.clone(),
        dir: args.snapshot_dir.clone(),
        custom_features: args.features.is_some(),
    };
    let env = |name: &str| std::env::var(name).ok();
    let plan = match snapshot::plan::resolve(&plan_args, &config.target, &env) {
        Ok(plan) => plan,
        Err(error) => return unusable(&error),
    };
    for notice in config.notices.iter().chain(&plan.notices) {
        eprintln!("kms-conformance: {notice}");
    }
    let run_id = run_id();
    let connection = match target::connect(&config, &run_id).await {
        Ok(connection) => connection,
        Err(error) => return unusable(&error.to_string()),
    };
    println!(
        "kms-conformance: {} at {} (region {}, other region {}), run {run_id}",
        config.target.describe(),
        connection.endpoint,
        config.region,
        config.other_region
    );
    let options = RunOptions {
        selection: Selection {
            tags: opts.tags_filter.clone(),
            name: opts.re_filter.clone(),
        },
        concurrency: opts.runner.concurrency,
        fail_fast: opts.runner.fail_fast,
        strict: args.strict,
        features: args
            .features
            .clone()
            .map_or(FeatureSource::Embedded, FeatureSource::Dir),
        terminal: Some(Terminal::stdout(args.trace).quiet(args.quiet)),
    };
    let mut report = suite::run(std::sync::Arc::clone(&connection.context), options).await;
    drop(connection);
    // A run the target broke off says nothing its snapshots could keep.
    if report.target_down.is_none() && report.parse_errors.is_empty() {
        let snapshots = snapshot::apply(&plan, &report);
        print!("{}", snapshot::render::render(&snapshots));
        snapshot::fail_scenarios(&mut report, &snapshots);
    }
    finish(&report, &config.target.describe())
}

/// Prints the closing lines and picks the exit code.
fn finish(report: &RunReport, target: &str) -> u8 {
    for error in &report.parse_errors {
        eprintln!("kms-conformance: {error}");
    }
    println!(
        "{} scenarios in {:.2} s against {target}",
        report.scenarios.len(),
        report.elapsed.as_secs_f64()
    );
    println!("{}", report.summary_line());
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

/// A run id: sortable by time, unique enough to find a run's keys.
pub(super) fn run_id() -> String {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs();
    let nonce = uuid::Uuid::new_v4().simple().to_string();
    format!("{seconds}-{}", &nonce[..8])
}
