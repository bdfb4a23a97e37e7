use super::*;

#[test]
fn steps_name_their_writes_and_cleanup_follows_the_scenario() {
    let mut estimate = Estimate::default();
    let steps = [
        "a key with the tags:",
        "a key in the other region with the tags:",
        "an alias for the key",
        "the key is scheduled for deletion",
        "I untag the key by its key ARN, removing \"a\"",
        "the key has no tags",
    ];
    estimate.add_scenario(steps.into_iter(), true);
    assert_eq!(estimate.keys, 2);
    assert_eq!(estimate.count(Operation::CreateKey), 2);
    assert_eq!(estimate.count(Operation::UntagResource), 1);
    // The other region's key is scheduled by the cleanup; the main key was already.
    assert_eq!(
        estimate
            .writes
            .get(&(Via::OtherRegion, Operation::ScheduleKeyDeletion)),
        Some(&1)
    );
    assert_eq!(
        estimate
            .writes
            .get(&(Via::Primary, Operation::ScheduleKeyDeletion)),
        Some(&1)
    );
    assert_eq!(estimate.count(Operation::DeleteAlias), 1);
}

#[test]
fn a_second_key_is_made_and_cleaned_up_by_the_caller() {
    let mut estimate = Estimate::default();
    let steps = ["a key with the tags:", "a second key with the tags:"];
    estimate.add_scenario(steps.into_iter(), true);
    assert_eq!(estimate.keys, 2);
    assert_eq!(
        estimate.writes.get(&(Via::Primary, Operation::CreateKey)),
        Some(&2)
    );
    assert_eq!(
        estimate
            .writes
            .get(&(Via::Primary, Operation::ScheduleKeyDeletion)),
        Some(&2)
    );
}

#[test]
fn the_least_time_is_the_fullest_buckets() {
    let mut estimate = Estimate::default();
    estimate
        .writes
        .insert((Via::Primary, Operation::CreateKey), 55);
    estimate
        .writes
        .insert((Via::Primary, Operation::TagResource), 60);
    let least = estimate.least_time(&Quotas::default());
    assert_eq!(least.time, Duration::from_secs(10));
    assert_eq!(least.operation, Some(Operation::CreateKey));
    assert_eq!(least.to_string(), "10 s (55 CreateKey at 5/s)");
}
