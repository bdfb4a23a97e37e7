//! The benchmark's floor is only a floor if it sends the same requests the
//! suite sent and gets the same answers. These tests hold the replay
//! machinery of `benches/suite/` to that; none of them measures time.

// The benchmark's own modules, compiled here too; it uses parts these tests do not.
#[allow(dead_code)]
#[path = "../benches/suite/recording.rs"]
mod recording;
#[allow(dead_code)]
#[path = "../benches/suite/replay.rs"]
mod replay;

use std::sync::Arc;

use kms_conformance::bench_internals::endpoint;
use kms_conformance::bench_internals::stub::StubServer;
use kms_conformance::bench_internals::suite::{self, RunOptions};

use recording::{Caller, Recording, caller, key_id, scope_region, stub_config};
use replay::{ReplayTarget, replay, substitute};

fn authorization(scope: &str) -> Vec<(String, String)> {
    vec![(
        "authorization".into(),
        format!(
            "AWS4-HMAC-SHA256 Credential=<redacted>/{scope}, SignedHeaders=host, Signature=<redacted>"
        ),
    )]
}

#[test]
fn the_region_comes_from_the_redacted_credential_scope() {
    let headers = authorization("20260101/us-west-2/kms/aws4_request");
    assert_eq!(scope_region(&headers).as_deref(), Some("us-west-2"));
    assert_eq!(scope_region(&[]), None, "an unsigned request has no scope");
}

#[test]
fn a_session_token_marks_the_second_account() {
    let mut headers = authorization("20260101/us-east-1/kms/aws4_request");
    assert_eq!(caller(&headers), Caller::Primary);
    headers.push(("x-amz-security-token".into(), "<redacted>".into()));
    assert_eq!(caller(&headers), Caller::SecondAccount);
}

#[test]
fn key_ids_come_from_key_metadata_only() {
    assert_eq!(
        key_id(br#"{"KeyMetadata":{"KeyId":"k-1","Arn":"arn"}}"#).as_deref(),
        Some("k-1")
    );
    assert_eq!(key_id(br#"{"KeyId":"k-1"}"#), None);
    assert_eq!(key_id(b""), None);
}

#[test]
fn recorded_key_ids_and_their_arns_become_the_replayed_ones() {
    let recorded = "0b5f4c36-6c43-4a3e-9d1e-6f7a55b0c001";
    let replayed = "a1d2e3f4-0000-4bbb-8ccc-123456789abc";
    let ids = vec![(recorded.to_owned(), replayed.to_owned())];
    let body = format!(
        r#"{{"KeyId":"arn:aws:kms:us-east-1:111122223333:key/{recorded}","TagKeys":["x"]}}"#
    );
    assert_eq!(
        String::from_utf8(substitute(body.as_bytes(), &ids)).expect("utf-8"),
        format!(
            r#"{{"KeyId":"arn:aws:kms:us-east-1:111122223333:key/{replayed}","TagKeys":["x"]}}"#
        )
    );
    assert_eq!(substitute(&[0xff, 0x11], &ids), vec![0xff, 0x11]);
}

/// The whole suite against a stub, recorded, then replayed against a fresh
/// stub: every request gets the status it got in the suite, the second
/// account's included.
#[tokio::test(flavor = "current_thread")]
async fn a_replay_against_a_fresh_stub_gets_every_recorded_status() {
    let config = stub_config().expect("stub config");
    let connection = endpoint::connect(&config, "bench-replay-test")
        .await
        .expect("the stub answers");
    let report = suite::run(Arc::clone(&connection.context), RunOptions::default()).await;
    drop(connection);
    assert!(report.is_success(), "{}", report.summary_line());
    let recording = Recording::of(&report);
    assert!(recording.exchanges() > report.scenarios.len());
    assert!(
        recording
            .scenarios
            .iter()
            .flat_map(|s| &s.calls)
            .any(|c| c.caller == Caller::SecondAccount),
        "the cross-account scenario's requests are the second account's"
    );

    let stub = StubServer::start().await;
    let target = ReplayTarget {
        endpoint: stub.uri().to_owned(),
        primary: config.credentials.clone(),
        second_account: config.second_credentials.clone(),
    };
    let replayed = replay(&recording, &target, 64).await.expect("replays");
    let mismatches: Vec<String> = replayed
        .mismatches
        .iter()
        .map(replay::Mismatch::describe)
        .collect();
    assert!(mismatches.is_empty(), "{mismatches:#?}");
}
