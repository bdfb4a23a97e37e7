//! The model against the contract (`docs/contract.md`), row by row; test
//! names carry the contract's row numbers.

use std::time::SystemTime;

use serde_json::{Value, json};

use super::*;

const ACCOUNT: &str = "111122223333";
const REGION: &str = "us-east-1";

fn caller() -> Caller {
    Caller {
        account: ACCOUNT.into(),
        region: REGION.into(),
    }
}

fn call(
    model: &mut Model,
    who: &Caller,
    operation: &str,
    input: Value,
) -> Result<Output, KmsError> {
    model.handle(&Call {
        caller: who,
        operation,
        input: &input,
        at: SystemTime::now(),
    })
}

fn ok_json(result: Result<Output, KmsError>) -> Value {
    match result {
        Ok(Output::Json(value)) => value,
        other => panic!("expected JSON output, got {other:?}"),
    }
}

fn create(model: &mut Model, tags: &[(&str, &str)]) -> (String, String) {
    let tags: Vec<Value> = tags
        .iter()
        .map(|(k, v)| json!({ "TagKey": k, "TagValue": v }))
        .collect();
    let mut input = json!({ "Description": "test" });
    if !tags.is_empty() {
        input["Tags"] = json!(tags);
    }
    let out = ok_json(call(model, &caller(), "CreateKey", input));
    let metadata = &out["KeyMetadata"];
    (
        metadata["KeyId"].as_str().unwrap().to_owned(),
        metadata["Arn"].as_str().unwrap().to_owned(),
    )
}

fn tags_of(model: &mut Model, key_id: &str) -> Vec<(String, String)> {
    let out = ok_json(call(
        model,
        &caller(),
        "ListResourceTags",
        json!({ "KeyId": key_id }),
    ));
    out["Tags"]
        .as_array()
        .expect("Tags is a list")
        .iter()
        .map(|t| {
            (
                t["TagKey"].as_str().unwrap().to_owned(),
                t["TagValue"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn untag(model: &mut Model, key_id: &str, tag_keys: &[&str]) -> Result<Output, KmsError> {
    call(
        model,
        &caller(),
        "UntagResource",
        json!({ "KeyId": key_id, "TagKeys": tag_keys }),
    )
}

fn pairs(tags: &[(&str, &str)]) -> Vec<(String, String)> {
    tags.iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn error_of(result: Result<Output, KmsError>) -> KmsError {
    result.expect_err("the call should fail")
}

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
        "ListResourceTags",
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
        "ValidationException"
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
        let error = error_of(call(&mut model, &caller(), "UntagResource", input.clone()));
        assert_eq!(error.error_type, "ValidationException", "{input}");
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

#[test]
fn rows_14_and_15_key_id_and_key_arn_both_work() {
    let mut model = Model::default();
    let (id, arn) = create(&mut model, &[("a", "1"), ("b", "2")]);
    untag(&mut model, &id, &["a"]).expect("by key ID");
    untag(&mut model, &arn, &["b"]).expect("by key ARN");
    assert!(tags_of(&mut model, &id).is_empty());
}

#[test]
fn row_16_aliases_are_refused_but_describe_key_takes_them() {
    let mut model = Model::default();
    let (id, arn) = create(&mut model, &[("a", "1")]);
    call(
        &mut model,
        &caller(),
        "CreateAlias",
        json!({ "AliasName": "alias/mine", "TargetKeyId": id }),
    )
    .expect("alias made");
    let alias_arn = format!("{}:alias/mine", arn.split(":key/").next().unwrap());
    for name in ["alias/mine", alias_arn.as_str()] {
        assert_eq!(error_of(untag(&mut model, name, &["a"])).status, 400);
        let out = ok_json(call(
            &mut model,
            &caller(),
            "DescribeKey",
            json!({ "KeyId": name }),
        ));
        assert_eq!(out["KeyMetadata"]["KeyId"], json!(id));
    }
    assert_eq!(tags_of(&mut model, &id), pairs(&[("a", "1")]));
}

#[test]
fn rows_17_to_20_unknown_keys_are_named_as_recorded() {
    let mut model = Model::default();
    let uuid = "11111111-2222-3333-4444-555555555555";
    let arn = format!("arn:aws:kms:{REGION}:{ACCOUNT}:key/{uuid}");
    let mrk = "mrk-1234abcd12ab34cd56ef1234567890ab";
    let cases = [
        (uuid.to_owned(), format!("Key '{arn}' does not exist")),
        (arn.clone(), format!("Key '{arn}' does not exist")),
        (
            "fake-key-id".to_owned(),
            "Invalid keyId 'fake-key-id'".to_owned(),
        ),
        (
            mrk.to_owned(),
            format!("Key 'arn:aws:kms:{REGION}:{ACCOUNT}:key/{mrk}' does not exist"),
        ),
    ];
    for (key_id, message) in cases {
        let error = error_of(untag(&mut model, &key_id, &["a"]));
        assert_eq!(
            (error.error_type.as_str(), error.message.as_str()),
            ("NotFoundException", message.as_str())
        );
    }
}

#[test]
fn rows_21_and_22_other_regions() {
    let mut model = Model::default();
    let (id, arn) = create(&mut model, &[("a", "1")]);
    let west = Caller {
        account: ACCOUNT.into(),
        region: "us-west-2".into(),
    };
    let by_arn = error_of(call(
        &mut model,
        &west,
        "UntagResource",
        json!({ "KeyId": arn, "TagKeys": ["a"] }),
    ));
    assert_eq!(by_arn.message, format!("Invalid arn {REGION}"));
    let by_id = error_of(call(
        &mut model,
        &west,
        "UntagResource",
        json!({ "KeyId": id, "TagKeys": ["a"] }),
    ));
    assert_eq!(
        by_id.message,
        format!("Key 'arn:aws:kms:us-west-2:{ACCOUNT}:key/{id}' does not exist")
    );
    assert_eq!(tags_of(&mut model, &id), pairs(&[("a", "1")]));
}

#[test]
fn row_23_an_arn_of_another_account_never_touches_the_callers_key() {
    let mut model = Model::default();
    let (id, _) = create(&mut model, &[("a", "1")]);
    let foreign = format!("arn:aws:kms:{REGION}:444455556666:key/{id}");
    assert_eq!(error_of(untag(&mut model, &foreign, &["a"])).status, 400);
    assert_eq!(tags_of(&mut model, &id), pairs(&[("a", "1")]));

    let other = Caller {
        account: "444455556666".into(),
        region: REGION.into(),
    };
    let out = ok_json(call(
        &mut model,
        &other,
        "CreateKey",
        json!({ "Tags": [{ "TagKey": "b", "TagValue": "2" }] }),
    ));
    let their_arn = out["KeyMetadata"]["Arn"].as_str().unwrap().to_owned();
    let error = error_of(untag(&mut model, &their_arn, &["b"]));
    assert_eq!(error.error_type, "AccessDeniedException");
}

#[test]
fn row_24_a_malformed_arn_is_a_400() {
    let mut model = Model::default();
    let error = error_of(untag(
        &mut model,
        &format!("arn:aws:kms:{REGION}:{ACCOUNT}:foo/bar"),
        &["a"],
    ));
    assert_eq!(
        (error.status, error.error_type.as_str()),
        (400, "InvalidArnException")
    );
}

#[test]
fn rows_25_to_31_key_states() {
    let mut model = Model::default();
    for state in KeyState::ALL {
        let (id, _) = create(&mut model, &[("a", "1")]);
        model
            .set_key_state(&caller(), &json!({ "KeyId": id, "KeyState": state.name() }))
            .expect("state set");
        let result = untag(&mut model, &id, &["a"]);
        if state.forbids_tagging() {
            let arn = format!("arn:aws:kms:{REGION}:{ACCOUNT}:key/{id}");
            let error = error_of(result);
            assert_eq!(error.error_type, "KMSInvalidStateException", "{state:?}");
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
        "CreateKey",
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
        "DescribeKey",
        json!({ "KeyId": "alias/aws/s3" }),
    ));
    assert_eq!(out["KeyMetadata"]["KeyManager"], "AWS");
    let id = out["KeyMetadata"]["KeyId"].as_str().unwrap().to_owned();
    assert_eq!(
        error_of(untag(&mut model, &id, &["a"])).error_type,
        "AccessDeniedException"
    );
    let again = ok_json(call(
        &mut model,
        &caller(),
        "DescribeKey",
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
        "ScheduleKeyDeletion",
        json!({ "KeyId": id, "PendingWindowInDays": 7 }),
    ));
    assert_eq!(out["KeyId"], json!(arn));
    assert_eq!(out["KeyState"], "PendingDeletion");
    let again = error_of(call(
        &mut model,
        &caller(),
        "ScheduleKeyDeletion",
        json!({ "KeyId": id }),
    ));
    assert_eq!(again.message, format!("{arn} is pending deletion."));
    let out = ok_json(call(
        &mut model,
        &caller(),
        "CancelKeyDeletion",
        json!({ "KeyId": id }),
    ));
    assert_eq!(out["KeyId"], json!(arn));
    let described = ok_json(call(
        &mut model,
        &caller(),
        "DescribeKey",
        json!({ "KeyId": id }),
    ));
    assert_eq!(described["KeyMetadata"]["KeyState"], "Disabled");
    assert_eq!(described["KeyMetadata"]["Enabled"], false);
}

#[test]
fn tag_resource_rules_read_as_recorded() {
    let mut model = Model::default();
    let (id, _) = create(&mut model, &[("env", "prod")]);
    let tag = |model: &mut Model, tags: Value| {
        call(
            model,
            &caller(),
            "TagResource",
            json!({ "KeyId": id, "Tags": tags }),
        )
    };
    let cases = [
        (
            json!([{ "TagKey": "d", "TagValue": "1" }, { "TagKey": "d", "TagValue": "2" }]),
            "Duplicate tag keys",
        ),
        (
            json!([{ "TagKey": "AWS:x", "TagValue": "1" }]),
            "Tags beginning with aws: are reserved",
        ),
    ];
    for (tags, message) in cases {
        let error = error_of(tag(&mut model, tags));
        assert_eq!(
            (error.error_type.as_str(), error.message.as_str()),
            ("TagException", message)
        );
    }
    let too_many: Vec<Value> = (0..51)
        .map(|i| json!({ "TagKey": format!("k{i}"), "TagValue": "v" }))
        .collect();
    assert_eq!(
        error_of(tag(&mut model, json!(too_many))).message,
        "Too many tags"
    );
    tag(
        &mut model,
        json!([{ "TagKey": "env", "TagValue": "staging" }]),
    )
    .expect("overwrites");
    assert_eq!(tags_of(&mut model, &id), pairs(&[("env", "staging")]));
}

#[test]
fn the_fifty_tag_limit_counts_the_keys_tags() {
    let mut model = Model::default();
    let fifty: Vec<(String, String)> = (0..50)
        .map(|i| (format!("k{i:02}"), "v".to_owned()))
        .collect();
    let borrowed: Vec<(&str, &str)> = fifty
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let (id, _) = create(&mut model, &borrowed);
    let one_more = json!({ "KeyId": id, "Tags": [{ "TagKey": "new", "TagValue": "v" }] });
    assert_eq!(
        error_of(call(&mut model, &caller(), "TagResource", one_more.clone())).error_type,
        "TagException"
    );
    untag(&mut model, &id, &["k00"]).expect("untags");
    call(&mut model, &caller(), "TagResource", one_more).expect("room again");
}

#[test]
fn listing_pages_with_markers() {
    let mut model = Model::default();
    let (id, _) = create(&mut model, &[("a", "1"), ("b", "2"), ("c", "3")]);
    let first = ok_json(call(
        &mut model,
        &caller(),
        "ListResourceTags",
        json!({ "KeyId": id, "Limit": 2 }),
    ));
    assert_eq!(first["Truncated"], true);
    let marker = first["NextMarker"].as_str().expect("a marker").to_owned();
    let second = ok_json(call(
        &mut model,
        &caller(),
        "ListResourceTags",
        json!({ "KeyId": id, "Limit": 2, "Marker": marker }),
    ));
    assert_eq!(
        second,
        json!({ "Tags": [{ "TagKey": "c", "TagValue": "3" }], "Truncated": false })
    );
    let bad = error_of(call(
        &mut model,
        &caller(),
        "ListResourceTags",
        json!({ "KeyId": id, "Marker": "nonsense" }),
    ));
    assert_eq!(bad.error_type, "InvalidMarkerException");
}

#[test]
fn wrong_member_types_are_serialization_errors() {
    let mut model = Model::default();
    let (id, _) = create(&mut model, &[("a", "1")]);
    for input in [
        json!({ "KeyId": id, "TagKeys": "a" }),
        json!({ "KeyId": 1, "TagKeys": ["a"] }),
        json!([1, 2]),
    ] {
        let error = error_of(call(&mut model, &caller(), "UntagResource", input));
        assert_eq!(error.error_type, "SerializationException");
    }
    assert_eq!(tags_of(&mut model, &id), pairs(&[("a", "1")]));
}

#[test]
fn row_35_an_unknown_operation_is_refused() {
    let error = error_of(call(
        &mut Model::default(),
        &caller(),
        "UntagResources",
        json!({}),
    ));
    assert_eq!(
        (error.status, error.error_type.as_str()),
        (400, "UnknownOperationException")
    );
}

#[test]
fn a_list_keys_marker_the_stub_never_handed_out_is_refused() {
    let mut model = Model::default();
    create(&mut model, &[]);
    // usize::MAX once panicked on `start + limit` (found by the property
    // test in tests/stub_robustness).
    for marker in ["18446744073709551615", "2", "x"] {
        let error = error_of(call(
            &mut model,
            &caller(),
            "ListKeys",
            json!({ "Marker": marker }),
        ));
        assert_eq!(error.error_type, "InvalidMarkerException", "{marker}");
    }
    let last_page = ok_json(call(
        &mut model,
        &caller(),
        "ListKeys",
        json!({ "Marker": "1" }),
    ));
    assert_eq!(last_page["Keys"], json!([]));
}
