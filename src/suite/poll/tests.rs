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
    let value = until(
        &mut w,
        WaitCause::ReadsToShow,
        Duration::from_secs(5),
        async |_| Attempt::Settled(7),
    )
    .await;
    assert_eq!(value, Ok(7));
    assert!(started.elapsed() < Duration::from_secs(1));
}

#[tokio::test]
async fn attempts_repeat_until_they_settle() {
    let mut w = world();
    let mut attempts = 0;
    let value = until(
        &mut w,
        WaitCause::ReadsToShow,
        Duration::from_secs(5),
        async |_| {
            attempts += 1;
            if attempts < 3 {
                Attempt::NotYet(format!("attempt {attempts}"))
            } else {
                Attempt::Settled(attempts)
            }
        },
    )
    .await;
    assert_eq!(value, Ok(3));
}

#[tokio::test]
async fn a_spent_budget_reports_what_was_seen_and_how_long_it_waited() {
    let mut w = world();
    let started = Instant::now();
    let error = until(
        &mut w,
        WaitCause::ReadsToShow,
        Duration::from_millis(100),
        async |_| Attempt::<()>::NotYet("the key has no tags".into()),
    )
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
    let value = until(
        &mut w,
        WaitCause::ReadsToShow,
        Duration::from_millis(50),
        async |_| {
            attempts += 1;
            if attempts == 1 {
                // A read sent in time whose answer came late: it may show
                // the state from before the write, so it cannot end the wait.
                tokio::time::sleep(Duration::from_millis(120)).await;
                Attempt::NotYet("a slow, stale read".into())
            } else {
                Attempt::Settled(attempts)
            }
        },
    )
    .await;
    assert_eq!(value, Ok(2));
}

#[tokio::test]
async fn a_final_answer_stops_the_wait_at_once() {
    let mut w = world();
    let started = Instant::now();
    let mut attempts = 0;
    let error = until(
        &mut w,
        WaitCause::ReadsToShow,
        Duration::from_secs(5),
        async |_| {
            attempts += 1;
            Attempt::<()>::Final("nothing to wait for".into())
        },
    )
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
    let error = until(
        &mut w,
        WaitCause::ReadsToShow,
        Duration::from_secs(5),
        async |_| Attempt::<()>::NotYet("the key's tags could not be read".into()),
    )
    .await
    .expect_err("dead");
    assert!(started.elapsed() < Duration::from_secs(1));
    assert!(error.contains("the target stopped answering"), "{error}");
}
