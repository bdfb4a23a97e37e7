//! The KMS JSON 1.1 wire client.
//!
//! Operation plus JSON (or raw bytes and arbitrary headers, for malformed
//! requests) in, [`Exchange`] out. It signs with SigV4, sends with reqwest
//! and records what went out, credentials redacted. A run's clients pace
//! their requests under KMS's quotas (`quotas`, `pacing`) and send a
//! throttled call again (`retry`). It knows nothing of Gherkin or of what a
//! right answer looks like.
//!
//! # How the parts fit
//!
//! [`Client`] (here) turns a [`WireRequest`] into an [`Exchange`]
//! (`exchange.rs`): it signs with [`sigv4`], sends over the reqwest client
//! of `http_client.rs` within its [`Limits`], and scrubs credentials from
//! what it records (`redact.rs`). A transport failure is a [`WireError`], a
//! client that cannot be built a [`ClientError`] (`transport_error.rs`).
//! Around the client: [`Pager`] (`paging.rs`) follows a listing's markers,
//! and the receiving side, the stub and the checks of what a target was
//! sent, reads an [`Authorization`] header (`authorization.rs`) and can
//! [`verify()`] its signature (`verify.rs`).
//!
//! The vocabulary every layer above shares lives here, at the bottom: an
//! [`Operation`] (`operation.rs`) and an [`ErrorCode`] (`error_code.rs`),
//! each spelled on the wire in that one place.

mod authorization;
mod error_code;
mod exchange;
mod form;
mod forward_proxy;
mod http_client;
mod operation;
mod pacing;
mod paging;
mod query_client;
mod query_operation;
mod query_routes;
mod quotas;
mod reconnect;
mod redact;
mod request;
mod retry;
pub(crate) mod sigv4;
mod tagging;
mod transport_error;
mod verify;
mod xml_document;

use std::sync::Arc;
use std::time::{Instant, SystemTime};

use serde_json::Value;

pub use self::authorization::Authorization;
pub(crate) use self::authorization::AuthorizationError;
pub use self::error_code::ErrorCode;
pub use self::exchange::Exchange;
pub(crate) use self::exchange::{REDACTED, SentRequest, preview};
pub(crate) use self::form::{decode_form, encode_form, form_encode};
pub(crate) use self::forward_proxy::ForwardProxy;
pub use self::http_client::{Limits, http_client};
pub use self::operation::Operation;
pub(crate) use self::operation::TARGET_PREFIX;
pub(crate) use self::pacing::Pacer;
pub(crate) use self::paging::Pager;
pub use self::query_client::QueryAnswer;
pub use self::query_operation::QueryOperation;
pub(crate) use self::query_operation::QueryService;
pub(crate) use self::query_routes::{QueryRoute, QueryRoutes};
pub(crate) use self::quotas::Quota;
pub use self::quotas::Quotas;
use self::reconnect::Transport;
pub(crate) use self::request::WireRequest;
use self::request::recorded;
pub use self::request::{WRONG_SECRET, WRONG_SIGNATURE};
use self::retry::FreshKeys;
pub use self::retry::RetryPolicy;
pub(crate) use self::retry::{Halt, is_server_fault, is_throttling};
pub use self::sigv4::Credentials;
pub(crate) use self::tagging::{EXCHANGE_HEADER, ExchangeTags};
pub(crate) use self::transport_error::Stage;
pub use self::transport_error::{ClientError, WireError};
pub(crate) use self::verify::{Received, VerifyError, access_key_id, verify};
pub(crate) use self::xml_document::XmlElement;

/// The `Content-Type` of every `awsJson1_1` request and response.
pub(crate) const CONTENT_TYPE: &str = "application/x-amz-json-1.1";

/// A signed KMS client for one caller in one region at one endpoint.
///
/// Cloning is cheap: clones share the connection pool.
#[derive(Clone, Debug)]
pub struct Client {
    http: Transport,
    /// The forward proxy requests go through, if any; kept to build the
    /// transport of another endpoint.
    proxy: ForwardProxy,
    endpoint: Arc<str>,
    region: String,
    credentials: Credentials,
    limits: Limits,
    /// Names each request with [`EXCHANGE_HEADER`] when set (the proxy mode).
    tags: Option<ExchangeTags>,
    /// The run's pacing, when it paces.
    pacer: Option<Arc<Pacer>>,
    retry: RetryPolicy,
    /// The keys this client and its clones saw made, for the retry of a
    /// `NotFoundException` right after (`retry`).
    fresh: Arc<FreshKeys>,
    /// The run's brake on creating requests, pulled on Ctrl-C.
    halt: Option<Arc<Halt>>,
    /// Where IAM and STS calls go, when not to `endpoint` (`query_routes`).
    query_routes: Arc<QueryRoutes>,
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
        Self::through(
            endpoint,
            region,
            credentials,
            limits,
            ForwardProxy::from_process_env(),
        )
    }

    /// As [`Client::new`], sending through `proxy` rather than the forward
    /// proxy the environment names.
    ///
    /// # Errors
    /// When `endpoint` is not an absolute http(s) URL.
    pub fn through(
        endpoint: &str,
        region: &str,
        credentials: Credentials,
        limits: Limits,
        proxy: ForwardProxy,
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
        if url.scheme() == "https" && !cfg!(feature = "tls") {
            return Err(ClientError::NoTls {
                endpoint: endpoint.to_owned(),
            });
        }
        Ok(Self {
            http: Transport::new(limits, &url, &proxy)?,
            proxy,
            endpoint: Arc::from(url.as_str()),
            region: region.to_owned(),
            credentials,
            limits,
            tags: None,
            pacer: None,
            retry: RetryPolicy::default(),
            fresh: Arc::default(),
            halt: None,
            query_routes: Arc::default(),
        })
    }

    /// The forward proxy requests go through, if any.
    #[must_use]
    pub fn forward_proxy(&self) -> &ForwardProxy {
        &self.proxy
    }

    /// The same client, naming every request it sends with `tags` (an
    /// unsigned `EXCHANGE_HEADER`), so the far end of a proxy can tell
    /// which request it received.
    #[must_use]
    pub fn tagging(self, tags: ExchangeTags) -> Self {
        Self {
            tags: Some(tags),
            ..self
        }
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
    /// An endpoint of another scheme gets its own pool: the pool of an
    /// http endpoint has no TLS roots (see [`http_client()`]).
    #[must_use]
    pub fn at_endpoint(&self, endpoint: &str) -> Self {
        let http = match reqwest::Url::parse(endpoint) {
            Ok(url) if !self.endpoint.starts_with(&format!("{}:", url.scheme())) => {
                Transport::new(self.limits, &url, &self.proxy).unwrap_or_else(|_| self.http.clone())
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
    pub async fn call(&self, operation: Operation, input: &Value) -> Result<Exchange, WireError> {
        self.send(WireRequest::operation(operation, input)).await
    }

    /// One attempt at `request`, signed afresh.
    async fn send_once(&self, request: &WireRequest) -> Result<Exchange, WireError> {
        self.send_once_to(request, "kms").await
    }

    /// One attempt at `request`, signed afresh for `service` (the SigV4
    /// scope's: `kms`, or a Query protocol service's).
    async fn send_once_to(
        &self,
        request: &WireRequest,
        service: &str,
    ) -> Result<Exchange, WireError> {
        let mut headers = Vec::new();
        if let Some(content_type) = &request.content_type {
            headers.push(("content-type".to_owned(), content_type.clone()));
        }
        if let Some(target) = &request.target {
            headers.push(("x-amz-target".to_owned(), target.clone()));
        }
        headers.extend(request.headers.iter().cloned());
        if request.signed {
            let signature = self.signature(request, &headers, service)?;
            headers.extend(signature);
        }
        // After signing: the name is not signed, so a proxy may drop it.
        if let Some(tags) = &self.tags {
            let tag = tags.tag(&headers);
            headers.push(tag);
        }

        let started = Instant::now();
        let answered = self
            .http
            .post(&self.endpoint, &headers, &request.body)
            .await?;
        let mut response = answered.response;
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
                body: request.body.clone(),
            },
            status,
            headers: response_headers,
            body: redact::scrub(&body, &secrets),
            elapsed: started.elapsed(),
            throttled: 0,
            resent: answered.resent,
            transient: 0,
        })
    }

    /// The headers that sign `request`, sent with `headers`: with the
    /// caller's secret, or [`WRONG_SECRET`] when asked.
    fn signature(
        &self,
        request: &WireRequest,
        headers: &[(String, String)],
        service: &str,
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
            service,
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

#[cfg(test)]
mod tests;
