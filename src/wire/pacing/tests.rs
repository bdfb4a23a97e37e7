use super::*;
use crate::wire::Operation;

/// Buckets are keyed by the name a request is sent under.
const CREATE: &str = Operation::CreateKey.name();
const UNTAG: &str = Operation::UntagResource.name();

#[test]
fn turns_are_one_interval_apart_per_caller_region_and_operation() {
    let pacer = Pacer::new(Quotas::default());
    let start = Instant::now();
    let turns: Vec<Instant> = (0..6)
        .map(|_| {
            pacer
                .reserve("AKID", "us-east-1", CREATE, start)
                .expect("quota")
        })
        .collect();
    // Six CreateKeys at 5 per second: the sixth goes a second after the first.
    assert_eq!(turns[0], start);
    assert_eq!(turns[5] - start, Duration::from_secs(1));
    // Another operation, region or caller has its own bucket.
    for (caller, region, operation) in [
        ("AKID", "us-east-1", Operation::UntagResource.name()),
        ("AKID", "us-west-2", CREATE),
        ("OTHER", "us-east-1", CREATE),
    ] {
        assert_eq!(pacer.reserve(caller, region, operation, start), Some(start));
    }
    assert_eq!(
        pacer.reserve("AKID", "us-east-1", "SetKeyState", start),
        None
    );
    // A turn is never in the past.
    let later = start + Duration::from_secs(10);
    assert_eq!(
        pacer.reserve("AKID", "us-east-1", CREATE, later),
        Some(later)
    );
}

#[test]
fn a_throttle_halves_the_rate_and_answers_bring_it_back() {
    let pacer = Pacer::new(Quotas::default());
    let now = Instant::now();
    pacer.reserve("AKID", "us-east-1", CREATE, now);
    for _ in 0..10 {
        pacer.throttled("AKID", "us-east-1", CREATE);
    }
    let floor = pacer.rate("AKID", "us-east-1", CREATE).expect("quota");
    assert!((floor - 5.0 / 16.0).abs() < 1e-9, "{floor}");
    for _ in 0..40 {
        pacer.answered("AKID", "us-east-1", CREATE);
    }
    assert_eq!(pacer.rate("AKID", "us-east-1", CREATE), Some(5.0));
}

#[test]
fn writes_to_one_key_take_turns_one_interval_apart_whatever_their_operation() {
    let pacer = Pacer::new(Quotas::default());
    let start = Instant::now();
    let key = "1234abcd-12ab-34cd-56ef-1234567890ab";
    let first = pacer.reserve_key("AKID", "us-east-1", key, start);
    let second = pacer.reserve_key("AKID", "us-east-1", key, start);
    assert_eq!(first, Some(start));
    assert_eq!(second, Some(start + Duration::from_secs(1)));
    // Another key, or the same key ID in another region (a replica), has
    // turns of its own.
    assert_eq!(
        pacer.reserve_key("AKID", "us-east-1", "other", start),
        Some(start)
    );
    assert_eq!(
        pacer.reserve_key("AKID", "us-west-2", key, start),
        Some(start)
    );
    // Scaled quotas scale the pace.
    let fast = Pacer::new(Quotas::default().scaled(10.0));
    fast.reserve_key("AKID", "us-east-1", key, start);
    assert_eq!(
        fast.reserve_key("AKID", "us-east-1", key, start),
        Some(start + Duration::from_millis(100))
    );
}

#[test]
fn a_write_names_its_key_by_id_or_arn_and_a_read_writes_no_key() {
    use serde_json::json;

    use super::key_writes::written_key;
    let id = "1234abcd-12ab-34cd-56ef-1234567890ab";
    let arn = format!("arn:aws:kms:us-east-1:111122223333:key/{id}");
    let untag = WireRequest::operation(
        Operation::UntagResource,
        &json!({ "KeyId": arn, "TagKeys": ["a"] }),
    );
    assert_eq!(written_key(&untag).as_deref(), Some(id));
    let cancel = WireRequest::operation(Operation::CancelKeyDeletion, &json!({ "KeyId": id }));
    assert_eq!(written_key(&cancel).as_deref(), Some(id));
    let alias = WireRequest::operation(
        Operation::CreateAlias,
        &json!({ "AliasName": "alias/a", "TargetKeyId": id }),
    );
    assert_eq!(written_key(&alias).as_deref(), Some(id));
    let read = WireRequest::operation(Operation::ListResourceTags, &json!({ "KeyId": id }));
    assert_eq!(written_key(&read), None);
    let create = WireRequest::operation(Operation::CreateKey, &json!({}));
    assert_eq!(written_key(&create), None);
}

#[test]
fn a_held_burst_takes_its_turns_of_the_operation_and_of_its_key_and_a_second_more() {
    let pacer = Pacer::new(Quotas::default());
    let start = Instant::now();
    let key_id = "1234abcd-12ab-34cd-56ef-1234567890ab";
    // The key's last write took its turn a moment ago: the burst waits for
    // the key's next one, and starts there.
    let written = pacer.reserve_key("AKID", "us-east-1", key_id, start);
    assert_eq!(written, Some(start));
    let writes = std::collections::BTreeMap::from([(key_id.to_owned(), 16)]);
    let burst = pacer.reserve_burst("AKID", "us-east-1", UNTAG, 16, &writes, start);
    assert_eq!(burst, start + Duration::from_secs(1));
    // 16 turns at 5 a second, then the second the target's bucket refills in.
    let next_untag = pacer
        .reserve("AKID", "us-east-1", UNTAG, start)
        .expect("a quota");
    assert_eq!(next_untag - burst, Duration::from_millis(16 * 200 + 1000));
    // The key's 16 writes at one a second, and the second after them: the
    // barrier's write after the burst is paced as after 16 writes.
    let next_write = pacer
        .reserve_key("AKID", "us-east-1", key_id, start)
        .expect("paced");
    assert_eq!(next_write - burst, Duration::from_secs(16 + 1));
    // Another key's writes are not held up.
    assert_eq!(
        pacer.reserve_key("AKID", "us-east-1", "other", start),
        Some(start)
    );
}
