use super::*;

#[test]
fn waits_add_up_by_cause_and_a_zero_wait_names_no_cause() {
    let mut run = TimeSpent::default();
    let mut scenario = TimeSpent {
        exchanges: Duration::from_millis(300),
        cleanup: Duration::from_millis(20),
        ..TimeSpent::default()
    };
    scenario.waited(WaitCause::SettleOut, Duration::from_secs(5));
    scenario.waited(WaitCause::Pacing, Duration::ZERO);
    run.add(&scenario);
    run.add(&scenario);
    assert_eq!(run.exchanges, Duration::from_millis(600));
    assert_eq!(
        run.waits.get(&WaitCause::SettleOut),
        Some(&Duration::from_secs(10))
    );
    assert!(!run.waits.contains_key(&WaitCause::Pacing));
    assert_eq!(run.waiting(), Duration::from_secs(10));
    assert_eq!(
        run.to_string(),
        "0.60 s in exchanges, 0.04 s in cleanup; waits: 10.00 s waiting out --settle without a barrier"
    );
}

#[test]
fn a_run_that_never_waited_says_so() {
    assert_eq!(
        TimeSpent::default().to_string(),
        "0.00 s in exchanges, 0.00 s in cleanup; waits: none"
    );
}

#[test]
fn every_cause_has_a_key_of_its_own_that_names_it_back() {
    for cause in WaitCause::ALL {
        assert_eq!(WaitCause::from_key(cause.key()), Some(cause));
    }
}
