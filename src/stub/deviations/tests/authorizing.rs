//! How a key policy decides a call and what the policy operations store
//! ([`Authorization`], [`KeyPolicies`]): each bend, and only it.
//!
//! [`Authorization`]: crate::stub::model::Authorization
//! [`KeyPolicies`]: crate::stub::model::KeyPolicies

use super::*;
use crate::stub::policy::default_key_policy;
use crate::wire::{ErrorCode, Operation};

/// The default key policy's statement, then `statements`.
fn root_and(statements: &str) -> String {
    format!(
        r#"{{"Version": "2012-10-17", "Statement": [
            {{"Effect": "Allow", "Principal": {{"AWS": "arn:aws:iam::{ACCOUNT}:root"}},
              "Action": "kms:*", "Resource": "*"}}{statements}]}}"#
    )
}

/// `root_and` a Deny of `action` to the caller's account when `condition` holds.
fn deny(action: &str, condition: &str) -> String {
    root_and(&format!(
        r#", {{"Effect": "Deny", "Principal": {{"AWS": "*"}}, "Action": "{action}",
              "Resource": "*", "Condition": {condition}}}"#
    ))
}

const OWN_ACCOUNT: &str = r#"{"StringEquals": {"kms:CallerAccount": "111122223333"}}"#;

/// Allows the caller's account everything but `PutKeyPolicy`.
const LOCKOUT: &str = r#"{"Statement": {"Effect": "Allow", "Principal": {"AWS": "*"},
    "NotAction": "kms:PutKeyPolicy", "Resource": "*",
    "Condition": {"StringEquals": {"kms:CallerAccount": "111122223333"}}}}"#;

fn put(model: &mut Model, id: &str, policy: &str) -> Result<Output, KmsError> {
    call(
        model,
        Operation::PutKeyPolicy,
        &json!({ "KeyId": id, "Policy": policy }),
    )
}

fn policy_of(model: &mut Model, id: &str) -> String {
    let out = output(call(
        model,
        Operation::GetKeyPolicy,
        &json!({ "KeyId": id }),
    ));
    out["Policy"].as_str().expect("Policy").to_owned()
}

/// A model with `deviation` and a key tagged `env` and `owner` whose
/// policy is `policy`.
fn with_policy(deviation: Deviation, policy: &str) -> (Model, String) {
    let mut model = deviant(&[deviation]);
    let id = key_with(&mut model, &[("env", "prod"), ("owner", "alice")]);
    put(&mut model, &id, policy).expect("stored");
    (model, id)
}

fn error_type(answer: Result<Output, KmsError>) -> ErrorCode {
    answer.expect_err("refused").error_type
}

#[test]
fn each_evaluation_bend_lets_through_or_refuses_otherwise() {
    let deny_untag = deny("kms:UntagResource", OWN_ACCOUNT);
    let (mut model, id) = with_policy(Deviation::UntagDenyNotEnforced, &deny_untag);
    assert_eq!(untag(&mut model, &id, &["env"]), Ok(Output::Empty));
    let (mut model, id) = with_policy(Deviation::AllowOverridesDeny, &deny_untag);
    assert_eq!(untag(&mut model, &id, &["env"]), Ok(Output::Empty));
    let (mut model, id) = with_policy(Deviation::DenialIsNotFound, &deny_untag);
    assert_eq!(
        error_type(untag(&mut model, &id, &["env"])),
        ErrorCode::NotFoundException
    );
    let (mut model, id) = with_policy(Deviation::DenialIs500, &deny_untag);
    assert_eq!(
        untag(&mut model, &id, &["env"]).expect_err("500").status,
        500
    );
    let protect = deny(
        "kms:UntagResource",
        r#"{"ForAnyValue:StringEquals": {"aws:TagKeys": ["owner"]}}"#,
    );
    let (mut model, id) = with_policy(Deviation::TagKeysConditionIgnored, &protect);
    assert_eq!(untag(&mut model, &id, &["owner"]), Ok(Output::Empty));
    let deny_tag = deny("kms:TagResource", OWN_ACCOUNT);
    let (mut model, id) = with_policy(Deviation::ActionMatchedAsSuffix, &deny_tag);
    assert_eq!(
        error_type(untag(&mut model, &id, &["env"])),
        ErrorCode::AccessDeniedException
    );
    assert_eq!(tag_keys_of(&model, &id), ["env", "owner"]);
}

#[test]
fn each_policy_operation_bend_stores_or_names_otherwise() {
    let deny_untag = deny("kms:UntagResource", OWN_ACCOUNT);
    let (mut model, id) = with_policy(Deviation::PutKeyPolicyNotStored, &deny_untag);
    assert_eq!(
        policy_of(&mut model, &id),
        default_key_policy("aws", ACCOUNT)
    );
    let (mut model, id) = with_policy(Deviation::MalformedPolicyAccepted, "not a policy");
    assert_eq!(policy_of(&mut model, &id), "not a policy");
    assert_eq!(untag(&mut model, &id, &["env"]), Ok(Output::Empty));
    let (mut model, id) = with_policy(Deviation::NoLockoutCheck, LOCKOUT);
    assert_eq!(policy_of(&mut model, &id), LOCKOUT);

    let mut model = deviant(&[Deviation::PolicyNameRequired]);
    let id = key_with(&mut model, &[]);
    let unnamed = call(&mut model, Operation::GetKeyPolicy, &json!({ "KeyId": id }));
    assert_eq!(error_type(unnamed), ErrorCode::NotFoundException);
    let named = json!({ "KeyId": id, "PolicyName": "default" });
    output(call(&mut model, Operation::GetKeyPolicy, &named));

    let mut model = deviant(&[Deviation::ManagedKeyUntaggable]);
    let described = output(call(
        &mut model,
        Operation::DescribeKey,
        &json!({ "KeyId": "alias/aws/s3" }),
    ));
    let id = described["KeyMetadata"]["KeyId"].as_str().expect("KeyId");
    assert_eq!(untag(&mut model, id, &["env"]), Ok(Output::Empty));
}
