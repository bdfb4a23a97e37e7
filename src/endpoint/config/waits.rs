//! How long a run waits: for one exchange, for a read to show a write, and
//! for a change to show in what the target allows.

use std::time::Duration;

use super::{ConfigError, TargetArgs};
use crate::wire::Limits;

fn seconds(
    name: &'static str,
    value: Option<f64>,
    default: Duration,
) -> Result<Duration, ConfigError> {
    match value {
        None => Ok(default),
        Some(s) if s.is_finite() && s > 0.0 && s < 3600.0 => Ok(Duration::from_secs_f64(s)),
        Some(s) => Err(ConfigError::NotSeconds {
            flag: name,
            value: s,
        }),
    }
}

/// How long the run waits, for one exchange and for the target to catch up.
pub(super) struct Waits {
    pub(super) limits: Limits,
    pub(super) settle: Duration,
    pub(super) auth_settle: Duration,
}

impl Waits {
    /// The flags, or the defaults for the stub, AWS, or any other endpoint.
    pub(super) fn resolve(args: &TargetArgs, stub: bool, aws: bool) -> Result<Self, ConfigError> {
        // (timeout, settle, auth settle) in seconds.
        let defaults = if stub {
            (5.0, 1.0, 1.0)
        } else if aws {
            (30.0, 20.0, 330.0)
        } else {
            (30.0, 5.0, 5.0)
        };
        let limits = Limits {
            timeout: seconds("timeout", args.timeout, Duration::from_secs_f64(defaults.0))?,
            ..Limits::default()
        };
        Ok(Self {
            limits,
            settle: seconds("settle", args.settle, Duration::from_secs_f64(defaults.1))?,
            auth_settle: seconds(
                "auth-settle",
                args.auth_settle,
                Duration::from_secs_f64(defaults.2),
            )?,
        })
    }
}
