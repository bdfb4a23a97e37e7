//! Key states and who manages a key: which states refuse tag operations,
//! AWS managed keys, scheduling and cancelling deletion (contract rows 25 to 32).

use serde_json::json;

use super::*;
use crate::wire::{ErrorCode, Operation};

#[test]
fn rows_25_to_31_key_states() {
    let mut model = Model::default();
    for state in KeyState::ALL {
        let (id, _) = create(&mut model, &[("a", "1")]);
        model
            .set_key_state(&caller(), &json!({ "KeyId": id, "KeyState": state.name() }))
            .expect("state set");
        let result = untag(&mut model, &id, &["a"]);
        if state.refuses(Operation::UntagResource) {
            let arn = format!("arn:aws:kms:{REGION}:{ACCOUNT}:key/{id}");
            let error = error_of(result);
            assert_eq!(
                error.error_type,
                ErrorCode::KmsInvalidStateException,
                "{state:?}"
            );
            assert_eq!(error.message, format!("{arn} is {}.", state.refusal()));
            assert_eq!(tags_of(&mut model, &id), pairs(&[("a", "1")]));
        } else {
            assert_eq!(result, Ok(Output::Empty), "{state:?}");
        }
    }
}

#[test]
fn row_29_an_external_key_is_pending_import_and_untaggable() {
    let mut model = Model::default();
    let out = ok_json(call(
        &mut model,
        &caller(),
        Operation::CreateKey,
        json!({ "Origin": "EXTERNAL", "Tags": [{"TagKey": "a", "TagValue": "1"}] }),
    ));
    assert_eq!(out["KeyMetadata"]["KeyState"], "PendingImport");
    let id = out["KeyMetadata"]["KeyId"].as_str().unwrap().to_owned();
    assert_eq!(untag(&mut model, &id, &["a"]), Ok(Output::Empty));
}

#[test]
fn row_32_an_aws_managed_key_cannot_be_untagged() {
    let mut model = Model::default();
    let out = ok_json(call(
        &mut model,
        &caller(),
        Operation::DescribeKey,
        json!({ "KeyId": "alias/aws/s3" }),
    ));
    assert_eq!(out["KeyMetadata"]["KeyManager"], "AWS");
    let id = out["KeyMetadata"]["KeyId"].as_str().unwrap().to_owned();
    assert_eq!(
        error_of(untag(&mut model, &id, &["a"])).error_type,
        ErrorCode::AccessDeniedException
    );
    let again = ok_json(call(
        &mut model,
        &caller(),
        Operation::DescribeKey,
        json!({ "KeyId": "alias/aws/s3" }),
    ));
    assert_eq!(
        again["KeyMetadata"]["KeyId"],
        json!(id),
        "one managed key per alias"
    );
}

#[test]
fn schedule_and_cancel_deletion_answer_with_the_arn_and_end_disabled() {
    let mut model = Model::default();
    let (id, arn) = create(&mut model, &[]);
    let out = ok_json(call(
        &mut model,
        &caller(),
        Operation::ScheduleKeyDeletion,
        json!({ "KeyId": id, "PendingWindowInDays": 7 }),
    ));
    assert_eq!(out["KeyId"], json!(arn));
    assert_eq!(out["KeyState"], "PendingDeletion");
    let again = error_of(call(
        &mut model,
        &caller(),
        Operation::ScheduleKeyDeletion,
        json!({ "KeyId": id }),
    ));
    assert_eq!(again.message, format!("{arn} is pending deletion."));
    let out = ok_json(call(
        &mut model,
        &caller(),
        Operation::CancelKeyDeletion,
        json!({ "KeyId": id }),
    ));
    assert_eq!(out["KeyId"], json!(arn));
    let described = ok_json(call(
        &mut model,
        &caller(),
        Operation::DescribeKey,
        json!({ "KeyId": id }),
    ));
    assert_eq!(described["KeyMetadata"]["KeyState"], "Disabled");
    assert_eq!(described["KeyMetadata"]["Enabled"], false);
}
