use super::*;

#[tokio::test]
async fn settles_when_the_last_creation_ends_or_the_bound_passes() {
    let in_flight = InFlight::default();
    assert!(in_flight.settled(Duration::ZERO).await);
    let creation = in_flight.begin();
    assert!(!in_flight.settled(Duration::from_millis(10)).await);
    let ends = async {
        tokio::task::yield_now().await;
        drop(creation);
    };
    let (settled, ()) = tokio::join!(in_flight.settled(Duration::from_secs(5)), ends);
    assert!(settled);
    assert_eq!(in_flight.count(), 0);
}
