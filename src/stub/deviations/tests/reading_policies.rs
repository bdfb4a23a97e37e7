//! The misreadings of the policy grammar ([`Reading`]s plugged into
//! [`Authorization`]): each turns KMS's decision on one policy around, and
//! the lockout check reads a policy the way authorization does.
//!
//! [`Reading`]: crate::stub::policy::Reading
//! [`Authorization`]: crate::stub::model::Authorization

use super::*;
use crate::wire::ErrorCode;

/// A policy that allows the caller's account everything, then `statement`.
fn everything_and(statement: &str) -> String {
    format!(
        r#"{{"Version": "2012-10-17", "Statement": [
            {{"Effect": "Allow", "Principal": {{"AWS": "arn:aws:iam::{ACCOUNT}:root"}},
              "Action": "kms:*", "Resource": "*"}}, {statement}]}}"#
    )
}

/// A Deny of `action` to everyone when `condition` holds.
fn deny_when(action: &str, condition: &str) -> String {
    everything_and(&format!(
        r#"{{"Effect": "Deny", "Principal": {{"AWS": "*"}}, "Action": "{action}",
             "Resource": "*", "Condition": {condition}}}"#
    ))
}

/// Whether a model with `deviations` and a key tagged `env` and `owner`
/// under `policy` lets the caller remove `tag_keys`.
fn untag_allowed(deviations: &[Deviation], policy: &str, tag_keys: &[&str]) -> bool {
    let mut model = deviant(deviations);
    let id = key_with(&mut model, &[("env", "prod"), ("owner", "alice")]);
    let put = call(
        &mut model,
        Operation::PutKeyPolicy,
        &json!({ "KeyId": id, "Policy": policy }),
    );
    assert_eq!(put, Ok(Output::Empty), "{policy}");
    match untag(&mut model, &id, tag_keys) {
        Ok(_) => true,
        Err(error) if error.error_type == ErrorCode::AccessDeniedException => false,
        Err(error) => panic!("refused otherwise: {error:?}"),
    }
}

#[test]
fn each_misreading_turns_kms_decision_around() {
    let service = r#"{"Effect": "Deny", "Principal": {"Service": "cloudtrail.amazonaws.com"},
        "Action": "kms:UntagResource", "Resource": "*"}"#;
    let cases: [(Deviation, String, &[&str]); 7] = [
        (
            Deviation::PrincipalIgnored,
            everything_and(service),
            &["env"],
        ),
        (
            Deviation::SetOperatorsSwapped,
            deny_when(
                "kms:UntagResource",
                r#"{"ForAllValues:StringEquals": {"aws:TagKeys": ["owner"]}}"#,
            ),
            &["env", "owner"],
        ),
        (
            Deviation::ForAnyValueTrueOnEmpty,
            deny_when(
                "kms:UntagResource",
                r#"{"ForAnyValue:StringEquals": {"kms:GrantOperations": ["Decrypt"]}}"#,
            ),
            &["env"],
        ),
        (
            Deviation::ActionNamesCaseSensitive,
            deny_when(
                "kms:untagresource",
                r#"{"StringEquals": {"kms:CallerAccount": "111122223333"}}"#,
            ),
            &["env"],
        ),
        (
            Deviation::ConditionKeysCaseSensitive,
            deny_when(
                "kms:UntagResource",
                r#"{"ForAnyValue:StringEquals": {"aws:tagkeys": ["owner"]}}"#,
            ),
            &["owner"],
        ),
        (
            Deviation::ConditionValuesIgnoreCase,
            deny_when(
                "kms:UntagResource",
                r#"{"ForAnyValue:StringEquals": {"aws:TagKeys": ["Owner"]}}"#,
            ),
            &["owner"],
        ),
        (
            Deviation::IgnoreCaseOperatorExact,
            deny_when(
                "kms:UntagResource",
                r#"{"ForAnyValue:StringEqualsIgnoreCase": {"aws:TagKeys": ["OWNER"]}}"#,
            ),
            &["owner"],
        ),
    ];
    for (deviation, policy, tag_keys) in &cases {
        let kms = untag_allowed(&[], policy, tag_keys);
        assert_eq!(
            untag_allowed(&[*deviation], policy, tag_keys),
            !kms,
            "{deviation:?} decides as KMS does on {policy}"
        );
    }
}

#[test]
fn the_lockout_check_reads_a_policy_as_authorization_does() {
    // PutKeyPolicy carries no aws:TagKeys: ForAllValues holds there (row
    // 207), so KMS takes this policy; an evaluator for which it does not
    // refuses it as locking the caller out (row 126).
    let policy = r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow",
        "Principal": {"AWS": "*"}, "Action": "kms:*", "Resource": "*",
        "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": ["env"]}}}}"#;
    for (deviations, stored) in [
        (&[][..], true),
        (&[Deviation::ForAllValuesNotVacuous][..], false),
        (&[Deviation::SetOperatorsSwapped][..], false),
    ] {
        let mut model = deviant(deviations);
        let id = key_with(&mut model, &[]);
        let put = call(
            &mut model,
            Operation::PutKeyPolicy,
            &json!({ "KeyId": id, "Policy": policy }),
        );
        match put {
            Ok(_) => assert!(stored, "{deviations:?} stored it"),
            Err(error) => {
                assert!(!stored, "{deviations:?} refused it: {error:?}");
                assert_eq!(
                    error.error_type,
                    ErrorCode::MalformedPolicyDocumentException
                );
            }
        }
    }
}
