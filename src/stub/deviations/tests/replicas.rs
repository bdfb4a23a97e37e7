//! A key's life and a multi-Region key's replicas ([`Lifecycle`]), and
//! what a read sees and how a listing pages ([`Reads`]).
//!
//! [`Lifecycle`]: crate::stub::model::Lifecycle
//! [`Reads`]: crate::stub::model::Reads

use super::*;
use crate::stub::model::KeyState;
use crate::wire::Operation;

const AWAY: &str = "us-west-2";

/// A multi-Region primary tagged `env=prod` with a replica in [`AWAY`]
/// made with `tags`: the key ID and `ReplicateKey`'s answer.
fn replicated(model: &mut Model, tags: &Value) -> (String, Value) {
    let primary = json!({ "MultiRegion": true, "Tags": [{ "TagKey": "env", "TagValue": "prod" }] });
    let out = output(call(model, Operation::CreateKey, &primary));
    let id = out["KeyMetadata"]["KeyId"]
        .as_str()
        .expect("KeyId")
        .to_owned();
    let replicate = json!({ "KeyId": id, "ReplicaRegion": AWAY, "Tags": tags });
    let answer = output(call(model, Operation::ReplicateKey, &replicate));
    (id, answer)
}

/// The tag keys of the key `id` in `region`.
fn tags_in(model: &Model, region: &str, id: &str) -> Vec<String> {
    let key = model
        .keys()
        .find(|k| k.addr.id == id && k.addr.region == region)
        .expect("the key");
    key.tags.iter().map(|t| t.key.clone()).collect()
}

#[test]
fn tags_shared_across_the_set_or_copied_to_a_replica() {
    let mut model = deviant(&[Deviation::MrkTagsShared]);
    let (id, _) = replicated(&mut model, &json!([]));
    assert_eq!(tags_in(&model, AWAY, &id), ["env"]);
    let untag_away = json!({ "KeyId": id, "TagKeys": ["env"] });
    output(call_in(
        &mut model,
        AWAY,
        Operation::UntagResource,
        &untag_away,
    ));
    assert!(tags_in(&model, REGION, &id).is_empty(), "shared");

    let mut model = deviant(&[Deviation::ReplicateCopiesTags]);
    let (id, answer) = replicated(&mut model, &json!([{ "TagKey": "team", "TagValue": "x" }]));
    assert_eq!(
        answer["ReplicaTags"],
        json!([{ "TagKey": "env", "TagValue": "prod" }, { "TagKey": "team", "TagValue": "x" }])
    );
    output(call_in(
        &mut model,
        AWAY,
        Operation::UntagResource,
        &json!({ "KeyId": id, "TagKeys": ["env"] }),
    ));
    assert_eq!(tags_in(&model, REGION, &id), ["env"], "copied, not shared");
}

#[test]
fn a_replica_that_calls_itself_primary_and_a_primary_that_does_not_wait() {
    let mut model = deviant(&[Deviation::ReplicasDescribedAsPrimary]);
    let (id, _) = replicated(&mut model, &json!([]));
    let described = output(call_in(
        &mut model,
        AWAY,
        Operation::DescribeKey,
        &json!({ "KeyId": id }),
    ));
    let config = &described["KeyMetadata"]["MultiRegionConfiguration"];
    assert_eq!(config["MultiRegionKeyType"], "PRIMARY");
    assert_eq!(config["PrimaryKey"]["Region"], AWAY);

    let mut model = deviant(&[Deviation::PrimaryPendingDeletion]);
    let (id, _) = replicated(&mut model, &json!([]));
    let scheduled = output(call(
        &mut model,
        Operation::ScheduleKeyDeletion,
        &json!({ "KeyId": id }),
    ));
    assert_eq!(scheduled["KeyState"], "PendingDeletion");
}

#[test]
fn a_key_born_or_brought_back_in_the_wrong_state() {
    let mut model = deviant(&[Deviation::ExternalOriginEnabled]);
    let out = output(call(
        &mut model,
        Operation::CreateKey,
        &json!({ "Origin": "EXTERNAL" }),
    ));
    assert_eq!(out["KeyMetadata"]["KeyState"], "Enabled");

    let mut model = deviant(&[Deviation::CancelDeletionEnables]);
    let id = key_with(&mut model, &[]);
    output(call(
        &mut model,
        Operation::ScheduleKeyDeletion,
        &json!({ "KeyId": id }),
    ));
    output(call(
        &mut model,
        Operation::CancelKeyDeletion,
        &json!({ "KeyId": id }),
    ));
    let key = model.keys().find(|k| k.addr.id == id).expect("the key");
    assert_eq!(key.state, KeyState::Enabled);
}

#[test]
fn reads_that_stay_stale_and_listings_that_page_wrongly() {
    let mut model = deviant(&[Deviation::StaleReads]);
    let id = key_with(&mut model, &[("a", "1")]);
    untag(&mut model, &id, &["a"]).expect("untags");
    let listed = output(call(
        &mut model,
        Operation::ListResourceTags,
        &json!({ "KeyId": id }),
    ));
    assert_eq!(listed["Tags"], json!([{ "TagKey": "a", "TagValue": "1" }]));

    let three = [("a", "1"), ("b", "2"), ("c", "3")];
    let list = |model: &mut Model, id: &str, input: Value| {
        let mut input = input;
        input["KeyId"] = json!(id);
        output(call(model, Operation::ListResourceTags, &input))
    };
    let mut model = deviant(&[Deviation::ListIgnoresLimit]);
    let id = key_with(&mut model, &three);
    let page = list(&mut model, &id, json!({ "Limit": 1 }));
    assert_eq!(page["Tags"].as_array().map(Vec::len), Some(3));

    let mut model = deviant(&[Deviation::ListTruncatedWhenFull]);
    let id = key_with(&mut model, &three);
    let page = list(&mut model, &id, json!({ "Limit": 3 }));
    assert_eq!(page["Truncated"], true);

    let mut model = deviant(&[Deviation::ListMarkerAdvancesByOne]);
    let id = key_with(&mut model, &three);
    let first = list(&mut model, &id, json!({ "Limit": 2 }));
    let second = list(
        &mut model,
        &id,
        json!({ "Limit": 2, "Marker": first["NextMarker"] }),
    );
    assert_eq!(second["Tags"][0]["TagKey"], "b", "b again");
}
