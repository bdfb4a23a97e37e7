//! Key policies and authorization in the model, against contract §6; test
//! names carry the contract's row numbers.
//!
//! - `key_policies`: the policy operations and the checks a new policy
//!   passes (rows 119 to 126, 155);
//! - `decisions`: what policies allow and refuse (rows 127 to 132, 153, 32).

mod decisions;
mod key_policies;

use std::time::{Duration, SystemTime};

use serde_json::{Value, json};

use super::super::*;
use crate::stub::policy::{LOCKOUT_MESSAGE, default_key_policy};
use crate::wire::{ErrorCode, Operation};

use super::{ACCOUNT, caller};

fn call_at(
    model: &mut Model,
    at: SystemTime,
    operation: Operation,
    input: &Value,
) -> Result<Output, KmsError> {
    model.handle(&Call {
        caller: &caller(),
        operation,
        input,
        at,
    })
}

fn call(model: &mut Model, operation: Operation, input: &Value) -> Result<Output, KmsError> {
    call_at(model, SystemTime::now(), operation, input)
}

fn output(result: Result<Output, KmsError>) -> Value {
    match result {
        Ok(Output::Json(value)) => value,
        other => panic!("expected JSON output, got {other:?}"),
    }
}

/// A key tagged `env=prod` and `owner=alice`: its ID and ARN.
fn key(model: &mut Model) -> (String, String) {
    let tags = json!([{ "TagKey": "env", "TagValue": "prod" }, { "TagKey": "owner", "TagValue": "alice" }]);
    let out = output(call(model, Operation::CreateKey, &json!({ "Tags": tags })));
    let id = out["KeyMetadata"]["KeyId"]
        .as_str()
        .expect("KeyId")
        .to_owned();
    let arn = out["KeyMetadata"]["Arn"].as_str().expect("Arn").to_owned();
    (id, arn)
}

/// The default key policy's statement, then `statements`.
fn root_and(statements: &str) -> String {
    format!(
        r#"{{"Version": "2012-10-17", "Statement": [
            {{"Effect": "Allow", "Principal": {{"AWS": "arn:aws:iam::{ACCOUNT}:root"}},
              "Action": "kms:*", "Resource": "*"}}{statements}]}}"#
    )
}

/// Deny `kms:UntagResource` to the caller's account when `condition` holds.
fn deny_untag(condition: &str) -> String {
    root_and(&format!(
        r#", {{"Sid": "NoUntag", "Effect": "Deny", "Principal": {{"AWS": "*"}},
              "Action": "kms:UntagResource", "Resource": "*", "Condition": {condition}}}"#
    ))
}

const OWN_ACCOUNT: &str = r#"{"StringEquals": {"kms:CallerAccount": "111122223333"}}"#;

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
    assert_eq!(out["PolicyName"], "default");
    out["Policy"].as_str().expect("Policy").to_owned()
}

fn untag(model: &mut Model, id: &str, keys: &[&str]) -> Result<Output, KmsError> {
    call(
        model,
        Operation::UntagResource,
        &json!({ "KeyId": id, "TagKeys": keys }),
    )
}

fn tag_keys_of(model: &Model, id: &str) -> Vec<String> {
    let key = model.keys().find(|k| k.addr.id == id).expect("the key");
    key.tags.iter().map(|t| t.key.clone()).collect()
}

fn error_type(result: Result<Output, KmsError>) -> ErrorCode {
    result.expect_err("refused").error_type
}

/// Allows the caller's account everything but `PutKeyPolicy`.
fn lockout() -> String {
    r#"{"Statement": {"Effect": "Allow", "Principal": {"AWS": "*"}, "NotAction": "kms:PutKeyPolicy",
        "Resource": "*", "Condition": {"StringEquals": {"kms:CallerAccount": "111122223333"}}}}"#
        .to_owned()
}
