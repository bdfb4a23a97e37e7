//! How a `KeyId` names a key ([`Identifiers`]).
//!
//! [`Identifiers`]: crate::stub::model::Identifiers

use super::*;
use crate::stub::model::is_key_uuid;
use crate::wire::Operation;

const OTHER_ACCOUNT: &str = "444455556666";

fn arn(region: &str, account: &str, id: &str) -> String {
    format!("arn:aws:kms:{region}:{account}:key/{id}")
}

/// A key made by `account` in `region` with the tag `a`.
fn key_of(model: &mut Model, account: &str, region: &str) -> String {
    let who = Caller::user(account, region);
    let input = json!({ "Tags": [{ "TagKey": "a", "TagValue": "1" }] });
    let out = output(model.handle(&Call {
        caller: &who,
        operation: Operation::CreateKey,
        input: &input,
        at: SystemTime::now(),
    }));
    out["KeyMetadata"]["KeyId"]
        .as_str()
        .expect("KeyId")
        .to_owned()
}

fn message(answer: Result<Output, KmsError>) -> String {
    answer.expect_err("refused").message
}

#[test]
fn key_id_forms_taken_or_refused_wrongly() {
    let mut model = deviant(&[Deviation::AliasesAccepted]);
    let id = key_with(&mut model, &[("a", "1")]);
    let alias = json!({ "AliasName": "alias/mine", "TargetKeyId": id });
    output(call(&mut model, Operation::CreateAlias, &alias));
    assert_eq!(untag(&mut model, "alias/mine", &["a"]), Ok(Output::Empty));
    assert!(tag_keys_of(&model, &id).is_empty());

    let mrk = format!("mrk-{}", "0".repeat(32));
    let mut model = deviant(&[Deviation::MrkIdsRefused]);
    assert_eq!(
        message(untag(&mut model, &mrk, &["a"])),
        format!("Invalid keyId '{mrk}'")
    );

    let mut model = deviant(&[Deviation::KeyIdFormsLoose]);
    for loose in ["0".repeat(32), "mrk-x".to_owned()] {
        assert_eq!(
            message(untag(&mut model, &loose, &["a"])),
            format!("Key '{}' does not exist", arn(REGION, ACCOUNT, &loose))
        );
    }
}

#[test]
fn key_arns_read_without_their_region_or_account() {
    let mut model = deviant(&[Deviation::ArnRegionIgnored]);
    let id = key_with(&mut model, &[("a", "1")]);
    let elsewhere = arn("us-west-2", ACCOUNT, &id);
    assert_eq!(untag(&mut model, &elsewhere, &["a"]), Ok(Output::Empty));
    assert!(tag_keys_of(&model, &id).is_empty());

    let mut model = deviant(&[Deviation::ArnAccountIgnored]);
    let id = key_with(&mut model, &[("a", "1")]);
    let foreign = arn(REGION, OTHER_ACCOUNT, &id);
    assert_eq!(untag(&mut model, &foreign, &["a"]), Ok(Output::Empty));
    assert!(tag_keys_of(&model, &id).is_empty());
}

#[test]
fn keys_found_where_kms_does_not_look() {
    let mut model = deviant(&[Deviation::RegionsShared]);
    let away = key_of(&mut model, ACCOUNT, "us-west-2");
    assert_eq!(untag(&mut model, &away, &["a"]), Ok(Output::Empty));
    assert!(tag_keys_of(&model, &away).is_empty());

    // A multi-Region key ID with no key of its set here: the primary in
    // the other region is found; a single-Region key there is not.
    let mut model = deviant(&[Deviation::MrkIdFoundInOtherRegion]);
    let primary = output(call_in(
        &mut model,
        "us-west-2",
        Operation::CreateKey,
        &json!({ "MultiRegion": true, "Tags": [{ "TagKey": "a", "TagValue": "1" }] }),
    ));
    let mrk = primary["KeyMetadata"]["KeyId"].as_str().expect("KeyId");
    assert_eq!(untag(&mut model, mrk, &["a"]), Ok(Output::Empty));
    assert!(tag_keys_of(&model, mrk).is_empty());
    let away = key_of(&mut model, ACCOUNT, "us-west-2");
    assert_eq!(
        message(untag(&mut model, &away, &["a"])),
        format!("Key '{}' does not exist", arn(REGION, ACCOUNT, &away))
    );

    // Past the cross-account refusal, the other account's key policy,
    // which trusts its own account only, has the last word.
    let mut model = deviant(&[Deviation::CrossAccountAllowed]);
    let theirs = key_of(&mut model, OTHER_ACCOUNT, REGION);
    let their_arn = arn(REGION, OTHER_ACCOUNT, &theirs);
    let refusal = message(untag(&mut model, &their_arn, &["a"]));
    assert!(
        refusal.ends_with("because no resource-based policy allows the kms:UntagResource action"),
        "{refusal}"
    );
}

#[test]
fn a_multi_region_key_made_with_a_plain_uuid() {
    let mut model = deviant(&[Deviation::MrkIdsUuid]);
    let out = output(call(
        &mut model,
        Operation::CreateKey,
        &json!({ "MultiRegion": true }),
    ));
    let id = out["KeyMetadata"]["KeyId"].as_str().expect("KeyId");
    assert!(is_key_uuid(id), "{id}");
    assert_eq!(out["KeyMetadata"]["MultiRegion"], true);
}

#[test]
fn a_multi_region_key_made_with_a_dashed_uuid_is_still_found_by_it() {
    let mut model = deviant(&[Deviation::MrkIdsDashed]);
    let out = output(call(
        &mut model,
        Operation::CreateKey,
        &json!({ "MultiRegion": true }),
    ));
    let id = out["KeyMetadata"]["KeyId"].as_str().expect("KeyId");
    assert!(id.strip_prefix("mrk-").is_some_and(is_key_uuid), "{id}");
    let described = output(call(
        &mut model,
        Operation::DescribeKey,
        &json!({ "KeyId": id }),
    ));
    assert_eq!(described["KeyMetadata"]["KeyId"], id);
}
