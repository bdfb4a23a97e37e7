//! The run's connection to its target: the built-in stub, or an endpoint
//! that speaks KMS JSON 1.1.
//!
//! In the order a run uses them:
//!
//! - `config`: what to reach. [`TargetConfig::resolve`] reads region,
//!   endpoint and credentials the way the AWS SDKs do: flags first, then
//!   `AWS_ENDPOINT_URL_KMS`, `AWS_ENDPOINT_URL`, `AWS_REGION`,
//!   `AWS_DEFAULT_REGION`, `AWS_ACCESS_KEY_ID`...
//! - `aws`: the guard on AWS itself, which needs explicit consent and an
//!   account allow-list, and the one way its endpoints differ (one region
//!   each).
//! - `connect`: [`connect()`] reaches the target, checks it answers like KMS,
//!   and makes the run's [`RunContext`] (`context`): its [`Callers`]
//!   (`callers`), the target's [`Capability`]s (some found by a `probe`),
//!   and the [`ledger`] of what the run made there.

mod aws;
mod callers;
mod config;
mod connect;
mod context;
pub mod ledger;
mod probe;

pub use self::aws::{endpoint_in_region, is_aws_endpoint};
pub use self::callers::{Callers, NoSecondAccount, Via};
pub use self::config::{ConfigError, DEFAULT_RUN_DIR, Target, TargetArgs, TargetConfig};
pub use self::connect::{ConnectError, Connection, Opened, connect, open};
pub use self::context::{Capability, RunContext};
