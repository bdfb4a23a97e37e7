//! AWS is eventually consistent; the suite waits for reads to catch up
//! instead of failing a correct target whose reads lag, and still catches a
//! target whose reads never catch up.

use std::sync::Arc;
use std::time::Duration;

use crate::endpoint::{self, TargetArgs, TargetConfig};
use crate::report::Verdict;
use crate::selftest::{run_suite, run_suite_with};
use crate::snapshot::plan::DEFAULT_DIR;
use crate::snapshot::store::Folder;
use crate::snapshot::{self, Mode, Plan};
use crate::stub::StubOptions;
use crate::stub::deviations::{Deviation, Deviations};
use crate::suite::{self, RunOptions, Selection};

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

#[test]
fn the_suite_passes_a_stub_whose_reads_lag_300_ms() {
    let stub = StubOptions {
        read_lag: Duration::from_millis(300),
        ..StubOptions::default()
    };
    let report = runtime()
        .block_on(run_suite(stub, Duration::from_secs(2)))
        .expect("the stub runs");
    let failed: Vec<_> = report
        .scenarios
        .iter()
        .filter(|s| matches!(s.verdict, Verdict::Failed { .. }))
        .collect();
    assert!(
        failed.is_empty(),
        "{:#?}",
        failed
            .iter()
            .map(|s| (&s.name, &s.verdict))
            .collect::<Vec<_>>()
    );
    // Nothing is throttled here, so the burst is skipped as not applicable.
    assert_eq!(report.passed() + 1, report.scenarios.len());
}

#[test]
fn reads_that_never_catch_up_are_caught_even_with_lag() {
    let stub = StubOptions {
        deviations: Deviations::from(Deviation::StaleReads),
        read_lag: Duration::from_millis(300),
        ..StubOptions::default()
    };
    let report = runtime()
        .block_on(run_suite(stub, Duration::from_secs(1)))
        .expect("the stub runs");
    let failed = report.failed();
    assert!(
        failed >= 10,
        "only {failed} scenarios noticed reads that never catch up"
    );
    let removal = report
        .scenarios
        .iter()
        .find(|s| s.name == "Removing one of several tags leaves the others unchanged")
        .expect("the scenario exists");
    assert!(
        matches!(&removal.verdict, Verdict::Failed { message, .. } if message.contains("still, after")),
        "{:?}",
        removal.verdict
    );
}

#[test]
fn a_stub_whose_reads_lag_gives_the_reference_documents() {
    // Polls repeat reads a timing-dependent number of times; the documents
    // keep the read that settled, so they match the reference exactly.
    let args = TargetArgs {
        stub: Some(StubOptions {
            read_lag: Duration::from_millis(300),
            ..StubOptions::default()
        }),
        settle: Some(2.0),
        ..TargetArgs::default()
    };
    let config = TargetConfig::resolve(&args, &|_| None).expect("resolves");
    let report = runtime().block_on(async {
        let connection = endpoint::connect(&config, "1700000000-0123abcd")
            .await
            .expect("the stub runs");
        suite::run(Arc::clone(&connection.context), RunOptions::default()).await
    });
    let plan = Plan {
        own: Some((Folder::new(DEFAULT_DIR), Mode::Check)),
        ..Plan::off()
    };
    let snapshots = snapshot::apply(&plan, &report);
    let failures: Vec<String> = snapshots
        .failures()
        .iter()
        .map(|e| format!("{}: {:?}", e.scenario, e.comparison))
        .collect();
    assert!(failures.is_empty(), "{failures:#?}");
}

/// A wrong state that the key's own `CreateKey` answered is final: waiting for
/// reads to catch up cannot change it, so the scenario fails without
/// spending its settle time (against a consistent emulator such as moto,
/// this was the suite's longest wait).
#[test]
fn a_state_the_create_answered_is_not_waited_out() {
    let stub = StubOptions {
        deviations: Deviations::from(Deviation::ExternalOriginEnabled),
        ..StubOptions::default()
    };
    // Only the scenario in question: elsewhere a check that something did
    // not change on a key pending deletion rightly waits out the settle time.
    let options = RunOptions {
        selection: Selection {
            name: Some(regex::Regex::new("^A key pending import can be untagged$").expect("regex")),
            ..Selection::default()
        },
        ..RunOptions::default()
    };
    let report = runtime()
        .block_on(run_suite_with(stub, Duration::from_secs(30), options))
        .expect("the stub runs");
    let pending_import = report
        .scenarios
        .iter()
        .find(|s| s.name == "A key pending import can be untagged")
        .expect("the scenario exists");
    assert!(
        matches!(&pending_import.verdict, Verdict::Failed { message, .. }
            if message.contains("is Enabled, the state CreateKey answered")),
        "{:?}",
        pending_import.verdict
    );
}

/// A refused call that still removed tags, against a target whose reads
/// lag: the first read after it is stale and shows every tag, so only a
/// read behind the barrier (contract row 152) can see what the call did.
#[test]
fn a_refusal_that_removed_tags_is_caught_behind_the_barrier_though_reads_lag() {
    let stub = StubOptions {
        deviations: Deviations::from(Deviation::UntagPartialOnError),
        read_lag: Duration::from_millis(300),
        ..StubOptions::default()
    };
    let options = RunOptions {
        selection: Selection {
            name: Some(regex::Regex::new("^One over-long tag key").expect("regex")),
            ..Selection::default()
        },
        ..RunOptions::default()
    };
    let report = runtime()
        .block_on(run_suite_with(stub, Duration::from_secs(2), options))
        .expect("the stub runs");
    let [scenario] = report.scenarios.as_slice() else {
        panic!("one scenario selected: {:?}", report.scenarios.len());
    };
    assert!(
        matches!(&scenario.verdict, Verdict::Failed { message, .. }
            if message.contains("in a read that already shows the barrier tag")),
        "{:?}",
        scenario.verdict
    );
}
