//! Bends of [`UntagReach`]: an untag that acts on fewer tag keys than sent,
//! on more keys than the one named, refuses a tag key the key lacks, does
//! not last, answers with a body, or leaves what it removed counted.

use std::time::Duration;

use serde_json::json;

use crate::stub::model::{KeyAddr, Keys, KmsError, Output, Tag, UntagReach};

/// `untag-removes-only-first`: only the first tag key sent is acted on.
#[derive(Debug)]
pub(super) struct UntagRemovesOnlyFirst;

impl UntagReach for UntagRemovesOnlyFirst {
    fn tag_keys<'a>(&self, mut kms: Vec<&'a str>) -> Vec<&'a str> {
        kms.truncate(1);
        kms
    }
}

/// `untag-every-key`: a delete missing its `WHERE key_id = ?`: every key
/// of the account and region named loses the tags.
#[derive(Debug)]
pub(super) struct UntagEveryKey;

impl UntagReach for UntagEveryKey {
    fn keys(&self, addr: &KeyAddr, stored: &Keys, _kms: Vec<KeyAddr>) -> Vec<KeyAddr> {
        stored
            .keys()
            .filter(|a| a.account == addr.account && a.region == addr.region)
            .cloned()
            .collect()
    }
}

/// `untag-missing-key-is-error`: a tag key the key lacks is a `TagException`.
#[derive(Debug)]
pub(super) struct UntagMissingKeyIsError;

impl UntagReach for UntagMissingKeyIsError {
    fn lacking(&self, tag_key: &str, kms: Result<(), KmsError>) -> Result<(), KmsError> {
        kms.and(Err(KmsError::tag(&format!(
            "Tag key {tag_key} does not exist"
        ))))
    }
}

/// `removed-tag-returns`: a removed tag is back, key and value, 100 ms
/// later, as when a replica of the store that missed the delete writes it
/// back. Sooner than any settle time the kill matrix uses (200 ms at the
/// least), later than the checks made right after an untag take.
#[derive(Debug)]
pub(super) struct RemovedTagReturns;

impl UntagReach for RemovedTagReturns {
    fn undone_after(&self, _kms: Option<Duration>) -> Option<Duration> {
        Some(Duration::from_millis(100))
    }
}

/// `success-body-when-nothing-removed`: an untag that removed nothing says
/// so in a body, `{"Removed": 0}`, as a handler that reports what it did
/// and has something to say only when it did nothing.
#[derive(Debug)]
pub(super) struct SuccessBodyWhenNothingRemoved;

impl UntagReach for SuccessBodyWhenNothingRemoved {
    fn output(&self, removed: usize, kms: Output) -> Output {
        if removed == 0 {
            Output::Json(json!({ "Removed": 0 }))
        } else {
            kms
        }
    }
}

/// `untag-leaves-tags-counted`: a soft delete whose count forgets the
/// deleted flag: removed tags no longer list, but still count against the
/// key's 50-tag limit, for good.
#[derive(Debug)]
pub(super) struct UntagLeavesTagsCounted;

impl UntagReach for UntagLeavesTagsCounted {
    fn still_counted(&self, _kms: bool) -> bool {
        true
    }
}

/// `late-extra-removal`: an untag removes what it names at once, and 100 ms
/// later the tags a careless reading of its keys also names: a key equal
/// but for ASCII case, a key the sent one begins, a value equal to it; as a
/// background job of the store that matches loosely would. As late as
/// [`RemovedTagReturns`]: after the checks made right after an untag, within
/// any settle time of the kill matrix.
#[derive(Debug)]
pub(super) struct LateExtraRemoval;

impl UntagReach for LateExtraRemoval {
    fn removes_later(&self, sent: &str, kept: &Tag, _kms: Option<Duration>) -> Option<Duration> {
        let loose =
            kept.key.eq_ignore_ascii_case(sent) || kept.key.starts_with(sent) || kept.value == sent;
        loose.then_some(Duration::from_millis(100))
    }
}
