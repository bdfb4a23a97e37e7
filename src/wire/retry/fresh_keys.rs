//! The keys a run saw made, and when: for a while after `CreateKey`, a
//! `NotFoundException` about one of them is KMS's eventual consistency
//! (contract row 76), not a verdict.
//!
//! Only a key this run made, named exactly as its `CreateKey` (or
//! `ReplicateKey`) answer named it, by the caller that made it and in the
//! region it lives in: a key ID sent to another region, another account's
//! ARN, or a key ID spelled another way is not found for good, and those
//! scenarios judge it.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde_json::Value;

use super::super::{Exchange, Operation};

/// (caller's access key ID, region, key ID or key ARN as answered).
type Name = (String, String, String);

/// Every key the run's clients saw made, shared by every clone of a client.
#[derive(Debug, Default)]
pub(crate) struct FreshKeys(Mutex<HashMap<Name, Instant>>);

impl FreshKeys {
    /// Notes the keys `exchange` made, if it is a successful `CreateKey`
    /// (the key, in `region`) or `ReplicateKey` (the replica, in the region
    /// of its ARN); forgets keys older than `window`.
    pub(crate) fn note(&self, caller: &str, region: &str, exchange: &Exchange, window: Duration) {
        if window.is_zero() || exchange.status != 200 {
            return;
        }
        let Some(body) = exchange.json_object() else {
            return;
        };
        let metadata = match exchange.called() {
            Some(Operation::CreateKey) => body.get("KeyMetadata"),
            Some(Operation::ReplicateKey) => body.get("ReplicaKeyMetadata"),
            _ => None,
        };
        let member = |name: &str| metadata.and_then(|m| m.get(name)).and_then(Value::as_str);
        let (Some(id), Some(arn)) = (member("KeyId"), member("Arn")) else {
            return;
        };
        // arn:<partition>:kms:<region>:<account>:key/<id>
        let lives_in = arn.split(':').nth(3).unwrap_or(region).to_owned();
        let now = Instant::now();
        let mut keys = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        keys.retain(|_, made| now.duration_since(*made) < window);
        for name in [id, arn] {
            keys.insert((caller.to_owned(), lives_in.clone(), name.to_owned()), now);
        }
    }

    /// How long ago `caller` saw the key that `key_id` names made in
    /// `region`, when it did.
    pub(crate) fn age(&self, caller: &str, region: &str, key_id: &str) -> Option<Duration> {
        let keys = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        keys.get(&(caller.to_owned(), region.to_owned(), key_id.to_owned()))
            .map(Instant::elapsed)
    }
}

/// The `KeyId` member of a request body, when it has a string one.
pub(crate) fn key_id_sent(body: &[u8]) -> Option<String> {
    let input: Value = serde_json::from_slice(body).ok()?;
    input.get("KeyId")?.as_str().map(str::to_owned)
}
