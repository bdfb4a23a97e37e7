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
//! at once, the first attempt settles and nothing waits. The pauses are
//! booked to the scenario's time under the wait's cause.

use std::time::{Duration, Instant};

use super::world::KmsWorld;
use crate::report::time_spent::WaitCause;

const FIRST_PAUSE: Duration = Duration::from_millis(20);
const LONGEST_PAUSE: Duration = Duration::from_millis(500);

/// What one attempt found.
#[derive(Debug)]
pub(crate) enum Attempt<T> {
    /// What the step waits for holds.
    Settled(T),
    /// Not yet: what was seen instead, for the message if time runs out.
    NotYet(String),
    /// Waiting cannot help (the answer is final): fail now with this.
    Final(String),
}

/// Attempts `attempt` until it settles, within `budget`; the pauses
/// between attempts count as waits for `cause`.
///
/// # Errors
/// What the last attempt saw, and how long the wait took: when the budget
/// is spent, when the target stopped answering, or when an attempt said
/// waiting cannot help.
pub(crate) async fn until<T>(
    w: &mut KmsWorld,
    cause: WaitCause,
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
        w.time.waited(cause, now.elapsed());
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
mod tests;
