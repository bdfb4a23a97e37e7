//! Bounded waiting for eventual consistency.
//!
//! AWS KMS is eventually consistent: a read right after a write may not show
//! it yet. Reads that confirm a write are retried with a growing pause until
//! they match or the settle time runs out; against a target that answers at
//! once, the first read matches and nothing waits.

use std::time::{Duration, Instant};

const FIRST_PAUSE: Duration = Duration::from_millis(20);
const LONGEST_PAUSE: Duration = Duration::from_millis(500);

/// Pauses between attempts, doubling, until a deadline.
#[derive(Debug)]
pub struct Backoff {
    budget: Duration,
    deadline: Instant,
    pause: Duration,
}

impl Backoff {
    /// Attempts may go on for `budget` from now.
    #[must_use]
    pub fn new(budget: Duration) -> Self {
        Self {
            budget,
            deadline: Instant::now() + budget,
            pause: FIRST_PAUSE,
        }
    }

    /// The whole time allowed.
    #[must_use]
    pub fn budget(&self) -> Duration {
        self.budget
    }

    /// Pauses before the next attempt; `false` when the time is up.
    pub async fn next(&mut self) -> bool {
        let now = Instant::now();
        if now >= self.deadline {
            return false;
        }
        tokio::time::sleep(self.pause.min(self.deadline - now)).await;
        self.pause = (self.pause * 2).min(LONGEST_PAUSE);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn gives_up_once_the_budget_is_spent() {
        let started = Instant::now();
        let mut backoff = Backoff::new(Duration::from_millis(100));
        let mut attempts = 0;
        while backoff.next().await {
            attempts += 1;
        }
        assert!(attempts >= 2, "{attempts}");
        assert!(started.elapsed() >= Duration::from_millis(100));
        assert!(started.elapsed() < Duration::from_secs(2));
    }

    #[tokio::test]
    async fn a_zero_budget_never_pauses() {
        assert!(!Backoff::new(Duration::ZERO).next().await);
    }
}
