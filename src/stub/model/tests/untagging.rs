//! `UntagResource` itself: what it removes, which tag key lists it refuses,
//! and how its validation errors read (contract rows 1 to 12).

use serde_json::json;

use super::*;
use crate::wire::{ErrorCode, Operation};

#[test]
fn row_1_removes_one_tag_and_keeps_the_rest() {
    let mut model = Model::default();
    let (id, _) = create(&mut model, &[("env", "prod"), ("team", "payments")]);
    assert_eq!(untag(&mut model, &id, &["env"]), Ok(Output::Empty));
    assert_eq!(tags_of(&mut model, &id), pairs(&[("team", "payments")]));
}

#[test]
fn row_2_removing_every_tag_lists_an_empty_list() {
    let mut model = Model::default();
    let (id, _) = create(&mut model, &[("env", "prod")]);
    untag(&mut model, &id, &["env"]).expect("untags");
    let out = ok_json(call(
        &mut model,
        &caller(),
        Operation::ListResourceTags,
        json!({ "KeyId": id }),
    ));
    assert_eq!(out, json!({ "Tags": [], "Truncated": false }));
}

#[test]
fn rows_3_to_6_missing_and_repeated_keys_are_ignored() {
    let mut model = Model::default();
    let (id, _) = create(&mut model, &[("env", "prod"), ("team", "payments")]);
    assert_eq!(
        untag(&mut model, &id, &["missing", "env", "env"]),
        Ok(Output::Empty)
    );
    assert_eq!(untag(&mut model, &id, &["env"]), Ok(Output::Empty));
    assert_eq!(tags_of(&mut model, &id), pairs(&[("team", "payments")]));
}

#[test]
fn row_7_an_empty_tag_key_list_is_refused() {
    let mut model = Model::default();
    let (id, _) = create(&mut model, &[("env", "prod")]);
    assert_eq!(
        error_of(untag(&mut model, &id, &[])).error_type,
        ErrorCode::ValidationException
    );
    assert_eq!(tags_of(&mut model, &id), pairs(&[("env", "prod")]));
}

#[test]
fn rows_8_to_11_model_constraints_are_validation_errors() {
    let mut model = Model::default();
    let (id, _) = create(&mut model, &[("env", "prod")]);
    let long_id = "k".repeat(2049);
    let long_key = "k".repeat(129);
    for input in [
        json!({ "KeyId": id }),
        json!({ "TagKeys": ["env"] }),
        json!({ "KeyId": "", "TagKeys": ["env"] }),
        json!({ "KeyId": long_id, "TagKeys": ["env"] }),
        json!({ "KeyId": id, "TagKeys": [""] }),
        json!({ "KeyId": id, "TagKeys": ["env", long_key] }),
    ] {
        let error = error_of(call(
            &mut model,
            &caller(),
            Operation::UntagResource,
            input.clone(),
        ));
        assert_eq!(error.error_type, ErrorCode::ValidationException, "{input}");
        assert_eq!(error.status, 400);
    }
    assert_eq!(tags_of(&mut model, &id), pairs(&[("env", "prod")]));
}

#[test]
fn row_11_the_message_names_the_member_path() {
    let mut model = Model::default();
    let (id, _) = create(&mut model, &[]);
    let error = error_of(untag(&mut model, &id, &["ok", &"k".repeat(129)]));
    assert!(
        error
            .message
            .starts_with("1 validation error detected: Value 'kkk"),
        "{}",
        error.message
    );
    assert!(
        error
            .message
            .contains("at 'tagKeys.2.member' failed to satisfy constraint"),
        "{}",
        error.message
    );
}

#[test]
fn row_12_matching_is_case_sensitive() {
    let mut model = Model::default();
    let (id, _) = create(&mut model, &[("Env", "upper")]);
    untag(&mut model, &id, &["env"]).expect("untags");
    assert_eq!(tags_of(&mut model, &id), pairs(&[("Env", "upper")]));
}
