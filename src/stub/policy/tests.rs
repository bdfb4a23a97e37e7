//! Table-driven cases for the key policy evaluator, each taken from an
//! example in the AWS documentation and quoted in a comment above it.
//!
//! - `conditions`: each operator, `...IfExists`, the missing-key rules and
//!   the case rules; `qualifiers`: `ForAnyValue:`/`ForAllValues:`.
//! - `context_keys`: each condition key the stub supplies.
//! - `evaluation`: principals, actions, resources, Deny over Allow, the
//!   default policy and the lockout check.
//! - `documents`: what parses, and the errors for what does not.
//! - `identities`: identity and trust policies, and the verdict across a
//!   key policy, identity policies and a session policy.
//! - `readings`: a [`Reading`](super::Reading) asked at each rule an
//!   evaluator can misread.

mod conditions;
mod context_keys;
mod documents;
mod evaluation;
mod identities;
mod qualifiers;
mod readings;

use super::{Context, Decision, KeyPolicy, Principal, Request};

/// The account of the documentation's examples.
const ACCOUNT: &str = "111122223333";
/// A key of [`ACCOUNT`], as the KMS API reference writes its examples.
const KEY_ARN: &str = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

/// The stub's caller: the root user of [`ACCOUNT`].
fn root() -> Principal {
    Principal::account_root("aws", ACCOUNT)
}

#[track_caller]
fn parse(text: &str) -> KeyPolicy {
    KeyPolicy::parse(text).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

/// `policy`'s decision on `action` against [`KEY_ARN`].
#[track_caller]
fn decide(policy: &str, action: &str, principal: &Principal, context: &Context) -> Decision {
    parse(policy).evaluate(&Request {
        action,
        key_arn: KEY_ARN,
        principal,
        context,
    })
}

/// Whether a `Condition` block holds for `context`: it guards an `Allow`
/// of everything to the caller's account, so it holds iff that is allowed.
#[track_caller]
fn holds(condition: &str, context: &Context) -> bool {
    let policy = format!(
        r#"{{"Version": "2012-10-17", "Statement": {{"Effect": "Allow",
            "Principal": {{"AWS": "{ACCOUNT}"}}, "Action": "kms:*", "Resource": "*",
            "Condition": {condition}}}}}"#
    );
    decide(&policy, "kms:UntagResource", &root(), context).is_allowed()
}

/// Runs `(name, context, expected)` cases of one condition block.
#[track_caller]
fn check(condition: &str, cases: &[(&str, Context, bool)]) {
    for (name, context, expected) in cases {
        assert_eq!(
            holds(condition, context),
            *expected,
            "{condition} on {name}: {context:?}"
        );
    }
}

/// A context with only `key`, single-valued.
fn one(key: &str, value: &str) -> Context {
    Context::new().with(key, value)
}

/// A context with only `key`, multivalued.
fn many(key: &str, values: &[&str]) -> Context {
    Context::new().with_values(key, values.iter().copied())
}
