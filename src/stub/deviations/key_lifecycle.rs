//! Bends of [`Lifecycle`]: a key born or brought back in the wrong state, a
//! primary that does not wait for its replicas, replicas that share or copy
//! their primary's tags or call themselves primary (contract §3 and §7).

use crate::stub::model::{KeyAddr, KeyState, Lifecycle, Tag};

/// `external-origin-enabled`: a key of `EXTERNAL` origin is `Enabled` at
/// once, without key material.
#[derive(Debug)]
pub(super) struct ExternalOriginEnabled;

impl Lifecycle for ExternalOriginEnabled {
    fn first_state(&self, kms: KeyState) -> KeyState {
        if kms == KeyState::PendingImport {
            KeyState::Enabled
        } else {
            kms
        }
    }
}

/// `cancel-deletion-enables`: `CancelKeyDeletion` leaves the key `Enabled`.
#[derive(Debug)]
pub(super) struct CancelDeletionEnables;

impl Lifecycle for CancelDeletionEnables {
    fn cancelled_state(&self, _kms: KeyState) -> KeyState {
        KeyState::Enabled
    }
}

/// `primary-pending-deletion`: a primary with replicas goes straight to
/// `PendingDeletion`.
#[derive(Debug)]
pub(super) struct PrimaryPendingDeletion;

impl Lifecycle for PrimaryPendingDeletion {
    fn waits_for_replicas(&self, _kms: bool) -> bool {
        false
    }
}

/// The primary's tags, overwritten and added to by `sent`: what a replica
/// starts with when `ReplicateKey` copies its primary's tags.
fn merged(primary: &[Tag], sent: Vec<Tag>) -> Vec<Tag> {
    let mut merged = primary.to_vec();
    for tag in sent {
        match merged.iter_mut().find(|t| t.key == tag.key) {
            Some(existing) => existing.value = tag.value,
            None => merged.push(tag),
        }
    }
    merged
}

/// `replicate-copies-tags`: a replica starts with its primary's tags
/// besides the ones it was sent.
#[derive(Debug)]
pub(super) struct ReplicateCopiesTags;

impl Lifecycle for ReplicateCopiesTags {
    fn replica_tags(&self, primary: &[Tag], kms: Vec<Tag>) -> Vec<Tag> {
        merged(primary, kms)
    }
}

/// `mrk-tags-shared`: the keys of a multi-Region set share one set of
/// tags: a replica starts with its primary's, and a change to one key's
/// tags is a change to all of theirs.
#[derive(Debug)]
pub(super) struct MrkTagsShared;

impl Lifecycle for MrkTagsShared {
    fn replica_tags(&self, primary: &[Tag], kms: Vec<Tag>) -> Vec<Tag> {
        merged(primary, kms)
    }

    fn sharing_tags(&self, set: &[KeyAddr], _kms: Vec<KeyAddr>) -> Vec<KeyAddr> {
        set.to_vec()
    }
}

/// `replicas-described-as-primary`: `DescribeKey` of a replica says it is
/// the `PRIMARY` of its set.
#[derive(Debug)]
pub(super) struct ReplicasDescribedAsPrimary;

impl Lifecycle for ReplicasDescribedAsPrimary {
    fn described_as_primary(&self, _kms: bool) -> bool {
        true
    }
}
