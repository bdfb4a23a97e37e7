use super::*;
use crate::wire::Operation;

/// Buckets are keyed by the name a request is sent under.
const CREATE: &str = Operation::CreateKey.name();

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
