//! Both sides of an exchange as a finding shows them, one line each,
//! credentials redacted: the client's (already redacted when recorded) and
//! the stub's (redacted here, as the wire client redacts what it records).

use crate::report::terminal::{BODY_LIMIT, HEADERS_OF_NOTE};
use crate::stub::tap::Tapped;
use crate::wire::{Authorization, Exchange, REDACTED, preview};

/// The client's request as sent and the response as received.
pub(super) fn client(exchange: &Exchange) -> Vec<String> {
    let mut lines = vec![format!(
        "> {} {}",
        exchange.request.method, exchange.request.url
    )];
    lines.extend(
        exchange
            .request
            .headers
            .iter()
            .map(|(name, value)| format!("> {name}: {value}")),
    );
    lines.push(format!("> {}", preview(&exchange.request.body, BODY_LIMIT)));
    lines.push(format!("< HTTP {}", exchange.status));
    for name in HEADERS_OF_NOTE {
        if let Some(value) = exchange.header(name) {
            lines.push(format!("< {name}: {value}"));
        }
    }
    lines.push(format!("< {}", exchange.body_preview(BODY_LIMIT)));
    lines
}

/// The request as the stub received it and the answer it sent.
pub(super) fn stub(tapped: &Tapped) -> Vec<String> {
    let request = &tapped.request;
    let mut lines = vec![format!("> {} {}", request.method, request.path)];
    lines.extend(
        request
            .headers
            .iter()
            .map(|(name, value)| format!("> {name}: {}", redacted(name, value))),
    );
    lines.push(format!("> {}", preview(&request.body, BODY_LIMIT)));
    let response = &tapped.response;
    lines.push(format!("< HTTP {}", response.status));
    lines.extend(
        response
            .headers
            .iter()
            .map(|(name, value)| format!("< {name}: {value}")),
    );
    lines.push(format!("< {}", preview(&response.body, BODY_LIMIT)));
    lines
}

/// Parts of header names that say the value may be a credential: a
/// gateway may add its own API key or token on the way to the upstream.
const CREDENTIAL_NAMES: [&str; 7] = [
    "auth",
    "token",
    "key",
    "secret",
    "cookie",
    "password",
    "credential",
];

/// A header's value fit to show: a SigV4 `Authorization` keeps its scope
/// and signed headers; the value of any header whose name suggests a
/// credential (a session token, an API key, a cookie) goes whole.
pub(super) fn redacted(name: &str, value: &str) -> String {
    let name = name.to_ascii_lowercase();
    if name == "authorization" {
        value
            .parse::<Authorization>()
            .map_or_else(|_| REDACTED.to_owned(), |a| a.redacted())
    } else if CREDENTIAL_NAMES.iter().any(|part| name.contains(part)) {
        REDACTED.to_owned()
    } else {
        value.to_owned()
    }
}

#[cfg(test)]
mod tests;
