//! One request and the response it got, as seen on the wire.

use std::time::Duration;

use serde_json::Value;

use super::{ErrorCode, Operation};

/// Placeholder that replaces every credential in a recorded request.
pub(crate) const REDACTED: &str = "<redacted>";

/// A request as it was sent, with its credentials already redacted.
#[derive(Clone, Debug)]
pub struct SentRequest {
    /// The HTTP method; always `POST` for KMS.
    pub method: String,
    /// The client's endpoint URL, normalised (`http://127.0.0.1:4566/`).
    pub url: String,
    /// Header names in lower case, in the order they were set; credential
    /// values replaced by [`REDACTED`].
    pub headers: Vec<(String, String)>,
    /// The body bytes as sent, whether or not they are JSON.
    pub body: Vec<u8>,
}

/// A complete request/response pair.
#[derive(Clone, Debug)]
pub struct Exchange {
    /// The operation `X-Amz-Target` named, as text: after KMS's prefix
    /// when it had it (`UntagResource`), else whole, for a scenario may send
    /// any target on purpose; [`Exchange::called`] reads it as an [`Operation`].
    pub operation: Option<String>,
    /// What went out, credentials redacted.
    pub request: SentRequest,
    /// The response's HTTP status code.
    pub status: u16,
    /// Response header names in lower case; values that are not text are lossily decoded.
    pub headers: Vec<(String, String)>,
    /// The response body as received (at most [`Limits::max_body`](super::Limits::max_body)
    /// bytes), with any credential it echoes replaced by `<redacted>`.
    pub body: Vec<u8>,
    /// From sending the request to the end of the response body.
    pub elapsed: Duration,
    /// How many attempts before this one were throttled and sent again
    /// (`ThrottlingException`); 0 when the first attempt got this answer.
    pub throttled: u32,
    /// Why the request was sent a second time on a new connection, when
    /// the pooled connection it first went out on broke before any answer
    /// (see `reconnect.rs`); `None` when it went out once. The first
    /// attempt may have reached the target.
    pub resent: Option<String>,
    /// How many attempts before this one got a transient answer and were
    /// sent again: a server fault (5xx), or a `NotFoundException` about a
    /// key the run had just made.
    pub transient: u32,
}

impl Exchange {
    /// How many attempts before this one were sent again, throttled or
    /// transient: more than one may have reached the target.
    #[must_use]
    pub fn retries(&self) -> u32 {
        self.throttled + self.transient
    }

    /// The first response header called `name` (case-insensitive).
    #[must_use]
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Every value of the response header `name` (case-insensitive), in
    /// the order received: a header sent twice has two.
    #[must_use]
    pub fn header_values(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The body as JSON, when it is JSON.
    #[must_use]
    pub fn json(&self) -> Option<Value> {
        serde_json::from_slice(&self.body).ok()
    }

    /// The body as an object, when it is a JSON object.
    #[must_use]
    pub fn json_object(&self) -> Option<serde_json::Map<String, Value>> {
        match self.json()? {
            Value::Object(map) => Some(map),
            _ => None,
        }
    }

    /// The KMS operation its `X-Amz-Target` called; `None` when the request
    /// named none of [`Operation`]'s, or had no target.
    #[must_use]
    pub fn called(&self) -> Option<Operation> {
        self.operation.as_deref()?.parse().ok()
    }

    /// The error type as an `awsJson1_1` client resolves it: the
    /// `X-Amzn-Errortype` header, then `code`, then `__type` in the body, each
    /// read past a `namespace#` prefix and a `:uri` suffix
    /// (Smithy `awsJson1_1/errors.smithy`).
    #[must_use]
    pub fn error_code(&self) -> Option<ErrorCode> {
        let from_header = self.header("x-amzn-errortype").map(str::to_owned);
        let from_body = || {
            let body = self.json_object()?;
            ["code", "__type"]
                .iter()
                .find_map(|k| body.get(*k).and_then(Value::as_str).map(str::to_owned))
        };
        from_header
            .or_else(from_body)
            .map(|raw| ErrorCode::from_wire(&raw))
    }

    /// The error type `__type` in the body names: the one member boto reads.
    #[must_use]
    pub fn body_error_code(&self) -> Option<ErrorCode> {
        let body = self.json_object()?;
        body.get("__type")
            .and_then(Value::as_str)
            .map(ErrorCode::from_wire)
    }

    /// The error message: `message`, or `Message` as some unmodeled errors spell it.
    #[must_use]
    pub fn error_message(&self) -> Option<String> {
        let body = self.json_object()?;
        ["message", "Message"]
            .iter()
            .find_map(|k| body.get(*k).and_then(Value::as_str).map(str::to_owned))
    }

    /// The body for a human: UTF-8 text cut to `limit` bytes, or a note for binary.
    #[must_use]
    pub fn body_preview(&self, limit: usize) -> String {
        preview(&self.body, limit)
    }
}

/// Text of `bytes` on one line (every run of whitespace becomes one space),
/// cut to about `limit` bytes on a character boundary.
#[must_use]
pub(crate) fn preview(bytes: &[u8], limit: usize) -> String {
    if bytes.is_empty() {
        return "<empty>".to_owned();
    }
    let Ok(text) = std::str::from_utf8(bytes) else {
        return format!("<{} bytes, not UTF-8>", bytes.len());
    };
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.len() <= limit {
        return text;
    }
    let cut = text.floor_char_boundary(limit);
    format!("{}… ({} more bytes)", &text[..cut], text.len() - cut)
}

#[cfg(test)]
mod tests;
