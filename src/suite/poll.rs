//! Bounded waiting for eventual consistency: the one way a step waits.
//!
//! AWS KMS is eventually consistent: a read right after a write may not show
//! it yet. A step that waits for something to show polls with [`until`]:
//! each attempt either settles, asks to go on, or stops the wait at once;
//! between attempts the pause doubles; the wait ends with the first attempt
//! that fails after beginning once the budget was spent (so the last read
//! always began after the whole settle time), or when the target has
//! stopped answering, and its failure always says
//! what was seen last and how long it waited. Against a target that answers
//! at once, the first attempt settles and nothing waits.

use std::time::{Duration, Instant};

use super::world::KmsWorld;

const FIRST_PAUSE: Duration = Duration::from_millis(20);
const LONGEST_PAUSE: Duration = Duration::from_millis(500);

/// What one attempt found.
#[derive(Debug)]
pub enum Attempt<T> {
    /// What the step waits for holds.
    Settled(T),
    /// Not yet: what was seen instead, for the message if time runs out.
    NotYet(String),
    /// Waiting cannot help (the answer is final): fail now with this.
    Final(String),
}

/// Attempts `attempt` until it settles, within `budget`.
///
/// # Errors
/// What the last attempt saw, and how long the wait took: when the budget
/// is spent, when the target stopped answering, or when an attempt said
/// waiting cannot help.
pub async fn until<T>(
    w: &mut KmsWorld,
    budget: Duration,
    mut attempt: impl AsyncFnMut(&mut KmsWorld) -> Attempt<T>,
) -> Result<T, String> {
    let started = Instant::now();
    let deadline = started + budget;
    let mut pause = FIRST_PAUSE;
    loop {
        // The wait ends on an attempt that began once the budget was spent:
        // one that began earlier and answered late (a slow target, a busy
        // machine) may have read the state from before the write.
        let began = Instant::now();
        let seen = match attempt(w).await {
            Attempt::Settled(value) => return Ok(value),
            Attempt::Final(why) => return Err(why),
            Attempt::NotYet(seen) => seen,
        };
        // A read that fails may succeed later (a key not visible yet); a
        // target that stopped answering will not.
        if w.context().target_down().is_some() {
            return Err(format!(
                "{seen} (the target stopped answering, after {})",
                waited(started)
            ));
        }
        if began >= deadline {
            return Err(format!("{seen} (still, after {})", waited(started)));
        }
        let now = Instant::now();
        tokio::time::sleep(pause.min(deadline.saturating_duration_since(now))).await;
        pause = (pause * 2).min(LONGEST_PAUSE);
    }
}

/// `1.23 s`, `0 s`: how long a wait took, for failure messages.
fn waited(started: Instant) -> String {
    let elapsed = started.elapsed();
    if elapsed < Duration::from_millis(5) {
        "no wait".to_owned()
    } else {
        format!("{:.2} s", elapsed.as_secs_f64())
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::endpoint::ledger::Ledger;
    use crate::endpoint::{Callers, RunContext};
    use crate::wire::{Client, Credentials, Limits, WireError};

    /// A World attached to a run whose target is never reached.
    fn world() -> KmsWorld {
        let client = Client::new(
            "http://127.0.0.1:9/",
            "us-east-1",
            Credentials::new("test", "test", None),
            Limits::default(),
        )
        .expect("a client");
        let callers = Callers {
            primary: client.clone(),
            other_region: client.in_region("us-west-2"),
            second_account: None,
        };
        let ledger = Arc::new(Ledger::in_memory("run", "http://127.0.0.1:9/"));
        let context = RunContext::new(callers, Duration::ZERO, true, "run".into(), ledger);
        let mut world = KmsWorld::default();
        world.attach(Arc::new(context), "a scenario", false);
        world
    }

    #[tokio::test]
    async fn an_attempt_that_settles_at_once_does_not_wait() {
        let mut w = world();
        let started = Instant::now();
        let value = until(&mut w, Duration::from_secs(5), async |_| {
            Attempt::Settled(7)
        })
        .await;
        assert_eq!(value, Ok(7));
        assert!(started.elapsed() < Duration::from_secs(1));
    }

    #[tokio::test]
    async fn attempts_repeat_until_they_settle() {
        let mut w = world();
        let mut attempts = 0;
        let value = until(&mut w, Duration::from_secs(5), async |_| {
            attempts += 1;
            if attempts < 3 {
                Attempt::NotYet(format!("attempt {attempts}"))
            } else {
                Attempt::Settled(attempts)
            }
        })
        .await;
        assert_eq!(value, Ok(3));
    }

    #[tokio::test]
    async fn a_spent_budget_reports_what_was_seen_and_how_long_it_waited() {
        let mut w = world();
        let started = Instant::now();
        let error = until(&mut w, Duration::from_millis(100), async |_| {
            Attempt::<()>::NotYet("the key has no tags".into())
        })
        .await
        .expect_err("never settles");
        assert!(started.elapsed() >= Duration::from_millis(100));
        assert!(started.elapsed() < Duration::from_secs(2));
        assert!(
            error.starts_with("the key has no tags (still, after "),
            "{error}"
        );
        assert!(error.ends_with(" s)"), "{error}");
    }

    #[tokio::test]
    async fn an_attempt_that_began_before_the_deadline_and_answered_after_it_is_not_the_last() {
        let mut w = world();
        let mut attempts = 0;
        let value = until(&mut w, Duration::from_millis(50), async |_| {
            attempts += 1;
            if attempts == 1 {
                // A read sent in time whose answer came late: it may show
                // the state from before the write, so it cannot end the wait.
                tokio::time::sleep(Duration::from_millis(120)).await;
                Attempt::NotYet("a slow, stale read".into())
            } else {
                Attempt::Settled(attempts)
            }
        })
        .await;
        assert_eq!(value, Ok(2));
    }

    #[tokio::test]
    async fn a_final_answer_stops_the_wait_at_once() {
        let mut w = world();
        let started = Instant::now();
        let mut attempts = 0;
        let error = until(&mut w, Duration::from_secs(5), async |_| {
            attempts += 1;
            Attempt::<()>::Final("nothing to wait for".into())
        })
        .await
        .expect_err("final");
        assert_eq!((error.as_str(), attempts), ("nothing to wait for", 1));
        assert!(started.elapsed() < Duration::from_secs(1));
    }

    #[tokio::test]
    async fn a_dead_target_stops_the_wait_and_says_so() {
        let mut w = world();
        let dead = WireError::Unreachable {
            endpoint: "http://127.0.0.1:9/".into(),
            cause: "connection refused".into(),
        };
        w.context().report_target_down("another scenario", &dead);
        let started = Instant::now();
        let error = until(&mut w, Duration::from_secs(5), async |_| {
            Attempt::<()>::NotYet("the key's tags could not be read".into())
        })
        .await
        .expect_err("dead");
        assert!(started.elapsed() < Duration::from_secs(1));
        assert!(error.contains("the target stopped answering"), "{error}");
    }
}
