//! The built-in stub: a stateful KMS reference model served over HTTP.
//!
//! [`model`] is KMS as a pure state machine; [`http`] serves it with
//! wiremock, one catch-all responder that dispatches on `X-Amz-Target`.

pub mod http;
pub mod model;

use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use wiremock::matchers::any;
use wiremock::{Mock, MockServer};

use self::http::KmsResponder;
use self::model::Model;

/// A running stub. It serves until dropped.
#[derive(Debug)]
pub struct Stub {
    server: Option<MockServer>,
    uri: String,
}

impl Stub {
    /// Starts a stub on a free loopback port.
    pub async fn start() -> Self {
        Self::serve(MockServer::builder()).await
    }

    /// Starts a stub on `listener` (a fixed address for other clients).
    pub async fn start_on(listener: TcpListener) -> Self {
        Self::serve(MockServer::builder().listener(listener)).await
    }

    async fn serve(builder: wiremock::MockServerBuilder) -> Self {
        // Unpooled (a pooled server's port stays open after drop) and without
        // request recording, which would keep every request in memory.
        let server = builder.disable_request_recording().start().await;
        let responder = KmsResponder {
            model: Arc::new(Mutex::new(Model::default())),
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

impl Drop for Stub {
    /// `MockServer`'s own drop blocks on a tokio lock; inside a task whose
    /// coop budget is spent that never completes (a livelock at 100% CPU,
    /// `notes/rust-crates.md` §3). Dropping it on a helper thread is safe
    /// anywhere.
    fn drop(&mut self) {
        if let Some(server) = self.server.take() {
            let _ = std::thread::Builder::new()
                .name("stub-shutdown".into())
                .spawn(move || drop(server));
        }
    }
}
