//! What a refusal is, for every step that judges one.
//!
//! # Behaviour in every scenario, the wire in scenarios of its own
//!
//! A target wrong in one way should fail the scenarios about that way, not
//! every scenario that happens to see an error. So the functions here judge
//! only what makes a refusal the refusal it is, the behaviour a client acts
//! on:
//!
//! - a client error: HTTP 400 (contract row 41, recorded for every client
//!   error), or any 4xx where even the status is unpublished ([`refused_4xx`],
//!   rows 35, 168 and 169);
//! - a JSON body naming its type in `__type` (row 42): the one member boto
//!   reads, so without it a boto client cannot tell one refusal from another.
//!   A `namespace#` prefix and a `:uri` suffix are dropped, as every client
//!   drops them; whether KMS sends one is unpublished, so neither form is
//!   judged anywhere;
//! - where a step asserts text, the message, from `message` or `Message`, as
//!   botocore reads it ([`message`]).
//!
//! How the refusal is dressed on the wire is judged by scenarios of their
//! own (`features/error_responses.feature`), each with the helper here that
//! its step calls, and by nothing else:
//!
//! | property | contract row | helper |
//! |---|---|---|
//! | `Content-Type: application/x-amz-json-1.1` | 166 (INF) | [`labelled`] |
//! | an `x-amzn-RequestId` header | 167 (INF) | [`carries_request_id`] |
//! | `X-Amzn-Errortype`, when sent, names the `__type` error | 43 (INF) | [`header_agrees`] |
//! | the text in lowercase `message` | 44 (REC) | [`message_member`] |
//!
//! A new error step (a policy or ABAC refusal, say) calls [`refused`] or
//! [`refused_with`] and leaves the wire to those scenarios: a step that
//! checked a label again would make one wrong label fail every scenario
//! that uses it.

use serde_json::Value;

use crate::wire::{CONTENT_TYPE, ErrorCode, Exchange};

/// Error types whose message member may be `message` or `Message`: the
/// ones the KMS model does not declare (contract rows 45 and 129). Every
/// other error carries lowercase `message` (row 44, REC).
const EITHER_MESSAGE_CASING: [ErrorCode; 2] = [
    ErrorCode::ValidationException,
    ErrorCode::AccessDeniedException,
];

/// `HTTP 404 {"__type": ...}` in one line.
#[must_use]
pub(crate) fn describe(exchange: &Exchange) -> String {
    format!("HTTP {} {}", exchange.status, exchange.body_preview(300))
}

/// An HTTP 400 JSON error naming its type in `__type`; the type it names.
///
/// # Errors
/// What is missing or wrong.
pub(crate) fn refused(exchange: &Exchange) -> Result<ErrorCode, String> {
    if exchange.status != 400 {
        return Err(format!(
            "expected an HTTP 400 refusal, got {}",
            describe(exchange)
        ));
    }
    typed(exchange)
}

/// Like [`refused`], with any 4xx status: for the refusals whose status
/// nobody has published (contract rows 35, 168 and 169).
///
/// # Errors
/// What is missing or wrong.
pub(crate) fn refused_4xx(exchange: &Exchange) -> Result<ErrorCode, String> {
    if !(400..500).contains(&exchange.status) {
        return Err(format!(
            "expected an HTTP 4xx refusal, got {}",
            describe(exchange)
        ));
    }
    typed(exchange)
}

/// Like [`refused`], with `error_type` in `__type` (a `namespace#` prefix
/// is fine).
///
/// # Errors
/// What is missing or wrong.
pub(crate) fn refused_with(exchange: &Exchange, error_type: &ErrorCode) -> Result<(), String> {
    match refused(exchange) {
        Ok(named) if named == *error_type => Ok(()),
        _ => Err(format!(
            "expected HTTP 400 {error_type} named in \"__type\", got {}",
            describe(exchange)
        )),
    }
}

/// A non-empty string `__type` in a JSON body; the error type it names.
fn typed(exchange: &Exchange) -> Result<ErrorCode, String> {
    match exchange
        .json_object()
        .and_then(|b| b.get("__type").cloned())
    {
        Some(Value::String(t)) if !t.trim().is_empty() => Ok(ErrorCode::from_wire(&t)),
        _ => Err(format!(
            "expected a JSON error body naming its type in \"__type\" (boto reads only \
             that), got {}",
            exchange.body_preview(300)
        )),
    }
}

/// The error's message, from `message` or `Message`, as botocore reads it
/// (`body.get('message', body.get('Message', ''))`); which member carries
/// it is [`message_member`]'s to judge.
///
/// # Errors
/// No message at all.
pub(crate) fn message(exchange: &Exchange) -> Result<String, String> {
    exchange
        .error_message()
        .ok_or_else(|| format!("the error has no message: {}", describe(exchange)))
}

/// The text is in lowercase `message`, as modeled KMS exceptions carry it
/// (contract row 44); `Message` is accepted for the types whose casing is
/// unpublished (rows 45 and 129).
///
/// # Errors
/// The text in another member, or none.
pub(crate) fn message_member(exchange: &Exchange) -> Result<(), String> {
    let body = exchange.json_object().unwrap_or_default();
    let member = |name: &str| body.get(name).is_some_and(Value::is_string);
    let casing_unpublished = exchange
        .body_error_code()
        .is_some_and(|t| EITHER_MESSAGE_CASING.contains(&t));
    if member("message") || (member("Message") && casing_unpublished) {
        Ok(())
    } else if member("Message") {
        Err(format!(
            "the error carries its text in \"Message\"; a modeled KMS exception uses \
             lowercase \"message\": {}",
            describe(exchange)
        ))
    } else {
        Err(format!(
            "the error body has no string \"message\": {}",
            exchange.body_preview(300)
        ))
    }
}

/// Labelled `Content-Type: media_type`, parameters such as `; charset=UTF-8`
/// aside (contract row 166 for an error, row 39 for a success).
///
/// # Errors
/// Another label, or none.
pub(crate) fn labelled(exchange: &Exchange, media_type: &str) -> Result<(), String> {
    let content_type = exchange.header("content-type").unwrap_or("absent");
    let labelled_as = content_type.split(';').next().unwrap_or_default().trim();
    if labelled_as.eq_ignore_ascii_case(media_type) {
        Ok(())
    } else {
        Err(format!(
            "labelled Content-Type {content_type}, not {media_type}: {}",
            describe(exchange)
        ))
    }
}

/// Labelled as KMS JSON 1.1, as every KMS answer is.
///
/// # Errors
/// Another label, or none.
pub(crate) fn labelled_as_kms(exchange: &Exchange) -> Result<(), String> {
    labelled(exchange, CONTENT_TYPE)
}

/// One non-empty `x-amzn-RequestId` header (contract row 167: its presence
/// only; its shape on errors is unpublished). Two are no request ID a call
/// can be found by: a client folds them into one value, `a, b`.
///
/// # Errors
/// No request ID, or more than one.
pub(crate) fn carries_request_id(exchange: &Exchange) -> Result<(), String> {
    match one_request_id(exchange)? {
        Some(id) if !id.trim().is_empty() => Ok(()),
        _ => Err(format!(
            "no x-amzn-RequestId header: {}",
            describe(exchange)
        )),
    }
}

/// The response's one `x-amzn-RequestId`; `None` without one.
///
/// # Errors
/// Two or more: a gateway's beside KMS's, say. HTTP folds repeated fields
/// into one value (RFC 9110 §5.3), and botocore joins them `a, b`, which
/// names no call.
pub(crate) fn one_request_id(exchange: &Exchange) -> Result<Option<&str>, String> {
    match exchange.header_values("x-amzn-requestid").as_slice() {
        [] => Ok(None),
        [id] => Ok(Some(id)),
        several => Err(format!(
            "{} x-amzn-RequestId headers ({}), where one names the call: a client folds them \
             into one value, {:?}",
            several.len(),
            several
                .iter()
                .map(|id| format!("{id:?}"))
                .collect::<Vec<_>>()
                .join(", "),
            several.join(", ")
        )),
    }
}

/// An `X-Amzn-Errortype` header, when there is one, names the error
/// `__type` names: SDKs read the header first, boto only `__type`, so two
/// different names make the two kinds of client see two errors (contract
/// row 43).
///
/// # Errors
/// The header and the body disagree.
pub(crate) fn header_agrees(exchange: &Exchange) -> Result<(), String> {
    let Some(header) = exchange.header("x-amzn-errortype") else {
        return Ok(());
    };
    let from_header = ErrorCode::from_wire(header);
    match exchange.body_error_code() {
        Some(in_body) if in_body == from_header => Ok(()),
        other => Err(format!(
            "X-Amzn-Errortype says {from_header} but \"__type\" says {}: SDKs and boto would \
             disagree",
            other.map_or_else(|| "nothing".to_owned(), |c| c.to_string())
        )),
    }
}

#[cfg(test)]
mod tests;
