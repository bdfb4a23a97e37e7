//! `kms-conformance cleanup`: finds what earlier runs left on a target (in
//! the ledgers and by the description marker) and schedules its deletion.
//! On AWS it only lists what it would do unless told `--apply`.

use super::reach_flags::ReachArgs;
use super::stdout_lines::outln;
use super::{EXIT_FAILED, EXIT_PASSED, runtime, unusable};
use crate::cleanup::{self, CleanupError, Leftover};
use crate::endpoint::{self, AbacRoles, Target};

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
    let mut leftovers = match cleanup::find_leftovers(&opened.callers, &config.run_dir).await {
        Ok(leftovers) => leftovers,
        Err(error) => return unusable(&error),
    };
    // Roles no ledger names: a listing IAM refuses (no iam:ListRoles) must
    // not keep the keys from being cleaned up.
    match cleanup::find_marked_roles(&opened.callers, &leftovers).await {
        Ok(roles) => leftovers.extend(roles),
        Err(CleanupError::Transport(error)) => return unusable(&error),
        Err(error) => eprintln!(
            "kms-conformance: could not list the IAM roles under /kms-conformance/ ({error}); \
             only those the ledgers name are cleaned up"
        ),
    }
    // A role brought along is the user's: never deleted, whatever it is called.
    if let AbacRoles::Bring(arn) = &config.iam.roles {
        let brought = arn.rsplit('/').next().unwrap_or_default();
        leftovers.retain(|l| !matches!(l, Leftover::Role { name, .. } if name == brought));
    }
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
        Leftover::Key { ledger, .. }
        | Leftover::Alias { ledger, .. }
        | Leftover::Role { ledger, .. } => ledger.as_deref(),
    };
    ledger.as_ref().map_or_else(
        || " (found by its description)".to_owned(),
        |p| format!(" (ledger {})", p.display()),
    )
}
