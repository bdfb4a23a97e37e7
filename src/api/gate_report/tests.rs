use std::path::PathBuf;
use std::time::Duration;

use super::*;
use crate::expectations::{Expectation, Expected};

fn scenario(name: &str, verdict: Verdict, expected: Option<Expected>) -> ScenarioReport {
    ScenarioReport {
        path: PathBuf::from("features/x.feature"),
        line: 7,
        feature: "x".into(),
        name: name.into(),
        tags: vec!["doc".into(), "contract.3".into()],
        verdict,
        expected: expected.map(|outcome| Expectation {
            scenario: name.into(),
            outcome,
            reason: "the emulator ignores it".into(),
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
        step: "Then the tag is gone".into(),
        message: "it is still there".into(),
    }
}

fn report(scenarios: Vec<ScenarioReport>) -> Report {
    let run = RunReport {
        scenarios,
        ..RunReport::default()
    };
    Report::new(run, "http://127.0.0.1:1/".into(), Vec::new())
}

#[test]
fn the_counts_and_the_summary_are_the_command_lines() {
    let report = report(vec![
        scenario("passes", Verdict::Passed, None),
        scenario("fails", failed(), None),
        scenario("known", failed(), Some(Expected::Fail)),
        scenario(
            "skipped",
            Verdict::Skipped {
                reason: "no second account".into(),
            },
            None,
        ),
    ]);
    assert!(!report.is_success());
    assert_eq!(
        (report.passed(), report.failed(), report.skipped()),
        (1, 1, 1)
    );
    assert_eq!(report.count(Outcome::FailedAsExpected), 1);
    assert_eq!(
        report.summary(),
        "1 passed, 1 failed, 1 skipped (1 failed as expected)"
    );
}

#[test]
fn failures_are_what_fails_the_run_each_with_its_reason() {
    let report = report(vec![
        scenario("passes", Verdict::Passed, None),
        scenario("fails", failed(), None),
        scenario("known", failed(), Some(Expected::Fail)),
        scenario("fixed", Verdict::Passed, Some(Expected::Fail)),
    ]);
    let failures: Vec<(String, Option<String>)> = report
        .failures()
        .map(|s| (s.name().to_owned(), s.reason()))
        .collect();
    assert_eq!(
        failures,
        [
            (
                "fails".to_owned(),
                Some("Then the tag is gone: it is still there".to_owned())
            ),
            (
                "fixed".to_owned(),
                Some(
                    "passed, but the expectations list it as failing (the emulator ignores \
                     it): remove it from them"
                        .to_owned()
                )
            ),
        ]
    );
    let passes = report.scenarios().next().expect("a scenario");
    assert_eq!(passes.reason(), None);
    assert_eq!(passes.location(), "features/x.feature:7");
    assert_eq!(passes.tags().collect::<Vec<_>>(), ["doc", "contract.3"]);
}

#[test]
fn its_text_shows_each_failure_then_the_summary_last() {
    let report = report(vec![
        scenario("passes", Verdict::Passed, None),
        scenario("fails", failed(), None),
    ]);
    let text = report.to_string();
    assert!(
        text.contains("fails") && text.contains("it is still there"),
        "{text}"
    );
    assert!(!text.contains("PASS"), "only what fails the run: {text}");
    assert_eq!(text.lines().last(), Some("1 passed, 1 failed"));
}

#[test]
fn its_junit_is_the_command_lines() {
    let report = report(vec![scenario("fails", failed(), None)]);
    let xml = report.junit();
    assert!(
        xml.starts_with("<?xml") && xml.contains("<failure"),
        "{xml}"
    );
}
