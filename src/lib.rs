//! kms-conformance: a contract and conformance suite for the AWS KMS
//! `UntagResource` API.
//!
//! - [`suite`]: the scenarios' step definitions and the runner.
//! - [`wire`]: the signed KMS JSON 1.1 client.
//! - [`stub`]: the built-in reference model of KMS, served over HTTP.
//! - [`target`]: which endpoint, region and credentials; connecting.
//! - [`report`]: what a run found, and how it is printed.
//! - [`expectations`]: an implementation's known failures.
//! - [`ledger`]: what a run made on a target; [`cleanup`]: removing it.
//! - [`snapshot`]: normalised exchanges as insta snapshots; comparing targets.
//! - [`selftest`]: the kill matrix, proving every scenario can fail.
//! - [`cli`]: the command line.

pub mod cleanup;
pub mod cli;
pub mod expectations;
pub mod ledger;
pub mod report;
pub mod selftest;
pub mod snapshot;
pub mod stub;
pub mod suite;
pub mod target;
pub mod wire;
