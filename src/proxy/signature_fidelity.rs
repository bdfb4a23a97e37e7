//! Request fidelity of the signature: the `Authorization` that reached the
//! stub is the client's, unchanged and still valid for what arrived, or a
//! valid signature for the stub made by the proxy (then: with which
//! credentials, for which region).
//!
//! Judged with [`wire::verify`](crate::wire::verify) and the stub's secret
//! for the access key the request names: the client signs with the stub's
//! own credentials in the proxy mode, so the same secret checks a
//! signature passed on and one the proxy made.

use std::fmt::Write as _;

use sha2::{Digest as _, Sha256};

use super::Declared;
use super::pairing::sent_header;
use super::sides::redacted;
use crate::stub::http::account_for;
use crate::stub::secrets::DEFAULT_SECRET;
use crate::stub::tap::TappedRequest;
use crate::wire::{Authorization, Exchange, Received, WRONG_SECRET, WRONG_SIGNATURE, verify};

/// The secret the stub holds for `access_key`: the proxy mode's upstream
/// stub keeps the default, `test` for every key ([`DEFAULT_SECRET`]).
#[must_use]
pub(crate) fn stub_secret(_access_key: &str) -> &'static str {
    DEFAULT_SECRET
}

/// Whether the client signed `client`'s request with a wrong secret on
/// purpose (a scenario about refusing it): its signature then holds only
/// for [`WRONG_SECRET`], and passing it on unchanged is what a faithful
/// proxy does.
fn signed_wrong_on_purpose(client: &Exchange) -> bool {
    client.request.headers.iter().any(|(name, value)| {
        name.eq_ignore_ascii_case("authorization") && value.contains(WRONG_SIGNATURE)
    })
}

/// How the request that reached the stub was signed, when the signature
/// holds.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Signing {
    /// Unsigned by the client and by the proxy.
    Unsigned,
    /// The client's own `Authorization`, passed on.
    PassedOn,
    /// Signed again by the proxy.
    Resigned(Signer),
}

/// Who signed a request the proxy signed again: never the access key
/// itself (a credential).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Signer {
    /// The first 8 hex digits of the access key's SHA-256: tells keys
    /// apart without showing one.
    pub fingerprint: String,
    /// The account the stub takes the access key to belong to.
    pub account: String,
    /// Whether it is the access key the client signed with.
    pub clients_key: bool,
    /// The region of the credential scope.
    pub region: String,
    /// The service of the credential scope.
    pub service: String,
}

impl std::fmt::Display for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let whose = if self.clients_key {
            "the client's own access key"
        } else {
            "another access key"
        };
        write!(
            f,
            "{whose} (sha256 {}, account {}) for {}/{}",
            self.fingerprint, self.account, self.region, self.service
        )
    }
}

/// What the signature check found: how the request was signed when the
/// signature holds, and the finding, if any.
#[derive(Debug)]
pub(super) struct Judged {
    /// How the request was signed; `None` when its signature does not hold.
    pub signing: Option<Signing>,
    /// What is wrong with it, in one line.
    pub finding: Option<String>,
}

/// Judges the `Authorization` that reached the stub against `sent`, the
/// one `client` went out with (`None`: unsigned).
pub(super) fn judge(
    sent: Option<&str>,
    client: &Exchange,
    upstream: &TappedRequest,
    declared: &Declared,
) -> Judged {
    let finding = |text: String| Judged {
        signing: None,
        finding: Some(text),
    };
    let Some(received) = upstream.header("authorization") else {
        return match sent {
            None => Judged {
                signing: Some(Signing::Unsigned),
                finding: None,
            },
            Some(_) => finding(
                "the client signed the request; the stub received it without Authorization".into(),
            ),
        };
    };
    let url = format!("http://upstream{}", upstream.path);
    let request = Received {
        method: &upstream.method,
        url: &url,
        headers: &upstream.headers,
        body: &upstream.body,
    };
    let access_key = received
        .parse::<Authorization>()
        .map(|a| a.access_key_id().to_owned())
        .unwrap_or_default();
    let passed_on = sent == Some(received.as_str());
    let secret = if passed_on && signed_wrong_on_purpose(client) {
        WRONG_SECRET
    } else {
        stub_secret(&access_key)
    };
    let authorization = match verify(&request, secret) {
        Ok(authorization) => authorization,
        Err(error) if passed_on => {
            let changed = signed_and_changed(client, sent.unwrap_or_default(), upstream);
            let changed = if changed.is_empty() {
                String::new()
            } else {
                format!(" ({})", changed.join("; "))
            };
            return finding(format!(
                "the client's signature reached the stub but no longer holds for what arrived: \
                 {error}{changed}"
            ));
        }
        Err(error) => {
            return finding(format!(
                "the stub received an Authorization other than the client's, and it does not hold: {error}"
            ));
        }
    };
    if passed_on {
        return Judged {
            signing: Some(Signing::PassedOn),
            finding: None,
        };
    }
    let client = sent.and_then(|s| s.parse::<Authorization>().ok());
    let scope = authorization.scope();
    let signer = Signer {
        fingerprint: fingerprint(authorization.access_key_id()),
        account: account_for(authorization.access_key_id()),
        clients_key: client
            .as_ref()
            .is_some_and(|c| c.access_key_id() == authorization.access_key_id()),
        region: scope.region.clone(),
        service: scope.service.clone(),
    };
    let mut problems = Vec::new();
    match &client {
        Some(client) if client.scope().region != scope.region => problems.push(format!(
            "the proxy signed again for {}; the client signed for {}",
            scope.region,
            client.scope().region
        )),
        _ => {}
    }
    if scope.service != "kms" {
        problems.push(format!(
            "the proxy signed again for the service {}, not kms",
            scope.service
        ));
    }
    if client.is_none() && !declared.resigns {
        problems.push(
            "the client sent the request unsigned; the proxy signed it (declare --proxy-resigns if it should)"
                .into(),
        );
    } else if !signer.clients_key && !declared.resigns {
        problems.push(format!(
            "the proxy signed again with {signer} (declare --proxy-resigns if it should)"
        ));
    }
    Judged {
        finding: (!problems.is_empty()).then(|| problems.join("; ")),
        signing: Some(Signing::Resigned(signer)),
    }
}

/// What the client signed that arrived otherwise: the signed headers, the
/// method, the path and the body (whose hash the signature covers).
fn signed_and_changed(client: &Exchange, sent: &str, upstream: &TappedRequest) -> Vec<String> {
    let Ok(authorization) = sent.parse::<Authorization>() else {
        return Vec::new();
    };
    let host = reqwest::Url::parse(&client.request.url)
        .ok()
        .and_then(|url| {
            let host = url.host_str()?.to_owned();
            Some(
                url.port()
                    .map_or(host.clone(), |port| format!("{host}:{port}")),
            )
        });
    let mut changed = Vec::new();
    for name in authorization.signed_headers() {
        let sent = if name == "host" {
            host.clone()
        } else {
            sent_header(client, name).map(str::to_owned)
        };
        let received = upstream.header(name);
        if sent != received {
            changed.push(match (sent, received) {
                (Some(sent), Some(received)) => format!(
                    "the signed header {name} went from {:?} to {:?}",
                    redacted(name, &sent),
                    redacted(name, &received)
                ),
                (Some(_), None) => format!("the signed header {name} was dropped"),
                (None, _) => format!("the signed header {name} was added"),
            });
        }
    }
    if client.request.method != upstream.method {
        changed.push("the method changed".into());
    }
    if client.request.body != upstream.body {
        changed.push("the body changed".into());
    }
    changed
}

fn fingerprint(access_key: &str) -> String {
    let digest = Sha256::digest(access_key.as_bytes());
    digest.iter().take(4).fold(String::new(), |mut hex, byte| {
        let _ = write!(hex, "{byte:02x}");
        hex
    })
}
