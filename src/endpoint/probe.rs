//! Asking the target, once per run, whether it offers what some scenarios
//! need beyond `UntagResource`'s own operations. A probe is one request that
//! makes nothing, so it is as safe on AWS as the pre-flight read.

use serde_json::json;

use crate::wire::{Client, ErrorCode, Exchange, Operation, WireError};

/// Error types by which a target says it has no such operation (or none
/// for this caller): the scenarios that need it cannot judge it.
const NOT_OFFERED: [ErrorCode; 6] = [
    ErrorCode::UnknownOperationException,
    ErrorCode::UnsupportedOperationException,
    ErrorCode::InvalidAction,
    ErrorCode::NotImplemented,
    ErrorCode::NotImplementedException,
    ErrorCode::AccessDeniedException,
];

/// Whether the target has multi-Region keys: `ReplicateKey` of a
/// multi-Region key ID nobody has, into the other region. A target that has
/// the operation looks the key up and answers `NotFoundException`; one
/// without it says the operation is unknown, unsupported or not
/// implemented. `None` when it has them, else what it answered.
///
/// # Errors
/// The transport failure: the target stopped answering after the pre-flight.
pub(super) async fn multi_region(
    client: &Client,
    other_region: &str,
) -> Result<Option<String>, WireError> {
    let probe = json!({
        "KeyId": format!("mrk-{}", uuid::Uuid::new_v4().simple()),
        "ReplicaRegion": other_region,
    });
    let exchange = client.call(Operation::ReplicateKey, &probe).await?;
    let error_code = exchange.error_code();
    Ok(
        lacks_operation(exchange.status, error_code.as_ref(), is_json(&exchange))
            .then(|| answer(&exchange, error_code.as_ref())),
    )
}

/// Whether an answer means the operation is not there: HTTP 501, one of the
/// [`NOT_OFFERED`] error types, or a 404 or 405 that is not a KMS answer at
/// all (a router that knows no such target). Anything else, a crash
/// included, is an implementation the scenarios can judge.
fn lacks_operation(status: u16, error_code: Option<&ErrorCode>, json: bool) -> bool {
    status == 501
        || (status != 200 && error_code.is_some_and(|c| NOT_OFFERED.contains(c)))
        || (matches!(status, 404 | 405) && !json)
}

fn is_json(exchange: &Exchange) -> bool {
    exchange.json_object().is_some()
}

/// `it answered ReplicateKey with HTTP 400 UnknownOperationException (...)`.
fn answer(exchange: &Exchange, error_code: Option<&ErrorCode>) -> String {
    let detail = exchange
        .error_message()
        .unwrap_or_else(|| exchange.body_preview(120));
    let error_type = error_code.map(|c| format!(" {c}")).unwrap_or_default();
    if detail.is_empty() {
        format!(
            "it answered ReplicateKey with HTTP {}{error_type}",
            exchange.status
        )
    } else {
        format!(
            "it answered ReplicateKey with HTTP {}{error_type} ({detail})",
            exchange.status
        )
    }
}

#[cfg(test)]
mod tests;
