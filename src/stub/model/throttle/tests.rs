use super::*;

fn caller(account: &str, region: &str) -> Caller {
    Caller::user(account, region)
}

#[test]
fn a_second_of_requests_then_the_quota_rate() {
    let mut throttle = Throttle::new(Quotas::default());
    let alice = caller("111122223333", "us-east-1");
    let start = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000);
    for _ in 0..5 {
        assert!(throttle.admit(&alice, Operation::CreateKey, start));
    }
    assert!(
        !throttle.admit(&alice, Operation::CreateKey, start),
        "the sixth at once"
    );
    // Another account, region or operation spends its own quota.
    assert!(throttle.admit(
        &caller("444455556666", "us-east-1"),
        Operation::CreateKey,
        start
    ));
    assert!(throttle.admit(
        &caller("111122223333", "us-west-2"),
        Operation::CreateKey,
        start
    ));
    assert!(throttle.admit(&alice, Operation::UntagResource, start));
    // An operation without a quota is never refused.
    assert_eq!(Quotas::default().rate(Operation::DeleteAlias.name()), None);
    assert!((0..100).all(|_| throttle.admit(&alice, Operation::DeleteAlias, start)));
    // A fifth of a second later, one more CreateKey.
    let later = start + Duration::from_millis(200);
    assert!(throttle.admit(&alice, Operation::CreateKey, later));
    assert!(!throttle.admit(&alice, Operation::CreateKey, later));
}
