//! The end of a run on a target other than the built-in stub: the sweep of
//! whatever its ledger still holds, and after Ctrl-C or SIGTERM, the wait
//! for the key creations under way before that sweep.

use std::time::Duration;

use super::EXIT_INTERRUPTED;
use crate::cleanup;
use crate::endpoint;
use crate::report::RunReport;

/// The most an interrupted run waits for the key creations on the wire.
const CREATION_WAIT: Duration = Duration::from_secs(10);

/// Ctrl-C or SIGTERM during the run: let the key creations under way land
/// in the ledger, sweep, and exit.
pub(super) async fn interrupted(
    connection: &endpoint::Connection,
    timeout: Duration,
    run: std::pin::Pin<&mut impl Future<Output = RunReport>>,
) -> u8 {
    eprintln!("kms-conformance: interrupted; scheduling the deletion of what the run made");
    settle_and_sweep(connection, timeout, run).await;
    EXIT_INTERRUPTED
}

/// The end of an interrupted run, once the interruption is announced: let
/// the key creations under way land in the ledger, then sweep. Each target
/// of `matrix` and `diff` does this on its own thread.
pub(super) async fn settle_and_sweep(
    connection: &endpoint::Connection,
    timeout: Duration,
    run: std::pin::Pin<&mut impl Future<Output = RunReport>>,
) {
    let settled = let_creations_land(connection, timeout, run).await;
    sweep(connection, true).await;
    if !settled && connection.server.is_none() {
        eprintln!(
            "kms-conformance: a key whose creation was still under way can appear after this; \
             `kms-conformance cleanup --endpoint {}` finds it by its description",
            connection.endpoint
        );
    }
}

/// After Ctrl-C: no key is created any more, and the creations already on
/// the wire are waited for (at most the exchange timeout, and never more
/// than [`CREATION_WAIT`]; a second Ctrl-C stops waiting), so that the
/// sweep finds them in the ledger. The scenarios go on meanwhile, or their
/// answers would never be read. Whether every creation landed.
async fn let_creations_land(
    connection: &endpoint::Connection,
    timeout: Duration,
    run: std::pin::Pin<&mut impl Future<Output = RunReport>>,
) -> bool {
    let context = &connection.context;
    context.halt.pull();
    let in_flight = context.creations.count();
    if in_flight == 0 {
        return true;
    }
    eprintln!("kms-conformance: waiting for {in_flight} key creations under way");
    tokio::select! {
        settled = context.creations.settled(timeout.min(CREATION_WAIT)) => settled,
        _ = run => context.creations.count() == 0,
        () = super::shutdown_signal() => false,
    }
}

/// Cleans up whatever the run's ledger still holds (nothing, when every
/// scenario cleaned up after itself), saying so only when there was work.
/// With `unrecorded` (after an interruption, or a `CreateKey` that was
/// retried or went unanswered), also the keys the ledger may not name,
/// found by their description.
pub(super) async fn sweep(connection: &endpoint::Connection, unrecorded: bool) {
    if connection.server.is_some() {
        return;
    }
    let context = &connection.context;
    let work = cleanup::sweep_run(context, unrecorded);
    let done = tokio::select! {
        done = work => done,
        () = super::shutdown_signal() => {
            eprintln!("kms-conformance: cleanup interrupted; run `kms-conformance cleanup` to finish it");
            return;
        }
    };
    if done.done > 0 {
        eprintln!(
            "kms-conformance: cleaned up {} leftover keys and aliases",
            done.done
        );
    }
    for failure in &done.failures {
        eprintln!("kms-conformance: left behind: {failure}");
    }
    if !done.failures.is_empty()
        && let Some(path) = connection.context.ledger.path()
    {
        eprintln!(
            "kms-conformance: the ledger {} keeps them for `kms-conformance cleanup`",
            path.display()
        );
    }
}
