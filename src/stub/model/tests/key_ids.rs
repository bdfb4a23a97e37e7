//! From the `KeyId` sent to the key it names: key IDs, key ARNs, aliases,
//! other regions and accounts, malformed ARNs (contract rows 14 to 24).

use serde_json::json;

use super::*;
use crate::wire::{ErrorCode, Operation};

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
        Operation::CreateAlias,
        json!({ "AliasName": "alias/mine", "TargetKeyId": id }),
    )
    .expect("alias made");
    let alias_arn = format!("{}:alias/mine", arn.split(":key/").next().unwrap());
    for name in ["alias/mine", alias_arn.as_str()] {
        assert_eq!(error_of(untag(&mut model, name, &["a"])).status, 400);
        let out = ok_json(call(
            &mut model,
            &caller(),
            Operation::DescribeKey,
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
            (error.error_type, error.message.as_str()),
            (ErrorCode::NotFoundException, message.as_str())
        );
    }
}

#[test]
fn rows_21_and_22_other_regions() {
    let mut model = Model::default();
    let (id, arn) = create(&mut model, &[("a", "1")]);
    let west = Caller::user(ACCOUNT, "us-west-2");
    let by_arn = error_of(call(
        &mut model,
        &west,
        Operation::UntagResource,
        json!({ "KeyId": arn, "TagKeys": ["a"] }),
    ));
    assert_eq!(by_arn.message, format!("Invalid arn {REGION}"));
    let by_id = error_of(call(
        &mut model,
        &west,
        Operation::UntagResource,
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

    let other = Caller::user("444455556666", REGION);
    let out = ok_json(call(
        &mut model,
        &other,
        Operation::CreateKey,
        json!({ "Tags": [{ "TagKey": "b", "TagValue": "2" }] }),
    ));
    let their_arn = out["KeyMetadata"]["Arn"].as_str().unwrap().to_owned();
    let error = error_of(untag(&mut model, &their_arn, &["b"]));
    assert_eq!(error.error_type, ErrorCode::AccessDeniedException);
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
        (error.status, error.error_type),
        (400, ErrorCode::InvalidArnException)
    );
}
