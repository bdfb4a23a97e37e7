//! Request fidelity, apart from the signature: what reached the stub is
//! what the client sent. Each check says, in one line, what differed, or
//! nothing.

use std::collections::BTreeSet;

use super::Declared;
use super::pairing::sent_header;
use super::sides::redacted;
use crate::stub::tap::TappedRequest;
use crate::wire::{Exchange, preview};

/// Longest body shown in a finding's one line, in bytes.
const SHOWN: usize = 120;

/// Headers the signature check judges: a proxy that re-signs changes them
/// all, and whether it may is the signature's question.
pub(super) const SIGNATURE_HEADERS: [&str; 4] = [
    "authorization",
    "x-amz-date",
    "x-amz-security-token",
    "x-amz-content-sha256",
];

/// Headers with a check of their own.
const OWN_CHECKS: [&str; 2] = ["x-amz-target", "content-type"];

/// Headers the HTTP client sends without the suite setting them (so the
/// recorded exchange does not list them), and hop-by-hop headers, which
/// belong to one connection and which every proxy rewrites (RFC 9110,
/// section 7.6.1).
const TRANSPORT: [&str; 11] = [
    "host",
    "content-length",
    "accept",
    "connection",
    "keep-alive",
    "proxy-connection",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "proxy-authorization",
];

/// The method.
pub(super) fn method(client: &Exchange, upstream: &TappedRequest) -> Option<String> {
    (client.request.method != upstream.method).then(|| {
        format!(
            "the client sent {}; the stub received {}",
            client.request.method, upstream.method
        )
    })
}

/// The path and query.
pub(super) fn path(client: &Exchange, upstream: &TappedRequest) -> Option<String> {
    let sent = reqwest::Url::parse(&client.request.url).map_or_else(
        |_| client.request.url.clone(),
        |url| match url.query() {
            Some(query) => format!("{}?{query}", url.path()),
            None => url.path().to_owned(),
        },
    );
    (sent != upstream.path).then(|| {
        format!(
            "the client sent the path {sent}; the stub received {}",
            upstream.path
        )
    })
}

/// A header with a check of its own: `X-Amz-Target`, `Content-Type`.
pub(super) fn header(
    name: &str,
    shown: &str,
    client: &Exchange,
    upstream: &TappedRequest,
) -> Option<String> {
    let sent = sent_header(client, name);
    let received = upstream.header(name);
    (sent != received.as_deref()).then(|| {
        format!(
            "the client sent {shown} {}; the stub received {}",
            quoted(sent),
            quoted(received.as_deref())
        )
    })
}

/// The body bytes; a body cut short says by how much, as a proxy that
/// loses the end of a body is hard to see in two previews.
pub(super) fn body(client: &Exchange, upstream: &TappedRequest) -> Option<String> {
    let (sent, received) = (&client.request.body, &upstream.body);
    (sent != received).then(|| {
        let short = sent.len() - received.len().min(sent.len());
        let cut = if short > 0 && sent.starts_with(received) {
            let plural = if short == 1 { "" } else { "s" };
            format!("the body arrived {short} byte{plural} short: ")
        } else {
            String::new()
        };
        format!(
            "{cut}the client sent {}; the stub received {}",
            bytes(sent),
            bytes(received)
        )
    })
}

/// Every other header the client set arrives unchanged; nothing arrives
/// that the client did not send, unless the user declared it.
pub(super) fn other_headers(
    client: &Exchange,
    upstream: &TappedRequest,
    declared: &Declared,
) -> Option<String> {
    let judged = |name: &str| {
        !SIGNATURE_HEADERS.contains(&name)
            && !OWN_CHECKS.contains(&name)
            && !TRANSPORT.contains(&name)
    };
    let sent: BTreeSet<&str> = client
        .request
        .headers
        .iter()
        .map(|(n, _)| n.as_str())
        .filter(|n| judged(n))
        .collect();
    let mut differences = Vec::new();
    for name in &sent {
        let value = fold(client, name);
        match upstream.header(name) {
            None => differences.push(format!("dropped {name}")),
            Some(received) if received != value => differences.push(format!(
                "changed {name} from {value:?} to {:?}",
                redacted(name, &received)
            )),
            Some(_) => {}
        }
    }
    let added: BTreeSet<&str> = upstream
        .headers
        .iter()
        .map(|(n, _)| n.as_str())
        .filter(|n| judged(n) && !sent.contains(n) && !declared.adds(n))
        .collect();
    for name in added {
        let value = upstream.header(name).unwrap_or_default();
        differences.push(format!("added {name}: {}", redacted(name, &value)));
    }
    (!differences.is_empty()).then(|| differences.join("; "))
}

/// Every value of a header the client sent, folded as HTTP folds them.
fn fold(client: &Exchange, name: &str) -> String {
    client
        .request
        .headers
        .iter()
        .filter(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn quoted(value: Option<&str>) -> String {
    value.map_or_else(|| "none".to_owned(), |v| format!("{v:?}"))
}

/// `an empty body`, or `12 bytes: {"KeyId":"…"}`.
pub(super) fn bytes(body: &[u8]) -> String {
    if body.is_empty() {
        "an empty body".to_owned()
    } else {
        format!("{} bytes: {}", body.len(), preview(body, SHOWN))
    }
}
