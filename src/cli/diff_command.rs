//! `kms-conformance diff`: the scenarios against two targets at once, and
//! where their normalised exchanges differ.
//!
//! Typical pairs: a proxy and the emulator behind it; LocalStack and moto;
//! the built-in stub and anything. Each side runs on its own thread (see
//! `target_threads`). Exit 0 when every scenario run on both sides agrees,
//! 1 when one differs, 2 when a side cannot be reached, 130 when
//! interrupted (after the sweep of what each side made).

use std::sync::Arc;
use std::time::Duration;

use clap::Args as _;

use super::end_of_run::settle_and_sweep;
use super::reach_flags::ReachArgs;
use super::selection_flags::SelectionArgs;
use super::stdout_lines::{out, outln};
use super::target_threads::{Interrupt, each_on_own_thread};
use super::{EXIT_FAILED, EXIT_INTERRUPTED, EXIT_PASSED, EXIT_UNUSABLE, unusable};
use crate::endpoint::ledger::new_run_id;
use crate::endpoint::{self, ConnectError, Connection, TargetConfig};
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

/// One side: what to reach, and its run id (the keys of each run say
/// whose they are).
struct Side {
    config: TargetConfig,
    run_id: String,
}

/// Runs both sides and prints where they differ; the exit code.
pub(super) fn run(args: &DiffArgs) -> u8 {
    let mut sides = Vec::new();
    for side in [&args.a, &args.b] {
        match args
            .reach
            .resolve((side != "stub").then(|| side.clone()), side == "stub")
        {
            Ok(config) => sides.push(Side {
                config,
                run_id: new_run_id(),
            }),
            Err(error) => return unusable(&error),
        }
    }
    let options = || RunOptions {
        selection: args.selection.selection(),
        concurrency: args.selection.concurrency,
        ..RunOptions::default()
    };
    // Each side on its own thread: on one, a side's scenarios busy with
    // answers hold back the other's until its client gives up on them.
    let ran = each_on_own_thread(
        &sides,
        |side| async move {
            let connection = endpoint::connect(&side.config, &side.run_id).await;
            let line = match &connection {
                Ok(connection) => Ok(describe(&side.config, connection)),
                Err(error) => Err(error.to_string()),
            };
            (connection, line)
        },
        |lines| say_connected(&sides, lines),
        |side, connection, interrupt| {
            run_side(connection, options(), side.config.limits.timeout, interrupt)
        },
        async {
            super::shutdown_signal().await;
            eprintln!(
                "kms-conformance: interrupted; scheduling the deletion of what the runs made"
            );
        },
    );
    let reports = match ran {
        Ok(Some(reports)) => reports,
        Ok(None) => return EXIT_UNUSABLE,
        Err(error) => return unusable(&error),
    };
    let mut reports = reports.into_iter();
    let (Some(Some(report_a)), Some(Some(report_b))) = (reports.next(), reports.next()) else {
        return EXIT_INTERRUPTED;
    };
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

/// Once both sides answer, the notices and the line naming them; a diff
/// that cannot start says one thing, why, and does not go on.
fn say_connected(sides: &[Side], lines: Vec<Result<String, String>>) -> bool {
    let described = match lines.into_iter().collect::<Result<Vec<_>, _>>() {
        Ok(described) => described,
        Err(error) => {
            unusable(&error);
            return false;
        }
    };
    let (Some(a), Some(b)) = (sides.first(), sides.get(1)) else {
        return false;
    };
    let mut notices: Vec<&String> = a.config.notices.iter().chain(&b.config.notices).collect();
    notices.dedup();
    for notice in notices {
        eprintln!("kms-conformance: {notice}");
    }
    outln!(
        "kms-conformance diff: A = {} (run {}), B = {} (run {}); region {}, other region {}",
        described[0],
        a.run_id,
        described[1],
        b.run_id,
        a.config.region,
        a.config.other_region
    );
    true
}

/// One side's suite on its own thread; `None` when Ctrl-C or SIGTERM
/// stopped it, after the key creations under way landed (at most
/// `timeout`) and what it made was swept.
async fn run_side(
    connection: Result<Connection, ConnectError>,
    options: RunOptions,
    timeout: Duration,
    interrupt: Interrupt,
) -> Option<RunReport> {
    // Both connected, or `say_connected` did not let the sides run.
    let connection = connection.ok()?;
    let mut run = std::pin::pin!(suite::run(Arc::clone(&connection.context), options));
    tokio::select! {
        report = &mut run => Some(report),
        () = interrupt.requested() => {
            settle_and_sweep(&connection, timeout, run).await;
            None
        }
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
