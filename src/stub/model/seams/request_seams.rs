//! The seams a request meets whatever its operation: validation of its
//! members and tags, and what becomes of the call as a whole.

use std::fmt::Debug;

use serde_json::Value;

use super::super::{Call, KmsError, Output};
use super::Bends;
use crate::wire::Operation;

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
    fn tag_rules(&self, _operation: Operation, kms: TagRules) -> TagRules {
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

    pub(crate) fn tag_rules(&self, operation: Operation, kms: TagRules) -> TagRules {
        self.fold(kms, |b, answer| b.tag_rules(operation, answer))
    }
}

/// What becomes of a call as a whole, whatever its operation: a throttled
/// call, one its validation refuses, the answer it gets.
pub(crate) trait Calls: Debug + Send + Sync {
    /// A fault the call meets before anything looks at it, as a throttle
    /// is met: it answers instead, and the call has no effect. KMS: none
    /// here; its transient faults (contract row 41) are what a rehearsal
    /// plugs in (`stub::transient_faults`).
    fn fault(&self, _call: &Call<'_>, kms: Option<KmsError>) -> Option<KmsError> {
        kms
    }

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
    pub(crate) fn fault(&self, call: &Call<'_>, kms: Option<KmsError>) -> Option<KmsError> {
        self.fold(kms, |b, answer| b.fault(call, answer))
    }

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
