//! Driving a standalone stub's IAM as a user provisions an account: a
//! client signing as the stub's default caller, on a runtime of its own.

use kms_conformance::client::{Client, Credentials, Limits};

use super::StubProcess;

/// A single-threaded runtime for a test's few calls.
pub(crate) fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime")
}

/// A client of `stub` signing as its default caller (`test`, account
/// 111122223333), the caller a run against it signs as.
pub(crate) fn admin(stub: &StubProcess) -> Client {
    Client::new(
        &stub.endpoint,
        "us-east-1",
        Credentials::new("test", "test", None),
        Limits::default(),
    )
    .expect("a client")
}
