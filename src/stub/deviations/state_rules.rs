//! Bends of [`KeyStates`]: state checks placed, or written, the way a
//! hand-written KMS might, where KMS refuses tag operations only while a
//! key waits for deletion (contract §3).

use crate::stub::model::{Access, Key, KeyState, KeyStates};
use crate::wire::Operation;

/// Whether `access` is a tag operation: `TagResource` or `UntagResource`.
fn tagging(access: &Access<'_>) -> bool {
    access.is(Operation::TagResource) || access.is(Operation::UntagResource)
}

/// `no-state-check`: tag operations work on keys waiting for deletion.
#[derive(Debug)]
pub(super) struct NoStateCheck;

impl KeyStates for NoStateCheck {
    fn refuses(&self, access: &Access<'_>, key: &Key, kms: bool) -> bool {
        kms && !(tagging(access) && key.state.is_pending_deletion())
    }
}

/// `disabled-refused`: tag operations want a key that is not Disabled.
#[derive(Debug)]
pub(super) struct DisabledRefused;

impl KeyStates for DisabledRefused {
    fn refuses(&self, access: &Access<'_>, key: &Key, kms: bool) -> bool {
        kms || (tagging(access) && key.state == KeyState::Disabled)
    }
}

/// `pending-import-refused`: tag operations want a key with key material.
#[derive(Debug)]
pub(super) struct PendingImportRefused;

impl KeyStates for PendingImportRefused {
    fn refuses(&self, access: &Access<'_>, key: &Key, kms: bool) -> bool {
        kms || (tagging(access) && key.state == KeyState::PendingImport)
    }
}

/// `only-enabled-or-disabled`: tag operations want a key Enabled or
/// Disabled, so every other state refuses them.
#[derive(Debug)]
pub(super) struct OnlyEnabledOrDisabled;

impl KeyStates for OnlyEnabledOrDisabled {
    fn refuses(&self, access: &Access<'_>, key: &Key, kms: bool) -> bool {
        let other = !matches!(key.state, KeyState::Enabled | KeyState::Disabled);
        kms || (tagging(access) && other)
    }
}

/// `replica-deletion-allowed`: tag operations work on a key pending replica
/// deletion.
#[derive(Debug)]
pub(super) struct ReplicaDeletionAllowed;

impl KeyStates for ReplicaDeletionAllowed {
    fn refuses(&self, access: &Access<'_>, key: &Key, kms: bool) -> bool {
        kms && !(tagging(access) && key.state == KeyState::PendingReplicaDeletion)
    }
}

/// `untag-state-check-when-tag-found`: the state check placed after the
/// lookup of the tags, behind "nothing to remove, nothing to do" (contract
/// row 27).
#[derive(Debug)]
pub(super) struct UntagStateCheckWhenTagFound;

impl KeyStates for UntagStateCheckWhenTagFound {
    fn refuses(&self, access: &Access<'_>, key: &Key, kms: bool) -> bool {
        if !access.is(Operation::UntagResource) {
            return kms;
        }
        kms && access.tag_keys().iter().any(|k| key.has_tag(k))
    }
}

/// `tag-resource-no-state-check`: `TagResource` forgets the state check
/// `UntagResource` makes.
#[derive(Debug)]
pub(super) struct TagResourceNoStateCheck;

impl KeyStates for TagResourceNoStateCheck {
    fn refuses(&self, access: &Access<'_>, _key: &Key, kms: bool) -> bool {
        kms && !access.is(Operation::TagResource)
    }
}

/// `tag-resource-refused-disabled`: a `TagResource` that wants the key
/// Enabled, as if it were a cryptographic operation (contract row 49).
#[derive(Debug)]
pub(super) struct TagResourceRefusedDisabled;

impl KeyStates for TagResourceRefusedDisabled {
    fn refuses(&self, access: &Access<'_>, key: &Key, kms: bool) -> bool {
        kms || (access.is(Operation::TagResource) && key.state == KeyState::Disabled)
    }
}

/// `list-refused-pending-deletion`: `ListResourceTags` is refused on a key
/// pending deletion, as the tag operations that change tags are.
#[derive(Debug)]
pub(super) struct ListRefusedPendingDeletion;

impl KeyStates for ListRefusedPendingDeletion {
    fn refuses(&self, access: &Access<'_>, key: &Key, kms: bool) -> bool {
        kms || (access.is(Operation::ListResourceTags) && key.state == KeyState::PendingDeletion)
    }
}
