//! The run's key creations in flight, so that an interrupted run can wait
//! for them before it sweeps: a key whose `CreateKey` was on the wire when
//! Ctrl-C came is made all the same, and a sweep that ran before its answer
//! came back would never know of it.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::sync::Notify;

/// How many creating calls are in flight, and a way to wait until none is.
#[derive(Debug, Default)]
pub struct InFlight {
    count: AtomicUsize,
    idle: Notify,
}

/// One creation in flight; it ends when dropped, answered or abandoned.
#[derive(Debug)]
#[must_use = "the creation ends when this is dropped"]
pub struct Creation<'a>(&'a InFlight);

impl InFlight {
    /// Counts a creation until the returned guard is dropped. Drop it only
    /// once what the call made is in the ledger.
    pub fn begin(&self) -> Creation<'_> {
        self.count.fetch_add(1, Ordering::SeqCst);
        Creation(self)
    }

    /// How many are in flight now.
    #[must_use]
    pub fn count(&self) -> usize {
        self.count.load(Ordering::SeqCst)
    }

    /// Waits until none is in flight, at most `bound`; whether none is.
    pub async fn settled(&self, bound: Duration) -> bool {
        let wait = async {
            loop {
                // Registered before the count is read, so a creation that
                // ends in between still wakes this wait.
                let idle = self.idle.notified();
                if self.count() == 0 {
                    return;
                }
                idle.await;
            }
        };
        tokio::time::timeout(bound, wait).await.is_ok()
    }
}

impl Drop for Creation<'_> {
    fn drop(&mut self) {
        if self.0.count.fetch_sub(1, Ordering::SeqCst) == 1 {
            self.0.idle.notify_waiters();
        }
    }
}

#[cfg(test)]
mod tests;
