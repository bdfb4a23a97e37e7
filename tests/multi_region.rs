//! Multi-Region keys around the scenarios: replicas that stay `Creating`
//! for a while change no verdict. (A target without `ReplicateKey`, and
//! cleanup of replicas, are the library's unit tests:
//! `src/suite/tests/multi_region_cleanup.rs`.)

mod support;

use kms_conformance::client::Operation;
use serde_json::Value;
use support::{StubProcess, last_line, run};

/// `kms-conformance stub --replica-creating-ms`: replicas are `Creating` when
/// the scenarios meet them, and may turn `Enabled` while they run, as on AWS
/// (contract row 141); every multi-Region scenario still passes, and the
/// replica untagged right after `ReplicateKey` was untagged while `Creating`
/// (the window is long enough for that on a loaded machine).
#[test]
fn replicas_creating_for_a_while_change_no_verdict() {
    let stub = StubProcess::start(&["--replica-creating-ms", "1500"]);
    let results = support::temp_dir("replica-creating").join("results.json");
    let output = run(&[
        "--endpoint",
        &stub.endpoint,
        "-q",
        "--tags",
        "@multi-region",
        "--snapshots",
        "off",
        "--results",
        results.to_str().expect("utf-8"),
    ]);
    support::assert_exit(&output, 0);
    assert!(
        last_line(&output).contains(&format!("{} passed, 0 failed", multi_region_scenarios())),
        "{}",
        last_line(&output)
    );
    let results: Value =
        serde_json::from_slice(&std::fs::read(&results).expect("the results file")).expect("JSON");
    let scenario = results["scenarios"]
        .as_array()
        .expect("scenarios")
        .iter()
        .find(|s| {
            s["name"] == "A replica can be untagged right after ReplicateKey, Creating or Enabled"
        })
        .expect("the scenario ran");
    let described = scenario["exchanges"]
        .as_array()
        .expect("exchanges")
        .iter()
        .find(|e| e["operation"] == Operation::DescribeKey.name())
        .expect("the replica was described");
    let body = described["response"]["body"].as_str().expect("a body");
    assert!(body.contains("\"KeyState\":\"Creating\""), "{body}");
}

/// The scenarios of `features/multi_region.feature`, every one `@multi-region`.
fn multi_region_scenarios() -> usize {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("features/multi_region.feature");
    std::fs::read_to_string(path)
        .expect("the feature")
        .matches("Scenario:")
        .count()
}
