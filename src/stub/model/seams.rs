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
//! | [`UntagReach`] | which of the sent tag keys an untag acts on, which keys it reaches, what a tag key the key lacks answers, whether a removed tag comes back | all of them, the key named alone, ignored, never (`untag.rs`) |
//! | [`KeyStates`] | whether a key's state refuses an operation | the Developer Guide's table, [`KeyState::refuses`](super::KeyState::refuses) (`Model::check_state`) |
//! | [`Validation`] | member lengths, list sizes and types, a `KeyId` that cannot be read, the `TagException` rules | the service model's constraints (`validate.rs`), contract §4 (`tags.rs`) |
//! | [`Authorization`] | whether a key policy governs a call, the condition keys it sees, its decision (the lockout check's too), the refusal | the IAM evaluation logic, contract §6 (`authorize.rs`, `key_policy.rs`, `stub::policy`) |
//! | [`Identities`] | who a role session is, which of its identity policies are read, the tags `aws:ResourceTag/<k>` sees, how the key policy's and the identity policies' decisions combine | contract rows 184 to 192 (`authorize.rs`, `stub::policy`) |
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

mod identity_seams;
mod key_seams;
mod policy_seams;
mod request_seams;
mod tag_seams;

use std::fmt::Debug;

pub(crate) use self::identity_seams::{HeldPolicies, Identities};
pub(crate) use self::key_seams::{ArnScope, Identifiers, KeyStates, Lifecycle, Page, Reads};
pub(crate) use self::policy_seams::{Authorization, KeyPolicies};
pub(crate) use self::request_seams::{Bounded, Calls, Length, TagRules, Validation};
pub(crate) use self::tag_seams::{TagMatch, UntagReach};

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
    /// How an IAM principal's own policies take part.
    pub(crate) identities: Bends<dyn Identities>,
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
            && self.identities.is_empty()
            && self.key_policies.is_empty()
            && self.identifiers.is_empty()
            && self.lifecycle.is_empty()
            && self.reads.is_empty()
            && self.calls.is_empty()
    }
}
