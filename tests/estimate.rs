//! The upfront estimate of a run's writes is what the run really sends:
//! the whole suite against the stub, its successful writes counted by
//! operation, against the estimate made from the same features.

use std::sync::Arc;

use kms_conformance::endpoint::{self, TargetArgs, TargetConfig};
use kms_conformance::stub::StubOptions;
use kms_conformance::suite::barrier::SENTINEL_KEY;
use kms_conformance::suite::estimate::Estimate;
use kms_conformance::suite::{self, FeatureSource, RunOptions, Selection};
use kms_conformance::wire::Operation;

#[test]
fn the_estimate_counts_the_writes_a_run_sends() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let args = TargetArgs {
        stub: Some(StubOptions::default()),
        ..TargetArgs::default()
    };
    let config = TargetConfig::resolve(&args, &|_| None).expect("the stub resolves");
    let (report, estimate) = runtime.block_on(async {
        let connection = endpoint::connect(&config, "estimate")
            .await
            .expect("connects");
        let context = Arc::clone(&connection.context);
        let estimate = Estimate::of(
            &FeatureSource::Embedded,
            &Selection::default(),
            &context.capabilities,
            false,
        )
        .expect("the features parse");
        (suite::run(context, RunOptions::default()).await, estimate)
    });
    assert!(report.is_success(), "{}", report.summary_line());
    let ran = report
        .scenarios
        .iter()
        .filter(|s| !s.exchanges.is_empty())
        .count();
    assert_eq!(estimate.scenarios, ran, "scenarios that run");
    for operation in [
        Operation::CreateKey,
        Operation::UntagResource,
        Operation::TagResource,
        Operation::ScheduleKeyDeletion,
        Operation::CancelKeyDeletion,
        Operation::DisableKey,
        Operation::EnableKey,
        Operation::CreateAlias,
        Operation::ReplicateKey,
        Operation::PutKeyPolicy,
    ] {
        // The barrier's sentinel tags (src/suite/barrier.rs) are written
        // only where a check of "nothing changed" can take one; the estimate
        // leaves them out, so its time stays a least time.
        let sent = report
            .scenarios
            .iter()
            .flat_map(|s| &s.exchanges)
            .filter(|e| e.called() == Some(operation))
            .filter(|e| !String::from_utf8_lossy(&e.request.body).contains(SENTINEL_KEY))
            .count();
        assert_eq!(estimate.count(operation), sent, "{operation}");
    }
    assert_eq!(
        estimate.keys,
        estimate.count(Operation::CreateKey) + estimate.count(Operation::ReplicateKey)
    );
}
