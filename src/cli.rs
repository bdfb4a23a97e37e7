//! The command line: parse options, pick the command, map its outcome to an
//! exit code.
//!
//! - no subcommand: run the suite against a target (see [`crate::suite`]);
//! - `stub`: serve the reference stub on an address (see [`crate::stub`]);
//! - `selftest`: print the kill matrix (see [`crate::selftest`]);
//! - `cleanup`: remove what earlier runs left on a target (see
//!   [`crate::cleanup`]);
//! - `diff`: run the scenarios against two targets and compare (see
//!   [`crate::snapshot::differential`]);
//! - `matrix`: run them against several targets; results files and the
//!   conformance matrix (see [`crate::report::matrix`]);
//! - `report`: the matrix of results files saved earlier (see
//!   [`crate::report::results`]);
//! - `proxy`: serve the stub as a proxy's upstream, run the suite through
//!   the proxy, and judge what it changed (see [`crate::proxy`]).
//!
//! Exit codes: 0 success; 1 a scenario failed (or the self-test found a
//! hole); 2 the run could not be judged (a bad flag, an unreachable target,
//! a target that stopped answering, a feature that does not parse).

// `println!` panics once stdout's reader has gone away (`| head`): the
// commands print with `outln!` (`stdout_lines`), which does not.
#![warn(clippy::print_stdout)]

mod cleanup_command;
mod diff_command;
mod end_of_run;
mod matrix_command;
mod output_flags;
mod pacing_flags;
mod proxy_command;
mod reach_flags;
mod rehearsal_flags;
mod report_command;
mod run_command;
mod selection_flags;
mod selftest_command;
mod stdout_lines;
mod stub_command;
mod target_threads;

use std::ffi::OsString;
use std::process::ExitCode;

use clap::{Args as _, CommandFactory as _, FromArgMatches as _};

/// Every scenario passed.
pub(crate) const EXIT_PASSED: u8 = 0;
/// At least one scenario failed.
pub(crate) const EXIT_FAILED: u8 = 1;
/// The run could not be judged: usage error, unreachable or broken target.
pub(crate) const EXIT_UNUSABLE: u8 = 2;
/// Interrupted (Ctrl-C or SIGTERM), after cleaning up: 128 + SIGINT, as shells report it.
pub(crate) const EXIT_INTERRUPTED: u8 = 130;

fn command() -> clap::Command {
    // Cucumber marks its options global; they belong to a run, not to the
    // subcommands. Its retry options are refused (see `run_command`), so not shown.
    let mut run = run_command::RunCli::command().mut_args(|arg| arg.global(false));
    let mut proxy = proxy_command::command().mut_args(|arg| arg.global(false));
    for retry in ["retry", "retry_after", "retry_tag_filter"] {
        run = run.mut_arg(retry, |arg| arg.hide(true));
        proxy = proxy.mut_arg(retry, |arg| arg.hide(true));
    }
    // The stub behind the proxy is the run's own: no AWS account, no ledger.
    for unused in ["allow_aws", "accounts", "run_dir"] {
        proxy = proxy.mut_arg(unused, |arg| arg.hide(true));
    }
    run.name("kms-conformance")
        .bin_name("kms-conformance")
        .version(env!("CARGO_PKG_VERSION"))
        .about("Conformance suite for the AWS KMS UntagResource API")
        .long_about(
            "Runs the UntagResource contract, written as Gherkin scenarios, against a target: \
             the built-in stub (the default) or any endpoint that speaks KMS JSON 1.1.",
        )
        .args_conflicts_with_subcommands(true)
        .subcommand(stub_command::StubArgs::augment_args(clap::Command::new("stub")).about(
            "Serve the built-in reference stub for other clients (an SDK, the AWS CLI, a proxy)",
        ))
        .subcommand(cleanup_command::CleanupArgs::augment_args(clap::Command::new("cleanup")).about(
            "Schedule the deletion of keys earlier runs left on a target (dry run by default on AWS)",
        ))
        .subcommand(selftest_command::SelftestArgs::augment_args(clap::Command::new("selftest")).about(
            "Run the suite against the stub and against each deliberate deviation; print the kill matrix",
        ))
        .subcommand(diff_command::command().about(
            "Run the scenarios against two targets at once and report where their normalised exchanges differ",
        ))
        .subcommand(matrix_command::MatrixArgs::augment_args(clap::Command::new("matrix")).about(
            "Run the scenarios against several targets at once; write a results file per target and the \
             conformance matrix (matrix.md, matrix.html)",
        ))
        .subcommand(report_command::ReportArgs::augment_args(clap::Command::new("report")).about(
            "Build the conformance matrix (matrix.md, matrix.html) from results files saved by earlier runs",
        ))
        .subcommand(
            proxy
                .name("proxy")
                .about(
                    "Serve the built-in stub as a proxy's upstream, run the suite through the proxy, \
                     and report what the proxy changed in requests and responses beside the verdicts",
                )
                .long_about(
                    "Serves the built-in stub on --upstream, the address the proxy under test forwards \
                     to, runs every scenario through the proxy at --endpoint, and judges each exchange \
                     on both sides: what reached the stub against what the suite sent, what reached the \
                     suite against what the stub answered. Findings are reported beside the verdicts.\n\n\
                     A fault, a change that KMS or the client acts on (the method, path, X-Amz-Target, \
                     content type or body of a request, a signature that no longer holds, the number \
                     of requests, the status, body, content type or request ID of a response), fails \
                     the run: exit code 1. A note, a change neither acts on (a header the client did \
                     not sign, added or dropped: Via, X-Forwarded-For, Accept-Encoding), is reported. \
                     --fail-on-notes fails notes too; --report-only fails on no finding.",
                ),
        )
}

/// Runs the command line `args` (program name first) and returns the exit code.
pub(crate) fn main(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    let matches = match command().try_get_matches_from(args) {
        Ok(matches) => matches,
        Err(error) => return usage(&error),
    };
    let code = match matches.subcommand() {
        Some(("stub", sub)) => match stub_command::StubArgs::from_arg_matches(sub) {
            Ok(args) => stub_command::serve(&args),
            Err(error) => return usage(&error),
        },
        Some(("cleanup", sub)) => match cleanup_command::CleanupArgs::from_arg_matches(sub) {
            Ok(args) => cleanup_command::run(&args),
            Err(error) => return usage(&error),
        },
        Some(("diff", sub)) => match diff_command::DiffArgs::from_arg_matches(sub) {
            Ok(args) => diff_command::run(&args),
            Err(error) => return usage(&error),
        },
        Some(("matrix", sub)) => match matrix_command::MatrixArgs::from_arg_matches(sub) {
            Ok(args) => matrix_command::run(&args),
            Err(error) => return usage(&error),
        },
        Some(("report", sub)) => match report_command::ReportArgs::from_arg_matches(sub) {
            Ok(args) => report_command::run(&args),
            Err(error) => return usage(&error),
        },
        Some(("proxy", sub)) => match proxy_command::ProxyCli::from_arg_matches(sub) {
            Ok(opts) => proxy_command::run(&opts),
            Err(error) => return usage(&error),
        },
        Some(("selftest", sub)) => match selftest_command::SelftestArgs::from_arg_matches(sub) {
            Ok(args) => selftest_command::run(&args),
            Err(error) => return usage(&error),
        },
        _ => match run_command::RunCli::from_arg_matches(&matches) {
            Ok(opts) => run_command::run(opts),
            Err(error) => return usage(&error),
        },
    };
    ExitCode::from(code)
}

/// `--help` and `--version` print and exit 0; a usage error prints and exits 2.
fn usage(error: &clap::Error) -> ExitCode {
    let _ = error.print();
    ExitCode::from(if error.use_stderr() {
        EXIT_UNUSABLE
    } else {
        EXIT_PASSED
    })
}

/// One line on standard error, and the exit code for a run that could not be judged.
fn unusable(error: impl std::fmt::Display) -> u8 {
    eprintln!("kms-conformance: {error}");
    EXIT_UNUSABLE
}

/// Ctrl-C, or SIGTERM where there is one (a CI job being cancelled).
async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut terminate) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = terminate.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

/// A current-thread runtime: cucumber drives every scenario from one task.
fn runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the async runtime: {e}"))
}
