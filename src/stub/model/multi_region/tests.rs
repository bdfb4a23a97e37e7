//! Multi-Region keys in the model, against contract §7 row by row.

use std::time::{Duration, SystemTime};

use serde_json::{Value, json};

use super::super::{Call, Caller, KmsError, Model, Output};
use super::is_region_name;
use crate::wire::{ErrorCode, Operation};

const ACCOUNT: &str = "111122223333";
const HOME: &str = "us-east-1";
const AWAY: &str = "us-west-2";

fn caller(region: &str) -> Caller {
    Caller::user(ACCOUNT, region)
}

/// A model and a clock the tests move by hand.
struct Bench {
    model: Model,
    now: SystemTime,
}

impl Bench {
    fn new() -> Self {
        Self::with(Model::default())
    }

    fn with(model: Model) -> Self {
        Self {
            model,
            now: SystemTime::now(),
        }
    }

    fn call(
        &mut self,
        region: &str,
        operation: Operation,
        input: &Value,
    ) -> Result<Output, KmsError> {
        self.model.handle(&Call {
            caller: &caller(region),
            operation,
            input,
            at: self.now,
        })
    }

    fn ok(&mut self, region: &str, operation: Operation, input: &Value) -> Value {
        match self.call(region, operation, input) {
            Ok(Output::Json(value)) => value,
            Ok(Output::Empty) => Value::Null,
            Err(error) => panic!("{operation} in {region} failed: {error:?}"),
        }
    }

    fn refused(&mut self, region: &str, operation: Operation, input: &Value) -> KmsError {
        self.call(region, operation, input)
            .expect_err("should be refused")
    }

    /// A multi-Region primary key in `HOME` with `env=prod`: its key ID.
    fn primary(&mut self) -> String {
        let out = self.ok(
            HOME,
            Operation::CreateKey,
            &json!({ "MultiRegion": true, "Tags": [{ "TagKey": "env", "TagValue": "prod" }] }),
        );
        out["KeyMetadata"]["KeyId"].as_str().unwrap().to_owned()
    }

    /// Replicates `id` to `AWAY` with `tags`; the answer.
    fn replicate(&mut self, id: &str, tags: &Value) -> Value {
        self.ok(
            HOME,
            Operation::ReplicateKey,
            &json!({ "KeyId": id, "ReplicaRegion": AWAY, "Tags": tags, "Description": "r" }),
        )
    }

    fn describe(&mut self, region: &str, id: &str) -> Value {
        self.ok(region, Operation::DescribeKey, &json!({ "KeyId": id }))["KeyMetadata"].clone()
    }

    fn tags(&mut self, region: &str, id: &str) -> Vec<(String, String)> {
        let out = self.ok(region, Operation::ListResourceTags, &json!({ "KeyId": id }));
        out["Tags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| {
                (
                    t["TagKey"].as_str().unwrap().into(),
                    t["TagValue"].as_str().unwrap().into(),
                )
            })
            .collect()
    }

    fn untag(&mut self, region: &str, id: &str, key: &str) -> Result<Output, KmsError> {
        self.call(
            region,
            Operation::UntagResource,
            &json!({ "KeyId": id, "TagKeys": [key] }),
        )
    }

    fn schedule(&mut self, region: &str, id: &str) -> Value {
        self.ok(
            region,
            Operation::ScheduleKeyDeletion,
            &json!({ "KeyId": id, "PendingWindowInDays": 7 }),
        )
    }
}

fn arn(region: &str, id: &str) -> String {
    format!("arn:aws:kms:{region}:{ACCOUNT}:key/{id}")
}

fn env_prod() -> Vec<(String, String)> {
    vec![("env".into(), "prod".into())]
}

#[test]
fn row_135_a_multi_region_key_is_an_mrk_primary() {
    let mut bench = Bench::new();
    let id = bench.primary();
    assert!(super::super::is_multi_region_id(&id), "{id}");
    let metadata = bench.describe(HOME, &id);
    assert_eq!(metadata["MultiRegion"], true);
    assert_eq!(
        metadata["MultiRegionConfiguration"],
        json!({
            "MultiRegionKeyType": "PRIMARY",
            "PrimaryKey": { "Arn": arn(HOME, &id), "Region": HOME },
            "ReplicaKeys": [],
        })
    );
    let single = bench.ok(HOME, Operation::CreateKey, &json!({}));
    assert_eq!(single["KeyMetadata"]["MultiRegion"], false);
    assert!(
        single["KeyMetadata"]
            .get("MultiRegionConfiguration")
            .is_none()
    );
}

#[test]
fn row_136_a_replica_has_the_key_id_in_its_region_and_both_sides_know_the_set() {
    let mut bench = Bench::new();
    let id = bench.primary();
    let out = bench.replicate(&id, &json!([{ "TagKey": "team", "TagValue": "x" }]));
    let replica = &out["ReplicaKeyMetadata"];
    assert_eq!(replica["KeyId"], id.as_str());
    assert_eq!(replica["Arn"], arn(AWAY, &id));
    assert_eq!(replica["KeyState"], "Enabled");
    assert_eq!(replica["Description"], "r");
    assert_eq!(
        out["ReplicaTags"],
        json!([{ "TagKey": "team", "TagValue": "x" }])
    );
    assert!(
        out["ReplicaPolicy"]
            .as_str()
            .unwrap()
            .contains("Enable IAM User Permissions")
    );
    let set = json!({
        "PrimaryKey": { "Arn": arn(HOME, &id), "Region": HOME },
        "ReplicaKeys": [{ "Arn": arn(AWAY, &id), "Region": AWAY }],
    });
    for (region, kind) in [(HOME, "PRIMARY"), (AWAY, "REPLICA")] {
        let mut config = bench.describe(region, &id)["MultiRegionConfiguration"].clone();
        assert_eq!(config["MultiRegionKeyType"], kind, "{region}");
        config.as_object_mut().unwrap().remove("MultiRegionKeyType");
        assert_eq!(config, set, "{region}");
    }
}

#[test]
fn row_137_only_a_multi_region_primary_can_be_replicated() {
    let mut bench = Bench::new();
    let single = bench.ok(HOME, Operation::CreateKey, &json!({}))["KeyMetadata"]["KeyId"]
        .as_str()
        .unwrap()
        .to_owned();
    let error = bench.refused(
        HOME,
        Operation::ReplicateKey,
        &json!({ "KeyId": single, "ReplicaRegion": AWAY }),
    );
    assert_eq!(error.error_type, ErrorCode::UnsupportedOperationException);
    let id = bench.primary();
    bench.replicate(&id, &json!([]));
    let error = bench.refused(
        AWAY,
        Operation::ReplicateKey,
        &json!({ "KeyId": id, "ReplicaRegion": "eu-west-1" }),
    );
    assert_eq!(error.error_type, ErrorCode::UnsupportedOperationException);
}

#[test]
fn row_138_a_region_that_holds_the_key_cannot_get_another() {
    let mut bench = Bench::new();
    let id = bench.primary();
    bench.replicate(&id, &json!([]));
    for region in [AWAY, HOME] {
        let error = bench.refused(
            HOME,
            Operation::ReplicateKey,
            &json!({ "KeyId": id, "ReplicaRegion": region }),
        );
        assert_eq!(
            error.error_type,
            ErrorCode::AlreadyExistsException,
            "{region}"
        );
    }
}

#[test]
fn replicate_key_validates_its_members_before_looking_up_the_key() {
    let mut bench = Bench::new();
    let error = bench.refused(HOME, Operation::ReplicateKey, &json!({ "KeyId": "mrk-x" }));
    assert_eq!(
        error.message,
        "1 validation error detected: Value null at 'replicaRegion' failed to satisfy \
         constraint: Member must not be null"
    );
    let error = bench.refused(
        HOME,
        Operation::ReplicateKey,
        &json!({ "KeyId": "mrk-x", "ReplicaRegion": "Mars" }),
    );
    assert!(
        error
            .message
            .contains("Member must satisfy regular expression pattern: ^([a-z]+-){2,3}\\d+$"),
        "{}",
        error.message
    );
    let unknown = format!("mrk-{}", "0".repeat(32));
    let error = bench.refused(
        HOME,
        Operation::ReplicateKey,
        &json!({ "KeyId": unknown, "ReplicaRegion": AWAY }),
    );
    assert_eq!(error.error_type, ErrorCode::NotFoundException);
}

#[test]
fn region_names_follow_the_model_pattern() {
    for good in ["us-east-1", "eu-west-2", "us-gov-west-1", "ap-southeast-10"] {
        assert!(is_region_name(good), "{good}");
    }
    for bad in [
        "",
        "us-east",
        "US-east-1",
        "us--1",
        "east-1",
        "a-b-c-d-1",
        "us-east-1a",
    ] {
        assert!(!is_region_name(bad), "{bad}");
    }
}

#[test]
fn rows_139_and_140_tags_belong_to_each_key_alone() {
    let mut bench = Bench::new();
    let id = bench.primary();
    bench.replicate(&id, &json!([]));
    assert!(
        bench.tags(AWAY, &id).is_empty(),
        "a replica starts untagged"
    );
    bench.ok(
        AWAY,
        Operation::TagResource,
        &json!({ "KeyId": id, "Tags": [{ "TagKey": "env", "TagValue": "dr" }] }),
    );
    bench.untag(AWAY, &id, "env").expect("untags the replica");
    assert_eq!(
        bench.tags(HOME, &id),
        env_prod(),
        "the primary is untouched"
    );
    bench.ok(
        AWAY,
        Operation::TagResource,
        &json!({ "KeyId": id, "Tags": [{ "TagKey": "env", "TagValue": "dr" }] }),
    );
    bench.untag(HOME, &id, "env").expect("untags the primary");
    assert_eq!(bench.tags(AWAY, &id), vec![("env".into(), "dr".into())]);
}

#[test]
fn row_141_a_replica_is_creating_for_a_while_and_can_be_untagged_meanwhile() {
    let mut bench = Bench::with(Model::default().with_replica_creating(Duration::from_secs(2)));
    let id = bench.primary();
    let out = bench.replicate(&id, &json!([{ "TagKey": "team", "TagValue": "x" }]));
    assert_eq!(out["ReplicaKeyMetadata"]["KeyState"], "Creating");
    bench
        .untag(AWAY, &id, "team")
        .expect("untagged while Creating");
    assert_eq!(bench.describe(AWAY, &id)["KeyState"], "Creating");
    bench.now += Duration::from_secs(2);
    assert_eq!(bench.describe(AWAY, &id)["KeyState"], "Enabled");
    assert_eq!(bench.describe(HOME, &id)["KeyState"], "Enabled");
}

#[test]
fn rows_142_to_144_a_primary_waits_for_its_replicas_and_refuses_untagging() {
    let mut bench = Bench::new();
    let id = bench.primary();
    bench.replicate(&id, &json!([{ "TagKey": "team", "TagValue": "x" }]));
    let out = bench.schedule(HOME, &id);
    assert_eq!(out["KeyState"], "PendingReplicaDeletion");
    assert_eq!(out["KeyId"], arn(HOME, &id));
    assert_eq!(out["PendingWindowInDays"], 7);
    assert!(out.get("DeletionDate").is_none(), "{out}");
    let metadata = bench.describe(HOME, &id);
    assert_eq!(metadata["KeyState"], "PendingReplicaDeletion");
    assert_eq!(metadata["PendingDeletionWindowInDays"], 7);
    assert!(metadata.get("DeletionDate").is_none());
    let error = bench.untag(HOME, &id, "env").expect_err("refused");
    assert_eq!(error.error_type, ErrorCode::KmsInvalidStateException);
    assert_eq!(
        error.message,
        format!("{} is pending replica deletion.", arn(HOME, &id))
    );
    assert_eq!(bench.tags(HOME, &id), env_prod());
    bench
        .untag(AWAY, &id, "team")
        .expect("the replica still untags");
    bench.ok(HOME, Operation::CancelKeyDeletion, &json!({ "KeyId": id }));
    let metadata = bench.describe(HOME, &id);
    assert_eq!(metadata["KeyState"], "Disabled");
    assert!(metadata.get("PendingDeletionWindowInDays").is_none());
}

#[test]
fn row_145_a_replica_pending_deletion_refuses_untagging_and_a_lone_primary_is_pending_deletion() {
    let mut bench = Bench::new();
    let id = bench.primary();
    bench.replicate(&id, &json!([{ "TagKey": "team", "TagValue": "x" }]));
    assert_eq!(bench.schedule(AWAY, &id)["KeyState"], "PendingDeletion");
    let error = bench.untag(AWAY, &id, "team").expect_err("refused");
    assert_eq!(error.error_type, ErrorCode::KmsInvalidStateException);
    // Still a replica until it is deleted: the primary waits for it.
    assert_eq!(
        bench.schedule(HOME, &id)["KeyState"],
        "PendingReplicaDeletion"
    );
    let lone = bench.primary();
    assert_eq!(bench.schedule(HOME, &lone)["KeyState"], "PendingDeletion");
}
