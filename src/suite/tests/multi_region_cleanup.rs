//! Multi-Region keys around the scenarios: a target without `ReplicateKey`
//! skips them with what it answered, and cleanup finds replicas in the
//! other region and deletes them before their primary (contract row 146).
//! (`tests/multi_region.rs` runs the binary against replicas that stay
//! `Creating` a while.)

use std::path::PathBuf;
use std::sync::Arc;

use crate::cleanup::{Leftover, find_leftovers, remove};
use crate::endpoint::ledger::{Ledger, key_description};
use crate::endpoint::{self, Capability, TargetArgs, TargetConfig};
use crate::report::Verdict;
use crate::stub::StubServer;
use crate::suite::{self, RunOptions, Selection};
use crate::wire::{Client, ErrorCode, Operation};
use serde_json::{Value, json};
use wiremock::matchers::{header, method};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime")
}

fn config(endpoint: &str, run_dir: Option<PathBuf>) -> TargetConfig {
    let args = TargetArgs {
        endpoint: Some(endpoint.to_owned()),
        run_dir,
        ..TargetArgs::default()
    };
    TargetConfig::resolve(&args, &|_| None).expect("resolves")
}

fn kms_error(error_type: &ErrorCode, message: &str) -> ResponseTemplate {
    ResponseTemplate::new(400).set_body_raw(
        json!({ "__type": error_type.name(), "message": message })
            .to_string()
            .into_bytes(),
        "application/x-amz-json-1.1",
    )
}

#[test]
fn a_target_without_replicate_key_skips_the_multi_region_scenarios_and_says_why() {
    runtime().block_on(async {
        // KMS enough for the pre-flight read, and no ReplicateKey.
        let target = MockServer::start().await;
        Mock::given(method("POST"))
            .and(header("x-amz-target", Operation::ReplicateKey.target()))
            .respond_with(kms_error(
                &ErrorCode::UnknownOperationException,
                "Unknown operation ReplicateKey",
            ))
            .mount(&target)
            .await;
        Mock::given(method("POST"))
            .respond_with(kms_error(
                &ErrorCode::NotFoundException,
                "Key 'x' does not exist",
            ))
            .mount(&target)
            .await;
        let run_dir = std::env::temp_dir().join(format!(
            "kms-conformance-multi-region-skip-{}",
            std::process::id()
        ));
        let connection = endpoint::connect(&config(&target.uri(), Some(run_dir)), "skip-run")
            .await
            .expect("the pre-flight passes");
        let context = Arc::clone(&connection.context);
        assert!(!context.capabilities.contains(&Capability::MultiRegion));
        let options = RunOptions {
            selection: Selection {
                tags: Some("@multi-region".parse().expect("a tag expression")),
                name: None,
            },
            ..RunOptions::default()
        };
        let report = suite::run(context, options).await;
        assert_eq!(
            report.scenarios.len(),
            multi_region_scenarios(),
            "every multi-Region scenario"
        );
        for scenario in &report.scenarios {
            match &scenario.verdict {
                Verdict::Skipped { reason } => assert!(
                    reason.starts_with("needs a target with multi-Region keys")
                        && reason.contains("HTTP 400 UnknownOperationException"),
                    "{}: {reason}",
                    scenario.name
                ),
                other => panic!("{} was not skipped: {other:?}", scenario.name),
            }
        }
        assert!(
            target
                .received_requests()
                .await
                .expect("recorded")
                .iter()
                .all(|r| r
                    .headers
                    .get("x-amz-target")
                    .is_none_or(|t| t != Operation::CreateKey.target())
                    // The IAM probe's GetCallerIdentity has no target; it
                    // got no STS answer, so no role was made either.
                    && !String::from_utf8_lossy(&r.body).contains("Action=CreateRole")),
            "a skipped scenario made nothing"
        );
    });
}

/// A multi-Region primary and its replica in the other region, both marked
/// with `run`'s description: `(primary ARN, replica ARN, key ID)`.
async fn key_set(primary: &Client, other_region: &str, run: &str) -> (String, String, String) {
    let description = key_description(run, "a scenario");
    let created = primary
        .call(
            Operation::CreateKey,
            &json!({ "MultiRegion": true, "Description": description }),
        )
        .await
        .expect("a key");
    let metadata = &created.json().expect("JSON")["KeyMetadata"];
    let id = metadata["KeyId"].as_str().expect("a key ID").to_owned();
    let replicated = primary
        .call(
            Operation::ReplicateKey,
            &json!({ "KeyId": id, "ReplicaRegion": other_region, "Description": description }),
        )
        .await
        .expect("a replica");
    let replica = replicated.json().expect("JSON")["ReplicaKeyMetadata"]["Arn"]
        .as_str()
        .expect("an ARN")
        .to_owned();
    (
        metadata["Arn"].as_str().expect("an ARN").to_owned(),
        replica,
        id,
    )
}

async fn state(client: &Client, key_id: &str) -> Value {
    let described = client
        .call(Operation::DescribeKey, &json!({ "KeyId": key_id }))
        .await
        .expect("described");
    described.json().expect("JSON")["KeyMetadata"]["KeyState"].clone()
}

#[test]
fn cleanup_finds_replicas_in_the_other_region_and_deletes_them_first() {
    runtime().block_on(async {
        let stub = StubServer::start().await;
        let run_dir = std::env::temp_dir().join(format!(
            "kms-conformance-multi-region-cleanup-{}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&run_dir);
        let config = config(stub.uri(), Some(run_dir.clone()));
        let opened = endpoint::open(&config, stub.uri()).await.expect("opens");
        let callers = &opened.callers;
        let other = callers.other_region.region().to_owned();
        // One set only the description marker finds, one a ledger records.
        let (lost_primary, lost_replica, lost_id) =
            key_set(&callers.primary, &other, "1700000000-lost").await;
        let (kept_primary, kept_replica, kept_id) =
            key_set(&callers.primary, &other, "1700000000-kept").await;
        let ledger = Ledger::on_disk(&run_dir, "1700000000-kept", callers.primary.endpoint())
            .expect("a ledger");
        let region = callers.primary.region().to_owned();
        ledger.created(endpoint::Via::Primary, &region, &kept_id, &kept_primary);
        ledger.replica(
            endpoint::Via::OtherRegion,
            &other,
            &kept_id,
            &kept_replica,
            &kept_primary,
        );
        drop(ledger);

        let leftovers = find_leftovers(callers, &run_dir).await.expect("found");
        let keys: Vec<(&str, bool)> = leftovers
            .iter()
            .filter_map(|l| match l {
                Leftover::Key { arn, replica, .. } => Some((arn.as_str(), *replica)),
                Leftover::Alias { .. } | Leftover::Role { .. } => None,
            })
            .collect();
        assert_eq!(keys.len(), 4, "{keys:?}");
        let mut replicas: Vec<&str> = keys[..2].iter().map(|(arn, _)| *arn).collect();
        replicas.sort_unstable();
        let mut expected = vec![lost_replica.as_str(), kept_replica.as_str()];
        expected.sort_unstable();
        assert_eq!(replicas, expected, "replicas come first: {keys:?}");
        assert!(keys[..2].iter().all(|(_, replica)| *replica));
        for primary in [&lost_primary, &kept_primary] {
            assert!(keys[2..].iter().any(|(arn, _)| arn == primary), "{keys:?}");
        }

        for leftover in &leftovers {
            remove(callers, leftover).await.expect("removed");
        }
        for id in [&lost_id, &kept_id] {
            assert_eq!(state(&callers.other_region, id).await, "PendingDeletion");
            assert_eq!(state(&callers.primary, id).await, "PendingReplicaDeletion");
        }
        let again = find_leftovers(callers, &run_dir).await.expect("found");
        assert!(
            again.is_empty(),
            "a primary pending replica deletion is done: {again:?}"
        );
        let _ = std::fs::remove_dir_all(&run_dir);
    });
}

/// The scenarios of `features/multi_region.feature`, every one `@multi-region`.
fn multi_region_scenarios() -> usize {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("features/multi_region.feature");
    std::fs::read_to_string(path)
        .expect("the feature")
        .matches("Scenario:")
        .count()
}
