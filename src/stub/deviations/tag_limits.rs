//! Bends of [`Validation`]'s `TagException` rules (contract §4): a limit
//! counted the wrong way or not at all, the reserved prefix not reserved,
//! duplicates let through; and `CreateKey` checking less than
//! `TagResource`, as if only `TagResource` validated tags.

use crate::stub::model::{TagRules, Validation};
use crate::wire::Operation;

/// `tag-limit-per-request`: the 50-tag limit counts one request's tags,
/// not the key's.
#[derive(Debug)]
pub(super) struct TagLimitPerRequest;

impl Validation for TagLimitPerRequest {
    fn tag_rules(&self, operation: Operation, kms: TagRules) -> TagRules {
        if operation != Operation::TagResource {
            return kms;
        }
        TagRules {
            per_key: None,
            ..kms
        }
    }
}

/// `tag-limit-counts-key-only`: the 50-tag limit counts only the tags the
/// key already has, so one `TagResource` can add 51.
#[derive(Debug)]
pub(super) struct TagLimitCountsKeyOnly;

impl Validation for TagLimitCountsKeyOnly {
    fn tag_rules(&self, operation: Operation, kms: TagRules) -> TagRules {
        if operation != Operation::TagResource {
            return kms;
        }
        TagRules {
            per_request: None,
            per_key: None,
            full_at: kms.per_key,
            ..kms
        }
    }
}

/// `tag-reserved-prefix-allowed`: tag keys starting with `aws:` can be added.
#[derive(Debug)]
pub(super) struct TagReservedPrefixAllowed;

impl Validation for TagReservedPrefixAllowed {
    fn tag_rules(&self, _operation: Operation, kms: TagRules) -> TagRules {
        TagRules {
            reserved: None,
            ..kms
        }
    }
}

/// `tag-reserved-prefix-case-sensitive`: only a lowercase `aws:` is reserved.
#[derive(Debug)]
pub(super) struct TagReservedPrefixCaseSensitive;

impl Validation for TagReservedPrefixCaseSensitive {
    fn tag_rules(&self, _operation: Operation, kms: TagRules) -> TagRules {
        fn lowercase_only(tag_key: &str) -> bool {
            tag_key.starts_with("aws:")
        }
        TagRules {
            reserved: kms.reserved.map(|_| lowercase_only as fn(&str) -> bool),
            ..kms
        }
    }
}

/// `tag-duplicates-allowed`: a tag key twice in one request is accepted.
#[derive(Debug)]
pub(super) struct TagDuplicatesAllowed;

impl Validation for TagDuplicatesAllowed {
    fn tag_rules(&self, _operation: Operation, kms: TagRules) -> TagRules {
        TagRules {
            duplicates_refused: false,
            ..kms
        }
    }
}

/// `create-key-duplicate-tags-allowed`: no duplicate check on `CreateKey`
/// (contract row 66).
#[derive(Debug)]
pub(super) struct CreateKeyDuplicateTagsAllowed;

impl Validation for CreateKeyDuplicateTagsAllowed {
    fn tag_rules(&self, operation: Operation, kms: TagRules) -> TagRules {
        if operation != Operation::CreateKey {
            return kms;
        }
        TagRules {
            duplicates_refused: false,
            ..kms
        }
    }
}

/// `create-key-tag-limit-unchecked`: no 50-tag limit on `CreateKey`
/// (contract row 67).
#[derive(Debug)]
pub(super) struct CreateKeyTagLimitUnchecked;

impl Validation for CreateKeyTagLimitUnchecked {
    fn tag_rules(&self, operation: Operation, kms: TagRules) -> TagRules {
        if operation != Operation::CreateKey {
            return kms;
        }
        TagRules {
            per_request: None,
            ..kms
        }
    }
}
