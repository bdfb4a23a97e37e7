//! Bends of [`Responses`]' answer: what the model answered, in other words,
//! another error type or status, or with its members echoed, relabelled or
//! left out; KMS's decision stays as it was.

use serde_json::{Value, json};

use crate::stub::http_seams::Responses;
use crate::stub::model::{KmsError, Output};
use crate::wire::{ErrorCode, Operation};

type Answer = Result<Output, KmsError>;

/// The `KeyId` the request sent, as sent.
fn sent_key_id(input: &Value) -> &str {
    input
        .get("KeyId")
        .and_then(Value::as_str)
        .unwrap_or_default()
}

/// The error of `answer`, bent by `bend` when its type is `error_type`.
fn bend_error(answer: Answer, error_type: &ErrorCode, bend: impl FnOnce(&mut KmsError)) -> Answer {
    answer.map_err(|mut error| {
        if error.error_type == *error_type {
            bend(&mut error);
        }
        error
    })
}

/// `schedule-deletion-echoes-id`: `ScheduleKeyDeletion` answers with the
/// `KeyId` as sent, not the key's ARN.
#[derive(Debug)]
pub(super) struct ScheduleDeletionEchoesId;

impl Responses for ScheduleDeletionEchoesId {
    fn answer(&self, operation: Option<Operation>, input: &Value, kms: Answer) -> Answer {
        match kms {
            Ok(Output::Json(mut output)) if operation == Some(Operation::ScheduleKeyDeletion) => {
                output["KeyId"] = json!(sent_key_id(input));
                Ok(Output::Json(output))
            }
            other => other,
        }
    }
}

/// `managed-key-is-customer`: an AWS managed key is described as
/// `KeyManager` `CUSTOMER`.
#[derive(Debug)]
pub(super) struct ManagedKeyIsCustomer;

impl Responses for ManagedKeyIsCustomer {
    fn answer(&self, _operation: Option<Operation>, _input: &Value, kms: Answer) -> Answer {
        match kms {
            Ok(Output::Json(mut output)) => {
                if output["KeyMetadata"]["KeyManager"] == "AWS" {
                    output["KeyMetadata"]["KeyManager"] = json!("CUSTOMER");
                }
                Ok(Output::Json(output))
            }
            other => other,
        }
    }
}

/// A `KeyMetadata` of a key pending deletion, in any answer, bent by `bend`.
fn pending_deletion(kms: Answer, bend: impl FnOnce(&mut serde_json::Map<String, Value>)) -> Answer {
    match kms {
        Ok(Output::Json(mut output)) => {
            if let Some(metadata) = output["KeyMetadata"].as_object_mut()
                && metadata.get("KeyState") == Some(&json!("PendingDeletion"))
            {
                bend(metadata);
            }
            Ok(Output::Json(output))
        }
        other => other,
    }
}

/// `schedule-deletion-keeps-enabled`: a key pending deletion is described
/// as `Enabled: true`, as by a store whose `Enabled` flag only `EnableKey`
/// and `DisableKey` set.
#[derive(Debug)]
pub(super) struct ScheduleDeletionKeepsEnabled;

impl Responses for ScheduleDeletionKeepsEnabled {
    fn answer(&self, _operation: Option<Operation>, _input: &Value, kms: Answer) -> Answer {
        pending_deletion(kms, |metadata| {
            metadata.insert("Enabled".to_owned(), json!(true));
        })
    }
}

/// `describe-no-deletion-date`: a key pending deletion is described
/// without its `DeletionDate`.
#[derive(Debug)]
pub(super) struct DescribeNoDeletionDate;

impl Responses for DescribeNoDeletionDate {
    fn answer(&self, _operation: Option<Operation>, _input: &Value, kms: Answer) -> Answer {
        pending_deletion(kms, |metadata| {
            metadata.remove("DeletionDate");
        })
    }
}

/// A `ListResourceTags` answer, bent by `bend`.
fn listing(operation: Option<Operation>, kms: Answer, bend: impl FnOnce(&mut Value)) -> Answer {
    match kms {
        Ok(Output::Json(mut output)) if operation == Some(Operation::ListResourceTags) => {
            bend(&mut output);
            Ok(Output::Json(output))
        }
        other => other,
    }
}

fn no_tags(output: &Value) -> bool {
    output["Tags"].as_array().is_some_and(Vec::is_empty)
}

/// `list-tags-null-when-empty`: `"Tags": null` for a key without tags.
#[derive(Debug)]
pub(super) struct ListTagsNullWhenEmpty;

impl Responses for ListTagsNullWhenEmpty {
    fn answer(&self, operation: Option<Operation>, _input: &Value, kms: Answer) -> Answer {
        listing(operation, kms, |output| {
            if no_tags(output) {
                output["Tags"] = Value::Null;
            }
        })
    }
}

/// `list-tags-absent-when-empty`: no `Tags` member for a key without tags.
#[derive(Debug)]
pub(super) struct ListTagsAbsentWhenEmpty;

impl Responses for ListTagsAbsentWhenEmpty {
    fn answer(&self, operation: Option<Operation>, _input: &Value, kms: Answer) -> Answer {
        listing(operation, kms, |output| {
            if no_tags(output)
                && let Some(members) = output.as_object_mut()
            {
                members.remove("Tags");
            }
        })
    }
}

/// `list-next-marker-null`: `"NextMarker": null` when not truncated.
#[derive(Debug)]
pub(super) struct ListNextMarkerNull;

impl Responses for ListNextMarkerNull {
    fn answer(&self, operation: Option<Operation>, _input: &Value, kms: Answer) -> Answer {
        listing(operation, kms, |output| {
            if output.get("NextMarker").is_none() {
                output["NextMarker"] = Value::Null;
            }
        })
    }
}

/// A key-state refusal that names the key as sent, not by its ARN.
fn state_refusal_names_id_sent(input: &Value, kms: Answer) -> Answer {
    bend_error(kms, &ErrorCode::KmsInvalidStateException, |error| {
        if let Some((arn, rest)) = error.message.split_once(' ')
            && arn.starts_with("arn:")
        {
            error.message = format!("{} {rest}", sent_key_id(input));
        }
    })
}

/// `state-message-uses-id-sent`: key-state refusals name the key as sent.
#[derive(Debug)]
pub(super) struct StateMessageUsesIdSent;

impl Responses for StateMessageUsesIdSent {
    fn answer(&self, _operation: Option<Operation>, input: &Value, kms: Answer) -> Answer {
        state_refusal_names_id_sent(input, kms)
    }
}

/// `untag-state-message-uses-id-sent`: `UntagResource`'s key-state refusal
/// names the key as sent (other operations' do not).
#[derive(Debug)]
pub(super) struct UntagStateMessageUsesIdSent;

impl Responses for UntagStateMessageUsesIdSent {
    fn answer(&self, operation: Option<Operation>, input: &Value, kms: Answer) -> Answer {
        if operation == Some(Operation::UntagResource) {
            state_refusal_names_id_sent(input, kms)
        } else {
            kms
        }
    }
}

/// `not-found-names-id-sent`: an unknown key is named as sent, not by its
/// full ARN.
#[derive(Debug)]
pub(super) struct NotFoundNamesIdSent;

impl Responses for NotFoundNamesIdSent {
    fn answer(&self, _operation: Option<Operation>, input: &Value, kms: Answer) -> Answer {
        bend_error(kms, &ErrorCode::NotFoundException, |error| {
            if error.message.starts_with("Key 'arn:") {
                error.message = format!("Key '{}' does not exist", sent_key_id(input));
            }
        })
    }
}

/// `invalid-key-id-unquoted`: `Invalid keyId x`, without the quotes.
#[derive(Debug)]
pub(super) struct InvalidKeyIdUnquoted;

impl Responses for InvalidKeyIdUnquoted {
    fn answer(&self, _operation: Option<Operation>, _input: &Value, kms: Answer) -> Answer {
        kms.map_err(|mut error| {
            if let Some(quoted) = error.message.strip_prefix("Invalid keyId '") {
                error.message = format!(
                    "Invalid keyId {}",
                    quoted.strip_suffix('\'').unwrap_or(quoted)
                );
            }
            error
        })
    }
}

/// `tag-validation-message-differs`: `TagResource` and `CreateKey` word
/// their validation errors otherwise than AWS.
#[derive(Debug)]
pub(super) struct TagValidationMessageDiffers;

impl Responses for TagValidationMessageDiffers {
    fn answer(&self, operation: Option<Operation>, _input: &Value, kms: Answer) -> Answer {
        if !matches!(
            operation,
            Some(Operation::TagResource | Operation::CreateKey)
        ) {
            return kms;
        }
        bend_error(kms, &ErrorCode::ValidationException, |error| {
            "Tag keys must be at most 128 characters long".clone_into(&mut error.message);
        })
    }
}

/// `not-found-is-invalid-arn`: an unknown key is `InvalidArnException`.
#[derive(Debug)]
pub(super) struct NotFoundIsInvalidArn;

impl Responses for NotFoundIsInvalidArn {
    fn answer(&self, _operation: Option<Operation>, _input: &Value, kms: Answer) -> Answer {
        bend_error(kms, &ErrorCode::NotFoundException, |error| {
            error.error_type = ErrorCode::InvalidArnException;
        })
    }
}

/// Half of `replicate-unknown-key-unsupported`: `ReplicateKey` of an
/// unknown key is `UnsupportedOperationException`, as from a KMS that asks
/// "is it a multi-Region primary?" before it looks the key up.
#[derive(Debug)]
pub(super) struct ReplicateUnknownKeyUnsupported;

impl Responses for ReplicateUnknownKeyUnsupported {
    fn answer(&self, operation: Option<Operation>, _input: &Value, kms: Answer) -> Answer {
        if operation != Some(Operation::ReplicateKey) {
            return kms;
        }
        bend_error(kms, &ErrorCode::NotFoundException, |error| {
            *error = KmsError::client(
                ErrorCode::UnsupportedOperationException,
                "The key is not a multi-Region primary key.",
            );
        })
    }
}

/// `malformed-arn-500`: a malformed ARN crashes the handler.
#[derive(Debug)]
pub(super) struct MalformedArn500;

impl Responses for MalformedArn500 {
    fn answer(&self, _operation: Option<Operation>, _input: &Value, kms: Answer) -> Answer {
        bend_error(kms, &ErrorCode::InvalidArnException, |error| {
            *error = KmsError {
                status: 500,
                error_type: ErrorCode::InternalFailure,
                message: format!("unhandled: {}", error.message),
            };
        })
    }
}

/// `not-found-is-404`: `NotFoundException` is HTTP 404, as the SDKs'
/// Smithy model says.
#[derive(Debug)]
pub(super) struct NotFoundIs404;

impl Responses for NotFoundIs404 {
    fn answer(&self, _operation: Option<Operation>, _input: &Value, kms: Answer) -> Answer {
        bend_error(kms, &ErrorCode::NotFoundException, |error| {
            error.status = 404;
        })
    }
}

/// `invalid-state-is-409`: `KMSInvalidStateException` is HTTP 409, as the
/// SDKs' Smithy model says.
#[derive(Debug)]
pub(super) struct InvalidStateIs409;

impl Responses for InvalidStateIs409 {
    fn answer(&self, _operation: Option<Operation>, _input: &Value, kms: Answer) -> Answer {
        bend_error(kms, &ErrorCode::KmsInvalidStateException, |error| {
            error.status = 409;
        })
    }
}

/// `errors-are-500`: every client error is HTTP 500.
#[derive(Debug)]
pub(super) struct ErrorsAre500;

impl Responses for ErrorsAre500 {
    fn answer(&self, _operation: Option<Operation>, _input: &Value, kms: Answer) -> Answer {
        kms.map_err(|mut error| {
            if error.status == 400 {
                error.status = 500;
            }
            error
        })
    }
}
