//! The upfront estimate of a run's writes is what the run really sends:
//! the whole suite against the stub, its writes counted by operation,
//! against the estimate made from the same features: the scenarios' own
//! writes exactly, and with them those of the read-your-writes barriers.

use std::sync::Arc;

use crate::endpoint::{self, TargetArgs, TargetConfig};
use crate::stub::StubOptions;
use crate::suite::estimate::Estimate;
use crate::suite::{self, FeatureSource, RunOptions, Selection};
use crate::wire::Operation;

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
    // A check made only when the call under test was refused is counted
    // as made (what a faithful target that refuses costs): where the stub
    // answered such a call with success, its barrier is not written.
    let refused_only = FeatureSource::Embedded
        .load()
        .expect("the features load")
        .iter()
        .map(|(_, text)| {
            text.matches("if it was refused, the key's tags are unchanged")
                .count()
        })
        .sum::<usize>();
    let mut unwritten = 0;
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
        let sent = report
            .scenarios
            .iter()
            .flat_map(|s| &s.exchanges)
            .filter(|e| e.called() == Some(operation))
            .count();
        let own = estimate.count(operation);
        let at_most = own + estimate.barrier_count(operation);
        assert!(
            (own..=at_most).contains(&sent),
            "{operation}: sent {sent}, the scenarios' own {own}, with their barriers' {at_most}"
        );
        unwritten += at_most - sent;
    }
    assert!(
        unwritten <= refused_only,
        "{unwritten} barrier writes counted and not sent, for {refused_only} checks made only \
         after a refusal"
    );
    assert_eq!(
        estimate.keys,
        estimate.count(Operation::CreateKey) + estimate.count(Operation::ReplicateKey)
    );
}
