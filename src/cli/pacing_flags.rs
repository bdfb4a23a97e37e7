//! How a run meets request quotas: pacing under them, and retrying the
//! throttles it meets anyway. Shared by every command that talks to a target.

use std::time::Duration;

use crate::wire::{Quota, RetryPolicy};

/// Pacing and retries.
#[derive(clap::Args, Clone, Debug, Default)]
#[group(skip)]
pub(super) struct PacingArgs {
    /// Pace requests under the request quotas (KMS's defaults, per operation,
    /// account and region). On by default against AWS and a throttling stub.
    #[arg(long)]
    pub pace: bool,

    /// One operation's quota in requests per second, where the account's
    /// differs from KMS's default (repeatable): --quota CreateKey=20.
    #[arg(long = "quota", value_name = "OPERATION=RPS")]
    pub quotas: Vec<Quota>,

    /// Attempts in all for a call that is throttled (`ThrottlingException`),
    /// the first included. Default: 10.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=100))]
    pub max_attempts: Option<u32>,

    /// Seconds after a throttled call's first attempt in which it may still
    /// be retried. Default: 120.
    #[arg(long, value_name = "SECONDS")]
    pub retry_budget: Option<u64>,
}

impl PacingArgs {
    /// The retry policy these options ask for.
    pub(super) fn retry(&self) -> RetryPolicy {
        let defaults = RetryPolicy::default();
        RetryPolicy {
            max_attempts: self.max_attempts.unwrap_or(defaults.max_attempts),
            budget: self
                .retry_budget
                .map_or(defaults.budget, Duration::from_secs),
            ..defaults
        }
    }
}
