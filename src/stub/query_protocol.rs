//! The Query protocol adapter: an IAM or STS request in, an
//! [`Identities`] call, XML out (contract row 195).
//!
//! The HTTP adapter (`http.rs`) routes a request here when its SigV4 scope
//! names `iam` or `sts`, as moto does: the stub serves KMS, IAM and STS on
//! one endpoint. The form's `Action` names the operation, its `Version` must
//! be the service's; every other member goes to the model as text. Answers
//! are `<Action>Response` documents in the service's namespace, the result
//! in `<Action>Result`; errors are `<ErrorResponse>`, with the status the
//! service model gives each code.

mod answer_xml;

use std::collections::BTreeMap;
use std::sync::{Mutex, PoisonError};
use std::time::SystemTime;

use super::http_seams::Reply;
use super::identity::{IamError, Identities, QueryCall};
use super::model::{Caller, KmsError};
use crate::wire::{ErrorCode, QueryOperation, QueryService, decode_form};

/// The `Content-Type` of every answer.
const XML: &str = "text/xml";

/// Answers one Query request of `service`, from `caller` (or the refusal
/// its authentication met).
pub(super) fn reply(
    service: QueryService,
    caller: Result<Caller, KmsError>,
    body: &[u8],
    identities: &Mutex<Identities>,
) -> Reply {
    let answer = caller
        .map_err(|e| refused(&e))
        .and_then(|caller| answer(service, &caller, body, identities));
    let (status, body) = match answer {
        Ok((operation, output)) => (200, answer_xml::success(operation, &output)),
        Err(error) => (error.status, answer_xml::error(service, &error)),
    };
    Reply {
        status,
        content_type: XML,
        body: body.into_bytes(),
        headers: vec![("x-amzn-RequestId", uuid::Uuid::new_v4().to_string())],
    }
}

fn answer(
    service: QueryService,
    caller: &Caller,
    body: &[u8],
    identities: &Mutex<Identities>,
) -> Result<(QueryOperation, super::identity::QueryOutput), IamError> {
    let members = decode_form(body).ok_or_else(|| {
        IamError::new(
            ErrorCode::InvalidInput,
            "The request body is not application/x-www-form-urlencoded.",
        )
    })?;
    let mut members: BTreeMap<String, String> = members.into_iter().collect();
    let action = members.remove("Action").unwrap_or_default();
    let version = members.remove("Version").unwrap_or_default();
    let operation = QueryOperation::named(service, &action)
        .filter(|_| version == service.version())
        .ok_or_else(|| {
            IamError::new(
                ErrorCode::InvalidAction,
                format!("Could not find operation {action} for version {version}"),
            )
        })?;
    // The lock is never held across an await: `respond` is synchronous.
    let mut identities = identities.lock().unwrap_or_else(PoisonError::into_inner);
    let output = identities.handle(&QueryCall {
        caller,
        operation,
        members: &members,
        at: SystemTime::now(),
    })?;
    Ok((operation, output))
}

/// An authentication refusal, as a Query service words it: the codes its
/// protocol uses for KMS's (INF: the messages are the same).
fn refused(error: &KmsError) -> IamError {
    let code = match error.error_type {
        ErrorCode::MissingAuthenticationTokenException => ErrorCode::MissingAuthenticationToken,
        ErrorCode::IncompleteSignatureException => ErrorCode::IncompleteSignature,
        ErrorCode::UnrecognizedClientException => ErrorCode::InvalidClientTokenId,
        ErrorCode::ExpiredTokenException => ErrorCode::ExpiredToken,
        _ => ErrorCode::SignatureDoesNotMatch,
    };
    IamError::new(code, error.message.clone())
}

#[cfg(test)]
mod tests;
