//! Several targets at once (`matrix`, `diff`), each on its own thread with
//! its own current-thread runtime.
//!
//! cucumber drives a target's scenarios from one future that is not `Send`,
//! so the targets cannot be tasks of one multi-thread runtime; joined on one
//! thread, they queue behind each other, and a target's answer sits unread
//! while the others' scenarios hold the thread, until the client's timeout
//! calls the target lost. A reqwest client (and so a [`Connection`]) is used
//! on the runtime that made it, so each target connects, runs and sweeps on
//! its thread.
//!
//! The calling thread meets the targets once all have connected (to print
//! what they are, in the targets' order, and to say whether to go on), then
//! watches for Ctrl-C or SIGTERM and passes it on to every target as its
//! [`Interrupt`].
//!
//! [`Connection`]: crate::endpoint::Connection

use tokio::sync::{mpsc, oneshot, watch};

use super::runtime;

/// Tells a target's work that the run was interrupted.
#[derive(Debug)]
pub(super) struct Interrupt(watch::Receiver<bool>);

impl Interrupt {
    /// Resolves once the run is interrupted: at once if it already was,
    /// never if every target's work ended first.
    pub(super) async fn requested(mut self) {
        if self.0.wait_for(|&interrupted| interrupted).await.is_err() {
            std::future::pending::<()>().await;
        }
    }
}

/// For every item, on a thread and runtime of its own: `connect`, which
/// gives the connection and what the calling thread is to know of it; once
/// every item has connected, `meet` on the calling thread with those, in
/// the items' order, which says whether to go on; then `run`, with the
/// connection. Meanwhile the calling thread waits for `stop` (Ctrl-C in
/// the commands) and, once it resolves, interrupts every `run`.
///
/// `None` when `meet` said not to go on. A panic on a target's thread is
/// raised again here.
///
/// # Errors
/// A runtime cannot be started.
pub(super) fn each_on_own_thread<'a, T, C, S, R, FC, FR>(
    items: &'a [T],
    connect: impl Fn(&'a T) -> FC + Sync,
    meet: impl FnOnce(Vec<S>) -> bool,
    run: impl Fn(&'a T, C, Interrupt) -> FR + Sync,
    stop: impl Future<Output = ()>,
) -> Result<Option<Vec<R>>, String>
where
    T: Sync,
    S: Send,
    R: Send,
    FC: Future<Output = (C, S)>,
    FR: Future<Output = R>,
{
    let watcher = runtime()?;
    let runtimes = items
        .iter()
        .map(|_| runtime())
        .collect::<Result<Vec<_>, _>>()?;
    let (interrupt, interrupted) = watch::channel(false);
    // Each thread holds a sender until it ends: the receiver hears `None`
    // once all have, without the calling thread polling them.
    let (finishing, mut finished) = mpsc::channel::<()>(1);
    std::thread::scope(|scope| {
        let mut summaries_to_come = Vec::new();
        let mut goes = Vec::new();
        let mut threads = Vec::new();
        for (item, runtime) in items.iter().zip(runtimes) {
            let (tell, told) = oneshot::channel();
            let (go, gone) = oneshot::channel::<bool>();
            let interrupted = Interrupt(interrupted.clone());
            let (connect, run) = (&connect, &run);
            let finishing = finishing.clone();
            threads.push(scope.spawn(move || {
                let _finishing = finishing;
                runtime.block_on(async move {
                    let (connection, summary) = connect(item).await;
                    // The calling thread may be gone: another target panicked.
                    let _ = tell.send(summary);
                    match gone.await {
                        Ok(true) => Some(run(item, connection, interrupted).await),
                        _ => None,
                    }
                })
            }));
            summaries_to_come.push(told);
            goes.push(go);
        }
        drop((interrupted, finishing));
        let summaries: Option<Vec<S>> = watcher.block_on(async {
            let mut summaries = Vec::new();
            for told in summaries_to_come {
                summaries.push(told.await.ok()?);
            }
            Some(summaries)
        });
        // Every target has connected (or a thread panicked, raised below).
        let go_on = summaries.is_some_and(meet);
        for go in goes {
            let _ = go.send(go_on);
        }
        if go_on {
            watcher.block_on(async {
                tokio::select! {
                    () = stop => { let _ = interrupt.send(true); }
                    None = finished.recv() => {}
                }
            });
        }
        let ran: Vec<Option<R>> = threads
            .into_iter()
            .map(|t| {
                t.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect();
        Ok(ran.into_iter().collect())
    })
}

#[cfg(test)]
mod tests;
