//! Bends of [`Calls`]: a refused call that still acts, a refusal answered
//! as a success.

use serde_json::{Value, json};

use crate::stub::model::{Call, Calls, KmsError, MAX_TAG_KEY, Output};
use crate::wire::{ErrorCode, Operation};

/// `throttled-call-takes-effect`: the call is carried out, then answered
/// `ThrottlingException`, as by a quota checked after the handler ran.
#[derive(Debug)]
pub(super) struct ThrottledCallTakesEffect;

impl Calls for ThrottledCallTakesEffect {
    fn still_acts(&self, call: &Call<'_>, refusal: &KmsError, kms: Option<Value>) -> Option<Value> {
        kms.or_else(|| {
            (refusal.error_type == ErrorCode::ThrottlingException).then(|| call.input.clone())
        })
    }
}

/// `untag-partial-on-error`: a handler that removes the tag keys it can
/// before it validates the request: an `UntagResource` its validation
/// refuses has removed its tag keys of a valid length first.
#[derive(Debug)]
pub(super) struct UntagPartialOnError;

impl Calls for UntagPartialOnError {
    fn still_acts(&self, call: &Call<'_>, refusal: &KmsError, kms: Option<Value>) -> Option<Value> {
        if kms.is_some()
            || call.operation != Operation::UntagResource
            || refusal.error_type != ErrorCode::ValidationException
        {
            return kms;
        }
        // Only a request whose members have the right types gets this far.
        let key_id = call.input.get("KeyId")?.as_str()?;
        let mut valid = Vec::new();
        for tag_key in call.input.get("TagKeys")?.as_array()? {
            match tag_key {
                Value::String(k) if k.chars().count() <= MAX_TAG_KEY => valid.push(k.as_str()),
                Value::String(_) | Value::Null => {}
                _ => return None,
            }
        }
        Some(json!({ "KeyId": key_id, "TagKeys": valid }))
    }
}

/// `unknown-key-accepted`: an untag of a key that cannot be found answers
/// 200, as a handler that deletes rows without looking the key up first.
#[derive(Debug)]
pub(super) struct UnknownKeyAccepted;

impl Calls for UnknownKeyAccepted {
    fn answer(&self, call: &Call<'_>, kms: Result<Output, KmsError>) -> Result<Output, KmsError> {
        match kms {
            Err(error)
                if call.operation == Operation::UntagResource
                    && error.error_type == ErrorCode::NotFoundException =>
            {
                Ok(Output::Empty)
            }
            other => other,
        }
    }
}
