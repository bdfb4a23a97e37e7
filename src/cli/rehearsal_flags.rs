//! The built-in stub as a rehearsal of a real account: throttling as KMS
//! does (`--throttle`, `--throttle-scale`), transient server faults
//! (`--transient-faults`), IAM that takes a while to apply a change
//! (`--iam-lag-ms`), or everything the stub knows of AWS at once
//! (`--aws-like`). For a run against the built-in stub and for
//! `kms-conformance stub`.

use std::time::Duration;

use crate::stub::{StubOptions, Throttling};

/// `--throttle`, `--throttle-scale`, `--iam-lag-ms`, `--transient-faults`, `--aws-like`.
#[derive(clap::Args, Clone, Debug, Default)]
#[group(skip)]
pub(super) struct RehearsalArgs {
    /// Make the built-in stub enforce KMS's request quotas, per account,
    /// region and operation (`CreateKey` and `UntagResource` 5 a second...),
    /// answering `ThrottlingException` over them.
    #[arg(long)]
    pub throttle: bool,

    /// Multiply the stub's quotas by FACTOR (with --throttle or
    /// --aws-like): 1 is AWS's defaults, 10 rehearses ten times faster.
    #[arg(long, value_name = "FACTOR")]
    pub throttle_scale: Option<f64>,

    /// Make the built-in stub behave as AWS does where a run feels it: its
    /// quotas (as --throttle) and reads that lag writes by half a second.
    #[arg(long)]
    pub aws_like: bool,

    /// Make the built-in stub's IAM eventually consistent: a new role can be
    /// assumed, and a change to a role's policies applies, only this many
    /// milliseconds later (AWS: seconds; --aws-like: 2000).
    #[arg(long, value_name = "MILLISECONDS")]
    pub iam_lag_ms: Option<u64>,

    /// Make the built-in stub answer the first call naming each key with a
    /// transient server fault (HTTP 500 `KMSInternalException`), as KMS may:
    /// a run sends it again, and counts it.
    #[arg(long)]
    pub transient_faults: bool,
}

impl RehearsalArgs {
    /// The stub these options ask for; `None` when they ask for nothing.
    ///
    /// # Errors
    /// A scale that is not a positive number, or one without a throttle.
    pub(super) fn stub_options(&self) -> Result<Option<StubOptions>, String> {
        let scale = match self.throttle_scale {
            None => 1.0,
            Some(_) if !(self.throttle || self.aws_like) => {
                return Err("--throttle-scale needs --throttle or --aws-like".to_owned());
            }
            Some(scale) if scale.is_finite() && scale > 0.0 && scale <= 1000.0 => scale,
            Some(scale) => {
                return Err(format!(
                    "--throttle-scale {scale} is not a factor above 0 and at most 1000"
                ));
            }
        };
        let options = if self.aws_like {
            Some(StubOptions::aws_like(scale))
        } else if self.throttle {
            Some(StubOptions {
                throttle: Some(Throttling { scale }),
                ..StubOptions::default()
            })
        } else {
            None
        };
        let options = match options {
            _ if self.transient_faults => Some(StubOptions {
                transient_faults: true,
                ..options.unwrap_or_default()
            }),
            options => options,
        };
        // An explicit --iam-lag-ms wins over --aws-like's.
        Ok(match self.iam_lag_ms {
            Some(ms) => Some(StubOptions {
                iam_lag: Duration::from_millis(ms),
                ..options.unwrap_or_default()
            }),
            None => options,
        })
    }
}
