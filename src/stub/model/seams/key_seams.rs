//! The seams of a key: which of its states refuse what, how a `KeyId`
//! names it, its life, and what a read sees of it.

use std::fmt::Debug;

use uuid::Uuid;

use super::super::authorize::Access;
use super::super::key::{Key, KeyAddr, KeyState, Revision, Tag};
use super::super::resolve::Aliases;
use super::super::{Caller, Keys};
use super::Bends;
use crate::wire::Operation;

/// Which key states refuse which operations.
pub(crate) trait KeyStates: Debug + Send + Sync {
    /// Whether `key`'s state refuses `access` with
    /// `KMSInvalidStateException`. KMS: [`KeyState::refuses`](super::super::KeyState::refuses),
    /// whatever the request names (contract row 27).
    fn refuses(&self, _access: &Access<'_>, _key: &Key, kms: bool) -> bool {
        kms
    }
}

impl Bends<dyn KeyStates> {
    pub(crate) fn refuses(&self, access: &Access<'_>, key: &Key, kms: bool) -> bool {
        self.fold(kms, |b, answer| b.refuses(access, key, answer))
    }
}

/// Where a key ARN points: the region and account it is looked up in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct ArnScope<'a> {
    /// The region the key is looked for in.
    pub(crate) region: &'a str,
    /// The account the key is looked for in.
    pub(crate) account: &'a str,
}

/// How a `KeyId` names a key (contract rows 14 to 24): the forms taken, the
/// scope of a key ARN, where a key is looked for, whether another
/// account's key may be used; and the key ID a new key gets.
pub(crate) trait Identifiers: Debug + Send + Sync {
    /// Whether `operation` takes alias names and alias ARNs (`None`: the
    /// stub's own control operation). KMS: `DescribeKey` does; the tagging
    /// and key-state operations do not (row 16).
    fn aliases(&self, _operation: Option<Operation>, kms: Aliases) -> Aliases {
        kms
    }

    /// Whether `key_id`, neither an ARN nor an alias, is a key ID. KMS: a
    /// UUID, or `mrk-` and 32 hex digits (rows 19 and 135).
    fn is_key_id(&self, _key_id: &str, kms: bool) -> bool {
        kms
    }

    /// Where a key ARN sent by `caller` points. KMS: the region and account
    /// it names (rows 21 and 23).
    fn arn_scope<'a>(&self, _caller: &'a Caller, kms: ArnScope<'a>) -> ArnScope<'a> {
        kms
    }

    /// The key found for `addr`, among `stored`. KMS: the key at that very
    /// address, if there is one (row 22: not another region's).
    fn lookup(&self, _addr: &KeyAddr, _stored: &Keys, kms: Option<KeyAddr>) -> Option<KeyAddr> {
        kms
    }

    /// Whether another account's key may be used. KMS: not by the tag and
    /// key-state operations, whatever the key policy says (Developer
    /// Guide, "Cross-account use: No").
    fn cross_account(&self, kms: bool) -> bool {
        kms
    }

    /// The key ID of a new key, made from `uuid`. KMS: the UUID, or `mrk-`
    /// and its 32 hex digits for a multi-Region key (row 135).
    fn new_key_id(&self, _multi_region: bool, _uuid: &Uuid, kms: String) -> String {
        kms
    }
}

impl Bends<dyn Identifiers> {
    pub(crate) fn aliases(&self, operation: Option<Operation>, kms: Aliases) -> Aliases {
        self.fold(kms, |b, answer| b.aliases(operation, answer))
    }

    pub(crate) fn is_key_id(&self, key_id: &str, kms: bool) -> bool {
        self.fold(kms, |b, answer| b.is_key_id(key_id, answer))
    }

    pub(crate) fn arn_scope<'a>(&self, caller: &'a Caller, kms: ArnScope<'a>) -> ArnScope<'a> {
        self.fold(kms, |b, answer| b.arn_scope(caller, answer))
    }

    pub(crate) fn lookup(
        &self,
        addr: &KeyAddr,
        stored: &Keys,
        kms: Option<KeyAddr>,
    ) -> Option<KeyAddr> {
        self.fold(kms, |b, answer| b.lookup(addr, stored, answer))
    }

    pub(crate) fn cross_account(&self, kms: bool) -> bool {
        self.fold(kms, Identifiers::cross_account)
    }

    pub(crate) fn new_key_id(&self, multi_region: bool, uuid: &Uuid, kms: String) -> String {
        self.fold(kms, |b, answer| b.new_key_id(multi_region, uuid, answer))
    }
}

/// A key's life: the state it starts in, deletion and its cancellation,
/// and a multi-Region key's replicas (contract §3 and §7).
pub(crate) trait Lifecycle: Debug + Send + Sync {
    /// The state a new key starts in. KMS: `PendingImport` for `EXTERNAL`
    /// origin, until its key material comes (row 29); `Enabled` otherwise.
    fn first_state(&self, kms: KeyState) -> KeyState {
        kms
    }

    /// The state `CancelKeyDeletion` leaves a key in. KMS: `Disabled`
    /// (contract §3, REC).
    fn cancelled_state(&self, kms: KeyState) -> KeyState {
        kms
    }

    /// Whether a primary key with replicas waits for them
    /// (`PendingReplicaDeletion`) when scheduled for deletion. KMS: yes
    /// (row 142).
    fn waits_for_replicas(&self, kms: bool) -> bool {
        kms
    }

    /// The tags a new replica of a primary tagged `primary` starts with.
    /// KMS: the ones `ReplicateKey` was sent, never the primary's (rows 139
    /// and 140).
    fn replica_tags(&self, _primary: &[Tag], kms: Vec<Tag>) -> Vec<Tag> {
        kms
    }

    /// Which of `set`, the other keys of a multi-Region set, take a key's
    /// tags when they change. KMS: none; tags belong to each key alone
    /// (row 139).
    fn sharing_tags(&self, _set: &[KeyAddr], kms: Vec<KeyAddr>) -> Vec<KeyAddr> {
        kms
    }

    /// Whether a key of a multi-Region set describes itself as its primary.
    /// KMS: only the primary does (row 135).
    fn described_as_primary(&self, kms: bool) -> bool {
        kms
    }
}

impl Bends<dyn Lifecycle> {
    pub(crate) fn first_state(&self, kms: KeyState) -> KeyState {
        self.fold(kms, Lifecycle::first_state)
    }

    pub(crate) fn cancelled_state(&self, kms: KeyState) -> KeyState {
        self.fold(kms, Lifecycle::cancelled_state)
    }

    pub(crate) fn waits_for_replicas(&self, kms: bool) -> bool {
        self.fold(kms, Lifecycle::waits_for_replicas)
    }

    pub(crate) fn replica_tags(&self, primary: &[Tag], kms: Vec<Tag>) -> Vec<Tag> {
        self.fold(kms, |b, answer| b.replica_tags(primary, answer))
    }

    pub(crate) fn sharing_tags(&self, set: &[KeyAddr], kms: Vec<KeyAddr>) -> Vec<KeyAddr> {
        self.fold(kms, |b, answer| b.sharing_tags(set, answer))
    }

    pub(crate) fn described_as_primary(&self, kms: bool) -> bool {
        self.fold(kms, Lifecycle::described_as_primary)
    }
}

/// One page of a `ListResourceTags` listing: tags `start..end` of `total`,
/// in pages of at most `size`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Page {
    /// The first tag of the page.
    pub(crate) start: usize,
    /// One past its last tag.
    pub(crate) end: usize,
    /// The most tags a page holds.
    pub(crate) size: usize,
    /// How many tags the key has.
    pub(crate) total: usize,
}

/// What a read sees of a key, and how `ListResourceTags` pages through its
/// tags.
pub(crate) trait Reads: Debug + Send + Sync {
    /// What a read sees of `key`. KMS: the key as it was the read lag ago,
    /// eventually consistent (row 152).
    fn visible(&self, _key: &Key, kms: Revision) -> Revision {
        kms
    }

    /// The most tags a page holds, `default` when no `Limit` was sent.
    /// KMS: the `Limit` sent.
    fn page_size(&self, _default: i64, kms: i64) -> i64 {
        kms
    }

    /// Whether `page` says it is truncated. KMS: when tags follow it, full
    /// or not (row 73).
    fn truncated(&self, _page: &Page, kms: bool) -> bool {
        kms
    }

    /// Where the page after `page` starts. KMS: after its last tag (row 73).
    fn next_start(&self, _page: &Page, kms: usize) -> usize {
        kms
    }
}

impl Bends<dyn Reads> {
    pub(crate) fn visible(&self, key: &Key, kms: Revision) -> Revision {
        self.fold(kms, |b, answer| b.visible(key, answer))
    }

    pub(crate) fn page_size(&self, default: i64, kms: i64) -> i64 {
        self.fold(kms, |b, answer| b.page_size(default, answer))
    }

    pub(crate) fn truncated(&self, page: &Page, kms: bool) -> bool {
        self.fold(kms, |b, answer| b.truncated(page, answer))
    }

    pub(crate) fn next_start(&self, page: &Page, kms: usize) -> usize {
        self.fold(kms, |b, answer| b.next_start(page, answer))
    }
}
