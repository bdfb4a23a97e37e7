use super::*;
use crate::wire::Operation;

fn finding(check: Check, scenario: &str) -> Finding {
    Finding {
        check,
        scenario: Some(scenario.to_owned()),
        exchange: Some(1),
        operation: Some(Operation::UntagResource.name().to_owned()),
        what: "the stub answered an empty body; the client received 2 bytes: {}".to_owned(),
        client: Some(vec!["> POST http://127.0.0.1:1/".to_owned()]),
        stub: vec![vec!["> POST /".to_owned()]],
    }
}

#[test]
fn names_are_unique_and_serialised_as_reports_name_them() {
    let mut names: Vec<&str> = Check::ALL.iter().map(|c| c.name()).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), Check::ALL.len());
    for check in Check::ALL {
        let json = serde_json::to_string(&check).expect("serialises");
        assert_eq!(json, format!("\"{}\"", check.name()));
    }
}

#[test]
fn the_terminal_shows_both_sides_of_the_first_finding_of_each_check() {
    let fidelity = Fidelity {
        proxy: "http://127.0.0.1:1/".into(),
        upstream: "127.0.0.1:2".into(),
        exchanges: 3,
        upstream_requests: 3,
        notes: vec!["paired by x-kms-conformance-exchange".into()],
        findings: vec![
            finding(Check::ResponseBody, "a"),
            finding(Check::ResponseBody, "b"),
        ],
    };
    let text = fidelity.render(false);
    assert_eq!(text.matches("FAULT  response-body").count(), 2, "{text}");
    assert_eq!(text.matches("the stub's side:").count(), 1, "{text}");
    assert!(text.contains("\"a\", exchange 2 (UntagResource)"), "{text}");
    assert!(text.contains("note: paired by"), "{text}");
    assert_eq!(
        fidelity.summary_line(FailOn::Faults),
        "fidelity: 2 faults in 3 exchanges through http://127.0.0.1:1/ (response-body 2): \
         the proxy fails (2 faults)"
    );
    assert_eq!(fidelity.of_scenario("b").count(), 1);
}

#[test]
fn a_results_file_keeps_the_findings_and_one_without_them_has_no_field() {
    let facts = crate::report::results::RunFacts {
        target_name: "nginx".into(),
        endpoint: Some("http://127.0.0.1:1/".into()),
        version: None,
        run_id: "1-a".into(),
        started: std::time::UNIX_EPOCH,
        region: "us-east-1".into(),
        other_region: "us-west-2".into(),
        strict: false,
        expectations: None,
    };
    let mut results = crate::report::results::unreachable(&facts, "x");
    assert!(!results.to_json().contains("fidelity"));
    results.fidelity = Some(Fidelity {
        findings: vec![finding(Check::Target, "a")],
        ..Fidelity::default()
    });
    let json = results.to_json();
    assert!(json.contains("\"check\":\"x-amz-target\""), "{json}");
    let read = crate::report::results::Results::parse(&json).expect("parses");
    assert_eq!(read.fidelity, results.fidelity);
}

#[test]
fn no_findings_is_one_line() {
    let fidelity = Fidelity {
        proxy: "http://127.0.0.1:1/".into(),
        exchanges: 7,
        ..Fidelity::default()
    };
    assert_eq!(
        fidelity.summary_line(FailOn::Notes),
        "fidelity: no findings in 7 exchanges through http://127.0.0.1:1/"
    );
}

#[test]
fn only_unsigned_headers_are_notes() {
    let notes: Vec<Check> = Check::ALL
        .into_iter()
        .filter(|c| c.severity() == Severity::Note)
        .collect();
    assert_eq!(notes, [Check::Headers]);
}

#[test]
fn notes_are_reported_and_fail_only_when_asked() {
    let fidelity = Fidelity {
        proxy: "http://127.0.0.1:1/".into(),
        exchanges: 3,
        findings: vec![finding(Check::Headers, "a"), finding(Check::Body, "b")],
        ..Fidelity::default()
    };
    assert!(fidelity.render(false).contains("NOTE   headers  \"a\""));
    assert_eq!(fidelity.weighed(), "1 fault, 1 note");
    assert_eq!(fidelity.failing(FailOn::Faults).count(), 1);
    assert_eq!(fidelity.failing(FailOn::Notes).count(), 2);
    assert_eq!(fidelity.failing(FailOn::Nothing).count(), 0);
    let only_notes = Fidelity {
        findings: vec![finding(Check::Headers, "a")],
        ..fidelity.clone()
    };
    assert_eq!(
        only_notes.summary_line(FailOn::Faults),
        "fidelity: 1 note in 3 exchanges through http://127.0.0.1:1/ (headers 1): \
         the proxy passes (notes fail the run with --fail-on-notes)"
    );
    assert!(
        only_notes
            .summary_line(FailOn::Notes)
            .ends_with("the proxy fails (1 finding with --fail-on-notes)")
    );
    assert!(
        fidelity
            .summary_line(FailOn::Faults)
            .ends_with("the proxy fails (1 fault)")
    );
    assert!(
        fidelity
            .summary_line(FailOn::Nothing)
            .ends_with("reported only (--report-only)")
    );
}
