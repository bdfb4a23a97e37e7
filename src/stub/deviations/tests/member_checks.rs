//! What a request's members and tags must be ([`Validation`]): lengths,
//! lists, types, the `TagException` rules.
//!
//! [`Validation`]: crate::stub::model::Validation

use super::*;
use crate::wire::{ErrorCode, Operation};

/// The error type of `answer`, if it is refused.
fn verdict(answer: Result<Output, KmsError>) -> Result<(), ErrorCode> {
    answer.map(drop).map_err(|e| e.error_type)
}

/// `(key, value)` pairs `k00`... of `n` tags.
fn numbered(n: usize) -> Vec<(String, String)> {
    (0..n)
        .map(|i| (format!("k{i:02}"), "v".to_owned()))
        .collect()
}

fn borrowed(tags: &[(String, String)]) -> Vec<(&str, &str)> {
    tags.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

#[test]
fn lengths_unchecked_off_by_one_or_in_bytes() {
    let long_key = "k".repeat(129);
    let mut model = deviant(&[Deviation::NoLengthChecks]);
    let id = key_with(&mut model, &[("a", "1")]);
    assert_eq!(verdict(untag(&mut model, &id, &[&long_key])), Ok(()));
    assert_eq!(
        verdict(untag(&mut model, "", &["a"])),
        Err(ErrorCode::NotFoundException)
    );

    let mut model = deviant(&[Deviation::KeyIdLimitOffByOne]);
    let refused = untag(&mut model, &"k".repeat(2048), &["a"]).expect_err("refused");
    assert!(
        refused.message.ends_with("less than or equal to 2047"),
        "{}",
        refused.message
    );

    let mut model = deviant(&[Deviation::TagKeyLimitOffByOne]);
    let id = key_with(&mut model, &[("a", "1")]);
    let at_limit = "k".repeat(128);
    assert_eq!(
        verdict(untag(&mut model, &id, &[&at_limit])),
        Err(ErrorCode::ValidationException)
    );
    assert_eq!(
        verdict(tag(&mut model, &id, &[(&at_limit, "v")])),
        Err(ErrorCode::ValidationException)
    );

    let mut model = deviant(&[Deviation::TagValueLengthUnchecked]);
    let id = key_with(&mut model, &[("a", "1")]);
    assert_eq!(
        verdict(tag(&mut model, &id, &[("b", &"v".repeat(300))])),
        Ok(())
    );

    let mut model = deviant(&[Deviation::TagValueLimitOffByOne]);
    let id = key_with(&mut model, &[("a", "1")]);
    for length in [256, 257] {
        let refused = tag(&mut model, &id, &[("b", &"v".repeat(length))]).expect_err("refused");
        assert!(
            refused.message.ends_with("less than or equal to 256"),
            "{}",
            refused.message
        );
    }

    let mut model = deviant(&[Deviation::UntagTagKeyLengthInBytes]);
    let two_byte = "é".repeat(128);
    let id = key_with(&mut model, &[(&two_byte, "1")]);
    assert_eq!(
        verdict(untag(&mut model, &id, &[&two_byte])),
        Err(ErrorCode::ValidationException)
    );
    assert_eq!(verdict(tag(&mut model, &id, &[(&two_byte, "2")])), Ok(()));
}

#[test]
fn lists_empty_absent_or_a_single_string() {
    let mut model = deviant(&[Deviation::EmptyTagKeysAccepted]);
    let id = key_with(&mut model, &[("a", "1")]);
    assert_eq!(verdict(untag(&mut model, &id, &[])), Ok(()));
    let absent = json!({ "KeyId": id });
    assert_eq!(
        verdict(call(&mut model, Operation::UntagResource, &absent)),
        Err(ErrorCode::ValidationException)
    );

    let mut model = deviant(&[Deviation::MissingTagKeysAccepted]);
    let id = key_with(&mut model, &[("a", "1")]);
    for input in [
        json!({ "KeyId": id }),
        json!({ "KeyId": id, "TagKeys": null }),
    ] {
        assert_eq!(
            verdict(call(&mut model, Operation::UntagResource, &input)),
            Ok(())
        );
    }
    assert_eq!(verdict(untag(&mut model, &id, &[])), Ok(()));
    assert_eq!(tag_keys_of(&model, &id), ["a"]);

    let mut model = deviant(&[Deviation::TagEmptyTagsAccepted]);
    let id = key_with(&mut model, &[("a", "1")]);
    assert_eq!(verdict(tag(&mut model, &id, &[])), Ok(()));
    assert_eq!(
        verdict(untag(&mut model, &id, &[])),
        Err(ErrorCode::ValidationException)
    );

    let mut model = deviant(&[Deviation::TypeErrorsCoerced]);
    let id = key_with(&mut model, &[("a", "1"), ("b", "2")]);
    let single = json!({ "KeyId": id, "TagKeys": "a" });
    assert_eq!(
        verdict(call(&mut model, Operation::UntagResource, &single)),
        Ok(())
    );
    assert_eq!(tag_keys_of(&model, &id), ["b"]);
}

#[test]
fn a_key_id_that_cannot_be_read_crashes_the_handler() {
    let mut model = deviant(&[Deviation::KeyIdUnchecked500]);
    for input in [
        json!({ "TagKeys": ["a"] }),
        json!({ "KeyId": 1, "TagKeys": ["a"] }),
    ] {
        let crashed = call(&mut model, Operation::UntagResource, &input).expect_err("crashed");
        assert_eq!(
            (crashed.status, crashed.error_type),
            (500, ErrorCode::InternalFailure)
        );
    }
}

#[test]
fn tag_limits_counted_wrong_or_not_at_all() {
    let fifty = numbered(50);
    let mut model = deviant(&[Deviation::TagLimitPerRequest]);
    let id = key_with(&mut model, &borrowed(&fifty));
    assert_eq!(verdict(tag(&mut model, &id, &[("one", "more")])), Ok(()));
    assert_eq!(
        verdict(tag(&mut model, &id, &borrowed(&numbered(51)))),
        Err(ErrorCode::TagException)
    );

    let mut model = deviant(&[Deviation::TagLimitCountsKeyOnly]);
    let id = key_with(&mut model, &borrowed(&numbered(49)));
    assert_eq!(
        verdict(tag(&mut model, &id, &[("x", "1"), ("y", "2")])),
        Ok(())
    );
    assert_eq!(tag_keys_of(&model, &id).len(), 51);
    assert_eq!(
        verdict(tag(&mut model, &id, &[("z", "3")])),
        Err(ErrorCode::TagException)
    );

    let mut model = deviant(&[Deviation::CreateKeyTagLimitUnchecked]);
    let tags = json!({ "Tags": numbered(51).iter().map(|(k, v)| json!({ "TagKey": k, "TagValue": v })).collect::<Vec<_>>() });
    assert_eq!(
        verdict(call(&mut model, Operation::CreateKey, &tags)),
        Ok(())
    );
    let id = key_with(&mut model, &[]);
    assert_eq!(
        verdict(tag(&mut model, &id, &borrowed(&numbered(51)))),
        Err(ErrorCode::TagException)
    );
}

#[test]
fn reserved_prefixes_and_duplicates_let_through() {
    let mut model = deviant(&[Deviation::TagReservedPrefixAllowed]);
    let id = key_with(&mut model, &[]);
    assert_eq!(verdict(tag(&mut model, &id, &[("aws:x", "1")])), Ok(()));

    let mut model = deviant(&[Deviation::TagReservedPrefixCaseSensitive]);
    let id = key_with(&mut model, &[]);
    assert_eq!(verdict(tag(&mut model, &id, &[("AWS:x", "1")])), Ok(()));
    assert_eq!(
        verdict(tag(&mut model, &id, &[("aws:x", "1")])),
        Err(ErrorCode::TagException)
    );

    let twice = [("d", "1"), ("d", "2")];
    let mut model = deviant(&[Deviation::TagDuplicatesAllowed]);
    let id = key_with(&mut model, &[]);
    assert_eq!(verdict(tag(&mut model, &id, &twice)), Ok(()));

    let mut model = deviant(&[Deviation::CreateKeyDuplicateTagsAllowed]);
    let id = key_with(&mut model, &twice);
    assert_eq!(tag_keys_of(&model, &id), ["d", "d"]);
    assert_eq!(
        verdict(tag(&mut model, &id, &twice)),
        Err(ErrorCode::TagException)
    );
}
