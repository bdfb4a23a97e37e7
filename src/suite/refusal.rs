//! What every error the suite judges must look like, whatever the step
//! asserts about it: HTTP 400 (contract row 41), a JSON body naming its type
//! in `__type`, the one member boto reads (row 42), labelled
//! `application/x-amz-json-1.1` and carrying a request ID, as a success is
//! (rows 166 and 167). A step asserting a type also requires every client
//! to read that type: `__type` for boto, `X-Amzn-Errortype` then `code` then
//! `__type` for the SDKs (row 43). A step asserting a message reads it from
//! lowercase `message`; `Message` is accepted only where the casing is
//! unpublished (rows 44, 45 and 129).

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
pub fn describe(exchange: &Exchange) -> String {
    format!("HTTP {} {}", exchange.status, exchange.body_preview(300))
}

/// A 400 JSON error with a non-empty `__type`, labelled and stamped as
/// every KMS answer is; the error type its `__type` names.
///
/// # Errors
/// What is missing or wrong.
pub fn refused(exchange: &Exchange) -> Result<ErrorCode, String> {
    let in_body = typed(exchange)?;
    labelled(exchange)?;
    Ok(in_body)
}

/// Like [`refused`], with `error_type` in `__type` (a `namespace#` prefix
/// is fine) and as every client resolves it.
///
/// # Errors
/// What is missing or wrong.
pub fn refused_with(exchange: &Exchange, error_type: &ErrorCode) -> Result<(), String> {
    if typed(exchange).ok().as_ref() != Some(error_type) {
        return Err(format!(
            "expected HTTP 400 {error_type} named in \"__type\", got {}",
            describe(exchange)
        ));
    }
    match exchange.error_code() {
        Some(resolved) if resolved == *error_type => {}
        resolved => {
            return Err(format!(
                "\"__type\" says {error_type}, but an SDK reads {} (X-Amzn-Errortype, then \
                 \"code\", then \"__type\"): {}",
                resolved.map_or_else(|| "nothing".to_owned(), |r| r.to_string()),
                describe(exchange)
            ));
        }
    }
    labelled(exchange)
}

/// HTTP 400 and a non-empty string `__type` in a JSON body; the error type it names.
fn typed(exchange: &Exchange) -> Result<ErrorCode, String> {
    if exchange.status != 400 {
        return Err(format!(
            "expected an HTTP 400 refusal, got {}",
            describe(exchange)
        ));
    }
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

/// The error's message, from `message`, or from `Message` where the casing
/// is unpublished for `error_type`.
///
/// # Errors
/// No message where one must be.
pub fn message(exchange: &Exchange, error_type: &ErrorCode) -> Result<String, String> {
    let body = exchange.json_object().unwrap_or_default();
    let text = |member: &str| body.get(member).and_then(Value::as_str).map(str::to_owned);
    if let Some(text) = text("message") {
        return Ok(text);
    }
    match text("Message") {
        Some(text) if EITHER_MESSAGE_CASING.contains(error_type) => Ok(text),
        Some(_) => Err(format!(
            "{error_type} carries its text in \"Message\"; a modeled KMS exception uses \
             lowercase \"message\" (botocore reads only that): {}",
            describe(exchange)
        )),
        None => Err(format!("the error has no message: {}", describe(exchange))),
    }
}

/// `Content-Type: application/x-amz-json-1.1` and an `x-amzn-RequestId`.
fn labelled(exchange: &Exchange) -> Result<(), String> {
    let content_type = exchange.header("content-type").unwrap_or("absent");
    // Parameters such as "; charset=UTF-8" do not change the media type.
    let media_type = content_type.split(';').next().unwrap_or_default().trim();
    if !media_type.eq_ignore_ascii_case(CONTENT_TYPE) {
        return Err(format!(
            "the error is labelled Content-Type {content_type}, not {CONTENT_TYPE}: {}",
            describe(exchange)
        ));
    }
    match exchange.header("x-amzn-requestid") {
        Some(id) if !id.trim().is_empty() => Ok(()),
        _ => Err(format!(
            "the error carries no x-amzn-RequestId header: {}",
            describe(exchange)
        )),
    }
}

#[cfg(test)]
mod tests;
