//! The model's seams: the few points where it states KMS's answer and lets
//! a stub built to be wrong bend it.
//!
//! The model is the project's statement of what AWS does, so it holds no
//! other behaviour. Where a conformance suite needs a stub that is wrong on
//! purpose (to prove that a scenario can fail), the model computes KMS's
//! answer as always and hands it to a seam, which gives it back unchanged
//! unless something was plugged in (`stub::deviations` plugs; the model
//! never knows what). Each seam is a trait whose methods take KMS's answer
//! as their last argument, `kms`, and return the answer to use; their
//! default bodies return `kms`, so the faithful build plugs nothing.
//!
//! # The seams
//!
//! | seam | what it decides | KMS, where the model says it |
//! |---|---|---|
//! | [`TagMatch`] | whether a tag key sent matches a tag a key holds | exactly its key, case and all (`untag.rs`, `tags.rs`) |
//! | [`UntagReach`] | which of the sent tag keys an untag acts on, which keys it reaches, what a tag key the key lacks answers | all of them, the key named alone, ignored (`untag.rs`) |
//! | [`KeyStates`] | whether a key's state refuses an operation | the Developer Guide's table, [`KeyState::refuses`](super::KeyState::refuses) (`Model::check_state`) |
//! | [`Calls`] | whether a refused call still acts, and a call's answer | it does not; the operation's own (`Model::handle`) |
//!
//! Seams chosen with them, plugged in by the commits that follow: validation (member
//! lengths, lists, types, the `TagException` rules), how a key policy is
//! evaluated and a refusal answered, how key policies are stored, how a
//! `KeyId` resolves, a key's life (first state, deletion, replicas), what a
//! read sees and how a listing pages.
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

use serde_json::Value;

use super::authorize::Access;
use super::key::{Key, KeyAddr, Tag};
use super::{Call, Keys, KmsError, Output};

/// The bends plugged into one seam, applied in order; none is KMS. For
/// each seam, `Bends` has the seam's methods, each folding KMS's answer
/// through the bends.
pub(crate) struct Bends<T: ?Sized>(Vec<Box<T>>);

impl<T: ?Sized> Bends<T> {
    /// Plugs `bend` in after those already there.
    pub(crate) fn push(&mut self, bend: Box<T>) {
        self.0.push(bend);
    }

    /// `kms`, bent by each bend in turn.
    fn fold<A>(&self, kms: A, bend: impl Fn(&T, A) -> A) -> A {
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
    /// What becomes of a call as a whole.
    pub(crate) calls: Bends<dyn Calls>,
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
