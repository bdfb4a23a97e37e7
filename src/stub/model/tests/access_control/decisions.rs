//! What key policies allow and refuse (contract rows 127 to 132, 153,
//! and the AWS managed key of row 32).

use super::*;
use crate::wire::{ErrorCode, Operation};

#[test]
fn rows_127_129_130_an_explicit_deny_refuses_untagging_naming_caller_action_and_key() {
    let mut model = Model::default();
    let (id, arn) = key(&mut model);
    put(&mut model, &id, &deny_untag(OWN_ACCOUNT)).expect("stored");
    let refused = untag(&mut model, &id, &["env"]).expect_err("denied");
    assert_eq!(refused.error_type, ErrorCode::AccessDeniedException);
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
    assert_eq!(
        call(&mut model, Operation::TagResource, &tag),
        Ok(Output::Empty)
    );
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
        ErrorCode::AccessDeniedException
    );
    assert_eq!(
        error_type(untag(&mut model, &id, &["env", "owner"])),
        ErrorCode::AccessDeniedException
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
        error_type(call(&mut model, Operation::TagResource, &tag("test"))),
        ErrorCode::AccessDeniedException
    );
    assert_eq!(
        call(&mut model, Operation::TagResource, &tag("staging")),
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
        ErrorCode::AccessDeniedException
    );
}

#[test]
fn row_32_the_aws_managed_keys_policy_refuses_tagging_and_allows_reading() {
    let mut model = Model::default();
    let described = output(call(
        &mut model,
        Operation::DescribeKey,
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
        error_type(call(&mut model, Operation::TagResource, &tag)),
        ErrorCode::AccessDeniedException
    );
    let schedule = json!({ "KeyId": id });
    assert_eq!(
        error_type(call(&mut model, Operation::ScheduleKeyDeletion, &schedule)),
        ErrorCode::AccessDeniedException
    );
    output(call(
        &mut model,
        Operation::ListResourceTags,
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
        Operation::CreateKey,
        &json!({ "Tags": tags }),
    ));
    let id = created["KeyMetadata"]["KeyId"]
        .as_str()
        .expect("KeyId")
        .to_owned();
    let deny = json!({ "KeyId": id, "Policy": deny_untag(OWN_ACCOUNT) });
    call_at(&mut model, at(10), Operation::PutKeyPolicy, &deny).expect("stored");
    // Reads do not lag here: the new policy is there at once...
    assert_eq!(policy_of(&mut model, &id), deny_untag(OWN_ACCOUNT));
    // ...but authorization still sees the key's first policy a minute long.
    let untag_env = json!({ "KeyId": id, "TagKeys": ["env"] });
    assert_eq!(
        call_at(&mut model, at(30), Operation::UntagResource, &untag_env),
        Ok(Output::Empty)
    );
    let untag_team = json!({ "KeyId": id, "TagKeys": ["team"] });
    let refused = call_at(&mut model, at(71), Operation::UntagResource, &untag_team);
    assert_eq!(error_type(refused), ErrorCode::AccessDeniedException);
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
