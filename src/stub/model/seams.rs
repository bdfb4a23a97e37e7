//! The model's seams: the few points where it states KMS's answer and lets
//! a stub built to be wrong bend it.
//!
//! The model is the project's statement of what AWS does, so it holds no
//! other behaviour. Where a conformance suite needs a stub that is wrong on
//! purpose (to prove that a scenario can fail), the model computes KMS's
//! answer as always and hands it to a seam, which gives it back unchanged
//! unless something was plugged in (the stub plugs in what its command line
//! asks for; the model never knows what). Each seam is a trait whose
//! methods take KMS's answer as their last argument, `kms`, and return the
//! answer to use; their default bodies return `kms`, so the faithful build
//! plugs nothing.
//!
//! # The seams
//!
//! | seam | what it decides | KMS, where the model says it |
//! |---|---|---|
//! | [`TagMatch`] | whether a tag key sent matches a tag a key holds | exactly its key, case and all (`untag.rs`, `tags.rs`) |
//! | [`UntagReach`] | which of the sent tag keys an untag acts on, which keys it reaches, what a tag key the key lacks answers | all of them, the key named alone, ignored (`untag.rs`) |
//! | [`KeyStates`] | whether a key's state refuses an operation | the Developer Guide's table, [`KeyState::refuses`](super::KeyState::refuses) (`Model::check_state`) |
//! | [`Validation`] | member lengths, list sizes and types, a `KeyId` that cannot be read, the `TagException` rules | the service model's constraints (`validate.rs`), contract §4 (`tags.rs`) |
//! | [`Authorization`] | whether a key policy governs a call, the condition keys it sees, its decision, the refusal | the IAM evaluation logic, contract §6 (`authorize.rs`, `stub::policy`) |
//! | [`KeyPolicies`] | what a policy sent becomes, the lockout check, whether it is stored, an AWS managed key's policy, an absent policy name | contract rows 119 to 126 and 32 (`key_policy.rs`, `aliases.rs`) |
//! | [`Identifiers`] | the `KeyId` forms taken, where a key ARN points, where a key is looked for, cross-account use, a new key's ID | the recorded refusals, contract rows 14 to 24 and 135 (`resolve.rs`, `create.rs`) |
//! | [`Lifecycle`] | a new key's state, a cancelled deletion's, whether a primary waits for its replicas, a replica's first tags, tags shared across a set, which key says it is the primary | contract §3 and §7 (`create.rs`, `lifecycle.rs`, `multi_region.rs`) |
//! | [`Reads`] | what a read sees of a key, the size of a listing's page, whether it is truncated, where the next starts | eventual consistency (row 152), row 73 (`Model::visible`, `tags.rs`) |
//! | [`Calls`] | whether a refused call still acts, and a call's answer | it does not; the operation's own (`Model::handle`) |
//!
//! What goes on the wire (routing, authentication, the reply's words,
//! status and shape) is the HTTP adapter's, in `stub::http_seams`.
//!
//! # Composing
//!
//! A seam holds its bends in [`Bends`], in the order they were plugged; each
//! gets the answer the one before it gave. Several at once compose that
//! way; bends that contradict each other (a removal that removes nothing
//! and one that removes everything) end with the last one's answer.

use std::fmt::Debug;
use std::sync::Arc;

use serde_json::Value;

use uuid::Uuid;

use super::super::policy::{Context, Decision, KeyPolicy, Request};
use super::authorize::Access;
use super::key::{Key, KeyAddr, KeyState, Revision, Tag};
use super::key_policy::StoredPolicy;
use super::resolve::Aliases;
use super::{Call, Caller, Keys, KmsError, Output};

/// The bends plugged into one seam, applied in order; none is KMS. For
/// each seam, `Bends` has the seam's methods, each folding KMS's answer
/// through the bends.
pub(crate) struct Bends<T: ?Sized>(Vec<Box<T>>);

impl<T: ?Sized> Bends<T> {
    /// Plugs `bend` in after those already there.
    pub(crate) fn push(&mut self, bend: Box<T>) {
        self.0.push(bend);
    }

    /// Whether nothing is plugged in: the seam answers as KMS does.
    #[cfg(test)]
    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `kms`, bent by each bend in turn.
    pub(crate) fn fold<A>(&self, kms: A, bend: impl Fn(&T, A) -> A) -> A {
        self.0.iter().fold(kms, |answer, b| bend(b, answer))
    }
}

impl<T: ?Sized> Default for Bends<T> {
    fn default() -> Self {
        Self(Vec::new())
    }
}

impl<T: ?Sized + Debug> Debug for Bends<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(&self.0).finish()
    }
}

/// Every seam of the model; the default plugs nothing into any, which is KMS.
#[derive(Debug, Default)]
pub(crate) struct Seams {
    /// How a tag key sent matches a stored tag.
    pub(crate) tag_match: Bends<dyn TagMatch>,
    /// What an untag reaches.
    pub(crate) untag_reach: Bends<dyn UntagReach>,
    /// Which states refuse which operations.
    pub(crate) key_states: Bends<dyn KeyStates>,
    /// What a request's members and tags must be.
    pub(crate) validation: Bends<dyn Validation>,
    /// How a key policy decides a call.
    pub(crate) authorization: Bends<dyn Authorization>,
    /// What the key policy operations accept and store.
    pub(crate) key_policies: Bends<dyn KeyPolicies>,
    /// How a `KeyId` names a key.
    pub(crate) identifiers: Bends<dyn Identifiers>,
    /// A key's life.
    pub(crate) lifecycle: Bends<dyn Lifecycle>,
    /// What a read sees, and how a listing pages.
    pub(crate) reads: Bends<dyn Reads>,
    /// What becomes of a call as a whole.
    pub(crate) calls: Bends<dyn Calls>,
}

#[cfg(test)]
impl Seams {
    /// Whether nothing is plugged into any seam.
    pub(crate) fn is_faithful(&self) -> bool {
        self.tag_match.is_empty()
            && self.untag_reach.is_empty()
            && self.key_states.is_empty()
            && self.validation.is_empty()
            && self.authorization.is_empty()
            && self.key_policies.is_empty()
            && self.identifiers.is_empty()
            && self.lifecycle.is_empty()
            && self.reads.is_empty()
            && self.calls.is_empty()
    }
}

/// Whether a tag key sent in a request names a tag a key holds: the tag
/// `UntagResource` removes, or the one `TagResource` overwrites.
pub(crate) trait TagMatch: Debug + Send + Sync {
    /// Whether `sent`, in a request of `operation`, names `stored`. KMS:
    /// when it is the tag's key exactly, case and white space included,
    /// nothing read as a pattern (contract rows 3, 4, 12, 61 and 63).
    fn matches(&self, _operation: &str, _sent: &str, _stored: &Tag, kms: bool) -> bool {
        kms
    }
}

impl Bends<dyn TagMatch> {
    pub(crate) fn matches(&self, operation: &str, sent: &str, stored: &Tag, kms: bool) -> bool {
        self.fold(kms, |b, answer| b.matches(operation, sent, stored, answer))
    }
}

/// What an `UntagResource` reaches: which of its tag keys, which keys.
pub(crate) trait UntagReach: Debug + Send + Sync {
    /// The tag keys the call acts on. KMS: every one sent (contract row 1).
    fn tag_keys<'a>(&self, kms: Vec<&'a str>) -> Vec<&'a str> {
        kms
    }

    /// The keys whose tags the call removes, when it names the key at
    /// `addr`; `stored` is every key of the model. KMS: that key alone
    /// (contract row 176).
    fn keys(&self, _addr: &KeyAddr, _stored: &Keys, kms: Vec<KeyAddr>) -> Vec<KeyAddr> {
        kms
    }

    /// The answer to a tag key sent that the key does not have. KMS: none,
    /// it is ignored (contract row 5).
    fn lacking(&self, _tag_key: &str, kms: Result<(), KmsError>) -> Result<(), KmsError> {
        kms
    }
}

impl Bends<dyn UntagReach> {
    pub(crate) fn tag_keys<'a>(&self, kms: Vec<&'a str>) -> Vec<&'a str> {
        self.fold(kms, |b, answer| b.tag_keys(answer))
    }

    pub(crate) fn keys(&self, addr: &KeyAddr, stored: &Keys, kms: Vec<KeyAddr>) -> Vec<KeyAddr> {
        self.fold(kms, |b, answer| b.keys(addr, stored, answer))
    }

    pub(crate) fn lacking(&self, tag_key: &str, kms: Result<(), KmsError>) -> Result<(), KmsError> {
        self.fold(kms, |b, answer| b.lacking(tag_key, answer))
    }
}

/// Which key states refuse which operations.
pub(crate) trait KeyStates: Debug + Send + Sync {
    /// Whether `key`'s state refuses `access` with
    /// `KMSInvalidStateException`. KMS: [`KeyState::refuses`](super::KeyState::refuses),
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

/// A member whose length the model bounds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Bounded {
    /// `KeyId`: 1 to 2048 characters.
    KeyId,
    /// A tag key sent to `UntagResource` in `TagKeys`: 1 to 128 characters.
    UntagTagKey,
    /// The `TagKey` of a tag sent (`TagResource`, `CreateKey`,
    /// `ReplicateKey`): 1 to 128 characters.
    TagKey,
    /// The `TagValue` of a tag sent: 0 to 256 characters.
    TagValue,
}

/// How long a member may be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Length {
    /// The shortest it may be.
    pub(crate) min: usize,
    /// The longest it may be.
    pub(crate) max: usize,
    /// Whether it is measured in bytes; KMS counts characters.
    pub(crate) in_bytes: bool,
    /// Whether a value of exactly `max` is refused too; KMS takes it.
    pub(crate) max_refused: bool,
}

impl Length {
    /// `min` to `max` characters, both included: how the service model
    /// bounds a string.
    pub(crate) fn chars(min: usize, max: usize) -> Self {
        Self {
            min,
            max,
            in_bytes: false,
            max_refused: false,
        }
    }
}

/// The `TagException` rules a request's tags meet once its key is found.
#[derive(Clone, Copy, Debug)]
pub(crate) struct TagRules {
    /// Whether a tag key twice in one request is refused.
    pub(crate) duplicates_refused: bool,
    /// The most tags one request may carry.
    pub(crate) per_request: Option<usize>,
    /// The most tags a key may hold once the request's are added.
    pub(crate) per_key: Option<usize>,
    /// How many tags a key holds when it takes no more, counted before the
    /// request's are added; KMS counts after ([`per_key`](Self::per_key)).
    pub(crate) full_at: Option<usize>,
    /// Which tag keys are AWS's, and refused.
    pub(crate) reserved: Option<fn(&str) -> bool>,
}

/// What a request's members must be (the service model's constraints,
/// reported as one `ValidationException`, or a `SerializationException`
/// for a wrong JSON type), and the `TagException` rules its tags meet.
pub(crate) trait Validation: Debug + Send + Sync {
    /// How long `member` may be; `None`, not checked. KMS: the service
    /// model's bounds, in characters (contract §4, rows 8 to 11, 70).
    fn length(&self, _member: Bounded, kms: Option<Length>) -> Option<Length> {
        kms
    }

    /// The fewest entries the list `member` may hold. KMS: one for
    /// `TagKeys` and `Tags` (contract rows 7 and 71).
    fn fewest(&self, _member: &str, kms: usize) -> usize {
        kms
    }

    /// Whether the list `member`, absent or null, stands for an empty list.
    /// KMS: no; it is absent (and refused where required, row 8).
    fn absent_is_empty(&self, _member: &str, kms: bool) -> bool {
        kms
    }

    /// Whether a string is taken for a list of that one string. KMS: no,
    /// it is a `SerializationException`.
    fn coerces(&self, kms: bool) -> bool {
        kms
    }

    /// What a `KeyId` answers at once when it cannot be read: `kms` is the
    /// `SerializationException` of one that is not a string, or `Ok` for
    /// one absent, which KMS reports with the other violations.
    fn key_id(&self, kms: Result<(), KmsError>) -> Result<(), KmsError> {
        kms
    }

    /// The `TagException` rules of the tags `operation` adds. KMS: no
    /// duplicates, at most 50 per request and per key, no `aws:` prefix in
    /// any case (contract §4, `tags.rs`).
    fn tag_rules(&self, _operation: &str, kms: TagRules) -> TagRules {
        kms
    }
}

impl Bends<dyn Validation> {
    pub(crate) fn length(&self, member: Bounded, kms: Option<Length>) -> Option<Length> {
        self.fold(kms, |b, answer| b.length(member, answer))
    }

    pub(crate) fn fewest(&self, member: &str, kms: usize) -> usize {
        self.fold(kms, |b, answer| b.fewest(member, answer))
    }

    pub(crate) fn absent_is_empty(&self, member: &str, kms: bool) -> bool {
        self.fold(kms, |b, answer| b.absent_is_empty(member, answer))
    }

    pub(crate) fn coerces(&self, kms: bool) -> bool {
        self.fold(kms, Validation::coerces)
    }

    pub(crate) fn key_id(&self, kms: Result<(), KmsError>) -> Result<(), KmsError> {
        self.fold(kms, Validation::key_id)
    }

    pub(crate) fn tag_rules(&self, operation: &str, kms: TagRules) -> TagRules {
        self.fold(kms, |b, answer| b.tag_rules(operation, answer))
    }
}

/// How a key policy decides a call on its key, and how a refusal is
/// answered (contract §6).
///
/// A wrong reading of the policy language bends [`decide`](Self::decide)
/// with its own evaluation: a statement applying to principals it does not
/// name, a set qualifier misread, action or condition key names compared by
/// case. When the stub has identity policies too, their decisions and the
/// keys only they see (`aws:ResourceTag/<k>`) are asked of this seam as well.
pub(crate) trait Authorization: Debug + Send + Sync {
    /// Whether a key policy governs `access` at all. KMS: every operation
    /// on a key (the stub's own control operation aside).
    fn governs(&self, _access: &Access<'_>, kms: bool) -> bool {
        kms
    }

    /// The condition keys the request carries. KMS: the caller's, and
    /// `aws:TagKeys` and `aws:RequestTag/<k>` for the tagging calls (row
    /// 128); never `aws:ResourceTag/<k>` in a key policy (row 153).
    fn context(&self, _access: &Access<'_>, kms: Context) -> Context {
        kms
    }

    /// What `policy` decides for `request`. KMS: an explicit `Deny` wins;
    /// otherwise an `Allow` is needed ([`KeyPolicy::evaluate`], row 127).
    fn decide(&self, _policy: &KeyPolicy, _request: &Request<'_>, kms: Decision) -> Decision {
        kms
    }

    /// The answer to a call refused on the key `key_arn`. KMS:
    /// `AccessDeniedException` naming the caller, the action and the key
    /// (row 129).
    fn refusal(&self, _key_arn: &str, kms: KmsError) -> KmsError {
        kms
    }
}

impl Bends<dyn Authorization> {
    pub(crate) fn governs(&self, access: &Access<'_>, kms: bool) -> bool {
        self.fold(kms, |b, answer| b.governs(access, answer))
    }

    pub(crate) fn context(&self, access: &Access<'_>, kms: Context) -> Context {
        self.fold(kms, |b, answer| b.context(access, answer))
    }

    pub(crate) fn decide(
        &self,
        policy: &KeyPolicy,
        request: &Request<'_>,
        kms: Decision,
    ) -> Decision {
        self.fold(kms, |b, answer| b.decide(policy, request, answer))
    }

    pub(crate) fn refusal(&self, key_arn: &str, kms: KmsError) -> KmsError {
        self.fold(kms, |b, answer| b.refusal(key_arn, answer))
    }
}

/// What the key policy operations accept and store (contract rows 119 to
/// 126), and the policy an AWS managed key is born with (row 32).
pub(crate) trait KeyPolicies: Debug + Send + Sync {
    /// What the policy `text` sent for a key whose policy is `previous`
    /// becomes. KMS: its meaning, or `MalformedPolicyDocumentException`
    /// (row 124).
    fn parsed(
        &self,
        _text: &str,
        _previous: &StoredPolicy,
        kms: Result<StoredPolicy, KmsError>,
    ) -> Result<StoredPolicy, KmsError> {
        kms
    }

    /// Whether a new policy meets the lockout safety check. KMS: unless
    /// the caller bypasses it (row 126).
    fn lockout_checked(&self, kms: bool) -> bool {
        kms
    }

    /// Whether `PutKeyPolicy` stores the policy it accepted. KMS: yes.
    fn stores(&self, kms: bool) -> bool {
        kms
    }

    /// The policy of an AWS managed key of `account`. KMS: one that lets
    /// the account read the key and its service use it, nothing else.
    fn managed_key_policy(&self, _account: &str, kms: Arc<StoredPolicy>) -> Arc<StoredPolicy> {
        kms
    }

    /// The policy name an absent `PolicyName` stands for. KMS: `default`
    /// (rows 121 and 155).
    fn absent_name(&self, kms: &'static str) -> &'static str {
        kms
    }
}

impl Bends<dyn KeyPolicies> {
    pub(crate) fn parsed(
        &self,
        text: &str,
        previous: &StoredPolicy,
        kms: Result<StoredPolicy, KmsError>,
    ) -> Result<StoredPolicy, KmsError> {
        self.fold(kms, |b, answer| b.parsed(text, previous, answer))
    }

    pub(crate) fn lockout_checked(&self, kms: bool) -> bool {
        self.fold(kms, KeyPolicies::lockout_checked)
    }

    pub(crate) fn stores(&self, kms: bool) -> bool {
        self.fold(kms, KeyPolicies::stores)
    }

    pub(crate) fn managed_key_policy(
        &self,
        account: &str,
        kms: Arc<StoredPolicy>,
    ) -> Arc<StoredPolicy> {
        self.fold(kms, |b, answer| b.managed_key_policy(account, answer))
    }

    pub(crate) fn absent_name(&self, kms: &'static str) -> &'static str {
        self.fold(kms, KeyPolicies::absent_name)
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
    /// Whether `operation` takes alias names and alias ARNs. KMS:
    /// `DescribeKey` does; the tagging and key-state operations do not (row 16).
    fn aliases(&self, _operation: &str, kms: Aliases) -> Aliases {
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
    pub(crate) fn aliases(&self, operation: &str, kms: Aliases) -> Aliases {
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

/// What becomes of a call as a whole, whatever its operation: a throttled
/// call, one its validation refuses, the answer it gets.
pub(crate) trait Calls: Debug + Send + Sync {
    /// The request a call refused with `refusal` still carries out, if any
    /// (its handler acted before it refused). KMS: none; a refused call
    /// changes nothing, throttled (contract row 150) or invalid (validation
    /// comes before any effect).
    fn still_acts(
        &self,
        _call: &Call<'_>,
        _refusal: &KmsError,
        kms: Option<Value>,
    ) -> Option<Value> {
        kms
    }

    /// The answer to `call`. KMS: its operation's.
    fn answer(&self, _call: &Call<'_>, kms: Result<Output, KmsError>) -> Result<Output, KmsError> {
        kms
    }
}

impl Bends<dyn Calls> {
    pub(crate) fn still_acts(
        &self,
        call: &Call<'_>,
        refusal: &KmsError,
        kms: Option<Value>,
    ) -> Option<Value> {
        self.fold(kms, |b, answer| b.still_acts(call, refusal, answer))
    }

    pub(crate) fn answer(
        &self,
        call: &Call<'_>,
        kms: Result<Output, KmsError>,
    ) -> Result<Output, KmsError> {
        self.fold(kms, |b, answer| b.answer(call, answer))
    }
}
