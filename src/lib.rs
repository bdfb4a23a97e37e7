//! A contract and conformance suite for the AWS KMS `UntagResource` API,
//! and a KMS to test against.
//!
//! The behaviour of AWS KMS is written as Gherkin scenarios, each tagged
//! with the evidence it rests on, and run over the real wire protocol (KMS
//! JSON 1.1, SigV4-signed) against any endpoint that speaks KMS. The suite
//! carries its own reference: a stateful model of KMS served over HTTP,
//! the *stub*, which every scenario passes and which can be made wrong on
//! purpose, one way at a time, to show that every scenario can fail.
//!
//! # Installing
//!
//! The command, `kms-conformance`: `pip install kms-conformance` (no Rust
//! needed) or `cargo install kms-conformance`. The library, for tests:
//! `cargo add --dev kms-conformance` (and `tokio`, whose runtime it needs).
//!
//! # A KMS in your tests: [`Stub`]
//!
//! Start one per test; it serves on a free loopback port until dropped and
//! records what it received.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! use kms_conformance::Stub;
//! use kms_conformance::client::Operation;
//! use serde_json::json;
//!
//! // Arrange
//! let stub = Stub::start().await;
//!
//! // Act: your code, pointed at `stub.uri()`; here, the suite's own client.
//! let created = stub.client().call(Operation::CreateKey, &json!({})).await.unwrap();
//!
//! // Assert
//! assert_eq!(created.status, 200);
//! let arn = created.json().unwrap()["KeyMetadata"]["Arn"].as_str().unwrap().to_owned();
//! assert!(arn.starts_with(&format!("arn:aws:kms:{}:{}:key/", stub.region(), stub.account())));
//! assert_eq!(stub.received_requests()[0].operation(), Some(Operation::CreateKey));
//! # }
//! ```
//!
//! Point an AWS SDK at it with `endpoint_url(stub.uri())`, any region, and
//! any access key with the secret `test`. [`StubOptions`] makes it lag as
//! AWS does, throttle at KMS's quotas, or get KMS wrong on purpose
//! ([`Deviation`]).
//!
//! # Gating your KMS in `cargo test`: [`Suite`]
//!
//! ```no_run
//! # async fn gate(my_kms_url: &str) {
//! use kms_conformance::Suite;
//!
//! let report = Suite::new(my_kms_url)
//!     .expectations("tests/kms-expectations.toml") // known failures, each with its reason
//!     .run()
//!     .await
//!     .unwrap_or_else(|error| panic!("{error}"));
//! assert!(report.is_success(), "{report}");
//! # }
//! ```
//!
//! The [`Report`] counts what passed and failed, and gives each scenario's
//! [`Outcome`] and, for a failure, the failing step and why.
//!
//! # The rest
//!
//! Everything else is the suite's own machinery, private to the crate: the
//! names above are the whole API. The command line is the binary,
//! `kms-conformance`.

mod api;
mod cleanup;
mod cli;
mod credentials;
mod endpoint;
mod expectations;
mod proxy;
mod report;
mod selftest;
mod snapshot;
mod stub;
mod suite;
mod wire;

/// The command line, `kms-conformance`, on `args` (the program's name
/// first): what `src/main.rs`, a crate of its own, hands over to. Its exit
/// code: 0 passed, 1 a scenario failed, 2 could not judge, 130 interrupted.
/// Not API: the binary is how a user runs the command line.
#[doc(hidden)]
pub fn run_cli(args: impl IntoIterator<Item = std::ffi::OsString>) -> std::process::ExitCode {
    cli::main(args)
}

pub use self::api::{ReceivedRequest, Report, Scenario, Stub, Suite, SuiteError};
pub use self::report::Outcome;
pub use self::stub::deviations::{Deviation, Deviations};
pub use self::stub::secrets::Secrets;
pub use self::stub::{StubOptions, Throttling};

/// What the benchmark (`benches/suite`, and `tests/bench_replay.rs`, which
/// holds its replay to account) measures the suite with: a run's internals,
/// which no user needs. Hidden, no API, and the one door to them: until the
/// benchmark is written on the names above, `tests/architecture.rs` lets
/// only those two reach it.
#[doc(hidden)]
pub mod bench_internals {
    /// Connecting to a target, as the command line resolves it.
    pub mod endpoint {
        pub use crate::endpoint::{TargetArgs, TargetConfig, connect};
    }
    /// A run's report, with every scenario's exchanges and time.
    pub mod report {
        pub use crate::report::RunReport;
        /// Where a scenario's time went.
        pub mod time_spent {
            pub use crate::report::time_spent::TimeSpent;
        }
    }
    /// The stub's server on a listener of the caller's.
    pub mod stub {
        pub use crate::stub::{StubOptions, StubServer, Throttling};
    }
    /// The run itself.
    pub mod suite {
        pub use crate::suite::{RunOptions, run};
    }
    /// Signing, quotas and the HTTP client a replay sends with.
    pub mod wire {
        pub use crate::wire::{
            Authorization, Credentials, Limits, Operation, Quotas, WRONG_SECRET, WRONG_SIGNATURE,
            http_client,
        };
        /// SigV4 signing of a request.
        pub mod sigv4 {
            pub use crate::wire::sigv4::{Signable, sign};
        }
    }
}

/// The signed KMS client the suite calls its targets with, and what an
/// exchange gives back: enough to call a [`Stub`] from a test.
pub mod client {
    pub use crate::wire::WireError;
    pub use crate::wire::{
        Client, ClientError, Credentials, ErrorCode, Exchange, Limits, Operation, QueryAnswer,
        QueryOperation, RetryPolicy,
    };
}
