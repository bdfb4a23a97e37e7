use super::*;

fn scenario(name: &str, verdict: Verdict, expected: Option<Expected>) -> ScenarioReport {
    ScenarioReport {
        path: PathBuf::from("features/x.feature"),
        line: 1,
        feature: "x".into(),
        name: name.into(),
        tags: vec![],
        verdict,
        expected: expected.map(|outcome| Expectation {
            scenario: name.into(),
            outcome,
            reason: "known".into(),
            issue: None,
        }),
        lenient: vec![],
        exchanges: vec![],
        first_action: None,
        elapsed: Duration::ZERO,
        time: crate::report::time_spent::TimeSpent::default(),
    }
}

fn failed() -> Verdict {
    Verdict::Failed {
        step: "Then x".into(),
        message: "y".into(),
    }
}

#[test]
fn expected_failures_do_not_fail_the_run_but_unexpected_passes_do() {
    let mut report = RunReport {
        scenarios: vec![
            scenario("a", Verdict::Passed, None),
            scenario("b", failed(), Some(Expected::Fail)),
            scenario("c", Verdict::Skipped { reason: "r".into() }, None),
        ],
        ..RunReport::default()
    };
    assert!(report.is_success());
    assert_eq!(
        report.summary_line(),
        "1 passed, 0 failed, 1 skipped (1 failed as expected)"
    );

    report
        .scenarios
        .push(scenario("d", Verdict::Passed, Some(Expected::Fail)));
    assert!(!report.is_success());
    assert_eq!(
        report.summary_line(),
        "1 passed, 1 failed, 1 skipped (1 failed as expected, 1 passed unexpectedly)"
    );
}

#[test]
fn flaky_scenarios_never_decide_the_run() {
    let report = RunReport {
        scenarios: vec![
            scenario("a", failed(), Some(Expected::Flaky)),
            scenario("b", Verdict::Passed, Some(Expected::Flaky)),
        ],
        ..RunReport::default()
    };
    assert!(report.is_success());
    assert_eq!(report.summary_line(), "0 passed, 0 failed (2 flaky)");
}
