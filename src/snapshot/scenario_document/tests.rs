use std::path::PathBuf;
use std::time::Duration;

use serde_json::json;

use super::*;
use crate::wire::{Operation, SentRequest};

const KEY: &str = "0f3a5d2c-1b4e-4c6d-8e9f-a0b1c2d3e4f5";

fn exchange(operation: Operation, request: &str, status: u16, body: &str) -> Exchange {
    Exchange {
        operation: Some(operation.name().to_owned()),
        request: SentRequest {
            method: "POST".into(),
            url: "http://127.0.0.1:1/".into(),
            headers: vec![(
                "authorization".into(),
                "AWS4-HMAC-SHA256 Credential=<redacted>/20250101/us-east-1/kms/aws4_request, \
                 SignedHeaders=host, Signature=<redacted>"
                    .into(),
            )],
            body: request.as_bytes().to_vec(),
        },
        status,
        headers: vec![
            ("content-type".into(), "application/x-amz-json-1.1".into()),
            ("x-amzn-requestid".into(), uuid::Uuid::new_v4().to_string()),
        ],
        body: body.as_bytes().to_vec(),
        elapsed: Duration::from_millis(3),
        throttled: 0,
        resent: None,
        transient: 0,
    }
}

fn report(exchanges: Vec<Exchange>, first_action: Option<usize>) -> ScenarioReport {
    ScenarioReport {
        path: PathBuf::from("features/x.feature"),
        line: 1,
        feature: "x".into(),
        name: "A scenario".into(),
        tags: vec![],
        verdict: Verdict::Passed,
        expected: None,
        lenient: vec![],
        exchanges,
        first_action,
        elapsed: Duration::ZERO,
        time: crate::report::time_spent::TimeSpent::default(),
    }
}

fn list(tags: &str) -> Exchange {
    exchange(
        Operation::ListResourceTags,
        &format!(r#"{{"KeyId":"{KEY}"}}"#),
        200,
        &format!(r#"{{"Tags":[{tags}],"Truncated":false}}"#),
    )
}

#[test]
fn setup_is_left_out_and_ids_are_linked() {
    let create = exchange(
        Operation::CreateKey,
        "{}",
        200,
        &format!(r#"{{"KeyMetadata":{{"KeyId":"{KEY}"}}}}"#),
    );
    let untag = exchange(
        Operation::UntagResource,
        &format!(r#"{{"KeyId":"{KEY}","TagKeys":["env"]}}"#),
        200,
        "",
    );
    let doc = document(&report(vec![create, untag, list("")], Some(1)));
    assert_eq!(
        doc.to_value(),
        json!({
            "scenario": "A scenario",
            "verdict": "passed",
            "exchanges": [
                {
                    "request": { "operation": "UntagResource", "region": "us-east-1",
                                 "body": { "KeyId": "<key-id:1>", "TagKeys": ["env"] } },
                    "response": { "status": 200, "body": "<empty>", "headers": {
                        "content-type": "application/x-amz-json-1.1",
                        "x-amzn-requestid": "<request-id>" } }
                },
                {
                    "request": { "operation": "ListResourceTags", "region": "us-east-1",
                                 "body": { "KeyId": "<key-id:1>" } },
                    "response": { "status": 200, "body": { "Tags": [], "Truncated": false },
                        "headers": {
                            "content-type": "application/x-amz-json-1.1",
                            "x-amzn-requestid": "<request-id>" } }
                }
            ]
        })
    );
}

#[test]
fn a_poll_that_took_several_reads_shows_the_last_one() {
    let untag = exchange(
        Operation::UntagResource,
        &format!(r#"{{"KeyId":"{KEY}","TagKeys":["env"]}}"#),
        200,
        "",
    );
    let stale = list(r#"{"TagKey":"env","TagValue":"prod"}"#);
    let settled = list("");
    let slow = document(&report(
        vec![untag.clone(), stale.clone(), stale, settled.clone()],
        Some(0),
    ));
    let fast = document(&report(vec![untag, settled], Some(0)));
    assert_eq!(slow.to_value(), fast.to_value());
}

#[test]
fn repeated_blocks_of_reads_collapse_and_writes_never_do() {
    let a = exchange(Operation::ListResourceTags, r#"{"Limit":1}"#, 200, "{}");
    let b = exchange(
        Operation::ListResourceTags,
        r#"{"Limit":1,"Marker":"m"}"#,
        200,
        "{}",
    );
    let w = exchange(Operation::UntagResource, "{}", 200, "");
    let kept = without_repeats(vec![&a, &b, &a, &b]);
    assert_eq!(kept.len(), 2);
    let doc = document(&report(vec![w.clone(), w], Some(0)));
    assert_eq!(
        doc.exchanges.len(),
        2,
        "a repeated write is the scenario's own"
    );
}

#[test]
fn bodies_that_are_not_json_are_shown_as_text() {
    let html = exchange(
        Operation::UntagResource,
        "KeyId=x",
        500,
        "<html>\n <h1>500</h1>\n</html>",
    );
    let doc = document(&report(vec![html], Some(0)));
    let value = doc.to_value();
    assert_eq!(value["exchanges"][0]["request"]["body_text"], "KeyId=x");
    assert_eq!(
        value["exchanges"][0]["response"]["body_text"],
        "<html> <h1>500</h1> </html>"
    );
}

#[test]
fn no_action_means_no_exchanges() {
    let doc = document(&report(vec![list("")], None));
    assert!(doc.exchanges.is_empty());
}
