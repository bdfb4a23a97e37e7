//! The key policy operations and the checks a new policy passes
//! (contract rows 119 to 126, 155).

use super::*;
use crate::wire::{ErrorCode, Operation};

#[test]
fn rows_119_122_125_a_new_key_has_the_default_policy_and_one_policy_name() {
    let mut model = Model::default();
    let (id, _) = key(&mut model);
    assert_eq!(
        policy_of(&mut model, &id),
        default_key_policy("aws", ACCOUNT)
    );
    let names = output(call(
        &mut model,
        Operation::ListKeyPolicies,
        &json!({ "KeyId": id }),
    ));
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
    let unnamed = output(call(
        &mut model,
        Operation::GetKeyPolicy,
        &json!({ "KeyId": id }),
    ));
    assert_eq!(unnamed["PolicyName"], "default");
    let named = json!({ "KeyId": id, "PolicyName": "default" });
    assert_eq!(
        output(call(&mut model, Operation::GetKeyPolicy, &named)),
        unnamed
    );
}

#[test]
fn row_123_only_the_policy_named_default_exists() {
    let mut model = Model::default();
    let (id, _) = key(&mut model);
    let get = json!({ "KeyId": id, "PolicyName": "other" });
    assert_eq!(
        error_type(call(&mut model, Operation::GetKeyPolicy, &get)),
        ErrorCode::NotFoundException
    );
    let put = json!({ "KeyId": id, "PolicyName": "other", "Policy": root_and("") });
    assert_eq!(
        error_type(call(&mut model, Operation::PutKeyPolicy, &put)),
        ErrorCode::NotFoundException
    );
}

#[test]
fn row_124_a_malformed_policy_is_refused_and_changes_nothing() {
    let mut model = Model::default();
    let (id, _) = key(&mut model);
    for malformed in ["not a policy", r#"{"Statement": {"Effect": "Permit"}}"#] {
        assert_eq!(
            error_type(put(&mut model, &id, malformed)),
            ErrorCode::MalformedPolicyDocumentException
        );
    }
    assert_eq!(
        policy_of(&mut model, &id),
        default_key_policy("aws", ACCOUNT)
    );
}

#[test]
fn row_126_a_policy_that_locks_the_caller_out_is_refused_unless_bypassed() {
    let mut model = Model::default();
    let (id, _) = key(&mut model);
    let refused = put(&mut model, &id, &lockout()).expect_err("refused");
    assert_eq!(
        (refused.error_type, refused.message.as_str()),
        (ErrorCode::MalformedPolicyDocumentException, LOCKOUT_MESSAGE)
    );
    let bypass =
        json!({ "KeyId": id, "Policy": lockout(), "BypassPolicyLockoutSafetyCheck": true });
    assert_eq!(
        call(&mut model, Operation::PutKeyPolicy, &bypass),
        Ok(Output::Empty)
    );
    assert_eq!(policy_of(&mut model, &id), lockout());
    // Locked out indeed, and still able to schedule the key's deletion.
    assert_eq!(
        error_type(put(&mut model, &id, &root_and(""))),
        ErrorCode::AccessDeniedException
    );
    let schedule = json!({ "KeyId": id, "PendingWindowInDays": 7 });
    output(call(&mut model, Operation::ScheduleKeyDeletion, &schedule));
}

#[test]
fn rows_120_126_create_key_takes_a_policy_and_refuses_a_lockout_leaving_no_key() {
    let mut model = Model::default();
    let refused = call(
        &mut model,
        Operation::CreateKey,
        &json!({ "Policy": lockout() }),
    );
    assert_eq!(
        error_type(refused),
        ErrorCode::MalformedPolicyDocumentException
    );
    assert_eq!(model.keys().count(), 0);
    let malformed = call(&mut model, Operation::CreateKey, &json!({ "Policy": "{" }));
    assert_eq!(
        error_type(malformed),
        ErrorCode::MalformedPolicyDocumentException
    );
    assert_eq!(model.keys().count(), 0);
    let bypassed = json!({ "Policy": lockout(), "BypassPolicyLockoutSafetyCheck": true });
    let out = output(call(&mut model, Operation::CreateKey, &bypassed));
    let id = out["KeyMetadata"]["KeyId"].as_str().expect("KeyId");
    assert_eq!(
        model.keys().next().map(|k| k.policy.text.clone()),
        Some(lockout())
    );
    assert_eq!(
        error_type(put(&mut model, id, &root_and(""))),
        ErrorCode::AccessDeniedException
    );
}
