//! Bends of [`Validation`] on a request's members: lengths not checked, or
//! checked one off or in bytes; lists accepted empty or absent; a string
//! for a list; a `KeyId` that crashes the handler.

use crate::stub::model::{Bounded, KmsError, Length, Validation};

/// `no-length-checks`: no key ID, tag key or tag value length is checked.
#[derive(Debug)]
pub(super) struct NoLengthChecks;

impl Validation for NoLengthChecks {
    fn length(&self, _member: Bounded, _kms: Option<Length>) -> Option<Length> {
        None
    }
}

/// `key-id-limit-off-by-one`: `len < 2048` where `len <= 2048` was meant.
#[derive(Debug)]
pub(super) struct KeyIdLimitOffByOne;

impl Validation for KeyIdLimitOffByOne {
    fn length(&self, member: Bounded, kms: Option<Length>) -> Option<Length> {
        let shorter = |length: Length| Length {
            max: length.max - 1,
            ..length
        };
        if member == Bounded::KeyId {
            kms.map(shorter)
        } else {
            kms
        }
    }
}

/// `tag-key-limit-off-by-one`: `len < 128` where `len <= 128` was meant,
/// for every tag key.
#[derive(Debug)]
pub(super) struct TagKeyLimitOffByOne;

impl Validation for TagKeyLimitOffByOne {
    fn length(&self, member: Bounded, kms: Option<Length>) -> Option<Length> {
        let shorter = |length: Length| Length {
            max: length.max - 1,
            ..length
        };
        if matches!(member, Bounded::TagKey | Bounded::UntagTagKey) {
            kms.map(shorter)
        } else {
            kms
        }
    }
}

/// `tag-value-length-unchecked`: tag values of any length.
#[derive(Debug)]
pub(super) struct TagValueLengthUnchecked;

impl Validation for TagValueLengthUnchecked {
    fn length(&self, member: Bounded, kms: Option<Length>) -> Option<Length> {
        kms.filter(|_| member != Bounded::TagValue)
    }
}

/// `tag-value-limit-off-by-one`: `len < 256` where `len <= 256` was meant,
/// refused in AWS's own words, so that only the boundary shows it (the
/// 257-character refusal stays right).
#[derive(Debug)]
pub(super) struct TagValueLimitOffByOne;

impl Validation for TagValueLimitOffByOne {
    fn length(&self, member: Bounded, kms: Option<Length>) -> Option<Length> {
        let strict = |length: Length| Length {
            max_refused: true,
            ..length
        };
        if member == Bounded::TagValue {
            kms.map(strict)
        } else {
            kms
        }
    }
}

/// `untag-tag-key-length-in-bytes`: a handler that forgot UTF-8 measures
/// `UntagResource`'s tag keys in bytes.
#[derive(Debug)]
pub(super) struct UntagTagKeyLengthInBytes;

impl Validation for UntagTagKeyLengthInBytes {
    fn length(&self, member: Bounded, kms: Option<Length>) -> Option<Length> {
        let bytes = |length: Length| Length {
            in_bytes: true,
            ..length
        };
        if member == Bounded::UntagTagKey {
            kms.map(bytes)
        } else {
            kms
        }
    }
}

/// `empty-tag-keys-accepted`: `TagKeys []` is accepted.
#[derive(Debug)]
pub(super) struct EmptyTagKeysAccepted;

impl Validation for EmptyTagKeysAccepted {
    fn fewest(&self, member: &str, kms: usize) -> usize {
        if member == "TagKeys" { 0 } else { kms }
    }
}

/// `missing-tag-keys-accepted`: an absent or null `TagKeys` is taken for
/// an empty one, which is accepted.
#[derive(Debug)]
pub(super) struct MissingTagKeysAccepted;

impl Validation for MissingTagKeysAccepted {
    fn fewest(&self, member: &str, kms: usize) -> usize {
        EmptyTagKeysAccepted.fewest(member, kms)
    }

    fn absent_is_empty(&self, member: &str, kms: bool) -> bool {
        kms || member == "TagKeys"
    }
}

/// `tag-empty-tags-accepted`: `TagResource` with `Tags []` is accepted.
#[derive(Debug)]
pub(super) struct TagEmptyTagsAccepted;

impl Validation for TagEmptyTagsAccepted {
    fn fewest(&self, member: &str, kms: usize) -> usize {
        if member == "Tags" { 0 } else { kms }
    }
}

/// `type-errors-coerced`: a lax JSON binding takes `"env"` for `["env"]`.
#[derive(Debug)]
pub(super) struct TypeErrorsCoerced;

impl Validation for TypeErrorsCoerced {
    fn coerces(&self, _kms: bool) -> bool {
        true
    }
}

/// `key-id-unchecked-500`: a handler that never checked its `KeyId`
/// crashes on one it cannot read.
#[derive(Debug)]
pub(super) struct KeyIdUnchecked500;

impl Validation for KeyIdUnchecked500 {
    fn key_id(&self, _kms: Result<(), KmsError>) -> Result<(), KmsError> {
        Err(KmsError::internal(
            "'NoneType' object has no attribute 'startswith'",
        ))
    }
}
