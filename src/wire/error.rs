//! Why an exchange could not be completed.

use std::error::Error as _;
use std::fmt;
use std::time::Duration;

/// A transport failure: the target gave no complete HTTP response.
///
/// A response with any status, however wrong, is not an error here; it is an
/// [`Exchange`](super::Exchange) for the scenarios to judge.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WireError {
    /// The connection could not be opened: refused, no route, name not resolved.
    Unreachable { endpoint: String, cause: String },
    /// No complete response within the time allowed.
    Timeout { endpoint: String, after: Duration },
    /// The TLS handshake failed (for instance TLS spoken to a plain-HTTP port).
    Tls { endpoint: String, cause: String },
    /// The response body grew past the limit.
    BodyTooLarge { endpoint: String, limit: usize },
    /// The connection broke or the peer spoke something other than HTTP.
    Broken { endpoint: String, cause: String },
    /// The request could not be built (a header value that is not text, say).
    Request { cause: String },
}

impl WireError {
    /// Classifies a reqwest failure, naming the endpoint and the deepest cause.
    pub(crate) fn from_reqwest(endpoint: &str, error: &reqwest::Error, timeout: Duration) -> Self {
        let endpoint = endpoint.to_owned();
        let cause = root_cause(error);
        if error.is_timeout() || cause.contains("timed out") {
            return Self::Timeout {
                endpoint,
                after: timeout,
            };
        }
        if is_tls(error) {
            return Self::Tls { endpoint, cause };
        }
        if error.is_connect() {
            return Self::Unreachable { endpoint, cause };
        }
        Self::Broken { endpoint, cause }
    }
}

/// The innermost error's text, which names the real cause
/// ("Connection refused (os error 111)") where reqwest's own text does not.
fn root_cause(error: &reqwest::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(inner) = source {
        text = inner.to_string();
        source = inner.source();
    }
    text
}

fn is_tls(error: &reqwest::Error) -> bool {
    let mut source = error.source();
    while let Some(inner) = source {
        #[cfg(feature = "tls")]
        if inner.downcast_ref::<rustls::Error>().is_some() {
            return true;
        }
        let text = inner.to_string();
        if text.contains("InvalidContentType") || text.contains("tls") && text.contains("handshake")
        {
            return true;
        }
        source = inner.source();
    }
    false
}

impl fmt::Display for WireError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unreachable { endpoint, cause } => write!(f, "cannot reach {endpoint}: {cause}"),
            Self::Timeout { endpoint, after } => {
                write!(f, "{endpoint} gave no complete response within {after:?}")
            }
            Self::Tls { endpoint, cause } => write!(f, "TLS with {endpoint} failed: {cause}"),
            Self::BodyTooLarge { endpoint, limit } => {
                write!(f, "{endpoint} sent a response body over {limit} bytes")
            }
            Self::Broken { endpoint, cause } => {
                write!(f, "the exchange with {endpoint} broke off: {cause}")
            }
            Self::Request { cause } => write!(f, "cannot build the request: {cause}"),
        }
    }
}

impl std::error::Error for WireError {}
