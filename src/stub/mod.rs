//! The built-in stub: a stateful KMS reference model served over HTTP.
//!
//! [`model`] is KMS as a pure state machine; [`http`] serves it with
//! wiremock, one catch-all responder that dispatches on `X-Amz-Target`;
//! [`deviations`] switches single behaviours to wrong on purpose, the
//! wire-level ones applied by `distort`; [`policy`] is the key policy
//! language, parsed and evaluated without I/O.

pub mod deviations;
mod distort;
pub mod http;
pub mod model;
pub mod policy;
pub mod secrets;
mod signature;

use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use wiremock::matchers::any;
use wiremock::{Mock, MockServer};

use self::deviations::Deviations;
use self::http::KmsResponder;
use self::model::Model;
use self::secrets::Secrets;

/// How a stub behaves.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StubOptions {
    /// Wrong on purpose in these ways; none by default.
    pub deviations: Deviations,
    /// Reads (`ListResourceTags`, `DescribeKey`) see writes only this much later,
    /// as with AWS's eventual consistency. Zero by default.
    pub read_lag: Duration,
    /// The secret of each access key, to verify every request's signature
    /// with; `test` for every key unless configured.
    pub secrets: Secrets,
}

/// A running stub. It serves until dropped.
#[derive(Debug)]
pub struct StubServer {
    server: Option<MockServer>,
    uri: String,
}

impl StubServer {
    /// Starts a faithful stub on a free loopback port.
    pub async fn start() -> Self {
        Self::start_with(StubOptions::default()).await
    }

    /// Starts a stub with `options` on a free loopback port.
    pub async fn start_with(options: StubOptions) -> Self {
        Self::serve(MockServer::builder(), options).await
    }

    /// Starts a stub with `options` on `listener` (a fixed address for other clients).
    pub async fn start_on(listener: TcpListener, options: StubOptions) -> Self {
        Self::serve(MockServer::builder().listener(listener), options).await
    }

    async fn serve(builder: wiremock::MockServerBuilder, options: StubOptions) -> Self {
        // Unpooled (a pooled server's port stays open after drop) and without
        // request recording, which would keep every request in memory.
        let server = builder.disable_request_recording().start().await;
        let model = Model::new(options.deviations.clone(), options.read_lag);
        let responder = KmsResponder {
            model: Arc::new(Mutex::new(model)),
            deviations: options.deviations,
            secrets: options.secrets,
        };
        Mock::given(any())
            .respond_with(responder)
            .named("KMS reference model")
            .mount(&server)
            .await;
        let uri = format!("{}/", server.uri());
        Self {
            server: Some(server),
            uri,
        }
    }

    /// The endpoint URL (`http://127.0.0.1:PORT/`).
    #[must_use]
    pub fn uri(&self) -> &str {
        &self.uri
    }
}

impl Drop for StubServer {
    /// `MockServer`'s own drop blocks on a tokio lock; inside a task whose
    /// coop budget is spent that never completes (a livelock at 100% CPU,
    /// found in wiremock 0.6.5). Dropping it on a helper thread is safe
    /// anywhere.
    fn drop(&mut self) {
        if let Some(server) = self.server.take() {
            let _ = std::thread::Builder::new()
                .name("stub-shutdown".into())
                .spawn(move || drop(server));
        }
    }
}
