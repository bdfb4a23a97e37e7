//! The one scenario that provokes throttling on purpose
//! (`features/throttling.feature`, contract rows 150 and 213), on both sides
//! of its judgement: against a stub that enforces KMS's quotas the burst is
//! throttled and the scenario passes as a check; against a stub whose
//! throttled calls still take effect it fails; against a stub that never
//! throttles it is skipped as not applicable, in every report, and the run
//! still exits 0. (The kill matrix runs `throttled-untag-takes-effect`,
//! which throttles on its own, without `--throttle`.)

mod support;

use kms_conformance::{Deviation, Deviations};
use kms_conformance::{Stub, StubOptions, Throttling};
use support::{assert_exit, binary, stdout};

const SCENARIO: &str = "Every UntagResource of a burst answered ThrottlingException";

#[test]
fn a_burst_at_kms_quotas_is_throttled_and_judged() {
    let output = binary()
        .args(["--throttle", "--tags", "@throttling", "--trace"])
        .args(["--snapshots", "off"])
        .output()
        .expect("the binary runs");
    assert_exit(&output, 0);
    let summary = support::last_line(&output);
    assert_eq!(summary, "1 passed, 0 failed", "a check, not a skip");
    let text = stdout(&output);
    assert!(
        text.contains("\"__type\":\"ThrottlingException\""),
        "{text}"
    );
    assert!(
        !summary.contains("retried"),
        "the burst's throttles are provoked, not retried"
    );
}

#[test]
fn a_target_whose_throttled_calls_take_effect_fails_it() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let stub = runtime.block_on(Stub::start_with(StubOptions {
        deviations: Deviations::from(Deviation::ThrottledCallTakesEffect),
        throttle: Some(Throttling { scale: 1.0 }),
        ..StubOptions::default()
    }));
    let output = binary()
        .args(["--endpoint", stub.uri(), "--tags", "@throttling"])
        .args(["--snapshots", "off"])
        .output()
        .expect("the binary runs");
    assert_exit(&output, 1);
    let text = stdout(&output);
    assert!(text.contains(&format!("FAIL  {SCENARIO}")), "{text}");
    assert!(text.contains("a throttled call has no effect"), "{text}");
}

#[test]
fn where_nothing_is_throttled_it_is_not_applicable_in_every_report() {
    let dir = support::temp_dir("burst-not-applicable");
    let [junit, json, results] =
        ["junit.xml", "cucumber.json", "results.json"].map(|f| dir.join(f));
    let output = binary()
        .args(["--tags", "@throttling", "--snapshots", "off"])
        .arg("--junit")
        .arg(&junit)
        .arg("--json")
        .arg(&json)
        .arg("--results")
        .arg(&results)
        .output()
        .expect("the binary runs");
    assert_exit(&output, 0);
    assert_eq!(support::last_line(&output), "0 passed, 0 failed, 1 skipped");
    let text = stdout(&output);
    assert!(text.contains(&format!("SKIP  {SCENARIO}")), "{text}");
    assert!(text.contains("not applicable"), "{text}");
    let read = |path: &std::path::Path| std::fs::read_to_string(path).expect("written");
    assert!(read(&junit).contains("<skipped message=\"not applicable"));
    let cucumber: serde_json::Value = serde_json::from_str(&read(&json)).expect("JSON");
    let element = &cucumber[0]["elements"][0];
    assert!(
        element["not_applicable"]
            .as_str()
            .is_some_and(|r| r.starts_with("not applicable")),
        "{element}"
    );
    let steps = element["steps"].as_array().expect("steps");
    assert_eq!(steps.last().expect("a step")["result"]["status"], "skipped");
    assert!(read(&results).contains("\"skip\""));
}
