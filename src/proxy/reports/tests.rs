use super::*;
use crate::report::fidelity::Check;
use crate::wire::Operation;

fn fidelity(scenario: Option<&str>) -> Fidelity {
    with_check(scenario, Check::ResponseBody)
}

fn with_check(scenario: Option<&str>, check: Check) -> Fidelity {
    Fidelity {
        proxy: "http://127.0.0.1:1/".into(),
        upstream: "127.0.0.1:2".into(),
        exchanges: 1,
        upstream_requests: 1,
        notes: Vec::new(),
        findings: vec![Finding {
            check,
            scenario: scenario.map(str::to_owned),
            exchange: Some(0),
            operation: Some(Operation::UntagResource.name().into()),
            what: "the stub answered an empty body; the client received 2 bytes: {}".into(),
            client: Some(vec!["< {}".into()]),
            stub: vec![vec!["< <empty>".into()]],
        }],
    }
}

fn report() -> RunReport {
    let mut passed = strays_case();
    passed.name = "Success is HTTP 200 with an empty body".into();
    passed.path = PathBuf::from("features/success_response.feature");
    passed.feature = "Success".into();
    RunReport {
        scenarios: vec![passed],
        ..RunReport::default()
    }
}

#[test]
fn junit_carries_findings_beside_the_verdict_and_fails_on_a_fault_unless_told_not_to() {
    let fidelity = fidelity(Some("Success is HTTP 200 with an empty body"));
    let xml = junit(&report(), "proxy", &fidelity, FailOn::Nothing);
    assert!(xml.contains("<property name=\"fidelity.response-body\" value=\"exchange 1: the stub answered an empty body"), "{xml}");
    assert!(xml.contains("<system-out>fidelity findings:"), "{xml}");
    assert!(!xml.contains("<failure"), "{xml}");
    let xml = junit(&report(), "proxy", &fidelity, FailOn::Faults);
    assert!(xml.contains("type=\"FidelityFinding\""), "{xml}");
    assert!(xml.contains("tests=\"1\" failures=\"1\""), "{xml}");
    assert!(
        xml.contains("fidelity: 1 finding (response-body)\""),
        "{xml}"
    );
}

#[test]
fn a_note_fails_a_case_only_with_fail_on_notes() {
    let fidelity = with_check(
        Some("Success is HTTP 200 with an empty body"),
        Check::Headers,
    );
    let xml = junit(&report(), "proxy", &fidelity, FailOn::Faults);
    assert!(xml.contains("fidelity.headers"), "{xml}");
    assert!(!xml.contains("<failure"), "{xml}");
    let xml = junit(&report(), "proxy", &fidelity, FailOn::Notes);
    assert!(
        xml.contains("fidelity: 1 finding (headers), with --fail-on-notes"),
        "{xml}"
    );
}

#[test]
fn findings_of_no_scenario_get_a_case_of_their_own() {
    let xml = junit(&report(), "proxy", &fidelity(None), FailOn::Faults);
    assert!(xml.contains(&format!("name=\"{STRAYS}\"")), "{xml}");
    assert!(xml.contains("tests=\"2\""), "{xml}");
}

#[test]
fn cucumber_json_gets_an_after_hook_with_the_findings() {
    let json = br#"[{"name":"Success","elements":[
            {"name":"Success is HTTP 200 with an empty body","after":[{"result":{"status":"passed"}}]},
            {"name":"Another"}]}]"#;
    let fidelity = fidelity(Some("Success is HTTP 200 with an empty body"));
    let out: Value =
        serde_json::from_slice(&cucumber_json(json, &fidelity, FailOn::Faults)).expect("json");
    let after = &out[0]["elements"][0]["after"];
    assert_eq!(after.as_array().map(Vec::len), Some(2), "{out}");
    assert_eq!(after[1]["result"]["status"], "failed");
    assert!(
        after[1]["output"][0]
            .as_str()
            .is_some_and(|o| o.contains("response-body"))
    );
    assert!(out[0]["elements"][1].get("after").is_none(), "{out}");
    let notes = with_check(
        Some("Success is HTTP 200 with an empty body"),
        Check::Headers,
    );
    let out: Value =
        serde_json::from_slice(&cucumber_json(json, &notes, FailOn::Faults)).expect("json");
    assert_eq!(
        out[0]["elements"][0]["after"][1]["result"]["status"],
        "passed"
    );
}
