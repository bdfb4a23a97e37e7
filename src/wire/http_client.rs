//! The HTTP side of a [`Client`](super::Client): how long it waits and how
//! much it accepts ([`Limits`]), and the reqwest client built from those
//! limits ([`http_client()`]), which every client derived from the first one
//! shares, through the forward proxy the environment or `--proxy` names
//! (`forward_proxy.rs`). Sending a request again when its pooled connection
//! was dead is `reconnect.rs`.
//!
//! The signing and recording of an exchange stay in the client (`wire.rs`);
//! this part only knows reqwest, TLS, proxies and timeouts.

use std::sync::Once;
use std::time::Duration;

use super::forward_proxy::ForwardProxy;
use super::transport_error::ClientError;

/// How long to wait and how much to accept.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Time to open a connection; 5 s by default.
    pub connect_timeout: Duration,
    /// Time for the whole exchange, body included; 30 s by default.
    pub timeout: Duration,
    /// Largest response body accepted, in bytes; 1 MiB by default. A KMS
    /// response is a few kilobytes.
    pub max_body: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_secs(5),
            timeout: Duration::from_secs(30),
            max_body: 1024 * 1024,
        }
    }
}

/// The connection pool behind a [`Client`](super::Client) and every client
/// derived from it ([`Client::in_region`](super::Client::in_region),
/// [`Client::as_caller`](super::Client::as_caller),
/// [`Client::at_endpoint`](super::Client::at_endpoint)).
/// Public so a benchmark's bare replay loop sends over the very same
/// HTTP configuration the suite does.
///
/// For a plain-http `endpoint` (the stub, an emulator) the client carries
/// no TLS trust roots: loading the system's several hundred certificates
/// took longer than starting the process and sending the first request
/// together, for a connection that never uses them.
///
/// # Errors
/// When reqwest cannot build a client (no TLS backend, say).
pub fn http_client(
    limits: Limits,
    endpoint: &reqwest::Url,
) -> Result<reqwest::Client, ClientError> {
    builder(limits, endpoint, &ForwardProxy::from_process_env())
        .build()
        .map_err(|e| ClientError::HttpClient {
            cause: e.to_string(),
        })
}

/// The configuration of every reqwest client of the suite: its limits, no
/// redirects, TLS roots only where they may be used, and the forward
/// proxy `proxy` (reqwest's own reading of the environment is off, so that
/// what the suite says of its route and what it does are one decision).
pub(super) fn builder(
    limits: Limits,
    endpoint: &reqwest::Url,
    proxy: &ForwardProxy,
) -> reqwest::ClientBuilder {
    install_crypto_provider();
    // A redirect is an answer to judge, not an instruction: KMS never
    // redirects, and following one would hide a proxy or gateway that does.
    let builder = reqwest::Client::builder()
        .connect_timeout(limits.connect_timeout)
        .timeout(limits.timeout)
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy();
    let builder = match proxy.for_reqwest() {
        Some(proxy) => builder.proxy(proxy),
        None => builder,
    };
    // An https forward proxy is reached over TLS, even for an http endpoint.
    #[cfg(feature = "tls")]
    let builder = if endpoint.scheme() == "http"
        && !proxy
            .route(endpoint.as_str())
            .is_some_and(|p| p.starts_with("https:"))
    {
        builder.tls_certs_only(std::iter::empty())
    } else {
        builder
    };
    #[cfg(not(feature = "tls"))]
    let _ = endpoint;
    builder
}

/// reqwest's `rustls-no-provider` panics when a client is built before a
/// process-wide crypto provider exists; install ring's, once.
pub(crate) fn install_crypto_provider() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        #[cfg(feature = "tls")]
        {
            // Err means another part of the process installed one first: fine.
            let _ = rustls::crypto::ring::default_provider().install_default();
        }
    });
}
