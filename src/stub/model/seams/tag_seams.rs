//! The seams of tag matching and of what an untag reaches.

use std::fmt::Debug;
use std::time::Duration;

use super::super::key::{KeyAddr, Tag};
use super::super::{Keys, KmsError, Output};
use super::Bends;
use crate::wire::Operation;

/// Whether a tag key sent in a request names a tag a key holds: the tag
/// `UntagResource` removes, or the one `TagResource` overwrites.
pub(crate) trait TagMatch: Debug + Send + Sync {
    /// Whether `sent`, in a request of `operation`, names `stored`. KMS:
    /// when it is the tag's key exactly, case and white space included,
    /// nothing read as a pattern (contract rows 3, 4, 12, 61 and 63).
    fn matches(&self, _operation: Operation, _sent: &str, _stored: &Tag, kms: bool) -> bool {
        kms
    }
}

impl Bends<dyn TagMatch> {
    pub(crate) fn matches(
        &self,
        operation: Operation,
        sent: &str,
        stored: &Tag,
        kms: bool,
    ) -> bool {
        self.fold(kms, |b, answer| b.matches(operation, sent, stored, answer))
    }
}

/// What an `UntagResource` reaches: which of its tag keys, which keys, and
/// for how long.
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

    /// How long after an untag a tag it removed is back, key and value.
    /// KMS: never; a removal lasts (contract row 211).
    fn undone_after(&self, kms: Option<Duration>) -> Option<Duration> {
        kms
    }

    /// The answer to an untag that removed `removed` tags. KMS: no output,
    /// whatever it removed (contract row 38).
    fn output(&self, _removed: usize, kms: Output) -> Output {
        kms
    }

    /// Whether the tags an untag removed still count against the key's
    /// 50-tag limit. KMS: no; a removed tag is gone (contract row 64).
    fn still_counted(&self, kms: bool) -> bool {
        kms
    }

    /// How long after an untag that sent `sent` the tag `kept`, which it
    /// did not name, is removed all the same. KMS: never; an untag removes
    /// what it names and nothing else, then or later (contract rows 3, 12
    /// and 211).
    fn removes_later(&self, _sent: &str, _kept: &Tag, kms: Option<Duration>) -> Option<Duration> {
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

    pub(crate) fn undone_after(&self, kms: Option<Duration>) -> Option<Duration> {
        self.fold(kms, UntagReach::undone_after)
    }

    pub(crate) fn output(&self, removed: usize, kms: Output) -> Output {
        self.fold(kms, |b, answer| b.output(removed, answer))
    }

    pub(crate) fn still_counted(&self, kms: bool) -> bool {
        self.fold(kms, UntagReach::still_counted)
    }

    pub(crate) fn removes_later(
        &self,
        sent: &str,
        kept: &Tag,
        kms: Option<Duration>,
    ) -> Option<Duration> {
        self.fold(kms, |b, answer| b.removes_later(sent, kept, answer))
    }
}
