//! Why a client could not be made ([`ClientError`]) or an exchange could not
//! be completed ([`WireError`]).
//!
//! Each failure is told as one line that names the endpoint and the cause a
//! user can act on: the port is closed, the name does not resolve, the port
//! speaks plain HTTP, the target is too slow. reqwest's own text ("error
//! sending request") says none of that, so the cause is read from the
//! error's chain of sources.

use std::error::Error as StdError;
use std::fmt;
use std::time::Duration;

use super::{Operation, QueryOperation};

/// A transport failure: the target gave no complete HTTP response.
///
/// A response with any status, however wrong, is not an error here; it is an
/// [`Exchange`](super::Exchange) for the scenarios to judge.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WireError {
    /// The connection could not be opened: refused, no route.
    Unreachable {
        /// The client's endpoint URL.
        endpoint: String,
        /// The deepest error in reqwest's chain (`Connection refused (os error 111)`).
        cause: String,
    },
    /// The endpoint's host name does not resolve.
    UnknownHost {
        /// The client's endpoint URL.
        endpoint: String,
        /// The resolver's own words, the deepest error in reqwest's chain.
        cause: String,
    },
    /// No connection within the connect timeout.
    ConnectTimeout {
        /// The client's endpoint URL.
        endpoint: String,
        /// The connect timeout that ran out ([`Limits::connect_timeout`](super::Limits::connect_timeout)).
        after: Duration,
    },
    /// No complete response within the time allowed for the exchange.
    Timeout {
        /// The client's endpoint URL.
        endpoint: String,
        /// The exchange timeout that ran out ([`Limits::timeout`](super::Limits::timeout)).
        after: Duration,
        /// How far the response got before time ran out.
        stage: Stage,
    },
    /// The TLS handshake failed (for instance TLS spoken to a plain-HTTP port).
    Tls {
        /// The client's endpoint URL.
        endpoint: String,
        /// The TLS error, with a hint when the port speaks plain HTTP.
        cause: String,
    },
    /// The response body grew past the limit.
    BodyTooLarge {
        /// The client's endpoint URL.
        endpoint: String,
        /// The limit in bytes ([`Limits::max_body`](super::Limits::max_body)).
        limit: usize,
    },
    /// The connection broke or the peer spoke something other than HTTP.
    Broken {
        /// The client's endpoint URL.
        endpoint: String,
        /// The deepest error in reqwest's chain.
        cause: String,
        /// How far the response got before the connection broke.
        stage: Stage,
    },
    /// The request could not be built (a header value that is not text, say):
    /// nothing was sent, so this says nothing about the target.
    Request {
        /// Why reqwest or the signer refused to build it.
        cause: String,
    },
    /// Not sent: the run is stopping (Ctrl-C), and a request that would
    /// create something could be left behind by the sweep that follows.
    Halted {
        /// The operation that was not sent.
        operation: Operation,
    },
    /// Not sent, as [`Self::Halted`]: an IAM or STS call that would make
    /// something (a role, its policy, a session).
    HaltedQuery {
        /// The operation that was not sent.
        operation: QueryOperation,
    },
}

/// How much of the response had arrived when the exchange failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// No response head yet.
    Head,
    /// The head arrived; the body did not finish.
    Body,
}

impl WireError {
    /// Classifies a reqwest failure met at `stage`, naming the endpoint and
    /// the deepest cause. `connect_timeout` and `timeout` are the limits the
    /// client was built with, for the message.
    pub(crate) fn from_reqwest(
        endpoint: &str,
        error: &reqwest::Error,
        stage: Stage,
        connect_timeout: Duration,
        timeout: Duration,
    ) -> Self {
        let endpoint = endpoint.to_owned();
        let cause = root_cause(error);
        if error.is_builder() {
            return Self::Request { cause };
        }
        if error.is_timeout() {
            // reqwest's connect timeout is an error of the connector; its
            // whole-exchange timeout is not.
            return if error.is_connect() {
                Self::ConnectTimeout {
                    endpoint,
                    after: connect_timeout,
                }
            } else {
                Self::Timeout {
                    endpoint,
                    after: timeout,
                    stage,
                }
            };
        }
        if let Some(tls) = tls_failure(error) {
            return Self::Tls {
                endpoint,
                cause: tls,
            };
        }
        if error.is_connect() {
            if is_dns_failure(error) {
                return Self::UnknownHost { endpoint, cause };
            }
            return Self::Unreachable { endpoint, cause };
        }
        Self::Broken {
            endpoint,
            cause,
            stage,
        }
    }

    /// Whether the target is to blame: every failure but a request that
    /// could not even be built or was held back.
    #[must_use]
    pub fn is_transport(&self) -> bool {
        !matches!(
            self,
            Self::Request { .. } | Self::Halted { .. } | Self::HaltedQuery { .. }
        )
    }

    /// Whether time ran out (the user may allow more with a longer timeout).
    #[must_use]
    pub fn is_timeout(&self) -> bool {
        matches!(self, Self::Timeout { .. } | Self::ConnectTimeout { .. })
    }
}

/// Every error in `error`'s chain, looking inside `io::Error`s too: an
/// `io::Error` wrapping another error hides it from `source()` (it answers
/// the wrapped error's own source), and rustls's errors travel that way.
pub(super) fn chain<'a>(error: &'a (dyn StdError + 'static)) -> Vec<&'a (dyn StdError + 'static)> {
    let mut links = Vec::new();
    let mut next = Some(error);
    while let Some(link) = next {
        links.push(link);
        let wrapped = link
            .downcast_ref::<std::io::Error>()
            .and_then(std::io::Error::get_ref)
            .map(|inner| inner as &(dyn StdError + 'static));
        next = wrapped.or_else(|| link.source());
    }
    links
}

/// The innermost error's text, which names the real cause
/// ("Connection refused (os error 111)") where reqwest's own text does not.
fn root_cause(error: &reqwest::Error) -> String {
    chain(error)
        .last()
        .map_or_else(|| error.to_string(), ToString::to_string)
}

/// The TLS failure in `error`'s chain, if any, with a hint when the port
/// answered something that is not TLS at all.
fn tls_failure(error: &reqwest::Error) -> Option<String> {
    let links = chain(error);
    #[cfg(feature = "tls")]
    if let Some(rustls) = links
        .iter()
        .find_map(|link| link.downcast_ref::<rustls::Error>())
    {
        // A plain-HTTP server answers a ClientHello with an HTTP error
        // page, which is no TLS record at all.
        let not_tls = matches!(
            rustls,
            rustls::Error::InvalidMessage(rustls::InvalidMessage::InvalidContentType)
        );
        return Some(if not_tls {
            format!("{rustls} (the port does not speak TLS; is it plain HTTP?)")
        } else {
            rustls.to_string()
        });
    }
    // tokio-rustls's text when the peer hangs up during the handshake.
    links
        .iter()
        .map(ToString::to_string)
        .find(|text| text.contains("tls handshake"))
}

/// hyper-util's connector reports a failed name lookup as "dns error",
/// with the resolver's own error as its source.
fn is_dns_failure(error: &reqwest::Error) -> bool {
    chain(error)
        .iter()
        .any(|link| link.to_string() == "dns error")
}

impl fmt::Display for WireError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unreachable { endpoint, cause } => write!(f, "cannot reach {endpoint}: {cause}"),
            Self::UnknownHost { endpoint, cause } => {
                write!(
                    f,
                    "cannot reach {endpoint}: its host name does not resolve ({cause})"
                )
            }
            Self::ConnectTimeout { endpoint, after } => {
                write!(f, "cannot reach {endpoint}: no connection within {after:?}")
            }
            Self::Timeout {
                endpoint,
                after,
                stage: Stage::Head,
            } => write!(f, "{endpoint} did not answer within {after:?}"),
            Self::Timeout {
                endpoint,
                after,
                stage: Stage::Body,
            } => write!(
                f,
                "{endpoint} started answering but did not finish within {after:?}"
            ),
            Self::Tls { endpoint, cause } => {
                write!(f, "cannot reach {endpoint}: TLS handshake failed: {cause}")
            }
            Self::BodyTooLarge { endpoint, limit } => write!(
                f,
                "{endpoint} sent a response body over {limit} bytes (a KMS answer is a few kilobytes)"
            ),
            Self::Broken {
                endpoint,
                cause,
                stage: Stage::Head,
            } => write!(
                f,
                "the connection to {endpoint} broke before a response came: {cause}"
            ),
            Self::Broken {
                endpoint,
                cause,
                stage: Stage::Body,
            } => write!(
                f,
                "the connection to {endpoint} broke in the middle of the response: {cause}"
            ),
            Self::Request { cause } => write!(f, "cannot build the request: {cause}"),
            Self::Halted { operation } => {
                write!(f, "{operation} not sent: the run is stopping")
            }
            Self::HaltedQuery { operation } => {
                write!(f, "{operation} not sent: the run is stopping")
            }
        }
    }
}

impl std::error::Error for WireError {}

/// Why a [`Client`](super::Client) could not be made: nothing was sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClientError {
    /// The endpoint does not parse as a URL.
    NotAUrl {
        /// The endpoint as given.
        endpoint: String,
        /// Why it does not parse.
        cause: String,
    },
    /// The endpoint is a URL, but not an http(s) one with a host.
    NotHttp {
        /// The endpoint as given.
        endpoint: String,
    },
    /// An https endpoint, but this binary was built without the `tls`
    /// feature (`--no-default-features`), so it speaks plain http only.
    NoTls {
        /// The endpoint as given.
        endpoint: String,
    },
    /// reqwest could not build its client (no TLS backend, say).
    HttpClient {
        /// reqwest's reason.
        cause: String,
    },
}

impl fmt::Display for ClientError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotAUrl { endpoint, cause } => {
                write!(f, "the endpoint {endpoint:?} is not a URL: {cause}")
            }
            Self::NotHttp { endpoint } => write!(
                f,
                "the endpoint {endpoint:?} is not an http(s) URL with a host"
            ),
            Self::NoTls { endpoint } => write!(
                f,
                "the endpoint {endpoint:?} is https, but this kms-conformance was built without \
                 HTTPS (--no-default-features); reinstall with the default features"
            ),
            Self::HttpClient { cause } => write!(f, "cannot build the HTTP client: {cause}"),
        }
    }
}

impl std::error::Error for ClientError {}

#[cfg(test)]
mod tests;
