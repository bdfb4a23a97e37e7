//! Key policy documents for the fuzzer: random statements of the parts of
//! the policy language key policies use, a few wrong on purpose, or text
//! that is no policy at all.

use proptest::prelude::*;
use proptest::sample::select;
use serde_json::json;

use super::robust_requests::text;

/// A key policy document: a random statement of what key policies hold,
/// or text that is no policy.
pub(crate) fn policy() -> BoxedStrategy<String> {
    let principal = select(vec![
        json!("*"),
        json!({ "AWS": "*" }),
        json!({ "AWS": "111122223333" }),
        json!({ "AWS": "arn:aws:iam::111122223333:root" }),
        json!({ "AWS": "arn:aws:iam::111122223333:user/kms-conformance" }),
        json!({ "AWS": "arn:aws:iam::444455556666:root" }),
        json!({ "Service": "s3.amazonaws.com" }),
        json!({ "AWS": "not-a-principal" }),
    ]);
    let action = select(vec![
        "kms:*",
        "*",
        "kms:UntagResource",
        "kms:Put*",
        "kms:TagResource",
        "kms:Describe*",
        "s3:*",
    ]);
    let condition = select(vec![
        json!(null),
        json!({ "StringEquals": { "kms:CallerAccount": "111122223333" } }),
        json!({ "ForAnyValue:StringEquals": { "aws:TagKeys": ["env"] } }),
        json!({ "ForAllValues:StringLike": { "aws:TagKeys": ["t*"] } }),
        json!({ "StringEquals": { "aws:ResourceTag/env": "prod" } }),
        json!({ "Null": { "aws:TagKeys": "true" } }),
        json!({ "NumericLessThan": { "kms:x": "1" } }),
        json!({ "StringEquals": "not a map" }),
    ]);
    let statement = (
        select(vec!["Allow", "Deny", "Permit"]),
        principal,
        any::<bool>(),
        action,
        condition,
    )
        .prop_map(|(effect, principal, negated, action, condition)| {
            let mut statement =
                json!({ "Effect": effect, "Principal": principal, "Resource": "*" });
            statement[if negated { "NotAction" } else { "Action" }] = json!(action);
            if !condition.is_null() {
                statement["Condition"] = condition;
            }
            statement
        });
    prop_oneof![
        4 => prop::collection::vec(statement, 0..4).prop_map(|statements| {
            json!({ "Version": "2012-10-17", "Statement": statements }).to_string()
        }),
        1 => text(),
    ]
    .boxed()
}
