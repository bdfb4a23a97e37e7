use super::*;

#[test]
fn backoff_is_jittered_under_a_doubling_capped_ceiling_within_the_budget() {
    let policy = RetryPolicy::default();
    for retries in 0..9 {
        let pause = policy
            .pause(retries, Duration::ZERO)
            .expect("within budget");
        let ceiling = (Duration::from_millis(500) * 2u32.pow(retries)).min(policy.cap);
        assert!(pause <= ceiling, "{retries}: {pause:?}");
    }
    assert_eq!(policy.pause(9, Duration::ZERO), None, "ten attempts in all");
    assert_eq!(policy.pause(0, Duration::from_mins(2)), None, "time is up");
    let once = RetryPolicy {
        max_attempts: 1,
        ..policy
    };
    assert_eq!(once.pause(0, Duration::ZERO), None);
}

#[test]
fn only_the_creating_operations_are_held_back() {
    let halt = Halt::default();
    assert!(!halt.holds_back(Operation::CreateKey));
    halt.pull();
    assert!(halt.holds_back(Operation::CreateKey));
    assert!(halt.holds_back(Operation::CreateAlias));
    assert!(!halt.holds_back(Operation::ScheduleKeyDeletion));
}

#[test]
fn a_fault_is_retried_from_a_shorter_base_within_fewer_attempts() {
    let policy = RetryPolicy::default();
    for retries in 0..2 {
        let pause = policy
            .fault_pause(retries, Duration::ZERO)
            .expect("within bounds");
        assert!(
            pause <= Duration::from_millis(100) * 2u32.pow(retries),
            "{pause:?}"
        );
    }
    assert_eq!(
        policy.fault_pause(2, Duration::ZERO),
        None,
        "three attempts in all"
    );
    assert_eq!(
        policy.fault_pause(0, Duration::from_mins(2)),
        None,
        "time is up"
    );
}

#[test]
fn a_fresh_key_is_asked_about_again_only_within_the_window() {
    let never = RetryPolicy::default();
    assert_eq!(
        never.unsettled_pause(0, Duration::ZERO),
        None,
        "no window, no retry"
    );
    let settle = RetryPolicy {
        fresh_key_window: Duration::from_secs(20),
        ..never
    };
    assert!(settle.unsettled_pause(0, Duration::from_secs(1)).is_some());
    assert_eq!(settle.unsettled_pause(0, Duration::from_secs(20)), None);
    assert_eq!(
        settle.unsettled_pause(9, Duration::ZERO),
        None,
        "bounded in number too"
    );
}
