//! What each step asserts, and so which evidence a scenario needs to use it.
//!
//! Every scenario carries one evidence tag (`docs/contract.md`, "Evidence
//! marks"), and the tag bounds what it may assert: `@unk` a 400 JSON error
//! or success with the tags consistent with it, `@inf` the status class and
//! a definite outcome, `@doc` an error type too, `@rec` the exact message
//! text as well. [`STEPS`] classifies every step definition by its
//! expression, exactly as its attribute writes it; `tests/features_lint.rs`
//! fails on a step that is not in the table, and on a scenario that uses a
//! step stronger than its evidence tag. Actions also name the operation
//! they send, so the lint can tell where a `@rec` scenario borrows a
//! recording made on another operation (`@rec.describe-key`).

use std::fmt;

use crate::wire::Operation;

/// The evidence a claim needs, weakest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Evidence {
    /// Unpublished: only "a 400 JSON error, nothing changed", or either
    /// outcome with the tags consistent with it. Also every step that
    /// asserts nothing (setup, the action).
    Unk,
    /// Inferred: the status class and a definite outcome.
    Inf,
    /// Documented: an error type, a documented member or header.
    Doc,
    /// Recorded from AWS: exact message text.
    Rec,
}

impl Evidence {
    /// Every level, weakest first.
    pub const ALL: [Self; 4] = [Self::Unk, Self::Inf, Self::Doc, Self::Rec];

    /// The scenario tag: `unk`, `inf`, `doc`, `rec`.
    #[must_use]
    pub fn tag(self) -> &'static str {
        match self {
            Self::Unk => "unk",
            Self::Inf => "inf",
            Self::Doc => "doc",
            Self::Rec => "rec",
        }
    }

    /// The level a scenario tag names.
    #[must_use]
    pub fn from_tag(tag: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|e| e.tag() == tag)
    }
}

impl fmt::Display for Evidence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "@{}", self.tag())
    }
}

/// One step definition: what it asserts, and what it sends.
#[derive(Clone, Copy, Debug)]
pub struct StepClass {
    /// The expression, exactly as the step's `#[given]`, `#[when]` or
    /// `#[then]` attribute writes it (a regex without its `regex =`).
    pub expression: &'static str,
    /// The strongest evidence what it asserts needs.
    pub asserts: Evidence,
    /// For an action under test, the operation it sends.
    pub sends: Option<Operation>,
}

const fn setup(expression: &'static str) -> StepClass {
    StepClass {
        expression,
        asserts: Evidence::Unk,
        sends: None,
    }
}

const fn action(expression: &'static str, operation: Operation) -> StepClass {
    StepClass {
        expression,
        asserts: Evidence::Unk,
        sends: Some(operation),
    }
}

const fn check(expression: &'static str, asserts: Evidence) -> StepClass {
    StepClass {
        expression,
        asserts,
        sends: None,
    }
}

/// Every step definition of `src/suite/steps/`, classified.
pub const STEPS: &[StepClass] = &[
    // Keys and their states, made ready: nothing the scenario claims.
    setup("a key with the tags:"),
    setup("a key with no tags"),
    setup("a second key with the tags:"),
    setup("a key with {int} tags"),
    setup("a key with origin EXTERNAL and the tags:"),
    setup("a key in the other region with the tags:"),
    setup("a key in the second account with the tags:"),
    setup("the AWS managed key for S3"),
    setup("an alias for the key"),
    setup("the key is scheduled for deletion"),
    setup("the key's deletion is cancelled"),
    setup("the key is disabled"),
    setup("the key is enabled again"),
    setup("the key is forced into the {string} state"),
    setup("a multi-Region key with the tags:"),
    setup("the key is tagged with:"),
    setup("the key has a replica in the other region"),
    setup("the key has a replica in the other region with the tags:"),
    setup("the key is scheduled for deletion while it has a replica"),
    setup("the replica is scheduled for deletion"),
    // Key policies put in place, and waited for: nothing the scenario claims.
    setup("{key} policy is:"),
    setup(r#"^the key policy is in force: untagging "([^"]+)" is refused$"#),
    // The actions under test.
    action(
        r"^I untag (the key|the other region's key|the second account's key)(?: by its (key ID|key ARN|alias name|alias ARN))?( from the other region)?, removing (.+)$",
        Operation::UntagResource,
    ),
    action(
        r"^I untag the key by an ARN naming another account, removing (.+)$",
        Operation::UntagResource,
    ),
    action(
        r#"^I untag the key ID "(.*)", removing (.+)$"#,
        Operation::UntagResource,
    ),
    action(
        r"^I untag the key with a request (signed with the wrong secret|that carries no Authorization header), removing (.+)$",
        Operation::UntagResource,
    ),
    action("I tag the key with:", Operation::TagResource),
    action("I tag the key with {int} new tags", Operation::TagResource),
    action("I create a key with the tags:", Operation::CreateKey),
    action("I create a key with {int} tags", Operation::CreateKey),
    action(
        "I send UntagResource with the body:",
        Operation::UntagResource,
    ),
    // The operation is named in the step's text: none the lint can know.
    setup("I send the operation {string} with the body:"),
    setup("I send UntagResource under the target {string} with the body:"),
    action("I list the key's tags", Operation::ListResourceTags),
    action(
        "I list the key's tags {int} at a time until the last page",
        Operation::ListResourceTags,
    ),
    action(
        "I schedule the key's deletion",
        Operation::ScheduleKeyDeletion,
    ),
    action(
        r"^I untag the replica(?: by its (key ID|key ARN))?, removing (.+)$",
        Operation::UntagResource,
    ),
    action(
        r"^I untag the replica as soon as it can be described, removing (.+)$",
        Operation::UntagResource,
    ),
    action(
        r"^I untag the key by the replica's key ARN, removing (.+)$",
        Operation::UntagResource,
    ),
    action(
        "I replicate the key to the other region",
        Operation::ReplicateKey,
    ),
    action(
        "I replicate the key to the other region with the tags:",
        Operation::ReplicateKey,
    ),
    action("I describe {key}", Operation::DescribeKey),
    action("I put the key policy:", Operation::PutKeyPolicy),
    action(
        "I put the key policy, bypassing the lockout safety check:",
        Operation::PutKeyPolicy,
    ),
    // Outcomes: success (for an operation without output, in the only form
    // the protocol gives it, contract row 38) or a 400 JSON error, and the
    // tags consistent with it.
    check("the call succeeds with no output", Evidence::Unk),
    check("the call succeeds", Evidence::Unk),
    check("the call is refused with a 400 JSON error", Evidence::Unk),
    check(
        "the call either succeeds with no output or is refused with a 400 JSON error",
        Evidence::Unk,
    ),
    check("{key} has exactly the tags:", Evidence::Unk),
    check("{key} has no tags", Evidence::Unk),
    // A refused PutKeyPolicy changes nothing (row 129).
    check("the key policy is unchanged", Evidence::Unk),
    check("{key}'s tags are unchanged", Evidence::Unk),
    check(
        "if it succeeded, the key has exactly the tags:",
        Evidence::Unk,
    ),
    check(
        "if it was refused, the key's tags are unchanged",
        Evidence::Unk,
    ),
    check(
        "the key has {int} tags, including {string} and not {string}",
        Evidence::Unk,
    ),
    check("the listing holds exactly the tags:", Evidence::Unk),
    check("the pages together hold exactly the tags:", Evidence::Unk),
    // A header agrees with the body: the agreement is inferred (row 43).
    check(
        r#"any X-Amzn-Errortype header names the same error as "__type""#,
        Evidence::Inf,
    ),
    // Each request ID names one response: inferred from row 40 (row 179).
    check(
        "every response so far carries a request ID of its own",
        Evidence::Inf,
    ),
    // Error types, documented members and headers.
    check("the call fails with {word}", Evidence::Doc),
    check("the call fails with {word} or {word}", Evidence::Doc),
    check(
        r#"the error body names its type in "__type""#,
        Evidence::Doc,
    ),
    check("{key} is in the {string} state", Evidence::Doc),
    check("the key policy is the one I put", Evidence::Doc),
    check("the key's ID is a multi-Region key ID", Evidence::Doc),
    check(
        "the replica has the key's key ID in the other region",
        Evidence::Doc,
    ),
    check(
        "{key} is described as a multi-Region {word} key",
        Evidence::Doc,
    ),
    check(
        r#"the listing is not truncated and has no "NextMarker""#,
        Evidence::Doc,
    ),
    check(
        r#"every page but the last was truncated with a "NextMarker""#,
        Evidence::Doc,
    ),
    check(
        "every page marked Truncated was followed by more tags",
        Evidence::Doc,
    ),
    check("no page held more than {int} tag(s)", Evidence::Doc),
    check("the response's Content-Type is {string}", Evidence::Doc),
    check("the response carries a UUID request ID", Evidence::Doc),
    check("the response's {string} is {string}", Evidence::Doc),
    // Recorded: exact text, the message member's casing (row 44), an empty
    // Tags list never null nor absent (row 74).
    check(
        "the call fails with {word} and the message {string}",
        Evidence::Rec,
    ),
    check(
        "the call fails with {word} and the message begins {string}",
        Evidence::Rec,
    ),
    check(
        r#"the error body carries its text in "message""#,
        Evidence::Rec,
    ),
    check(r#"the listing's "Tags" is an empty list"#, Evidence::Rec),
];

/// The classification of the step written as `expression`.
#[must_use]
pub fn class_of(expression: &str) -> Option<&'static StepClass> {
    STEPS.iter().find(|s| s.expression == expression)
}

/// `DescribeKey` → `describe-key`: the suffix of a `@rec.<operation>` tag.
#[must_use]
pub fn tag_suffix(operation: &str) -> String {
    let mut suffix = String::with_capacity(operation.len() + 4);
    for (i, c) in operation.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            suffix.push('-');
        }
        suffix.push(c.to_ascii_lowercase());
    }
    suffix
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_order_from_unpublished_to_recorded() {
        assert!(Evidence::Unk < Evidence::Inf);
        assert!(Evidence::Inf < Evidence::Doc);
        assert!(Evidence::Doc < Evidence::Rec);
        for level in Evidence::ALL {
            assert_eq!(Evidence::from_tag(level.tag()), Some(level));
        }
    }

    #[test]
    fn every_expression_is_classified_once() {
        for (i, step) in STEPS.iter().enumerate() {
            assert!(
                !STEPS[..i].iter().any(|s| s.expression == step.expression),
                "{:?} twice",
                step.expression
            );
        }
    }

    #[test]
    fn operations_become_tag_suffixes() {
        assert_eq!(tag_suffix(Operation::DescribeKey.name()), "describe-key");
        assert_eq!(
            tag_suffix(Operation::ScheduleKeyDeletion.name()),
            "schedule-key-deletion"
        );
        assert_eq!(tag_suffix(Operation::CreateKey.name()), "create-key");
    }
}
