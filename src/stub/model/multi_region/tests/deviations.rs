//! The multi-Region deviations: each bends one rule of contract §7.

use serde_json::json;

use super::{AWAY, Bench, HOME, env_prod};
use crate::stub::deviations::Deviation;

#[test]
fn deviation_mrk_tags_shared_untags_the_whole_set() {
    let mut bench = Bench::deviating(Deviation::MrkTagsShared);
    let id = bench.primary();
    bench.replicate(&id, &json!([]));
    assert_eq!(bench.tags(AWAY, &id), env_prod());
    bench.untag(AWAY, &id, "env").expect("untags");
    assert!(bench.tags(HOME, &id).is_empty());
}

#[test]
fn deviation_replicate_copies_tags() {
    let mut bench = Bench::deviating(Deviation::ReplicateCopiesTags);
    let id = bench.primary();
    let out = bench.replicate(&id, &json!([{ "TagKey": "team", "TagValue": "x" }]));
    assert_eq!(
        out["ReplicaTags"],
        json!([{ "TagKey": "env", "TagValue": "prod" }, { "TagKey": "team", "TagValue": "x" }])
    );
    bench.untag(AWAY, &id, "env").expect("untags");
    assert_eq!(bench.tags(HOME, &id), env_prod(), "not shared, only copied");
}

#[test]
fn deviation_primary_pending_deletion() {
    let mut bench = Bench::deviating(Deviation::PrimaryPendingDeletion);
    let id = bench.primary();
    bench.replicate(&id, &json!([]));
    assert_eq!(bench.schedule(HOME, &id)["KeyState"], "PendingDeletion");
}

#[test]
fn deviation_replicas_described_as_primary() {
    let mut bench = Bench::deviating(Deviation::ReplicasDescribedAsPrimary);
    let id = bench.primary();
    bench.replicate(&id, &json!([]));
    let config = bench.describe(AWAY, &id)["MultiRegionConfiguration"].clone();
    assert_eq!(config["MultiRegionKeyType"], "PRIMARY");
    assert_eq!(config["PrimaryKey"]["Region"], AWAY);
}
