//! A transient fault is never a verdict, a deterministic one still is: the
//! wire client sends a 5xx again, a few times with a short backoff, and a
//! `NotFoundException` about a key the run has just made again within the
//! settle time (contract rows 41 and 76); one that persists is the answer
//! the scenario judges. The count of transient attempts reaches the trace,
//! the summary and the results file. A run against a stub that faults once
//! per key passes.

mod support;

use std::time::Duration;

use kms_conformance::client::{Client, Credentials, ErrorCode, Limits, Operation, RetryPolicy};
use serde_json::json;
use support::{assert_exit, binary, stdout};
use wiremock::matchers::{any, header};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

fn client(endpoint: &str, fresh_key_window: Duration) -> Client {
    Client::new(
        endpoint,
        "us-east-1",
        Credentials::new("test", "test", None),
        Limits::default(),
    )
    .expect("a client")
    .retrying(RetryPolicy {
        fault_base: Duration::from_millis(2),
        fresh_key_window,
        ..RetryPolicy::default()
    })
}

fn error(status: u16, error_type: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(
        json!({ "__type": error_type, "message": "x" }).to_string(),
        "application/x-amz-json-1.1",
    )
}

fn target(operation: Operation) -> wiremock::matchers::HeaderExactMatcher {
    header("x-amz-target", format!("TrentService.{}", operation.name()))
}

#[test]
fn a_server_fault_is_sent_again_and_one_that_persists_is_the_answer() {
    runtime().block_on(async {
        for (status, error_type) in [
            (500, ErrorCode::KmsInternalException.name()),
            (503, ErrorCode::DependencyTimeoutException.name()),
            (500, ErrorCode::InternalFailure.name()),
        ] {
            let server = MockServer::start().await;
            Mock::given(any())
                .respond_with(error(status, error_type))
                .up_to_n_times(1)
                .with_priority(1)
                .mount(&server)
                .await;
            Mock::given(any())
                .respond_with(ResponseTemplate::new(200))
                .with_priority(2)
                .mount(&server)
                .await;
            let exchange = client(&format!("{}/", server.uri()), Duration::ZERO)
                .call(Operation::UntagResource, &json!({}))
                .await
                .expect("answered");
            assert_eq!(exchange.status, 200, "{error_type}");
            assert_eq!((exchange.transient, exchange.throttled), (1, 0));
        }
        // One that persists is judged, after three attempts in all.
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(error(500, ErrorCode::InternalFailure.name()))
            .mount(&server)
            .await;
        let exchange = client(&format!("{}/", server.uri()), Duration::ZERO)
            .call(Operation::UntagResource, &json!({}))
            .await
            .expect("answered");
        assert_eq!((exchange.status, exchange.transient), (500, 2));
        assert_eq!(server.received_requests().await.expect("recorded").len(), 3);
    });
}

/// A target that makes the key `key` and, asked about anything, says once
/// that it is not found, then finds it.
async fn lagging_target(key: &str) -> MockServer {
    let server = MockServer::start().await;
    let arn = format!("arn:aws:kms:us-east-1:111122223333:key/{key}");
    Mock::given(target(Operation::CreateKey))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            json!({ "KeyMetadata": { "KeyId": key, "Arn": arn } }).to_string(),
            "application/x-amz-json-1.1",
        ))
        .mount(&server)
        .await;
    Mock::given(target(Operation::DescribeKey))
        .respond_with(error(400, ErrorCode::NotFoundException.name()))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(target(Operation::DescribeKey))
        .respond_with(ResponseTemplate::new(200).set_body_raw("{}", "application/x-amz-json-1.1"))
        .with_priority(2)
        .mount(&server)
        .await;
    server
}

#[test]
fn a_key_just_made_and_not_found_yet_is_asked_about_again_within_the_settle_time() {
    const KEY: &str = "1234abcd-12ab-34cd-56ef-1234567890ab";
    runtime().block_on(async {
        let arn = format!("arn:aws:kms:us-east-1:111122223333:key/{KEY}");
        for name in [KEY.to_owned(), arn] {
            let server = lagging_target(KEY).await;
            let client = client(&format!("{}/", server.uri()), Duration::from_secs(5));
            client
                .call(Operation::CreateKey, &json!({}))
                .await
                .expect("made");
            let exchange = client
                .call(Operation::DescribeKey, &json!({ "KeyId": name }))
                .await
                .expect("answered");
            assert_eq!((exchange.status, exchange.transient), (200, 1), "{name}");
        }
    });
}

#[test]
fn a_not_found_is_a_verdict_for_a_key_not_made_here_or_made_longer_ago_than_the_settle_time() {
    const KEY: &str = "1234abcd-12ab-34cd-56ef-1234567890ab";
    runtime().block_on(async {
        // Another key, another spelling of the key, another region, or
        // no settle time at all: not found is the answer.
        for (window, region, name) in [
            (5, "us-east-1", "1234abcd-12ab-34cd-56ef-000000000000"),
            (5, "us-east-1", "1234abcd12ab34cd56ef1234567890ab"),
            (5, "us-west-2", KEY),
            (0, "us-east-1", KEY),
        ] {
            let server = lagging_target(KEY).await;
            let made_by = client(&format!("{}/", server.uri()), Duration::from_secs(window));
            made_by
                .call(Operation::CreateKey, &json!({}))
                .await
                .expect("made");
            let exchange = made_by
                .in_region(region)
                .call(Operation::DescribeKey, &json!({ "KeyId": name }))
                .await
                .expect("answered");
            assert_eq!(
                (exchange.status, exchange.transient),
                (400, 0),
                "{name} in {region}"
            );
        }
        // Once the settle time since its making is over.
        let server = lagging_target(KEY).await;
        let client = client(&format!("{}/", server.uri()), Duration::from_millis(50));
        client
            .call(Operation::CreateKey, &json!({}))
            .await
            .expect("made");
        tokio::time::sleep(Duration::from_millis(60)).await;
        let exchange = client
            .call(Operation::DescribeKey, &json!({ "KeyId": KEY }))
            .await
            .expect("answered");
        assert_eq!((exchange.status, exchange.transient), (400, 0));
    });
}

#[test]
fn a_run_against_a_stub_that_faults_once_per_key_passes_and_counts_the_retries() {
    let dir = support::temp_dir("transient-faults");
    let results = dir.join("results.json");
    let output = binary()
        .args(["--transient-faults", "--tags", "@removal", "--trace"])
        .args(["--snapshots", "off", "--results"])
        .arg(&results)
        .output()
        .expect("the binary runs");
    assert_exit(&output, 0);
    let summary = support::last_line(&output);
    assert!(summary.contains(" 0 failed"), "{summary}");
    assert!(summary.contains("transient answers retried"), "{summary}");
    assert!(
        stdout(&output).contains("transient answer"),
        "the trace shows them"
    );
    let written = std::fs::read_to_string(&results).expect("written");
    assert!(
        written.contains("\"transient\":"),
        "the results file counts them"
    );
}
