//! Asking the target, once per run, whether it offers multi-Region keys,
//! which some scenarios need beyond `UntagResource`'s own operations.
//!
//! The probe is a `ReplicateKey` of an `mrk-` key ID nobody has, which makes
//! nothing, so it is as safe on AWS as the pre-flight read. Only an answer
//! that no KMS with the operation gives skips the scenarios. An answer KMS
//! itself gives for the operation (`UnsupportedOperationException` for a key
//! that is not a multi-Region primary, `AccessDeniedException` for a caller)
//! can come from a target that has multi-Region keys and checks that before
//! it looks the key up: a skip on it would hide every multi-Region fault of
//! that target. So such an answer is settled by making a key:
//! `CreateKey` with `MultiRegion` true, ledgered and scheduled for deletion
//! like every key of the run. A multi-Region key proves the target has them.

use serde_json::{Value, json};

use super::callers::Via;
use super::ledger::key_description;
use super::run_context::RunContext;
use crate::wire::{Client, ErrorCode, Exchange, Operation, WireError};

/// Error types by which a target says it has no such operation at all.
const MISSING: [ErrorCode; 4] = [
    ErrorCode::UnknownOperationException,
    ErrorCode::InvalidAction,
    ErrorCode::NotImplemented,
    ErrorCode::NotImplementedException,
];

/// Error types KMS answers for `ReplicateKey` on some keys or callers: a
/// target without multi-Region keys may say so by them, and one with them
/// may answer them for a key it checks before it looks it up.
const UNCLEAR: [ErrorCode; 2] = [
    ErrorCode::UnsupportedOperationException,
    ErrorCode::AccessDeniedException,
];

/// The scenario name the probe's key is described with.
const PROBE: &str = "the multi-Region probe";

/// What one answer to the probe says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Offer {
    /// The target looked the key up, or broke trying: it has the operation.
    Offered,
    /// No KMS that has the operation answers this.
    Missing,
    /// KMS answers this too: a key must settle it.
    Unclear,
}

/// Whether the target has multi-Region keys. `None` when it has them, else
/// what it answered.
///
/// # Errors
/// The transport failure: the target stopped answering after the pre-flight.
pub(super) async fn multi_region(context: &RunContext) -> Result<Option<String>, WireError> {
    let client = &context.callers.primary;
    let probe = json!({
        "KeyId": format!("mrk-{}", uuid::Uuid::new_v4().simple()),
        "ReplicaRegion": context.callers.other_region.region(),
    });
    let exchange = client.call(Operation::ReplicateKey, &probe).await?;
    let replicated = format!("it answered ReplicateKey with {}", answered(&exchange));
    match offer(
        exchange.status,
        exchange.error_code().as_ref(),
        is_json(&exchange),
    ) {
        Offer::Offered => Ok(None),
        Offer::Missing => Ok(Some(replicated)),
        Offer::Unclear => confirm(context, client, replicated).await,
    }
}

/// What an answer to `ReplicateKey` of an unknown key says: HTTP 501, one
/// of the [`MISSING`] error types, or a 404 or 405 that is not a KMS answer
/// at all (a router that knows no such target) is a target without the
/// operation; one of the [`UNCLEAR`] error types is unclear; anything else,
/// a crash included, is an implementation the scenarios can judge.
fn offer(status: u16, error_code: Option<&ErrorCode>, json: bool) -> Offer {
    let refused_with =
        |types: &[ErrorCode]| status != 200 && error_code.is_some_and(|c| types.contains(c));
    if status == 501 || refused_with(&MISSING) || (matches!(status, 404 | 405) && !json) {
        Offer::Missing
    } else if refused_with(&UNCLEAR) {
        Offer::Unclear
    } else {
        Offer::Offered
    }
}

/// Settles an unclear answer: `CreateKey` with `MultiRegion` true. A key
/// with an `mrk-` ID, or described as multi-Region, means the target has
/// them; a refusal, or a single-Region key, that it has not. A key made
/// goes into the ledger at once and its deletion is scheduled; the run's
/// sweep schedules it if that fails.
async fn confirm(
    context: &RunContext,
    client: &Client,
    replicated: String,
) -> Result<Option<String>, WireError> {
    let input = json!({
        "MultiRegion": true,
        "Description": key_description(&context.run_id, PROBE),
    });
    let creation = context.creations.begin();
    let created = client.call(Operation::CreateKey, &input).await;
    if created
        .as_ref()
        .map_or(true, |e| e.retries() > 0 || e.resent.is_some())
    {
        // An attempt whose answer was lost may have made a key.
        context.creation_unsure();
    }
    let created = created?;
    let metadata = created
        .json()
        .filter(|_| created.status == 200)
        .map(|body| body["KeyMetadata"].clone());
    let made = metadata.as_ref().and_then(|m| {
        Some((
            m.get("KeyId")?.as_str()?.to_owned(),
            m.get("Arn")?.as_str()?.to_owned(),
        ))
    });
    let Some((id, arn)) = made else {
        drop(creation);
        return Ok(Some(format!(
            "{replicated}, and CreateKey with MultiRegion true with {}",
            answered(&created)
        )));
    };
    context
        .ledger
        .created(Via::Primary, client.region(), &id, &arn);
    drop(creation);
    let schedule = json!({ "KeyId": id, "PendingWindowInDays": 7 });
    if client
        .call(Operation::ScheduleKeyDeletion, &schedule)
        .await?
        .status
        == 200
    {
        context.ledger.scheduled(&arn);
    }
    let multi_region = id.starts_with("mrk-")
        || metadata.as_ref().and_then(|m| m.get("MultiRegion")) == Some(&Value::Bool(true));
    Ok((!multi_region).then(|| {
        format!("{replicated}, and CreateKey with MultiRegion true made a single-Region key ({id})")
    }))
}

fn is_json(exchange: &Exchange) -> bool {
    exchange.json_object().is_some()
}

/// `HTTP 400 UnknownOperationException (...)`: an answer, in one line.
fn answered(exchange: &Exchange) -> String {
    let detail = exchange
        .error_message()
        .unwrap_or_else(|| exchange.body_preview(120));
    let error_type = exchange
        .error_code()
        .map(|c| format!(" {c}"))
        .unwrap_or_default();
    if detail.is_empty() {
        format!("HTTP {}{error_type}", exchange.status)
    } else {
        format!("HTTP {}{error_type} ({detail})", exchange.status)
    }
}

#[cfg(test)]
mod tests;
