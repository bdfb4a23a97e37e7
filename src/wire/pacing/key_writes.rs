//! Which requests change one key, and which key: what the pace of writes
//! to one key (a "hot key", contract row 183) counts.

use serde_json::Value;

use crate::wire::{Operation, WireRequest};

/// The operations that change a key's state, tags, policy or aliases
/// (a `DeleteAlias` names the alias, not its key: it is left out).
/// `CreateKey` is not among them: the key it makes has no writes before it.
const KEY_WRITES: [Operation; 9] = [
    Operation::CancelKeyDeletion,
    Operation::CreateAlias,
    Operation::DisableKey,
    Operation::EnableKey,
    Operation::PutKeyPolicy,
    Operation::ReplicateKey,
    Operation::ScheduleKeyDeletion,
    Operation::TagResource,
    Operation::UntagResource,
];

/// The key `request` writes to, as its key ID (a key ARN counts as the key
/// ID it ends with; an alias name stands for itself); `None` for a request
/// that writes to no key, or names none.
pub(super) fn written_key(request: &WireRequest) -> Option<String> {
    let operation = request.called()?;
    if !KEY_WRITES.contains(&operation) {
        return None;
    }
    let body: Value = serde_json::from_slice(&request.body).ok()?;
    let named = match operation {
        Operation::CreateAlias => body.get("TargetKeyId"),
        _ => body.get("KeyId"),
    }?
    .as_str()?;
    let key_id = named.rsplit_once(":key/").map_or(named, |(_, id)| id);
    (!key_id.is_empty()).then(|| key_id.to_owned())
}
