use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use super::*;
use crate::expectations::{Expectation, Expected};
use crate::report::terminal::render_trace;
use crate::report::{self, RunReport, ScenarioReport};
use crate::wire::{Operation, SentRequest};

fn exchange(server: Option<&str>, body: &str) -> Exchange {
    let mut headers = vec![
        (
            "content-type".to_owned(),
            "application/x-amz-json-1.1".to_owned(),
        ),
        ("x-amzn-requestid".to_owned(), "0b1c2d3e".to_owned()),
        (
            "date".to_owned(),
            "Mon, 30 Nov 2026 00:00:00 GMT".to_owned(),
        ),
    ];
    if let Some(server) = server {
        headers.push(("server".to_owned(), server.to_owned()));
    }
    Exchange {
        operation: Some(Operation::UntagResource.name().into()),
        request: SentRequest {
            method: "POST".into(),
            url: "http://127.0.0.1:4566/".into(),
            headers: vec![
                (
                    "x-amz-target".into(),
                    Operation::UntagResource.target().into(),
                ),
                (
                    "authorization".into(),
                    "AWS4-HMAC-SHA256 Credential=<redacted>/...".into(),
                ),
            ],
            body: br#"{"KeyId":"k","TagKeys":["env"]}"#.to_vec(),
        },
        status: 400,
        headers,
        body: body.as_bytes().to_vec(),
        elapsed: Duration::from_millis(3),
        throttled: 0,
        resent: None,
        transient: 0,
    }
}

fn scenario(name: &str, verdict: report::Verdict, expected: Option<Expected>) -> ScenarioReport {
    ScenarioReport {
        path: PathBuf::from("features/key_states.feature"),
        line: 12,
        feature: "Key states".into(),
        name: name.into(),
        tags: vec!["untag".into(), "key-states".into(), "doc".into()],
        verdict,
        expected: expected.map(|outcome| Expectation {
            scenario: name.into(),
            outcome,
            reason: "known".into(),
            issue: Some("https://example.com/1".into()),
        }),
        lenient: vec![],
        exchanges: vec![exchange(Some("hypercorn-h11"), r#"{"__type":"X"}"#)],
        first_action: Some(0),
        elapsed: Duration::from_millis(12),
        time: crate::report::time_spent::TimeSpent::default(),
    }
}

fn failed() -> report::Verdict {
    report::Verdict::Failed {
        step: "Then the call fails".into(),
        message: "expected 400, got 200".into(),
    }
}

#[expect(
    clippy::duration_suboptimal_units,
    reason = "Unix timestamps are counted in seconds"
)]
fn facts() -> RunFacts {
    RunFacts {
        target_name: "localstack".into(),
        endpoint: Some("http://127.0.0.1:4566".into()),
        version: Some("2026.3.0".into()),
        run_id: "1764460800-3f2a9c1b".into(),
        started: SystemTime::UNIX_EPOCH + Duration::from_secs(1_764_460_800),
        region: "us-east-1".into(),
        other_region: "us-west-2".into(),
        strict: false,
        expectations: Some("expectations/localstack.toml".into()),
    }
}

fn report() -> RunReport {
    let mut lenient = scenario("lenient", report::Verdict::Passed, None);
    lenient.lenient = vec!["UntagResource answered {}".into()];
    let mut other_server = scenario("pass", report::Verdict::Passed, None);
    other_server.exchanges = vec![exchange(Some("other"), "")];
    RunReport {
        scenarios: vec![
            other_server,
            lenient,
            scenario("fail", failed(), None),
            scenario("xfail", failed(), Some(Expected::Fail)),
            scenario("xpass", report::Verdict::Passed, Some(Expected::Fail)),
            scenario("flaky", failed(), Some(Expected::Flaky)),
            scenario(
                "skip",
                report::Verdict::Skipped {
                    reason: "needs state control".into(),
                },
                None,
            ),
            scenario(
                "stopped",
                report::Verdict::Abandoned {
                    died_here: Some(("When I untag".into(), "connection reset".into())),
                },
                None,
            ),
            scenario(
                "after",
                report::Verdict::Abandoned { died_here: None },
                None,
            ),
        ],
        ..RunReport::default()
    }
}

#[test]
fn every_outcome_becomes_a_verdict_with_its_reason() {
    let results = from_report(&report(), &facts());
    let by_name = |name: &str| {
        results
            .scenarios
            .iter()
            .find(|s| s.name == name)
            .expect("present")
    };
    let verdicts: Vec<(&str, Verdict, Option<bool>)> = results
        .scenarios
        .iter()
        .map(|s| (s.name.as_str(), s.verdict, s.passed))
        .collect();
    assert_eq!(
        verdicts,
        vec![
            ("pass", Verdict::Pass, Some(true)),
            ("lenient", Verdict::Lenient, Some(true)),
            ("fail", Verdict::Fail, Some(false)),
            ("xfail", Verdict::ExpectedFailure, Some(false)),
            ("xpass", Verdict::UnexpectedPass, Some(true)),
            ("flaky", Verdict::Flaky, Some(false)),
            ("skip", Verdict::Skipped, None),
            ("stopped", Verdict::NotRun, None),
            ("after", Verdict::NotRun, None),
        ]
    );
    assert_eq!(
        by_name("fail").failure,
        Some(Failure {
            step: "Then the call fails".into(),
            message: "expected 400, got 200".into()
        })
    );
    assert_eq!(
        by_name("xfail")
            .expected
            .as_ref()
            .map(|e| e.reason.as_str()),
        Some("known")
    );
    assert_eq!(
        by_name("skip").reason.as_deref(),
        Some("needs state control")
    );
    assert_eq!(
        by_name("stopped")
            .failure
            .as_ref()
            .map(|f| f.message.as_str()),
        Some("connection reset")
    );
    assert!(
        by_name("after")
            .reason
            .as_deref()
            .is_some_and(|r| r.contains("stopped answering"))
    );
    assert_eq!(by_name("pass").evidence.as_deref(), Some("doc"));
    assert_eq!(by_name("pass").location, "features/key_states.feature:12");
    assert_eq!(results.run.date, "2025-11-30T00:00:00Z");
    assert_eq!(results.target.version.as_deref(), Some("2026.3.0"));
}

#[test]
fn the_server_is_the_header_seen_most_often() {
    let results = from_report(&report(), &facts());
    assert_eq!(results.target.server.as_deref(), Some("hypercorn-h11"));
    assert_eq!(
        from_report(&RunReport::default(), &facts()).target.server,
        None
    );
}

#[test]
fn a_written_file_reads_back_unchanged() {
    let results = from_report(&report(), &facts());
    let json = results.to_json();
    assert_eq!(Results::parse(&json), Ok(results.clone()));
    assert!(json.starts_with("{\n  \"format_version\": 1,\n"), "{json}");
    assert_eq!(
        json.lines()
            .filter(|l| l.starts_with("    {\"feature\""))
            .count(),
        results.scenarios.len(),
        "a line per scenario"
    );
    let empty = unreachable(&facts(), "cannot reach it");
    assert_eq!(Results::parse(&empty.to_json()), Ok(empty));
}

#[test]
fn an_unreachable_target_has_no_scenario_and_says_why() {
    let results = unreachable(&facts(), "cannot reach http://127.0.0.1:4566/");
    assert!(results.scenarios.is_empty());
    assert_eq!(
        results.run.incomplete.as_deref(),
        Some("cannot reach http://127.0.0.1:4566/")
    );
}

#[test]
fn another_format_version_or_another_file_is_refused_in_one_line() {
    let mut value: serde_json::Value =
        serde_json::from_str(&from_report(&report(), &facts()).to_json()).expect("JSON");
    value["format_version"] = 2.into();
    let error = Results::parse(&value.to_string()).expect_err("refused");
    assert!(
        error.contains("format version 2") && error.contains("reads version 1"),
        "{error}"
    );
    assert!(
        Results::parse("{}")
            .expect_err("refused")
            .contains("no format_version")
    );
    assert!(
        Results::parse("<html>")
            .expect_err("refused")
            .contains("not JSON")
    );
    value["format_version"] = 1.into();
    value["scenarios"][0]["verdict"] = "great".into();
    assert!(
        !Results::parse(&value.to_string())
            .expect_err("refused")
            .contains('\n')
    );
}

#[test]
fn an_exchange_keeps_exactly_what_the_trace_shows() {
    let long = format!(r#"{{"message":"{}"}}"#, "x".repeat(3000));
    let exchange = exchange(Some("hypercorn-h11"), &long);
    let record = ExchangeRecord::of(&exchange);
    assert_eq!(
        record.response.headers,
        vec![
            (
                "content-type".to_owned(),
                "application/x-amz-json-1.1".to_owned()
            ),
            ("x-amzn-requestid".to_owned(), "0b1c2d3e".to_owned()),
        ],
        "the headers of note, not date or server"
    );
    assert!(
        record.response.body.ends_with("more bytes)"),
        "cut as traces cut"
    );
    // The same lines the terminal prints, from the record alone.
    let mut lines = vec![
        "--- exchange 1 of 1: UntagResource".to_owned(),
        format!("> {} {}", record.request.method, record.request.url),
    ];
    lines.extend(
        record
            .request
            .headers
            .iter()
            .map(|(n, v)| format!("> {n}: {v}")),
    );
    lines.push(format!("> {}", record.request.body));
    lines.push(format!(
        "< HTTP {} ({} ms)",
        record.response.status, record.response.elapsed_ms
    ));
    lines.extend(
        record
            .response
            .headers
            .iter()
            .map(|(n, v)| format!("< {n}: {v}")),
    );
    lines.push(format!("< {}", record.response.body));
    let trace: Vec<String> = render_trace(&[exchange])
        .lines()
        .map(|l| l.trim_start().to_owned())
        .collect();
    assert_eq!(trace, lines);
}
