//! The proxy mode: the suite on both sides of a proxy under test.
//!
//! The built-in stub serves on an address as the proxy's upstream
//! ([`Upstream`]), recording every exchange it serves; the suite runs
//! through the proxy ([`connect`], then [`crate::suite::run`]) with every
//! request named by an unsigned header; then [`judge()`] pairs each exchange
//! the client saw with the requests that reached the stub and judges it
//! twice, as a [`Fidelity`] of findings beside the scenarios' verdicts:
//!
//! - request fidelity (client → stub): method, path, `X-Amz-Target`,
//!   `Content-Type`, body bytes, an `Authorization` that is the client's or
//!   a valid signature for the stub (and by whom, for which region), the
//!   other headers, and exactly one request upstream per request sent;
//! - response fidelity (stub → client): status, body bytes, `Content-Type`,
//!   `x-amzn-RequestId`.
//!
//! A finding is a fault or a note ([`Severity`]): faults fail the run by
//! default, notes (unsigned headers added or dropped) are reported. What
//! a proxy may legitimately do is [`Declared`]: sign again with its own
//! credentials, add headers. Seen from the client alone, most of what
//! these checks find looks like a correct KMS; here the suite owns both
//! ends. A pre-flight the proxy broke is judged the same way
//! ([`ProxyError::Changed`]). The proxy under test may be a reverse proxy
//! (the suite sends to it) or a forward proxy (the suite sends to the
//! stub, through it).
//!
//! [`Fidelity`]: crate::report::fidelity::Fidelity
//! [`Severity`]: crate::report::fidelity::Severity

mod judge;
mod pairing;
mod preflight;
pub(crate) mod reports;
mod request_fidelity;
mod response_fidelity;
mod sides;
mod signature_fidelity;

use std::collections::BTreeSet;
use std::net::{SocketAddr, TcpListener};
use std::sync::Arc;
use std::time::Duration;

pub(crate) use self::judge::{Sides, judge};
pub(crate) use self::preflight::ProxyError;
use crate::endpoint::{
    Callers, Capability, Opened, RunContext, TargetConfig, ledger::Ledger, open_named,
};
use crate::stub::tap::Tap;
use crate::stub::{StubOptions, StubServer};
use crate::wire::{Credentials, ExchangeTags, RetryPolicy};

/// What the proxy may do without it being a finding.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Declared {
    /// It signs requests again with its own credentials (`--proxy-resigns`).
    /// Signing for another region or service than the client's is a
    /// finding all the same: the stub, like KMS, answers for that region.
    pub resigns: bool,
    /// Headers it adds to requests, names in lower case
    /// (`--proxy-adds-header NAME`).
    pub added_headers: BTreeSet<String>,
}

impl Declared {
    /// Whether the header `name` is one the proxy was declared to add.
    #[must_use]
    pub(crate) fn adds(&self, name: &str) -> bool {
        self.added_headers.contains(&name.to_ascii_lowercase())
    }
}

/// The stub, serving as the proxy's upstream and recording what it serves.
/// It serves until dropped.
#[derive(Debug)]
pub(crate) struct Upstream {
    server: StubServer,
    tap: Tap,
    address: SocketAddr,
}

impl Upstream {
    /// Serves a faithful stub on `listener`.
    ///
    /// # Errors
    /// When the listener's address cannot be read.
    pub(crate) async fn serve(listener: TcpListener) -> std::io::Result<Self> {
        let address = listener.local_addr()?;
        let tap = Tap::new();
        let server = StubServer::start_tapped(listener, StubOptions::default(), tap.clone()).await;
        Ok(Self {
            server,
            tap,
            address,
        })
    }

    /// The address it serves on.
    #[must_use]
    pub(crate) fn address(&self) -> SocketAddr {
        self.address
    }

    /// Its URL (`http://127.0.0.1:PORT/`).
    #[must_use]
    pub(crate) fn uri(&self) -> &str {
        self.server.uri()
    }

    /// The stub's record, for [`Sides::tap`].
    #[must_use]
    pub(crate) fn tap(&self) -> &Tap {
        &self.tap
    }
}

/// The suite's side of a run through a proxy.
#[derive(Debug)]
pub(crate) struct Through {
    /// What every scenario shares: callers that send to the proxy.
    pub context: Arc<RunContext>,
    /// The names of the requests the callers send.
    pub tags: ExchangeTags,
    /// The URL the suite sends to, normalised: the reverse proxy's, or the
    /// stub's when a forward proxy is under test.
    pub endpoint: String,
    /// The proxy under test, as reports name it: the reverse proxy's URL,
    /// the forward proxy's (credentials left out), or both when a reverse
    /// proxy is reached through a forward one.
    pub proxy: String,
}

/// The proxy under test when the suite sends to `endpoint` (the stub's URL
/// is `stub`) through `forward`, if any.
fn under_test(endpoint: &str, stub: &str, forward: Option<String>) -> String {
    match forward {
        Some(forward) if endpoint == stub => forward,
        Some(forward) => format!("{endpoint} via the forward proxy {forward}"),
        None => endpoint.to_owned(),
    }
}

/// The credentials the stub knows: the client signs with them, so that a
/// signature the proxy passes on and one it makes are checked alike. The
/// second account is the stub's (a 12-digit access key is its account).
/// The stub behind the proxy never faults and shows every change at once,
/// so a 5xx or a fresh key not found is the proxy's doing: it is judged,
/// never sent again, or a retry of the client's would read as the proxy
/// repeating requests.
fn stub_credentials(config: &TargetConfig) -> TargetConfig {
    TargetConfig {
        credentials: Credentials::new("test", "test", None),
        second_credentials: Some(Credentials::new("444455556666", "test", None)),
        notices: Vec::new(),
        retry: RetryPolicy {
            fault_attempts: 1,
            fresh_key_window: Duration::ZERO,
            ..config.retry
        },
        ..config.clone()
    }
}

/// Reaches the proxy at `config`'s endpoint with the pre-flight check every
/// run makes, and makes the run's context: the stub behind the proxy is the
/// run's own (keys are not cleaned up, key states can be set), and every
/// request is named. When the pre-flight ends the run, what reached the
/// stub says whether the proxy is to blame ([`ProxyError`]).
///
/// # Errors
/// One line naming the proxy and why it cannot be used, or what it changed.
pub(crate) async fn connect(
    config: &TargetConfig,
    upstream: &Upstream,
    run_id: &str,
    declared: &Declared,
) -> Result<Through, ProxyError> {
    let config = stub_credentials(config);
    let endpoint = match &config.target {
        crate::endpoint::Target::Endpoint(url) => url.clone(),
        crate::endpoint::Target::Stub(_) => upstream.uri().to_owned(),
    };
    let proxy = under_test(
        &endpoint,
        upstream.uri(),
        config.forward_proxy.route(&endpoint),
    );
    let tags = ExchangeTags::new();
    let opened = open_named(&config, &endpoint, Some(tags.clone())).await;
    let (tapped, _) = upstream.tap.take();
    let Opened { callers, .. } = opened.map_err(|error| {
        preflight::judge(
            error,
            &tapped,
            &Sides {
                proxy: &proxy,
                upstream: &upstream.address.to_string(),
                tags: &tags,
                tap: &upstream.tap,
                declared,
            },
        )
    })?;
    let tags = ExchangeTags::new();
    let callers = Callers {
        primary: callers.primary.tagging(tags.clone()),
        other_region: callers.other_region.tagging(tags.clone()),
        second_account: callers.second_account.map(|c| c.tagging(tags.clone())),
    };
    let endpoint = callers.primary.endpoint().to_owned();
    let ledger = Ledger::in_memory(run_id, &endpoint);
    let mut context = RunContext::new(
        callers,
        config.settle,
        true,
        run_id.to_owned(),
        Arc::new(ledger),
    );
    // The proxy mode judges KMS exchanges; a role's IAM and STS calls
    // would go through the proxy under test too (issue 26 leaves it open).
    context = context.lacks(
        Capability::Iam,
        "the proxy mode judges KMS exchanges only".to_owned(),
    );
    if declared.resigns {
        context = context.lacks(
            Capability::ClientSignatures,
            "the proxy is declared to sign requests again (--proxy-resigns)".to_owned(),
        );
    }
    Ok(Through {
        context: Arc::new(context),
        tags,
        endpoint,
        proxy,
    })
}

#[cfg(test)]
mod tests;
