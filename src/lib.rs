//! kms-conformance: a contract and conformance suite for the AWS KMS
//! `UntagResource` API.
//!
//! - [`suite`]: the scenarios' step definitions and the runner.
//! - [`wire`]: the signed KMS JSON 1.1 client.
//! - [`stub`]: the built-in reference model of KMS, served over HTTP.
//! - [`endpoint`]: which target, region and credentials; connecting; the
//!   run's callers and the [`endpoint::ledger`] of what it made.
//! - [`report`]: what a run found, and how it is printed.
//! - [`expectations`]: an implementation's known failures.
//! - [`cleanup`]: removing what a run made.
//! - [`snapshot`]: normalised exchanges as insta snapshots; comparing targets.
//! - [`selftest`]: the kill matrix, proving every scenario can fail.
//! - [`proxy`]: the suite on both sides of a proxy; request and response
//!   fidelity beside the verdicts.
//! - [`cli`]: the command line.

pub mod cleanup;
pub mod cli;
pub mod credentials;
pub mod endpoint;
pub mod expectations;
pub mod proxy;
pub mod report;
pub mod selftest;
pub mod snapshot;
pub mod stub;
pub mod suite;
pub mod wire;
