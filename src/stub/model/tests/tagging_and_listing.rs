//! `TagResource` and `ListResourceTags`: the tag rules, the fifty-tag limit,
//! paging with markers.

use serde_json::{Value, json};

use super::*;
use crate::wire::{ErrorCode, Operation};

#[test]
fn tag_resource_rules_read_as_recorded() {
    let mut model = Model::default();
    let (id, _) = create(&mut model, &[("env", "prod")]);
    let tag = |model: &mut Model, tags: Value| {
        call(
            model,
            &caller(),
            Operation::TagResource,
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
            (error.error_type, error.message.as_str()),
            (ErrorCode::TagException, message)
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
        error_of(call(
            &mut model,
            &caller(),
            Operation::TagResource,
            one_more.clone()
        ))
        .error_type,
        ErrorCode::TagException
    );
    untag(&mut model, &id, &["k00"]).expect("untags");
    call(&mut model, &caller(), Operation::TagResource, one_more).expect("room again");
}

#[test]
fn listing_pages_with_markers() {
    let mut model = Model::default();
    let (id, _) = create(&mut model, &[("a", "1"), ("b", "2"), ("c", "3")]);
    let first = ok_json(call(
        &mut model,
        &caller(),
        Operation::ListResourceTags,
        json!({ "KeyId": id, "Limit": 2 }),
    ));
    assert_eq!(first["Truncated"], true);
    let marker = first["NextMarker"].as_str().expect("a marker").to_owned();
    let second = ok_json(call(
        &mut model,
        &caller(),
        Operation::ListResourceTags,
        json!({ "KeyId": id, "Limit": 2, "Marker": marker }),
    ));
    assert_eq!(
        second,
        json!({ "Tags": [{ "TagKey": "c", "TagValue": "3" }], "Truncated": false })
    );
    let bad = error_of(call(
        &mut model,
        &caller(),
        Operation::ListResourceTags,
        json!({ "KeyId": id, "Marker": "nonsense" }),
    ));
    assert_eq!(bad.error_type, ErrorCode::InvalidMarkerException);
}

#[test]
fn a_full_page_that_ends_the_listing_is_not_truncated() {
    let mut model = Model::default();
    let (id, _) = create(
        &mut model,
        &[("a", "1"), ("b", "2"), ("c", "3"), ("d", "4")],
    );
    let mut list = |marker: Option<&str>| {
        let mut input = json!({ "KeyId": id, "Limit": 2 });
        if let Some(marker) = marker {
            input["Marker"] = json!(marker);
        }
        ok_json(call(
            &mut model,
            &caller(),
            Operation::ListResourceTags,
            input,
        ))
    };
    let first = list(None);
    let marker = first["NextMarker"].as_str().expect("a marker").to_owned();
    // Contract row 73: the next page starts after this one's last tag, and a
    // page that holds the last tag is not truncated, full as it is.
    assert_eq!(
        list(Some(&marker)),
        json!({
            "Tags": [{ "TagKey": "c", "TagValue": "3" }, { "TagKey": "d", "TagValue": "4" }],
            "Truncated": false
        })
    );
}

#[test]
fn tag_resource_adds_a_tag_key_that_differs_only_in_case() {
    let mut model = Model::default();
    let (id, _) = create(&mut model, &[("env", "prod")]);
    let upper = json!({ "KeyId": id, "Tags": [{ "TagKey": "ENV", "TagValue": "upper" }] });
    // Contract row 61: ENV is another tag than env, not an overwrite.
    call(&mut model, &caller(), Operation::TagResource, upper).expect("adds");
    assert_eq!(
        tags_of(&mut model, &id),
        pairs(&[("env", "prod"), ("ENV", "upper")])
    );
}

#[test]
fn tag_resource_refuses_an_empty_tags_list() {
    let mut model = Model::default();
    let (id, _) = create(&mut model, &[("env", "prod")]);
    let empty = json!({ "KeyId": id, "Tags": [] });
    // Contract row 71: refused; the type is unpublished, ValidationException
    // is the stub's reading.
    let error = error_of(call(&mut model, &caller(), Operation::TagResource, empty));
    assert_eq!(error.error_type, ErrorCode::ValidationException);
    assert_eq!(tags_of(&mut model, &id), pairs(&[("env", "prod")]));
}
