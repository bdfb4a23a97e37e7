//! The pre-flight through the proxy, judged through the tap.
//!
//! Every run starts with one harmless `DescribeKey` and ends there when the
//! answer is a refusal of the credentials or not KMS's. In the proxy mode
//! the credentials are the stub's own, so a refusal means the request
//! arrived otherwise than it was sent: the stub's record says how, and the
//! run says so in one line and fails (the proxy under test is wrong, exit
//! code 1), rather than blame the credentials and call the run unjudged.
//! What is not the proxy's fault stays unjudged (exit code 2): nothing
//! answered, or nothing reached the stub, or the stub saw the request as it
//! was sent.

use std::collections::BTreeMap;

use super::judge::{Sides, judge_exchange};
use super::pairing::{ClientExchange, Paired};
use crate::endpoint::ConnectError;
use crate::report::fidelity::{Finding, Severity};
use crate::stub::tap::Tapped;
use crate::wire::WireError;

/// The scenario name the pre-flight's findings carry.
pub(crate) const PREFLIGHT: &str = "the pre-flight check";

/// Why a run through a proxy did not get past its pre-flight.
#[derive(Debug)]
pub(crate) enum ProxyError {
    /// The run cannot be judged, and nothing shows the proxy at fault: it
    /// does not answer, or what reached the stub was what the client sent
    /// (exit code 2).
    Unusable {
        /// Why, as any run against the endpoint would say.
        error: ConnectError,
        /// The address the stub serves on, when the proxy answered and
        /// nothing reached the stub: it forwards somewhere else.
        nothing_reached: Option<String>,
    },
    /// The proxy changed the pre-flight exchange, and that ended the run:
    /// the proxy under test fails (exit code 1).
    Changed {
        /// The proxy's URL.
        proxy: String,
        /// What the client got in the end, in words.
        outcome: String,
        /// The faults the pre-flight's exchange shows, in check order.
        findings: Vec<Finding>,
    },
}

impl std::fmt::Display for ProxyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Unusable {
                error,
                nothing_reached: None,
            } => error.fmt(f),
            Self::Unusable {
                error,
                nothing_reached: Some(upstream),
            } => write!(
                f,
                "{error} (nothing reached the stub at {upstream}: does the proxy forward there?)"
            ),
            Self::Changed {
                proxy,
                outcome,
                findings,
            } => {
                let changes: Vec<String> = findings
                    .iter()
                    .map(|f| format!("{}: {}", f.check.name(), f.what))
                    .collect();
                write!(
                    f,
                    "the proxy at {proxy} changed the pre-flight DescribeKey, and {outcome}: {}",
                    changes.join("; ")
                )
            }
        }
    }
}

impl std::error::Error for ProxyError {}

impl ProxyError {
    /// Whether the proxy under test is shown wrong (exit code 1), rather
    /// than the run unjudged (exit code 2).
    #[must_use]
    pub(crate) fn proxy_failed(&self) -> bool {
        matches!(self, Self::Changed { .. })
    }
}

/// What ended a run at its pre-flight, judged against `tapped`, the
/// requests that reached the stub meanwhile.
pub(super) fn judge(error: ConnectError, tapped: &[Tapped], sides: &Sides<'_>) -> ProxyError {
    if tapped.is_empty() {
        let nothing_reached = reached_the_proxy(&error).then(|| sides.upstream.to_owned());
        return ProxyError::Unusable {
            error,
            nothing_reached,
        };
    }
    let Some(exchange) = error.preflight() else {
        return ProxyError::Unusable {
            error,
            nothing_reached: None,
        };
    };
    let paired = Paired {
        client: ClientExchange {
            scenario: PREFLIGHT,
            index: 0,
            exchange,
        },
        upstream: tapped.iter().collect(),
    };
    let mut findings = Vec::new();
    // How the pre-flight was signed is no note of a run that ended there.
    judge_exchange(&paired, sides, &mut findings, &mut BTreeMap::new());
    findings.retain(|f| f.severity() == Severity::Fault);
    if findings.is_empty() {
        return ProxyError::Unusable {
            error,
            nothing_reached: None,
        };
    }
    let outcome = match (&error, exchange.error_code()) {
        (ConnectError::CredentialsRefused { .. }, Some(code)) => {
            format!("the stub refused it (HTTP {} {code})", exchange.status)
        }
        _ => format!(
            "the client could not read the answer as KMS's (HTTP {})",
            exchange.status
        ),
    };
    ProxyError::Changed {
        proxy: sides.proxy.to_owned(),
        outcome,
        findings,
    }
}

/// Whether the pre-flight got as far as the proxy: then a proxy whose
/// requests never reached the stub forwards somewhere else, or nowhere.
fn reached_the_proxy(error: &ConnectError) -> bool {
    !matches!(
        error,
        ConnectError::Unreachable(
            WireError::Unreachable { .. }
                | WireError::UnknownHost { .. }
                | WireError::ConnectTimeout { .. }
                | WireError::Tls { .. }
        ) | ConnectError::BadEndpoint(_)
    )
}
