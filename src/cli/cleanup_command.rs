//! `kms-conformance cleanup`: finds what earlier runs left on a target (in
//! the ledgers and by the description marker) and schedules its deletion.
//! On AWS it only lists what it would do unless told `--apply`.

use super::reach_flags::ReachArgs;
use super::stdout_lines::outln;
use super::{EXIT_FAILED, EXIT_PASSED, runtime, unusable};
use crate::cleanup::{self, CleanupError, Leftover};
use crate::endpoint::{self, Target};

/// Options of `kms-conformance cleanup`.
#[derive(clap::Args, Clone, Debug)]
pub(super) struct CleanupArgs {
    /// The endpoint to clean up. Default: `$AWS_ENDPOINT_URL_KMS`, then `$AWS_ENDPOINT_URL`.
    #[arg(long, value_name = "URL")]
    pub endpoint: Option<String>,

    /// Only list what would be cleaned up (the default on AWS endpoints).
    #[arg(long, conflicts_with = "apply")]
    pub dry_run: bool,

    /// Schedule the deletions (needed on AWS endpoints).
    #[arg(long)]
    pub apply: bool,

    #[command(flatten)]
    pub reach: ReachArgs,
}

/// Runs the cleanup; the exit code.
pub(super) fn run(args: &CleanupArgs) -> u8 {
    match runtime() {
        Ok(runtime) => runtime.block_on(run_async(args)),
        Err(error) => unusable(&error),
    }
}

async fn run_async(args: &CleanupArgs) -> u8 {
    let config = match args.reach.resolve(args.endpoint.clone(), false) {
        Ok(config) => config,
        Err(error) => return unusable(&error),
    };
    let Target::Endpoint(endpoint) = &config.target else {
        return unusable("cleanup needs --endpoint: the built-in stub leaves nothing behind");
    };
    let opened = match endpoint::open(&config, endpoint).await {
        Ok(opened) => opened,
        Err(error) => return unusable(&error),
    };
    let leftovers = match cleanup::find_leftovers(&opened.callers, &config.run_dir).await {
        Ok(leftovers) => leftovers,
        Err(error) => return unusable(&error),
    };
    let dry_run = args.dry_run || (config.aws && !args.apply);
    if dry_run {
        for leftover in &leftovers {
            outln!(
                "would clean up {}{}",
                leftover.describe(),
                from_ledger(leftover)
            );
        }
        let hint = if leftovers.is_empty() {
            ""
        } else {
            "; --apply schedules the deletions"
        };
        outln!("{} leftovers found (dry run{hint})", leftovers.len());
        return EXIT_PASSED;
    }
    let mut failures = 0;
    for leftover in &leftovers {
        match cleanup::remove(&opened.callers, leftover).await {
            Ok(()) => outln!(
                "cleaned up {}{}",
                leftover.describe(),
                from_ledger(leftover)
            ),
            Err(CleanupError::Transport(error)) => {
                return unusable(format!(
                    "stopped cleaning up: {error}; run cleanup again later"
                ));
            }
            Err(error) => {
                failures += 1;
                eprintln!(
                    "kms-conformance: could not clean up {}: {error}",
                    leftover.describe()
                );
            }
        }
    }
    outln!(
        "{} leftovers cleaned up, {failures} failed",
        leftovers.len() - failures
    );
    if failures == 0 {
        EXIT_PASSED
    } else {
        EXIT_FAILED
    }
}

fn from_ledger(leftover: &Leftover) -> String {
    let ledger = match leftover {
        Leftover::Key { ledger, .. } | Leftover::Alias { ledger, .. } => ledger.as_deref(),
        Leftover::Role { ledger, .. } => Some(ledger.as_path()),
    };
    ledger.as_ref().map_or_else(
        || " (found by its description)".to_owned(),
        |p| format!(" (ledger {})", p.display()),
    )
}
