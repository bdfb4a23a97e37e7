//! Scenarios run concurrently by default and own their keys, so a verdict
//! never depends on what runs beside it: the same stub gives the same
//! results one scenario at a time and 64 at a time.

use std::collections::BTreeMap;
use std::time::Duration;

use crate::report::{RunReport, Verdict};
use crate::selftest::run_suite_with;
use crate::stub::StubOptions;
use crate::stub::deviations::{Deviation, Deviations};
use crate::suite::RunOptions;

/// Scenario name → the step it failed at ("" when it passed).
fn verdicts(report: &RunReport) -> BTreeMap<String, String> {
    report
        .scenarios
        .iter()
        .map(|s| {
            let verdict = match &s.verdict {
                Verdict::Failed { step, .. } => step.clone(),
                other => format!("{other:?}"),
            };
            (s.name.clone(), verdict)
        })
        .collect()
}

fn run_at(concurrency: usize, deviations: &Deviations) -> RunReport {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let stub = StubOptions {
        deviations: deviations.clone(),
        ..StubOptions::default()
    };
    let options = RunOptions {
        concurrency: Some(concurrency),
        ..RunOptions::default()
    };
    runtime
        .block_on(run_suite_with(stub, Duration::from_millis(200), options))
        .expect("the stub runs")
}

#[test]
fn results_are_the_same_at_concurrency_1_and_64() {
    // A stub wrong in several ways, so that the comparison covers failures
    // too, not only 81 passes.
    let deviations: Deviations = [
        Deviation::NoStateCheck,
        Deviation::UntagIgnoresCase,
        Deviation::ListIgnoresLimit,
    ]
    .into_iter()
    .collect();
    let one = run_at(1, &deviations);
    let many = run_at(64, &deviations);
    assert!(
        one.failed() >= 4,
        "the deviations must make scenarios fail: {}",
        one.summary_line()
    );
    assert_eq!(verdicts(&one), verdicts(&many));
    assert_eq!(one.summary_line(), many.summary_line());
}
