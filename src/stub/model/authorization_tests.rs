//! Key policies and authorization in the model, against contract §6; test
//! names carry the contract's row numbers.

use std::time::{Duration, SystemTime};

use serde_json::{Value, json};

use super::*;
use crate::stub::policy::{LOCKOUT_MESSAGE, default_key_policy};

const ACCOUNT: &str = "111122223333";
const REGION: &str = "us-east-1";

fn caller() -> Caller {
    Caller {
        account: ACCOUNT.into(),
        region: REGION.into(),
    }
}

fn call_at(
    model: &mut Model,
    at: SystemTime,
    operation: &str,
    input: &Value,
) -> Result<Output, KmsError> {
    model.handle(&Call {
        caller: &caller(),
        operation,
        input,
        at,
    })
}

fn call(model: &mut Model, operation: &str, input: &Value) -> Result<Output, KmsError> {
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
    let out = output(call(model, "CreateKey", &json!({ "Tags": tags })));
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
        "PutKeyPolicy",
        &json!({ "KeyId": id, "Policy": policy }),
    )
}

fn policy_of(model: &mut Model, id: &str) -> String {
    let out = output(call(model, "GetKeyPolicy", &json!({ "KeyId": id })));
    assert_eq!(out["PolicyName"], "default");
    out["Policy"].as_str().expect("Policy").to_owned()
}

fn untag(model: &mut Model, id: &str, keys: &[&str]) -> Result<Output, KmsError> {
    call(
        model,
        "UntagResource",
        &json!({ "KeyId": id, "TagKeys": keys }),
    )
}

fn tag_keys_of(model: &Model, id: &str) -> Vec<String> {
    let key = model.keys().find(|k| k.addr.id == id).expect("the key");
    key.tags.iter().map(|t| t.key.clone()).collect()
}

fn error_type(result: Result<Output, KmsError>) -> String {
    result.expect_err("refused").error_type
}

#[test]
fn rows_119_122_125_a_new_key_has_the_default_policy_and_one_policy_name() {
    let mut model = Model::default();
    let (id, _) = key(&mut model);
    assert_eq!(
        policy_of(&mut model, &id),
        default_key_policy("aws", ACCOUNT)
    );
    let names = output(call(&mut model, "ListKeyPolicies", &json!({ "KeyId": id })));
    assert_eq!(
        names,
        json!({ "PolicyNames": ["default"], "Truncated": false })
    );
}

#[test]
fn rows_121_122_put_key_policy_stores_the_text_get_key_policy_returns() {
    let mut model = Model::default();
    let (id, _) = key(&mut model);
    let policy = deny_untag(OWN_ACCOUNT);
    assert_eq!(put(&mut model, &id, &policy), Ok(Output::Empty));
    assert_eq!(policy_of(&mut model, &id), policy);
}

#[test]
fn rows_121_155_an_absent_policy_name_is_default() {
    let mut model = Model::default();
    let (id, _) = key(&mut model);
    let unnamed = output(call(&mut model, "GetKeyPolicy", &json!({ "KeyId": id })));
    assert_eq!(unnamed["PolicyName"], "default");
    let named = json!({ "KeyId": id, "PolicyName": "default" });
    assert_eq!(output(call(&mut model, "GetKeyPolicy", &named)), unnamed);
}

#[test]
fn row_123_only_the_policy_named_default_exists() {
    let mut model = Model::default();
    let (id, _) = key(&mut model);
    let get = json!({ "KeyId": id, "PolicyName": "other" });
    assert_eq!(
        error_type(call(&mut model, "GetKeyPolicy", &get)),
        "NotFoundException"
    );
    let put = json!({ "KeyId": id, "PolicyName": "other", "Policy": root_and("") });
    assert_eq!(
        error_type(call(&mut model, "PutKeyPolicy", &put)),
        "NotFoundException"
    );
}

#[test]
fn row_124_a_malformed_policy_is_refused_and_changes_nothing() {
    let mut model = Model::default();
    let (id, _) = key(&mut model);
    for malformed in ["not a policy", r#"{"Statement": {"Effect": "Permit"}}"#] {
        assert_eq!(
            error_type(put(&mut model, &id, malformed)),
            "MalformedPolicyDocumentException"
        );
    }
    assert_eq!(
        policy_of(&mut model, &id),
        default_key_policy("aws", ACCOUNT)
    );
}

/// Allows the caller's account everything but `PutKeyPolicy`.
fn lockout() -> String {
    r#"{"Statement": {"Effect": "Allow", "Principal": {"AWS": "*"}, "NotAction": "kms:PutKeyPolicy",
        "Resource": "*", "Condition": {"StringEquals": {"kms:CallerAccount": "111122223333"}}}}"#
        .to_owned()
}

#[test]
fn row_126_a_policy_that_locks_the_caller_out_is_refused_unless_bypassed() {
    let mut model = Model::default();
    let (id, _) = key(&mut model);
    let refused = put(&mut model, &id, &lockout()).expect_err("refused");
    assert_eq!(
        (refused.error_type.as_str(), refused.message.as_str()),
        ("MalformedPolicyDocumentException", LOCKOUT_MESSAGE)
    );
    let bypass =
        json!({ "KeyId": id, "Policy": lockout(), "BypassPolicyLockoutSafetyCheck": true });
    assert_eq!(call(&mut model, "PutKeyPolicy", &bypass), Ok(Output::Empty));
    assert_eq!(policy_of(&mut model, &id), lockout());
    // Locked out indeed, and still able to schedule the key's deletion.
    assert_eq!(
        error_type(put(&mut model, &id, &root_and(""))),
        "AccessDeniedException"
    );
    let schedule = json!({ "KeyId": id, "PendingWindowInDays": 7 });
    output(call(&mut model, "ScheduleKeyDeletion", &schedule));
}

#[test]
fn rows_120_126_create_key_takes_a_policy_and_refuses_a_lockout_leaving_no_key() {
    let mut model = Model::default();
    let refused = call(&mut model, "CreateKey", &json!({ "Policy": lockout() }));
    assert_eq!(error_type(refused), "MalformedPolicyDocumentException");
    assert_eq!(model.keys().count(), 0);
    let malformed = call(&mut model, "CreateKey", &json!({ "Policy": "{" }));
    assert_eq!(error_type(malformed), "MalformedPolicyDocumentException");
    assert_eq!(model.keys().count(), 0);
    let bypassed = json!({ "Policy": lockout(), "BypassPolicyLockoutSafetyCheck": true });
    let out = output(call(&mut model, "CreateKey", &bypassed));
    let id = out["KeyMetadata"]["KeyId"].as_str().expect("KeyId");
    assert_eq!(
        model.keys().next().map(|k| k.policy.text.clone()),
        Some(lockout())
    );
    assert_eq!(
        error_type(put(&mut model, id, &root_and(""))),
        "AccessDeniedException"
    );
}

#[test]
fn rows_127_129_130_an_explicit_deny_refuses_untagging_naming_caller_action_and_key() {
    let mut model = Model::default();
    let (id, arn) = key(&mut model);
    put(&mut model, &id, &deny_untag(OWN_ACCOUNT)).expect("stored");
    let refused = untag(&mut model, &id, &["env"]).expect_err("denied");
    assert_eq!(refused.error_type, "AccessDeniedException");
    assert_eq!(
        refused.message,
        format!(
            "User: arn:aws:iam::{ACCOUNT}:user/kms-conformance is not authorized to perform: \
             kms:UntagResource on resource: {arn} with an explicit deny in a resource-based policy"
        )
    );
    assert_eq!(tag_keys_of(&model, &id), ["env", "owner"]);
    // The Deny is about UntagResource only: the rest still works.
    let tag = json!({ "KeyId": id, "Tags": [{ "TagKey": "team", "TagValue": "x" }] });
    assert_eq!(call(&mut model, "TagResource", &tag), Ok(Output::Empty));
    put(&mut model, &id, &root_and("")).expect("the caller can still change the policy");
}

#[test]
fn row_127_without_an_allow_the_call_is_refused() {
    let mut model = Model::default();
    let (id, arn) = key(&mut model);
    let all_but_untag = r#"{"Statement": {"Effect": "Allow", "Principal": {"AWS": "*"},
        "NotAction": "kms:UntagResource", "Resource": "*",
        "Condition": {"StringEquals": {"kms:CallerAccount": "111122223333"}}}}"#;
    put(&mut model, &id, all_but_untag).expect("stored");
    let refused = untag(&mut model, &id, &["env"]).expect_err("denied");
    assert!(
        refused.message.ends_with(&format!(
            "on resource: {arn} because no resource-based policy allows the kms:UntagResource action"
        )),
        "{}",
        refused.message
    );
    assert_eq!(tag_keys_of(&model, &id), ["env", "owner"]);
}

#[test]
fn row_128_tag_keys_protect_one_tag_from_removal() {
    let mut model = Model::default();
    let (id, _) = key(&mut model);
    let protect = r#"{"ForAnyValue:StringEquals": {"aws:TagKeys": ["owner"]}}"#;
    put(&mut model, &id, &deny_untag(protect)).expect("stored");
    assert_eq!(
        error_type(untag(&mut model, &id, &["owner"])),
        "AccessDeniedException"
    );
    assert_eq!(
        error_type(untag(&mut model, &id, &["env", "owner"])),
        "AccessDeniedException"
    );
    assert_eq!(tag_keys_of(&model, &id), ["env", "owner"]);
    assert_eq!(untag(&mut model, &id, &["env"]), Ok(Output::Empty));
    assert_eq!(tag_keys_of(&model, &id), ["owner"]);
}

#[test]
fn row_128_request_tags_are_seen_on_tag_resource() {
    let mut model = Model::default();
    let (id, _) = key(&mut model);
    let policy = root_and(
        r#", {"Effect": "Deny", "Principal": "*", "Action": "kms:TagResource", "Resource": "*",
              "Condition": {"StringEquals": {"aws:RequestTag/env": "test"}}}"#,
    );
    put(&mut model, &id, &policy).expect("stored");
    let tag =
        |value: &str| json!({ "KeyId": id, "Tags": [{ "TagKey": "env", "TagValue": value }] });
    assert_eq!(
        error_type(call(&mut model, "TagResource", &tag("test"))),
        "AccessDeniedException"
    );
    assert_eq!(
        call(&mut model, "TagResource", &tag("staging")),
        Ok(Output::Empty)
    );
}

#[test]
fn row_153_resource_tags_are_not_in_a_key_policys_context() {
    let mut model = Model::default();
    let (id, _) = key(&mut model);
    // The key carries env=prod, but a key policy never sees it: a condition
    // on it meets a missing key.
    let on_tag = r#"{"StringEquals": {"aws:ResourceTag/env": "prod"}}"#;
    put(&mut model, &id, &deny_untag(on_tag)).expect("stored");
    assert_eq!(untag(&mut model, &id, &["owner"]), Ok(Output::Empty));
    // A negated operator is true on a missing key: this Deny always applies.
    let unless_tag = r#"{"StringNotEquals": {"aws:ResourceTag/env": "prod"}}"#;
    put(&mut model, &id, &deny_untag(unless_tag)).expect("stored");
    assert_eq!(
        error_type(untag(&mut model, &id, &["env"])),
        "AccessDeniedException"
    );
}

#[test]
fn row_32_the_aws_managed_keys_policy_refuses_tagging_and_allows_reading() {
    let mut model = Model::default();
    let described = output(call(
        &mut model,
        "DescribeKey",
        &json!({ "KeyId": "alias/aws/s3" }),
    ));
    let id = described["KeyMetadata"]["KeyId"]
        .as_str()
        .expect("KeyId")
        .to_owned();
    let refused = untag(&mut model, &id, &["env"]).expect_err("refused");
    assert!(
        refused
            .message
            .contains("because no resource-based policy allows"),
        "{refused:?}"
    );
    let tag = json!({ "KeyId": id, "Tags": [{ "TagKey": "env", "TagValue": "x" }] });
    assert_eq!(
        error_type(call(&mut model, "TagResource", &tag)),
        "AccessDeniedException"
    );
    let schedule = json!({ "KeyId": id });
    assert_eq!(
        error_type(call(&mut model, "ScheduleKeyDeletion", &schedule)),
        "AccessDeniedException"
    );
    output(call(
        &mut model,
        "ListResourceTags",
        &json!({ "KeyId": id }),
    ));
    let policy = policy_of(&mut model, &id);
    assert!(policy.contains("kms:ViaService") && policy.contains("s3.us-east-1.amazonaws.com"));
}

#[test]
fn row_132_authorization_sees_the_policy_as_of_the_lag() {
    let mut model = Model::default().with_auth_lag(Duration::from_mins(1));
    let start = SystemTime::now();
    let at = |seconds| start + Duration::from_secs(seconds);
    let tags =
        json!([{ "TagKey": "env", "TagValue": "prod" }, { "TagKey": "team", "TagValue": "x" }]);
    let created = output(call_at(
        &mut model,
        at(0),
        "CreateKey",
        &json!({ "Tags": tags }),
    ));
    let id = created["KeyMetadata"]["KeyId"]
        .as_str()
        .expect("KeyId")
        .to_owned();
    let deny = json!({ "KeyId": id, "Policy": deny_untag(OWN_ACCOUNT) });
    call_at(&mut model, at(10), "PutKeyPolicy", &deny).expect("stored");
    // Reads do not lag here: the new policy is there at once...
    assert_eq!(policy_of(&mut model, &id), deny_untag(OWN_ACCOUNT));
    // ...but authorization still sees the key's first policy a minute long.
    let untag_env = json!({ "KeyId": id, "TagKeys": ["env"] });
    assert_eq!(
        call_at(&mut model, at(30), "UntagResource", &untag_env),
        Ok(Output::Empty)
    );
    let untag_team = json!({ "KeyId": id, "TagKeys": ["team"] });
    let refused = call_at(&mut model, at(71), "UntagResource", &untag_team);
    assert_eq!(error_type(refused), "AccessDeniedException");
}

#[test]
fn the_caller_is_a_named_user_of_its_account_whatever_its_access_key() {
    let principal = caller_principal(&caller());
    assert_eq!(
        principal.arn(),
        "arn:aws:iam::111122223333:user/kms-conformance"
    );
    assert_eq!(principal.account(), ACCOUNT);
}

#[test]
fn the_stubs_control_operation_is_outside_any_key_policy() {
    let mut model = Model::default();
    let (id, _) = key(&mut model);
    let deny_all = root_and(
        r#", {"Effect": "Deny", "Principal": "*", "NotAction": ["kms:PutKeyPolicy"], "Resource": "*"}"#,
    );
    put(&mut model, &id, &deny_all).expect("stored");
    let state = json!({ "KeyId": id, "KeyState": "Disabled" });
    assert_eq!(model.set_key_state(&caller(), &state), Ok(Output::Empty));
}

/// A model with `deviation` and a key whose policy is `policy`.
fn deviant(deviation: Deviation, policy: &str) -> (Model, String) {
    let mut model = Model::new(deviation.into(), Duration::ZERO);
    let (id, _) = key(&mut model);
    put(&mut model, &id, policy).expect("stored");
    (model, id)
}

#[test]
fn each_authorization_deviation_bends_its_own_rule() {
    let deny = deny_untag(OWN_ACCOUNT);
    let (mut model, id) = deviant(Deviation::UntagDenyNotEnforced, &deny);
    assert_eq!(untag(&mut model, &id, &["env"]), Ok(Output::Empty));
    let (mut model, id) = deviant(Deviation::AllowOverridesDeny, &deny);
    assert_eq!(untag(&mut model, &id, &["env"]), Ok(Output::Empty));
    let (mut model, id) = deviant(Deviation::DenialIsNotFound, &deny);
    assert_eq!(
        error_type(untag(&mut model, &id, &["env"])),
        "NotFoundException"
    );
    let (mut model, id) = deviant(Deviation::DenialIs500, &deny);
    assert_eq!(
        untag(&mut model, &id, &["env"]).expect_err("500").status,
        500
    );
    let protect = deny_untag(r#"{"ForAnyValue:StringEquals": {"aws:TagKeys": ["owner"]}}"#);
    let (mut model, id) = deviant(Deviation::TagKeysConditionIgnored, &protect);
    assert_eq!(untag(&mut model, &id, &["owner"]), Ok(Output::Empty));
    let (mut model, id) = deviant(Deviation::PutKeyPolicyNotStored, &deny);
    assert_eq!(
        policy_of(&mut model, &id),
        default_key_policy("aws", ACCOUNT)
    );
    let (mut model, id) = deviant(Deviation::MalformedPolicyAccepted, "not a policy");
    assert_eq!(policy_of(&mut model, &id), "not a policy");
    assert_eq!(untag(&mut model, &id, &["env"]), Ok(Output::Empty));
    let (mut model, id) = deviant(Deviation::NoLockoutCheck, &lockout());
    assert_eq!(policy_of(&mut model, &id), lockout());
    let mut model = Model::new(Deviation::PolicyNameRequired.into(), Duration::ZERO);
    let (id, _) = key(&mut model);
    let unnamed = call(&mut model, "GetKeyPolicy", &json!({ "KeyId": id }));
    assert_eq!(error_type(unnamed), "NotFoundException");
    let named = json!({ "KeyId": id, "PolicyName": "default" });
    output(call(&mut model, "GetKeyPolicy", &named));
    let mut model = Model::new(Deviation::ManagedKeyUntaggable.into(), Duration::ZERO);
    let described = output(call(
        &mut model,
        "DescribeKey",
        &json!({ "KeyId": "alias/aws/s3" }),
    ));
    let id = described["KeyMetadata"]["KeyId"].as_str().expect("KeyId");
    assert_eq!(untag(&mut model, id, &["env"]), Ok(Output::Empty));
}
