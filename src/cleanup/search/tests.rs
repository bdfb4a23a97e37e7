use serde_json::json;

use super::is_replica;

#[test]
fn a_replica_is_a_key_whose_primary_is_another() {
    let primary = "arn:aws:kms:us-east-1:111122223333:key/mrk-1";
    let replica = "arn:aws:kms:us-west-2:111122223333:key/mrk-1";
    let set = |kind: &str| {
        json!({ "MultiRegionConfiguration": {
            "MultiRegionKeyType": kind,
            "PrimaryKey": { "Arn": primary, "Region": "us-east-1" },
        } })
    };
    assert!(is_replica(&set("REPLICA"), replica));
    assert!(!is_replica(&set("PRIMARY"), primary));
    // moto 5.2.1 can call the primary a REPLICA; its PrimaryKey is right.
    assert!(!is_replica(&set("REPLICA"), primary));
    assert!(!is_replica(&json!({ "MultiRegion": false }), primary));
    let without_primary =
        json!({ "MultiRegionConfiguration": { "MultiRegionKeyType": "REPLICA" } });
    assert!(is_replica(&without_primary, replica));
}
