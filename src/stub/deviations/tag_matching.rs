//! Bends of [`TagMatch`]: tag keys compared the way a hand-written store
//! compares strings, where KMS compares them exactly (contract rows 3, 4,
//! 12, 61 and 63).

use crate::stub::model::{Tag, TagMatch};
use crate::wire::{Operation, decode_form};

const UNTAG: Operation = Operation::UntagResource;
const TAG: Operation = Operation::TagResource;

/// `untag-removes-nothing`: no tag matches what an untag sends.
#[derive(Debug)]
pub(super) struct UntagRemovesNothing;

impl TagMatch for UntagRemovesNothing {
    fn matches(&self, operation: Operation, _sent: &str, _stored: &Tag, kms: bool) -> bool {
        kms && operation != UNTAG
    }
}

/// `untag-removes-everything`: every tag matches what an untag sends.
#[derive(Debug)]
pub(super) struct UntagRemovesEverything;

impl TagMatch for UntagRemovesEverything {
    fn matches(&self, operation: Operation, _sent: &str, _stored: &Tag, kms: bool) -> bool {
        kms || operation == UNTAG
    }
}

/// An untag that also removes the tags `also` says `sent` names: each of
/// the deviations below is one such reading of a tag key.
fn untag_also(operation: Operation, kms: bool, also: impl FnOnce() -> bool) -> bool {
    kms || (operation == UNTAG && also())
}

/// `untag-matches-prefix`: `stored.starts_with(sent)`.
#[derive(Debug)]
pub(super) struct UntagMatchesPrefix;

impl TagMatch for UntagMatchesPrefix {
    fn matches(&self, operation: Operation, sent: &str, stored: &Tag, kms: bool) -> bool {
        untag_also(operation, kms, || stored.key.starts_with(sent))
    }
}

/// `untag-ignores-case`: keys compared without their case.
#[derive(Debug)]
pub(super) struct UntagIgnoresCase;

impl TagMatch for UntagIgnoresCase {
    fn matches(&self, operation: Operation, sent: &str, stored: &Tag, kms: bool) -> bool {
        untag_also(operation, kms, || stored.key.eq_ignore_ascii_case(sent))
    }
}

/// `untag-matches-values`: a tag key sent is looked for among the values too.
#[derive(Debug)]
pub(super) struct UntagMatchesValues;

impl TagMatch for UntagMatchesValues {
    fn matches(&self, operation: Operation, sent: &str, stored: &Tag, kms: bool) -> bool {
        untag_also(operation, kms, || stored.value == sent)
    }
}

/// `untag-matches-suffix`: `stored.ends_with(sent)`.
#[derive(Debug)]
pub(super) struct UntagMatchesSuffix;

impl TagMatch for UntagMatchesSuffix {
    fn matches(&self, operation: Operation, sent: &str, stored: &Tag, kms: bool) -> bool {
        untag_also(operation, kms, || stored.key.ends_with(sent))
    }
}

/// `untag-matches-within`: `sent.contains(stored)`.
#[derive(Debug)]
pub(super) struct UntagMatchesWithin;

impl TagMatch for UntagMatchesWithin {
    fn matches(&self, operation: Operation, sent: &str, stored: &Tag, kms: bool) -> bool {
        untag_also(operation, kms, || sent.contains(stored.key.as_str()))
    }
}

/// `untag-trims-tag-keys`: keys compared with the white space at their ends trimmed.
#[derive(Debug)]
pub(super) struct UntagTrimsTagKeys;

impl TagMatch for UntagTrimsTagKeys {
    fn matches(&self, operation: Operation, sent: &str, stored: &Tag, kms: bool) -> bool {
        untag_also(operation, kms, || stored.key.trim() == sent.trim())
    }
}

/// `untag-matches-regex-dot`: the key sent used as a regular expression,
/// `.` matching any one character.
#[derive(Debug)]
pub(super) struct UntagMatchesRegexDot;

impl TagMatch for UntagMatchesRegexDot {
    fn matches(&self, operation: Operation, sent: &str, stored: &Tag, kms: bool) -> bool {
        untag_also(operation, kms, || {
            matches_with_wildcard(sent, &stored.key, '.')
        })
    }
}

/// `untag-matches-like-underscore`: the key sent used as a SQL `LIKE`
/// pattern, `_` matching any one character.
#[derive(Debug)]
pub(super) struct UntagMatchesLikeUnderscore;

impl TagMatch for UntagMatchesLikeUnderscore {
    fn matches(&self, operation: Operation, sent: &str, stored: &Tag, kms: bool) -> bool {
        untag_also(operation, kms, || {
            matches_with_wildcard(sent, &stored.key, '_')
        })
    }
}

/// `untag-form-decodes-keys`: the keys an untag sends are form-decoded
/// before they are matched, as by a handler that reads JSON strings with a
/// URL decoder: `+` is a space and `%XX` a byte, so `a+b` removes `a b`
/// and not itself.
#[derive(Debug)]
pub(super) struct UntagFormDecodesKeys;

impl TagMatch for UntagFormDecodesKeys {
    fn matches(&self, operation: Operation, sent: &str, stored: &Tag, kms: bool) -> bool {
        if operation == UNTAG {
            stored.key == form_decoded(sent)
        } else {
            kms
        }
    }
}

/// `sent` read as a form value: `+` a space, `%XX` a byte; as sent where
/// that is not UTF-8.
fn form_decoded(sent: &str) -> String {
    let body = format!("k={}", sent.replace('&', "%26"));
    decode_form(body.as_bytes())
        .and_then(|pairs| pairs.into_iter().next())
        .map_or_else(|| sent.to_owned(), |(_, value)| value)
}

/// `untag-folds-unicode-case`: letters outside ASCII are matched without
/// their case (`É` removes `é`), as by a collation that folds them; ASCII
/// letters keep theirs, so the scenarios about `Env` and `env` still pass.
#[derive(Debug)]
pub(super) struct UntagFoldsUnicodeCase;

impl TagMatch for UntagFoldsUnicodeCase {
    fn matches(&self, operation: Operation, sent: &str, stored: &Tag, kms: bool) -> bool {
        let fold = |key: &str| -> String {
            key.chars()
                .flat_map(|c| {
                    let lower: Vec<char> = if c.is_ascii() {
                        vec![c]
                    } else {
                        c.to_lowercase().collect()
                    };
                    lower
                })
                .collect()
        };
        untag_also(operation, kms, || fold(&stored.key) == fold(sent))
    }
}

/// `untag-collapses-inner-space`: runs of white space inside a key are
/// one space when keys are matched (`a  b` removes `a b`), as by a store
/// that normalises keys on their way in; the ends stay as they are.
#[derive(Debug)]
pub(super) struct UntagCollapsesInnerSpace;

impl TagMatch for UntagCollapsesInnerSpace {
    fn matches(&self, operation: Operation, sent: &str, stored: &Tag, kms: bool) -> bool {
        untag_also(operation, kms, || collapsed(&stored.key) == collapsed(sent))
    }
}

/// `key` with each run of white space between two other characters made
/// one space.
fn collapsed(key: &str) -> String {
    let start = key.len() - key.trim_start().len();
    let end = key.trim_end().len().max(start);
    let inner = key[start..end]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    format!("{}{inner}{}", &key[..start], &key[end..])
}

/// Whether `stored` matches `pattern` when `wildcard` in the pattern stands
/// for any one character.
fn matches_with_wildcard(pattern: &str, stored: &str, wildcard: char) -> bool {
    pattern.chars().count() == stored.chars().count()
        && pattern
            .chars()
            .zip(stored.chars())
            .all(|(p, s)| p == wildcard || p == s)
}

/// `tag-overwrite-appends`: `TagResource` never finds the tag to
/// overwrite, so it adds a second one with the same key.
#[derive(Debug)]
pub(super) struct TagOverwriteAppends;

impl TagMatch for TagOverwriteAppends {
    fn matches(&self, operation: Operation, _sent: &str, _stored: &Tag, kms: bool) -> bool {
        kms && operation != TAG
    }
}

/// `tag-overwrite-ignores-case`: `TagResource` overwrites a tag whose key
/// differs only in case.
#[derive(Debug)]
pub(super) struct TagOverwriteIgnoresCase;

impl TagMatch for TagOverwriteIgnoresCase {
    fn matches(&self, operation: Operation, sent: &str, stored: &Tag, kms: bool) -> bool {
        kms || (operation == TAG && stored.key.eq_ignore_ascii_case(sent))
    }
}
