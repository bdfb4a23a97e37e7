//! How many requests reached the stub for one of the client's, and
//! response fidelity: what reached the client is what the stub answered.

use super::request_fidelity::bytes;
use crate::stub::tap::Tapped;
use crate::wire::{Exchange, Operation};

/// Exactly one request reaches the stub per request the client sent.
pub(super) fn count(client: &Exchange, upstream: &[&Tapped]) -> Option<String> {
    match upstream.len() {
        1 => None,
        0 => Some(
            "no request reached the stub: the proxy answered the client itself (from a cache?)"
                .to_owned(),
        ),
        n => {
            let answers: Vec<String> = upstream
                .iter()
                .map(|t| t.response.status.to_string())
                .collect();
            let leak = if client.called() == Some(Operation::CreateKey) {
                format!(
                    "; each CreateKey makes a key, so {} the client never hears of",
                    n - 1
                )
            } else {
                String::new()
            };
            // The client sends again, once, a request whose reused
            // connection broke before any answer: if the first attempt
            // reached the stub, the proxy lost its answer.
            let who = if client.resent.is_some() && n == 2 {
                "the proxy closed the client's connection without passing the first answer on, \
                 and the client sent it again"
            } else {
                "the proxy retried or repeated it"
            };
            Some(format!(
                "the stub received it {n} times (answering HTTP {}): {who}{leak}",
                answers.join(", ")
            ))
        }
    }
}

/// The stub's answer the client got: the one whose request ID is among the
/// client's, else the last (a proxy that retries passes the last answer on).
pub(super) fn answer<'a>(client: &Exchange, upstream: &[&'a Tapped]) -> Option<&'a Tapped> {
    let received = client.header_values("x-amzn-requestid");
    upstream
        .iter()
        .find(|t| {
            t.response
                .header("x-amzn-requestid")
                .is_some_and(|id| received.contains(&id.as_str()))
        })
        .or_else(|| upstream.last())
        .copied()
}

/// The status.
pub(super) fn status(client: &Exchange, answer: &Tapped) -> Option<String> {
    (client.status != answer.response.status).then(|| {
        format!(
            "the stub answered HTTP {}; the client received HTTP {}",
            answer.response.status, client.status
        )
    })
}

/// The body bytes: an empty body stays empty.
pub(super) fn body(client: &Exchange, answer: &Tapped) -> Option<String> {
    (client.body != answer.response.body).then(|| {
        format!(
            "the stub answered {}; the client received {}",
            bytes(&answer.response.body),
            bytes(&client.body)
        )
    })
}

/// A header of the answer: `Content-Type`, `x-amzn-RequestId`. Every value
/// on each side, folded as HTTP folds a repeated header (`a, b`): a proxy
/// that adds its own beside the stub's changes what a client reads.
pub(super) fn header(
    name: &str,
    shown: &str,
    client: &Exchange,
    answer: &Tapped,
) -> Option<String> {
    let sent = answer.response.header(name);
    let values = client.header_values(name);
    let received = (!values.is_empty()).then(|| values.join(", "));
    (sent != received).then(|| {
        let quoted = |v: Option<&str>| v.map_or_else(|| "none".to_owned(), |v| format!("{v:?}"));
        format!(
            "the stub answered with {shown} {}; the client received {}",
            quoted(sent.as_deref()),
            quoted(received.as_deref())
        )
    })
}
