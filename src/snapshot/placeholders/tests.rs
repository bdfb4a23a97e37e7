use serde_json::json;

use super::*;

const KEY: &str = "0f3a5d2c-1b4e-4c6d-8e9f-a0b1c2d3e4f5";
const OTHER_KEY: &str = "7c9e6679-7425-40de-944b-e07fc1f90ae7";

#[test]
fn the_same_key_id_is_the_same_placeholder_everywhere() {
    let mut p = Placeholders::default();
    let request = p.json(&json!({ "KeyId": KEY }));
    let message = p.text(&format!(
        "Key 'arn:aws:kms:us-east-1:111122223333:key/{KEY}' does not exist"
    ));
    assert_eq!(request, json!({ "KeyId": "<key-id:1>" }));
    assert_eq!(
        message,
        "Key 'arn:aws:kms:us-east-1:<account:1>:key/<key-id:1>' does not exist"
    );
    assert_eq!(p.text(OTHER_KEY), "<key-id:2>");
}

#[test]
fn numbers_follow_the_order_of_first_appearance() {
    let mut first = Placeholders::default();
    let mut second = Placeholders::default();
    assert_eq!(
        first.text(&format!("{OTHER_KEY} {KEY}")),
        "<key-id:1> <key-id:2>"
    );
    assert_eq!(
        second.text(&format!("{KEY} {OTHER_KEY}")),
        "<key-id:1> <key-id:2>"
    );
}

#[test]
fn multi_region_ids_keep_their_prefix() {
    let mut p = Placeholders::default();
    let mrk = "mrk-1234abcd12ab34cd56ef1234567890ab";
    assert_eq!(p.text(mrk), "mrk-<key-id:1>");
    assert_eq!(
        p.text(&format!("arn:aws:kms:eu-west-1:444455556666:key/{mrk}")),
        "arn:aws:kms:eu-west-1:<account:1>:key/mrk-<key-id:1>"
    );
}

#[test]
fn a_malformed_id_is_shown_as_sent() {
    let mut p = Placeholders::default();
    for raw in [
        "fake-key-id",
        "0F3A5D2C-1B4E-4C6D-8E9F-A0B1C2D3E4F5",
        "mrk-1234",
        "12345678901",
        "1234567890123",
        "alias/kms-conformance/not-hex",
        "alias/aws/s3",
    ] {
        assert_eq!(p.text(raw), raw);
    }
    assert_eq!(p.key_id("fake-key-id"), None);
    assert_eq!(p.account("11112222333x"), None);
}

#[test]
fn digits_inside_a_longer_word_are_not_an_account() {
    let mut p = Placeholders::default();
    assert_eq!(p.text("abc111122223333def"), "abc111122223333def");
    assert_eq!(p.text("x 111122223333."), "x <account:1>.");
}

#[test]
fn suite_aliases_keep_their_prefix() {
    let mut p = Placeholders::default();
    let alias = "alias/kms-conformance/0123456789abcdef0123456789abcdef";
    assert_eq!(p.text(alias), "alias/kms-conformance/<alias:1>");
    assert_eq!(
        p.text(&format!("arn:aws:kms:us-east-1:111122223333:{alias}")),
        "arn:aws:kms:us-east-1:<account:1>:alias/kms-conformance/<alias:1>"
    );
}

#[test]
fn dates_are_replaced_only_when_they_are_epoch_seconds() {
    let mut p = Placeholders::default();
    let shown = p.json(&json!({
        "KeyMetadata": {
            "CreationDate": 1_700_000_000.123,
            "DeletionDate": 1_700_000_000_000_i64,
            "ValidTo": "2030-01-01T00:00:00Z",
        }
    }));
    assert_eq!(
        shown,
        json!({
            "KeyMetadata": {
                "CreationDate": "<date>",
                "DeletionDate": 1_700_000_000_000_i64,
                "ValidTo": "2030-01-01T00:00:00Z",
            }
        })
    );
}

#[test]
fn markers_are_linked_and_null_stays_null() {
    let mut p = Placeholders::default();
    let page = p.json(&json!({ "NextMarker": format!("{KEY}:1"), "Truncated": true }));
    let next = p.json(&json!({ "Marker": format!("{KEY}:1") }));
    assert_eq!(
        page,
        json!({ "NextMarker": "<marker:1>", "Truncated": true })
    );
    assert_eq!(next, json!({ "Marker": "<marker:1>" }));
    assert_eq!(
        p.json(&json!({ "NextMarker": null })),
        json!({ "NextMarker": null })
    );
}

#[test]
fn tags_are_compared_as_sets() {
    let mut p = Placeholders::default();
    let one = p.json(&json!({ "Tags": [
        { "TagKey": "team", "TagValue": "payments" },
        { "TagKey": "env", "TagValue": "prod" },
    ]}));
    let other = p.json(&json!({ "Tags": [
        { "TagKey": "env", "TagValue": "prod" },
        { "TagKey": "team", "TagValue": "payments" },
    ]}));
    assert_eq!(one, other);
}

#[test]
fn the_run_id_in_a_key_description_is_a_placeholder() {
    let mut p = Placeholders::default();
    assert_eq!(
        p.text("kms-conformance run 1795820604-87f152dd (A scenario); scheduled"),
        "kms-conformance run <run-id> (A scenario); scheduled"
    );
    assert_eq!(
        p.text("kms-conformance run selftest"),
        "kms-conformance run selftest"
    );
}

#[test]
fn long_runs_show_their_length() {
    let mut p = Placeholders::default();
    let key_id = "k".repeat(2049);
    assert_eq!(p.text(&key_id), "<k × 2049>");
    assert_eq!(
        p.text(&format!("Value '{}' at 'keyId'", "k".repeat(129))),
        "Value '<k × 129>' at 'keyId'"
    );
    assert_eq!(p.text("kkk"), "kkk");
}

#[test]
fn request_ids_show_presence_and_shape() {
    assert_eq!(request_id(KEY), "<request-id>");
    assert_eq!(
        request_id("7a62c49f347e4fc4"),
        "<request-id, not a UUID: 16 characters>"
    );
}

#[test]
fn a_role_the_run_made_is_named_by_its_place_in_the_scenario() {
    let mut p = Placeholders::default();
    assert_eq!(
        p.text("User: arn:aws:sts::111122223333:assumed-role/kms-conformance-0123456789abcdef/kms-conformance-reader is not"),
        "User: arn:aws:sts::<account:1>:assumed-role/<role:1>/kms-conformance-reader is not"
    );
}
