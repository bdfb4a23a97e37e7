//! Bends of [`Calls`]: a refused call that still acts, a refusal answered
//! as a success, a success answered as a throttle, a key a burst wedges.

use std::collections::{HashMap, HashSet};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, SystemTime};

use serde_json::{Value, json};

use crate::stub::model::{Call, Calls, KmsError, MAX_TAG_KEY, Output};
use crate::wire::{ErrorCode, Operation};

/// `throttled-call-takes-effect`: any throttled call is carried out, then
/// answered `ThrottlingException`, as by a quota checked after the handler
/// ran. It shows only where the stub throttles (`--throttle`).
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

/// `UntagResource`'s default quota a second (contract row 147).
const HOT_KEY_RATE: f64 = 5.0;

/// A bucket's key: account, region, and the `KeyId` as sent.
type HotKey = (String, String, String);

/// A throttle of its own on a hot key: an `UntagResource` bucket per
/// account, region and `KeyId` as sent, holding [`HOT_KEY_RATE`] calls and
/// refilling at that rate a second, as KMS may throttle a burst on one key
/// (contract row 213).
#[derive(Debug, Default)]
struct HotKeys {
    /// Per bucket: tokens left, and when they were.
    buckets: Mutex<HashMap<HotKey, (f64, SystemTime)>>,
}

impl HotKeys {
    /// The bucket `call` draws on.
    fn of(call: &Call<'_>) -> HotKey {
        let key_id = call.input.get("KeyId").and_then(Value::as_str);
        (
            call.caller.account.clone(),
            call.caller.region.clone(),
            key_id.unwrap_or_default().to_owned(),
        )
    }

    /// Spends a token of `call`'s bucket; `false` when there was none.
    fn admit(&self, call: &Call<'_>) -> bool {
        let mut buckets = self.buckets.lock().unwrap_or_else(PoisonError::into_inner);
        let (tokens, at) = buckets
            .entry(Self::of(call))
            .or_insert((HOT_KEY_RATE, call.at));
        let elapsed = call.at.duration_since(*at).unwrap_or(Duration::ZERO);
        *tokens = (*tokens + elapsed.as_secs_f64() * HOT_KEY_RATE).min(HOT_KEY_RATE);
        *at = (*at).max(call.at);
        let admitted = *tokens >= 1.0;
        if admitted {
            *tokens -= 1.0;
        }
        admitted
    }
}

/// `throttled-untag-takes-effect`: the hot-key throttle of [`HotKeys`],
/// checked after the handler ran: an untag over it is answered
/// `ThrottlingException` and has removed its tags all the same.
#[derive(Debug, Default)]
pub(super) struct ThrottledUntagTakesEffect(HotKeys);

impl Calls for ThrottledUntagTakesEffect {
    fn answer(&self, call: &Call<'_>, kms: Result<Output, KmsError>) -> Result<Output, KmsError> {
        if call.operation != Operation::UntagResource || self.0.admit(call) {
            return kms;
        }
        // The untag was carried out; only its answer says otherwise.
        kms.and(Err(KmsError::throttling()))
    }
}

/// `untag-burst-wedges-key`: an untag over the hot-key rate of [`HotKeys`]
/// takes a lock it never gives back: it and every later `UntagResource` of
/// that key meet a server fault before anything looks at them, however
/// often they are sent again.
#[derive(Debug, Default)]
pub(super) struct UntagBurstWedgesKey {
    hot: HotKeys,
    wedged: Mutex<HashSet<HotKey>>,
}

impl Calls for UntagBurstWedgesKey {
    fn fault(&self, call: &Call<'_>, kms: Option<KmsError>) -> Option<KmsError> {
        if call.operation != Operation::UntagResource {
            return kms;
        }
        let key = HotKeys::of(call);
        let mut wedged = self.wedged.lock().unwrap_or_else(PoisonError::into_inner);
        if !wedged.contains(&key) && self.hot.admit(call) {
            return kms;
        }
        wedged.insert(key);
        Some(KmsError {
            status: 500,
            error_type: ErrorCode::KmsInternalException,
            message: "An internal error occurred.".to_owned(),
        })
    }
}
