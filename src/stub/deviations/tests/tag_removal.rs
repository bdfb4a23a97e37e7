//! What an untag matches and reaches ([`TagMatch`], [`UntagReach`]), and
//! what `TagResource` overwrites.
//!
//! [`TagMatch`]: crate::stub::model::TagMatch
//! [`UntagReach`]: crate::stub::model::UntagReach

use super::*;
use crate::wire::{ErrorCode, Operation};

#[test]
fn each_reading_of_a_tag_key_removes_what_it_reads_it_as() {
    let stored = [
        ("env", "prod"),
        ("environment", "x"),
        ("ENV", "upper"),
        ("team", "env"),
        ("my-env", "y"),
        ("e", "z"),
        (" env ", "spaced"),
        ("e.v", "dot"),
        ("e_v", "underscore"),
    ];
    let cases: [(Deviation, &str, &[&str]); 10] = [
        (
            Deviation::UntagMatchesPrefix,
            "env",
            &["env", "environment"],
        ),
        (Deviation::UntagIgnoresCase, "env", &["env", "ENV"]),
        (Deviation::UntagMatchesValues, "env", &["env", "team"]),
        (Deviation::UntagMatchesSuffix, "env", &["env", "my-env"]),
        (Deviation::UntagMatchesWithin, "env", &["env", "e"]),
        (Deviation::UntagTrimsTagKeys, "env", &["env", " env "]),
        (
            Deviation::UntagMatchesRegexDot,
            "e.v",
            &["env", "e.v", "e_v"],
        ),
        (
            Deviation::UntagMatchesLikeUnderscore,
            "e_v",
            &["env", "e.v", "e_v"],
        ),
        (Deviation::UntagRemovesNothing, "env", &[]),
        (Deviation::UntagRemovesEverything, "env", &[]),
    ];
    for (deviation, sent, removed) in cases {
        let mut model = deviant(&[deviation]);
        let id = key_with(&mut model, &stored);
        untag(&mut model, &id, &[sent]).expect("untags");
        let expected: Vec<&str> = match deviation {
            Deviation::UntagRemovesNothing => stored.iter().map(|(k, _)| *k).collect(),
            Deviation::UntagRemovesEverything => Vec::new(),
            _ => stored
                .iter()
                .map(|(k, _)| *k)
                .filter(|k| !removed.contains(k))
                .collect(),
        };
        assert_eq!(tag_keys_of(&model, &id), expected, "{deviation}");
    }
}

#[test]
fn several_readings_at_once_compose() {
    let mut model = deviant(&[Deviation::UntagMatchesPrefix, Deviation::UntagIgnoresCase]);
    let id = key_with(
        &mut model,
        &[("env", "1"), ("environment", "2"), ("ENV", "3"), ("x", "4")],
    );
    untag(&mut model, &id, &["env"]).expect("untags");
    assert_eq!(tag_keys_of(&model, &id), ["x"]);
}

#[test]
fn an_untag_that_reaches_too_little_or_too_far() {
    let mut model = deviant(&[Deviation::UntagRemovesOnlyFirst]);
    let id = key_with(&mut model, &[("a", "1"), ("b", "2")]);
    untag(&mut model, &id, &["a", "b"]).expect("untags");
    assert_eq!(tag_keys_of(&model, &id), ["b"]);

    let mut model = deviant(&[Deviation::UntagEveryKey]);
    let named = key_with(&mut model, &[("a", "1"), ("b", "2")]);
    let other = key_with(&mut model, &[("a", "1"), ("c", "3")]);
    let away = output(call_in(
        &mut model,
        "us-west-2",
        Operation::CreateKey,
        &json!({ "Tags": [{ "TagKey": "a", "TagValue": "1" }] }),
    ))["KeyMetadata"]["KeyId"]
        .as_str()
        .expect("KeyId")
        .to_owned();
    untag(&mut model, &named, &["a"]).expect("untags");
    assert_eq!(tag_keys_of(&model, &named), ["b"]);
    assert_eq!(tag_keys_of(&model, &other), ["c"]);
    assert_eq!(
        tag_keys_of(&model, &away),
        ["a"],
        "another region is out of reach"
    );

    let mut model = deviant(&[Deviation::UntagMissingKeyIsError]);
    let id = key_with(&mut model, &[("a", "1")]);
    let refused = untag(&mut model, &id, &["a", "gone"]).expect_err("refused");
    assert_eq!(
        (refused.error_type, refused.message.as_str()),
        (ErrorCode::TagException, "Tag key gone does not exist")
    );
    assert_eq!(tag_keys_of(&model, &id), ["a"], "nothing removed");
}

#[test]
fn tag_resource_that_overwrites_the_wrong_tag_or_none() {
    let mut model = deviant(&[Deviation::TagOverwriteAppends]);
    let id = key_with(&mut model, &[("env", "prod")]);
    tag(&mut model, &id, &[("env", "staging")]).expect("tags");
    assert_eq!(tag_keys_of(&model, &id), ["env", "env"]);

    let mut model = deviant(&[Deviation::TagOverwriteIgnoresCase]);
    let id = key_with(&mut model, &[("env", "prod")]);
    tag(&mut model, &id, &[("ENV", "upper")]).expect("tags");
    assert_eq!(tag_keys_of(&model, &id), ["ENV"]);
}

#[test]
fn a_removal_that_is_undone_a_moment_later() {
    use std::time::Duration;
    let mut model = deviant(&[Deviation::RemovedTagReturns]);
    let id = key_with(&mut model, &[("env", "prod"), ("team", "payments")]);
    let start = SystemTime::now();
    let at = |ms: u64| start + Duration::from_millis(ms);
    let list = |model: &mut Model, ms: u64| {
        let out = output(model.handle(&Call {
            caller: &caller(REGION),
            operation: Operation::ListResourceTags,
            input: &json!({ "KeyId": id }),
            at: at(ms),
        }));
        out["Tags"].clone()
    };
    let untag = json!({ "KeyId": id, "TagKeys": ["env"] });
    output(model.handle(&Call {
        caller: &caller(REGION),
        operation: Operation::UntagResource,
        input: &untag,
        at: at(0),
    }));
    assert_eq!(
        list(&mut model, 50),
        json!([{ "TagKey": "team", "TagValue": "payments" }])
    );
    assert_eq!(
        list(&mut model, 150),
        json!([
            { "TagKey": "team", "TagValue": "payments" },
            { "TagKey": "env", "TagValue": "prod" },
        ]),
        "back, value and all"
    );
}

#[test]
fn a_key_read_through_a_decoder_a_collation_or_a_normaliser_removes_what_it_reads_it_as() {
    let stored = [
        ("a+b", "plus"),
        ("a b", "space"),
        ("É", "upper"),
        ("é", "lower"),
        ("a  b", "two spaces"),
        ("A+B", "ascii"),
    ];
    let cases: [(Deviation, &str, &[&str]); 4] = [
        // Decoded, the sent key is another: `a+b` itself stays.
        (Deviation::UntagFormDecodesKeys, "a+b", &["a b"]),
        (Deviation::UntagFormDecodesKeys, "a%2Bb", &["a+b"]),
        (Deviation::UntagFoldsUnicodeCase, "É", &["É", "é"]),
        (
            Deviation::UntagCollapsesInnerSpace,
            "a  b",
            &["a b", "a  b"],
        ),
    ];
    for (deviation, sent, removed) in cases {
        let mut model = deviant(&[deviation]);
        let id = key_with(&mut model, &stored);
        untag(&mut model, &id, &[sent]).expect("untags");
        let expected: Vec<&str> = stored
            .iter()
            .map(|(k, _)| *k)
            .filter(|k| !removed.contains(k))
            .collect();
        assert_eq!(tag_keys_of(&model, &id), expected, "{deviation} {sent}");
    }
}

#[test]
fn near_misses_of_an_untag_removed_a_moment_later() {
    use std::time::Duration;
    let mut model = deviant(&[Deviation::LateExtraRemoval]);
    let stored = [
        ("env", "prod"),
        ("project", "apollo"),
        ("team", "payments"),
        ("owner", "alice"),
    ];
    let id = key_with(&mut model, &stored);
    let start = SystemTime::now();
    let mut at = |operation, input: Value, ms: u64| {
        output(model.handle(&Call {
            caller: &caller(REGION),
            operation,
            input: &input,
            at: start + Duration::from_millis(ms),
        }))
    };
    at(
        Operation::UntagResource,
        json!({ "KeyId": id, "TagKeys": ["ENV", "pro", "payments"] }),
        0,
    );
    let listed = |out: Value| -> Vec<String> {
        let tags = out["Tags"].as_array().expect("tags").clone();
        tags.iter()
            .map(|t| t["TagKey"].as_str().expect("a key").to_owned())
            .collect()
    };
    let list = json!({ "KeyId": id });
    assert_eq!(
        listed(at(Operation::ListResourceTags, list.clone(), 50)),
        ["env", "project", "team", "owner"],
        "nothing named, nothing gone at once"
    );
    assert_eq!(
        listed(at(Operation::ListResourceTags, list, 150)),
        ["owner"],
        "case, prefix and value near misses gone later"
    );
}
