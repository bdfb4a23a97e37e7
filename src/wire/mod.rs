//! The KMS JSON 1.1 wire client.
//!
//! Operation plus JSON (or raw bytes and arbitrary headers, for malformed
//! requests) in, [`Exchange`] out. It signs with SigV4, sends with reqwest
//! and records what went out, credentials redacted. It knows nothing of
//! Gherkin or of what a right answer looks like.

mod authorization;
mod error;
mod exchange;
mod paging;
mod redact;
mod request;
pub mod sigv4;
mod verify;

use std::sync::{Arc, Once};
use std::time::{Duration, Instant, SystemTime};

use serde_json::Value;

pub use self::authorization::{
    ALGORITHM, Authorization, AuthorizationError, CredentialScope, Parameter, TERMINATOR,
};
pub use self::error::{ClientError, Stage, WireError};
pub use self::exchange::{Exchange, REDACTED, SentRequest, preview, sanitize_error_type};
pub use self::paging::{Pager, PagingError, continuation};
use self::request::recorded;
pub use self::request::{WRONG_SECRET, WRONG_SIGNATURE, WireRequest};
pub use self::sigv4::{Credentials, SigningError};
pub use self::verify::{Received, VerifyError, access_key_id, verify};

/// The `Content-Type` of every awsJson1_1 request and response.
pub const CONTENT_TYPE: &str = "application/x-amz-json-1.1";

/// The `X-Amz-Target` prefix of every KMS operation.
pub const TARGET_PREFIX: &str = "TrentService.";

/// How long to wait and how much to accept.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Time to open a connection.
    pub connect_timeout: Duration,
    /// Time for the whole exchange, body included.
    pub timeout: Duration,
    /// Largest response body accepted. A KMS response is a few kilobytes.
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

/// A signed KMS client for one caller in one region at one endpoint.
///
/// Cloning is cheap: clones share the connection pool.
#[derive(Clone, Debug)]
pub struct Client {
    http: reqwest::Client,
    endpoint: Arc<str>,
    region: String,
    credentials: Credentials,
    limits: Limits,
}

impl Client {
    /// A client for `endpoint`, signing as `credentials` in `region`.
    ///
    /// # Errors
    /// When `endpoint` is not an absolute http(s) URL.
    pub fn new(
        endpoint: &str,
        region: &str,
        credentials: Credentials,
        limits: Limits,
    ) -> Result<Self, ClientError> {
        let url = reqwest::Url::parse(endpoint).map_err(|e| ClientError::NotAUrl {
            endpoint: endpoint.to_owned(),
            cause: e.to_string(),
        })?;
        if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
            return Err(ClientError::NotHttp {
                endpoint: endpoint.to_owned(),
            });
        }
        Ok(Self {
            http: http_client(limits, &url)?,
            endpoint: Arc::from(url.as_str()),
            region: region.to_owned(),
            credentials,
            limits,
        })
    }

    /// The same endpoint and connection pool, signing for another region.
    #[must_use]
    pub fn in_region(&self, region: &str) -> Self {
        Self {
            region: region.to_owned(),
            ..self.clone()
        }
    }

    /// The same endpoint and connection pool, signing as another caller.
    #[must_use]
    pub fn as_caller(&self, credentials: Credentials) -> Self {
        Self {
            credentials,
            ..self.clone()
        }
    }

    /// The same caller and region at another endpoint (another region's
    /// regional endpoint on AWS), sharing the connection pool.
    #[must_use]
    /// An endpoint of another scheme gets its own pool: the pool of an
    /// http endpoint has no TLS roots (see [`http_client`]).
    pub fn at_endpoint(&self, endpoint: &str) -> Self {
        let http = match reqwest::Url::parse(endpoint) {
            Ok(url) if !self.endpoint.starts_with(&format!("{}:", url.scheme())) => {
                http_client(self.limits, &url).unwrap_or_else(|_| self.http.clone())
            }
            _ => self.http.clone(),
        };
        Self {
            http,
            endpoint: Arc::from(endpoint),
            ..self.clone()
        }
    }

    /// The endpoint URL, normalised (`http://host:port/`).
    #[must_use]
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// The region requests are signed for.
    #[must_use]
    pub fn region(&self) -> &str {
        &self.region
    }

    /// The caller's credentials (for redaction and leak scans; never print them).
    #[must_use]
    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    /// Calls `operation` with `input`.
    ///
    /// # Errors
    /// A [`WireError`] when no complete HTTP response came back.
    pub async fn call(&self, operation: &str, input: &Value) -> Result<Exchange, WireError> {
        self.send(WireRequest::operation(operation, input)).await
    }

    /// Sends `request` as it is (signing it when asked).
    ///
    /// # Errors
    /// A [`WireError`] when no complete HTTP response came back.
    pub async fn send(&self, request: WireRequest) -> Result<Exchange, WireError> {
        let mut headers = Vec::new();
        if let Some(content_type) = &request.content_type {
            headers.push(("content-type".to_owned(), content_type.clone()));
        }
        if let Some(target) = &request.target {
            headers.push(("x-amz-target".to_owned(), target.clone()));
        }
        headers.extend(request.headers.iter().cloned());
        if request.signed {
            let signature = self.signature(&request, &headers)?;
            headers.extend(signature);
        }

        let mut builder = self.http.post(&*self.endpoint).body(request.body.clone());
        for (name, value) in &headers {
            builder = builder.header(name, value);
        }
        let started = Instant::now();
        let mut response = builder
            .send()
            .await
            .map_err(|e| self.wire_error(&e, Stage::Head))?;
        let status = response.status().as_u16();
        let response_headers: Vec<(String, String)> = response
            .headers()
            .iter()
            .map(|(n, v)| {
                (
                    n.as_str().to_owned(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        let mut body = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| self.wire_error(&e, Stage::Body))?
        {
            if body.len() + chunk.len() > self.limits.max_body {
                return Err(WireError::BodyTooLarge {
                    endpoint: self.endpoint.to_string(),
                    limit: self.limits.max_body,
                });
            }
            body.extend_from_slice(&chunk);
        }
        // A target may echo what it was sent (a debugging proxy, an error
        // that quotes the request): nothing recorded may carry a credential.
        let secrets = redact::secrets(&self.credentials, &headers);
        let response_headers = response_headers
            .into_iter()
            .map(|(name, value)| (name, redact::scrub_text(&value, &secrets)))
            .collect();
        Ok(Exchange {
            operation: request
                .target
                .as_deref()
                .map(|t| t.strip_prefix(TARGET_PREFIX).unwrap_or(t).to_owned()),
            request: SentRequest {
                method: "POST".to_owned(),
                url: self.endpoint.to_string(),
                headers: recorded(headers, request.wrong_secret),
                body: request.body,
            },
            status,
            headers: response_headers,
            body: redact::scrub(&body, &secrets),
            elapsed: started.elapsed(),
        })
    }

    /// The headers that sign `request`, sent with `headers`: with the
    /// caller's secret, or [`WRONG_SECRET`] when asked.
    fn signature(
        &self,
        request: &WireRequest,
        headers: &[(String, String)],
    ) -> Result<Vec<(String, String)>, WireError> {
        let wrong;
        let credentials = if request.wrong_secret {
            wrong = self.credentials.with_secret(WRONG_SECRET);
            &wrong
        } else {
            &self.credentials
        };
        let signable = sigv4::Signable {
            method: "POST",
            url: &self.endpoint,
            headers,
            body: &request.body,
        };
        let signature = sigv4::sign(
            &signable,
            credentials,
            &self.region,
            "kms",
            SystemTime::now(),
        )
        .map_err(|e| WireError::Request {
            cause: e.to_string(),
        })?;
        Ok(signature
            .into_iter()
            .map(|(n, v)| (n.to_owned(), v))
            .collect())
    }

    fn wire_error(&self, error: &reqwest::Error, stage: Stage) -> WireError {
        WireError::from_reqwest(
            &self.endpoint,
            error,
            stage,
            self.limits.connect_timeout,
            self.limits.timeout,
        )
    }
}

/// The connection pool behind a [`Client`] and every client derived from it
/// ([`Client::in_region`], [`Client::as_caller`], [`Client::at_endpoint`]).
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
    install_crypto_provider();
    let builder = reqwest::Client::builder()
        .connect_timeout(limits.connect_timeout)
        .timeout(limits.timeout);
    #[cfg(feature = "tls")]
    let builder = if endpoint.scheme() == "http" {
        builder.tls_certs_only(std::iter::empty())
    } else {
        builder
    };
    #[cfg(not(feature = "tls"))]
    let _ = endpoint;
    builder.build().map_err(|e| ClientError::HttpClient {
        cause: e.to_string(),
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_an_endpoint_that_is_not_http() {
        let credentials = Credentials::new("test", "test", None);
        let error = Client::new(
            "ftp://example.com",
            "us-east-1",
            credentials.clone(),
            Limits::default(),
        )
        .expect_err("ftp is refused");
        assert!(matches!(error, ClientError::NotHttp { .. }), "{error}");
        assert!(error.to_string().contains("not an http(s) URL"), "{error}");
        assert!(
            Client::new(
                "localhost:4566",
                "us-east-1",
                credentials,
                Limits::default()
            )
            .is_err()
        );
    }
}
