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
