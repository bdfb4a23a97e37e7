//! A throttle is never a verdict: the wire client sends a throttled call
//! again and the answer after it is what the scenario judges; the count of
//! throttled attempts reaches the trace, the summary, the JUnit and Cucumber
//! JSON reports and the results file. A client error is never retried (a
//! 5xx is, `tests/retried_faults.rs`). And a target whose throttled calls
//! still take effect leaves no key behind: the run adopts what a retried
//! `CreateKey` made.

mod support;

use std::time::Duration;

use kms_conformance::client::{Client, Credentials, ErrorCode, Limits, Operation, RetryPolicy};
use kms_conformance::{Deviation, Deviations};
use kms_conformance::{Stub, StubOptions, Throttling};
use serde_json::json;
use support::{assert_exit, binary, stdout};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

fn client(endpoint: &str) -> Client {
    Client::new(
        endpoint,
        "us-east-1",
        Credentials::new("test", "test", None),
        Limits::default(),
    )
    .expect("a client")
    .retrying(RetryPolicy {
        base: Duration::from_millis(5),
        ..RetryPolicy::default()
    })
}

/// A target that answers `first` once, then `then`; how many requests it got.
async fn answers(first: ResponseTemplate, then: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(first)
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(then)
        .with_priority(2)
        .mount(&server)
        .await;
    server
}

fn error(status: u16, error_type: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(
        json!({ "__type": error_type, "message": "x" }).to_string(),
        "application/x-amz-json-1.1",
    )
}

#[test]
fn a_throttled_call_is_sent_again_and_its_retry_is_the_answer() {
    runtime().block_on(async {
        for throttle in [
            ErrorCode::ThrottlingException.name(),
            "com.amazonaws.kms#ThrottlingException",
        ] {
            let server = answers(error(400, throttle), ResponseTemplate::new(200)).await;
            let exchange = client(&format!("{}/", server.uri()))
                .call(Operation::UntagResource, &json!({}))
                .await
                .expect("answered");
            assert_eq!(exchange.status, 200, "{throttle}");
            assert_eq!(exchange.throttled, 1, "{throttle}");
            let requests = server.received_requests().await.expect("recorded");
            assert_eq!(requests.len(), 2, "{throttle}");
        }
    });
}

#[test]
fn a_client_error_is_a_verdict_and_never_retried() {
    runtime().block_on(async {
        for (status, error_type) in [
            (400, ErrorCode::LimitExceededException),
            (400, ErrorCode::NotFoundException),
            (409, ErrorCode::ThrottlingException),
        ] {
            let server =
                answers(error(status, error_type.name()), ResponseTemplate::new(200)).await;
            let exchange = client(&format!("{}/", server.uri()))
                .call(Operation::UntagResource, &json!({}))
                .await
                .expect("answered");
            assert_eq!(exchange.status, status, "{error_type}");
            assert_eq!(exchange.retries(), 0, "{error_type}");
        }
    });
}

#[test]
fn the_retry_budget_is_bounded_and_the_last_throttle_is_the_answer() {
    runtime().block_on(async {
        let server = answers(
            error(400, ErrorCode::ThrottlingException.name()),
            error(400, ErrorCode::ThrottlingException.name()),
        )
        .await;
        let exchange = client(&format!("{}/", server.uri()))
            .retrying(RetryPolicy {
                max_attempts: 3,
                base: Duration::from_millis(1),
                ..RetryPolicy::default()
            })
            .call(Operation::CreateKey, &json!({}))
            .await
            .expect("answered");
        assert_eq!(exchange.status, 400);
        assert_eq!(exchange.throttled, 2);
        assert_eq!(server.received_requests().await.expect("recorded").len(), 3);
    });
}

/// Pacing far above the stub's quotas, so that throttles come, and every
/// report of the run.
#[test]
fn retries_ride_out_a_throttling_stub_and_reach_every_report() {
    let dir = support::temp_dir("throttled-reports");
    let [junit, json, results] =
        ["junit.xml", "cucumber.json", "results.json"].map(|f| dir.join(f));
    let output = binary()
        .args([
            "--throttle",
            "--tags",
            "@removal",
            "--trace",
            "--snapshots",
            "off",
        ])
        .args(["--quota", "CreateKey=1000", "--quota", "UntagResource=1000"])
        .arg("--junit")
        .arg(&junit)
        .arg("--json")
        .arg(&json)
        .arg("--results")
        .arg(&results)
        .output()
        .expect("the binary runs");
    assert_exit(&output, 0);
    let text = stdout(&output);
    let summary = support::last_line(&output);
    assert!(summary.contains(" 0 failed"), "{summary}");
    assert!(summary.contains("throttled requests retried"), "{summary}");
    assert!(text.contains("throttled attempt"), "the trace shows them");
    let read = |path: &std::path::Path| std::fs::read_to_string(path).expect("written");
    assert!(read(&junit).contains("<property name=\"throttled-retries\" value=\""));
    assert!(read(&json).contains("\"throttled_retries\":"));
    assert!(read(&results).contains("\"throttled\":"));
}

#[test]
fn keys_made_by_throttled_calls_are_adopted_and_cleaned_up() {
    let runtime = runtime();
    let stub = runtime.block_on(Stub::start_with(StubOptions {
        deviations: Deviations::from(Deviation::ThrottledCallTakesEffect),
        throttle: Some(Throttling { scale: 1.0 }),
        ..StubOptions::default()
    }));
    let runs = support::temp_dir("throttled-strays");
    let output = binary()
        .args(["--endpoint", stub.uri(), "--tags", "@removal", "-q"])
        .args(["--pace", "--quota", "CreateKey=1000"])
        .arg("--run-dir")
        .arg(&runs)
        .output()
        .expect("the binary runs");
    assert_exit(&output, 0);
    let keys = runtime.block_on(support::keys_on(stub.uri()));
    let ours: Vec<_> = keys
        .iter()
        .filter(|(_, description)| description.starts_with("kms-conformance run "))
        .collect();
    let scenarios = stdout(&output)
        .lines()
        .find_map(|l| l.split(" scenarios in ").next()?.parse::<usize>().ok())
        .expect("a count of scenarios");
    assert!(
        ours.len() > scenarios,
        "throttled CreateKeys made keys of their own: {} keys for {scenarios} scenarios",
        ours.len()
    );
    let left: Vec<_> = ours
        .iter()
        .filter(|(state, _)| state != "PendingDeletion")
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

#[test]
fn rehearsal_flags_that_cannot_work_are_usage_errors() {
    for (args, cause) in [
        (
            &["--throttle", "--throttle-scale", "0"][..],
            "--throttle-scale 0",
        ),
        (
            &["--throttle-scale", "2"][..],
            "needs --throttle or --aws-like",
        ),
        (
            &["--aws-like", "--endpoint", "http://127.0.0.1:1"][..],
            "an endpoint behaves as it does",
        ),
        (
            &["--quota", "CreateKey=fast"][..],
            "not a number of requests per second",
        ),
    ] {
        let output = support::run(args);
        assert_exit(&output, 2);
        let said = support::stderr(&output);
        assert!(said.contains(cause), "{args:?}: {said}");
    }
}
