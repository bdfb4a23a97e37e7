//! `kms-conformance diff`: the scenarios against two targets at once, and
//! where their normalised exchanges differ.
//!
//! Typical pairs: a proxy and the emulator behind it; LocalStack and moto;
//! the built-in stub and anything. Exit 0 when every scenario run on both
//! sides agrees, 1 when one differs, 2 when a side cannot be reached.

use std::sync::Arc;

use clap::Args as _;

use super::reach_flags::ReachArgs;
use super::selection_flags::SelectionArgs;
use super::stdout_lines::{out, outln};
use super::{EXIT_FAILED, EXIT_PASSED, runtime, unusable};
use crate::endpoint::ledger::new_run_id;
use crate::endpoint::{self, Connection, TargetConfig};
use crate::report::RunReport;
use crate::snapshot::differential;
use crate::suite::{self, RunOptions};

/// Options of `kms-conformance diff`.
#[derive(clap::Args, Clone, Debug)]
pub(super) struct DiffArgs {
    /// Side A: an endpoint URL, or `stub` for the built-in stub.
    #[arg(long = "a", value_name = "URL|stub")]
    pub a: String,

    /// Side B: an endpoint URL, or `stub` for the built-in stub.
    #[arg(long = "b", value_name = "URL|stub")]
    pub b: String,

    #[command(flatten)]
    pub selection: SelectionArgs,

    #[command(flatten)]
    pub reach: ReachArgs,
}

/// `diff`'s command, its shared flags worded for its two sides.
pub(super) fn command() -> clap::Command {
    DiffArgs::augment_args(clap::Command::new("diff")).mut_arg("concurrency", |arg| {
        arg.help("Scenarios in flight at once on each side")
    })
}

/// Runs both sides and prints where they differ; the exit code.
pub(super) fn run(args: &DiffArgs) -> u8 {
    let mut configs = Vec::new();
    for side in [&args.a, &args.b] {
        match args
            .reach
            .resolve((side != "stub").then(|| side.clone()), side == "stub")
        {
            Ok(config) => configs.push(config),
            Err(error) => return unusable(&error),
        }
    }
    match runtime() {
        Ok(runtime) => runtime.block_on(run_async(args, &configs[0], &configs[1])),
        Err(error) => unusable(&error),
    }
}

async fn run_async(args: &DiffArgs, a: &TargetConfig, b: &TargetConfig) -> u8 {
    // Each side its own run id: the keys of each run say whose they are.
    let (run_a, run_b) = (new_run_id(), new_run_id());
    let (connected_a, connected_b) =
        futures::join!(endpoint::connect(a, &run_a), endpoint::connect(b, &run_b));
    let (connection_a, connection_b) = match (connected_a, connected_b) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(error), _) | (_, Err(error)) => return unusable(&error),
    };
    // Only once both answer: a diff that cannot start says one thing, why.
    let mut notices: Vec<&String> = a.notices.iter().chain(&b.notices).collect();
    notices.dedup();
    for notice in notices {
        eprintln!("kms-conformance: {notice}");
    }
    outln!(
        "kms-conformance diff: A = {} (run {run_a}), B = {} (run {run_b}); region {}, other region {}",
        describe(a, &connection_a),
        describe(b, &connection_b),
        a.region,
        a.other_region
    );
    let options = || RunOptions {
        selection: args.selection.selection(),
        concurrency: args.selection.concurrency,
        ..RunOptions::default()
    };
    // Both suites share this thread's runtime: cucumber drives each from
    // one future, so they interleave at every exchange.
    let (report_a, report_b) = futures::join!(
        suite::run(Arc::clone(&connection_a.context), options()),
        suite::run(Arc::clone(&connection_b.context), options())
    );
    drop((connection_a, connection_b));
    for (side, report) in [("A", &report_a), ("B", &report_b)] {
        if let Some(reason) = unjudgeable(report) {
            return unusable(format!("side {side}: {reason}"));
        }
    }
    let pairings = differential::pair(&report_a, &report_b);
    outln!("A: {}", report_a.summary_line());
    outln!("B: {}", report_b.summary_line());
    out!("{}", differential::render(&pairings));
    if differential::all_agree(&pairings) {
        EXIT_PASSED
    } else {
        EXIT_FAILED
    }
}

fn describe(config: &TargetConfig, connection: &Connection) -> String {
    match config.target {
        endpoint::Target::Stub(_) => format!("the built-in stub at {}", connection.endpoint),
        endpoint::Target::Endpoint(_) => connection.endpoint.clone(),
    }
}

/// Why a run says nothing comparable, if it does not.
fn unjudgeable(report: &RunReport) -> Option<String> {
    if let Some((scenario, error)) = &report.target_down {
        return Some(format!(
            "the target stopped answering during \"{scenario}\": {error}"
        ));
    }
    if let Some(error) = report.parse_errors.first() {
        return Some(error.clone());
    }
    report
        .scenarios
        .is_empty()
        .then(|| "no scenario was selected".to_owned())
}
