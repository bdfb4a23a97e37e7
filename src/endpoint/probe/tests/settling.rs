//! An unclear answer settled by a key: a target that has multi-Region keys
//! runs their scenarios whatever `ReplicateKey` of an unknown key answered,
//! and the key that proved it is ledgered and scheduled for deletion; a
//! target that refuses the key skips them, saying both answers.

use std::path::PathBuf;

use serde_json::{Value, json};
use wiremock::matchers::{header, method};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::endpoint::{Capability, Target, TargetArgs, TargetConfig, connect};
use crate::stub::StubOptions;
use crate::stub::deviations::Deviation;
use crate::wire::{ErrorCode, Operation};

/// A run folder of this test process's own: an endpoint run's ledger goes there.
fn run_dir() -> PathBuf {
    std::env::temp_dir().join(format!("kms-conformance-probe-{}", std::process::id()))
}

fn config(target: Target) -> TargetConfig {
    let args = TargetArgs {
        endpoint: Some("http://127.0.0.1:1".to_owned()),
        run_dir: Some(run_dir()),
        ..TargetArgs::default()
    };
    let mut config = TargetConfig::resolve(&args, &|_| None).expect("resolves");
    config.target = target;
    config
}

#[tokio::test]
async fn a_target_that_makes_a_multi_region_key_has_them_whatever_replicate_key_said() {
    let options = StubOptions {
        deviations: Deviation::ReplicateUnknownKeyUnsupported.into(),
        ..StubOptions::default()
    };
    let connection = connect(&config(Target::Stub(options)), "probe-run")
        .await
        .expect("connects");
    let context = &connection.context;
    assert!(context.capabilities.contains(&Capability::MultiRegion));
    let client = &context.callers.primary;
    let listed = client
        .call(Operation::ListKeys, &json!({}))
        .await
        .expect("listed")
        .json()
        .expect("JSON");
    let keys = listed["Keys"].as_array().expect("keys");
    assert_eq!(keys.len(), 1, "the probe made one key: {listed}");
    let arn = keys[0]["KeyArn"].as_str().expect("an ARN");
    let described = client
        .call(Operation::DescribeKey, &json!({ "KeyId": arn }))
        .await
        .expect("described")
        .json()
        .expect("JSON");
    let metadata = &described["KeyMetadata"];
    assert_eq!(metadata["KeyState"], "PendingDeletion", "{described}");
    assert_eq!(metadata["MultiRegion"], Value::Bool(true));
    let description = metadata["Description"].as_str().expect("a description");
    assert!(description.contains("probe-run"), "{description}");
    assert!(context.ledger.has_key(arn), "in the ledger");
    assert!(
        context.ledger.outstanding().keys.is_empty(),
        "its deletion is scheduled"
    );
}

fn kms_error(error_type: &ErrorCode, message: &str) -> ResponseTemplate {
    ResponseTemplate::new(400).set_body_raw(
        json!({ "__type": error_type.name(), "message": message })
            .to_string()
            .into_bytes(),
        "application/x-amz-json-1.1",
    )
}

#[tokio::test]
async fn a_target_that_refuses_a_multi_region_key_has_none_and_the_skip_says_both_answers() {
    let target = MockServer::start().await;
    for (operation, error_type, message) in [
        (
            Operation::ReplicateKey,
            ErrorCode::UnsupportedOperationException,
            "ReplicateKey is not supported",
        ),
        (
            Operation::CreateKey,
            ErrorCode::UnsupportedOperationException,
            "MultiRegion is not supported",
        ),
    ] {
        Mock::given(method("POST"))
            .and(header("x-amz-target", operation.target()))
            .respond_with(kms_error(&error_type, message))
            .mount(&target)
            .await;
    }
    // Enough KMS for the pre-flight read; no STS, so no IAM probe either.
    Mock::given(method("POST"))
        .respond_with(kms_error(
            &ErrorCode::NotFoundException,
            "Key 'x' does not exist",
        ))
        .mount(&target)
        .await;
    let connection = connect(&config(Target::Endpoint(target.uri())), "probe-refused")
        .await
        .expect("connects");
    let context = &connection.context;
    assert!(!context.capabilities.contains(&Capability::MultiRegion));
    assert_eq!(
        context.lacking[&Capability::MultiRegion],
        "it answered ReplicateKey with HTTP 400 UnsupportedOperationException (ReplicateKey is \
         not supported), and CreateKey with MultiRegion true with HTTP 400 \
         UnsupportedOperationException (MultiRegion is not supported)"
    );
    assert!(context.ledger.outstanding().keys.is_empty(), "nothing made");
    let _ = std::fs::remove_dir_all(run_dir());
}
