use super::*;

fn texts<'a>(steps: &'a [&'a str]) -> impl Iterator<Item = StepText<'a>> {
    steps.iter().map(|text| StepText { text, table: None })
}

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
    estimate.add_scenario(texts(&steps), true);
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
    estimate.add_scenario(texts(&steps), true);
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

fn tags(pairs: &[(&str, &str)]) -> Vec<TagPair> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

#[test]
fn a_check_that_nothing_changed_on_a_key_pending_deletion_cancels_and_schedules_it_again() {
    let mut estimate = Estimate::default();
    let table = tags(&[("env", "prod"), ("team", "payments")]);
    let steps = [
        StepText {
            text: "a key with the tags:",
            table: Some(&table),
        },
        StepText {
            text: "the key is scheduled for deletion",
            table: None,
        },
        StepText {
            text: "I untag the key, removing \"env\"",
            table: None,
        },
        StepText {
            text: "the call fails with KMSInvalidStateException",
            table: None,
        },
        StepText {
            text: "the key's tags are unchanged",
            table: None,
        },
    ];
    estimate.add_scenario(steps.into_iter(), true);
    assert_eq!(estimate.barrier_count(Operation::CancelKeyDeletion), 1);
    assert_eq!(estimate.barrier_count(Operation::TagResource), 1);
    assert_eq!(estimate.barrier_count(Operation::ScheduleKeyDeletion), 1);
    // The scenario's own: the scheduling; the cleanup finds it scheduled.
    assert_eq!(estimate.count(Operation::ScheduleKeyDeletion), 1);
    // Its key: the schedule, the untag, then the barrier's three writes.
    assert_eq!(estimate.busiest_key, 5);
    let least = estimate.least_time(&Quotas::default());
    assert_eq!(least.time, Duration::from_secs(4));
    assert_eq!(least.to_string(), "4 s (5 writes to one key at 1/s)");
}

#[test]
fn a_positive_check_writes_nothing_and_a_full_key_gets_its_own_tag_overwritten_and_put_back() {
    let mut estimate = Estimate::default();
    let table = tags(&[("env", "prod")]);
    let after = tags(&[]);
    let steps = [
        StepText {
            text: "a key with the tags:",
            table: Some(&table),
        },
        StepText {
            text: "I untag the key, removing \"env\"",
            table: None,
        },
        StepText {
            text: "the key has no tags",
            table: Some(&after),
        },
    ];
    estimate.add_scenario(steps.into_iter(), true);
    assert!(estimate.barrier_writes.is_empty());
    let steps = [
        StepText {
            text: "a key with 50 tags",
            table: None,
        },
        StepText {
            text: "I tag the key with:",
            table: None,
        },
        StepText {
            text: "the key's tags are unchanged",
            table: None,
        },
    ];
    estimate.add_scenario(steps.into_iter(), true);
    assert_eq!(estimate.barrier_count(Operation::TagResource), 2);
}

#[test]
fn the_aws_managed_key_takes_no_barrier_write() {
    let mut estimate = Estimate::default();
    let steps = [
        "the AWS managed key for S3",
        "I untag the key, removing \"env\"",
        "the key's tags are unchanged",
    ];
    estimate.add_scenario(texts(&steps), true);
    assert!(estimate.barrier_writes.is_empty());
    assert_eq!(estimate.keys, 0);
}
