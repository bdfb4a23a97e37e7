//! Sending one request, and sending it once more on a fresh connection when
//! the pooled connection it went out on turns out to be dead.
//!
//! A server or proxy may close a kept-alive connection whenever it likes:
//! after an idle timeout, or after every response without saying
//! `Connection: close` (tinyproxy 1.11 does). The client learns of it only
//! when it sends the next request on that connection and the connection
//! breaks before any answer comes. The AWS SDKs send such a request again,
//! and so does the suite, on these conditions only:
//!
//! - the connection was *reused* from the pool: a fresh connection that
//!   breaks is a target that breaks, and that is a verdict;
//! - it broke *before a response came*: the peer closed or reset it (no
//!   status line, no byte of a response head); a timeout, or a response
//!   cut short, is never sent again;
//! - once, on a connection opened for it.
//!
//! A request sent again may have reached the target the first time (a
//! server that acted and then died without answering), so the
//! [`Exchange`](super::Exchange) says it was resent and why
//! ([`Exchange::resent`](super::Exchange::resent)), the trace shows it, and
//! a `CreateKey` that was resent goes down the same path as one that was
//! throttled: its scenario adopts any key it made unseen, by the marker in
//! the key's description. This is the transport's own retry; answers
//! (throttles) are retried above it (`retry.rs`).
//!
//! Whether a connection was reused is told by its local address: the
//! connections made in the request's own task while it waited for one are
//! noted, and the connection the request broke on (hyper-util names it in
//! the error) is reused when it is none of them. hyper-util's pool races a
//! new connection against an idle one coming free, and a new connection
//! that lost the race still completes in the request's task: counting
//! connections made would take a reused connection for a fresh one (it
//! did, through tinyproxy, a run in three).

use std::cell::RefCell;
use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::forward_proxy::ForwardProxy;
use super::http_client::{Limits, builder};
use super::transport_error::{ClientError, Stage, WireError, chain};

use hyper_util::client::legacy::connect::{Connected, Connection, HttpInfo};

tokio::task_local! {
    /// The local addresses of the connections made in this task, for the
    /// request it is sending.
    static MADE: RefCell<Vec<SocketAddr>>;
}

/// Notes each connection the connector makes (see [`MADE`]).
#[derive(Clone, Copy, Debug)]
struct NoteMade;

impl<S> tower_layer::Layer<S> for NoteMade {
    type Service = Noted<S>;

    fn layer(&self, inner: S) -> Noted<S> {
        Noted(inner)
    }
}

/// The connector, noting.
#[derive(Clone, Debug)]
struct Noted<S>(S);

/// The local address of a connection, when its connector says.
fn local_address(connected: &Connected) -> Option<SocketAddr> {
    let mut extensions = http::Extensions::new();
    connected.get_extras(&mut extensions);
    extensions.get::<HttpInfo>().map(HttpInfo::local_addr)
}

impl<S, R> tower_service::Service<R> for Noted<S>
where
    S: tower_service::Service<R>,
    S::Response: Connection,
    S::Future: Send + 'static,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<S::Response, S::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.0.poll_ready(cx)
    }

    fn call(&mut self, request: R) -> Self::Future {
        let connecting = self.0.call(request);
        Box::pin(async move {
            let connected = connecting.await;
            // Outside a request's task (none here) nothing is noted.
            if let Ok(connection) = &connected
                && let Some(address) = local_address(&connection.connected())
            {
                let _ = MADE.try_with(|made| made.borrow_mut().push(address));
            }
            connected
        })
    }
}

/// The HTTP side of a client: a pool of kept-alive connections, and a
/// client that opens a connection for every request, for a resend.
#[derive(Clone, Debug)]
pub(crate) struct Transport {
    pooled: reqwest::Client,
    fresh: reqwest::Client,
    limits: Limits,
}

/// A response, and why the request was sent a second time, if it was.
#[derive(Debug)]
pub(crate) struct Answered {
    /// The response, its body still to be read.
    pub(crate) response: reqwest::Response,
    /// Why the first attempt failed, when the response is the second's.
    pub(crate) resent: Option<String>,
}

impl Transport {
    /// Both clients for `endpoint`, within `limits`, through `proxy`.
    pub(crate) fn new(
        limits: Limits,
        endpoint: &reqwest::Url,
        proxy: &ForwardProxy,
    ) -> Result<Self, ClientError> {
        let build = |builder: reqwest::ClientBuilder| {
            builder.build().map_err(|e| ClientError::HttpClient {
                cause: e.to_string(),
            })
        };
        Ok(Self {
            pooled: build(builder(limits, endpoint, proxy).connector_layer(NoteMade))?,
            fresh: build(builder(limits, endpoint, proxy).pool_max_idle_per_host(0))?,
            limits,
        })
    }

    /// POSTs `body` with `headers` to `endpoint`; once more on a fresh
    /// connection when a reused one broke before any answer.
    pub(crate) async fn post(
        &self,
        endpoint: &str,
        headers: &[(String, String)],
        body: &[u8],
    ) -> Result<Answered, WireError> {
        let request = |client: &reqwest::Client| {
            let mut builder = client.post(endpoint).body(body.to_vec());
            for (name, value) in headers {
                builder = builder.header(name, value);
            }
            builder.send()
        };
        let (first, made) = MADE
            .scope(RefCell::default(), async {
                let sent = request(&self.pooled).await;
                (sent, MADE.with(RefCell::take))
            })
            .await;
        match first {
            Ok(response) => Ok(Answered {
                response,
                resent: None,
            }),
            Err(error) if reused(&error, &made) && broke_before_an_answer(&error) => {
                let why = self.wire_error(endpoint, &error).to_string();
                let response = request(&self.fresh)
                    .await
                    .map_err(|e| self.wire_error(endpoint, &e))?;
                Ok(Answered {
                    response,
                    resent: Some(format!(
                        "sent again on a new connection: the reused one was dead ({why})"
                    )),
                })
            }
            Err(error) => Err(self.wire_error(endpoint, &error)),
        }
    }

    fn wire_error(&self, endpoint: &str, error: &reqwest::Error) -> WireError {
        WireError::from_reqwest(
            endpoint,
            error,
            Stage::Head,
            self.limits.connect_timeout,
            self.limits.timeout,
        )
    }
}

/// Whether the request failed on a connection that served before: one the
/// error names, and that is none of those `made` for it. Unknown is not
/// reused.
fn reused(error: &reqwest::Error, made: &[SocketAddr]) -> bool {
    chain(error)
        .iter()
        .find_map(|link| link.downcast_ref::<hyper_util::client::legacy::Error>())
        .and_then(hyper_util::client::legacy::Error::connect_info)
        .and_then(local_address)
        .is_some_and(|address| !made.contains(&address))
}

/// Whether the connection was closed or reset under the request before
/// any answer came: hyper's "connection closed before message completed"
/// (the peer closed it), or a reset or broken pipe while sending. Never a
/// timeout, and never a connection that could not be opened.
fn broke_before_an_answer(error: &reqwest::Error) -> bool {
    if error.is_timeout() || error.is_connect() || error.is_builder() {
        return false;
    }
    chain(error).iter().any(|link| {
        link.downcast_ref::<hyper::Error>()
            .is_some_and(hyper::Error::is_incomplete_message)
            || link.downcast_ref::<std::io::Error>().is_some_and(|io| {
                matches!(
                    io.kind(),
                    std::io::ErrorKind::ConnectionReset
                        | std::io::ErrorKind::ConnectionAborted
                        | std::io::ErrorKind::BrokenPipe
                )
            })
    })
}

#[cfg(test)]
mod tests;
