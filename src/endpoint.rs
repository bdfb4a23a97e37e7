//! The run's connection to its target: the built-in stub, or an endpoint
//! that speaks KMS JSON 1.1.
//!
//! In the order a run uses them:
//!
//! - `config`: what to reach. [`TargetConfig::resolve`] reads region,
//!   endpoint and credentials the way the AWS SDKs do: flags first, then
//!   `AWS_ENDPOINT_URL_KMS`, `AWS_ENDPOINT_URL`, `AWS_REGION`,
//!   `AWS_DEFAULT_REGION`, and the credential chain of [`crate::credentials`];
//!   and whether the run paces its requests ([`pacing`]).
//! - `aws`: the guard on AWS itself, which needs explicit consent and an
//!   account allow-list, and the one way its endpoints differ (one region
//!   each, a domain per partition).
//! - `iam_access`: where IAM and STS are, and which roles the ABAC
//!   scenarios may use (on AWS only with consent, or a role brought along).
//! - `connect`: [`connect()`] reaches the target, checks it answers like KMS,
//!   and makes the run's [`RunContext`] (`run_context`): its [`Callers`]
//!   (`callers`), the target's [`Capability`]s (some found by a `probe`),
//!   the [`ledger`] of what the run made there, and the key creations in
//!   flight (`creations`) an interrupted run waits for.

mod aws;
mod callers;
mod config;
mod connect;
mod creations;
mod iam_access;
mod iam_probe;
pub(crate) mod iam_roles;
pub(crate) mod ledger;
mod probe;
mod run_context;

pub(crate) use self::callers::{Callers, NoSecondAccount, Via};
pub(crate) use self::config::{ConfigError, DEFAULT_RUN_DIR, Target};
pub use self::config::{TargetArgs, TargetConfig};
pub use self::connect::connect;
pub(crate) use self::connect::{ConnectError, Connection, Opened, open, open_named};
pub(crate) use self::iam_access::AbacRoles;
pub(crate) use self::run_context::{Capability, RunContext};
