//! The one burst the suite sends unpaced on purpose, to be throttled
//! (contract row 213): its turns are taken first, of its operation's bucket
//! and of every key it writes to, so that the run's own requests queue
//! behind it instead of meeting the throttle it provokes, and the pace of
//! writes to its key (contract row 183) counts every write it made.

use std::collections::BTreeMap;
use std::sync::PoisonError;
use std::time::Duration;

use tokio::time::Instant;

use super::{Bucket, KeyTurnKey, Pacer, interval, key, key_writes};
use crate::wire::WireRequest;

/// What a burst leaves after its turns: a second for the target's buckets,
/// the operation's and the key's, to fill again.
const REFILL: Duration = Duration::from_secs(1);

impl Pacer {
    /// Takes, at once, one turn of `operation` per request and one turn of
    /// each key per request that writes to it, and [`REFILL`] more of each;
    /// waits for the first instant all of them are free. The caller then
    /// sends `requests` together, unpaced.
    pub async fn hold(
        &self,
        caller: &str,
        region: &str,
        operation: &str,
        requests: &[WireRequest],
    ) {
        let mut writes: BTreeMap<String, u32> = BTreeMap::new();
        for key_id in requests.iter().filter_map(key_writes::written_key) {
            *writes.entry(key_id).or_default() += 1;
        }
        let count = u32::try_from(requests.len()).unwrap_or(u32::MAX);
        let start = self.reserve_burst(caller, region, operation, count, &writes, Instant::now());
        if start > Instant::now() {
            tokio::time::sleep_until(start).await;
        }
    }

    /// Reserves a burst of `count` requests of `operation`, writing
    /// `writes[key]` times to each key, from the first instant at or after
    /// `now` when the operation's bucket and every one of those keys is
    /// free: an operation without a quota, or keys when their writes are
    /// not paced, take no turns. Returns that instant.
    pub(super) fn reserve_burst(
        &self,
        caller: &str,
        region: &str,
        operation: &str,
        count: u32,
        writes: &BTreeMap<String, u32>,
        now: Instant,
    ) -> Instant {
        // Both held at once, always buckets first, so that no request takes
        // a turn between the look and the reservation.
        let mut buckets = self.buckets.lock().unwrap_or_else(PoisonError::into_inner);
        let mut keys = self.keys.lock().unwrap_or_else(PoisonError::into_inner);
        let key_rate = self.quotas.key_writes();
        let keys_paced = key_rate.is_finite() && key_rate > 0.0;
        let turn_key = |key_id: &str| KeyTurnKey {
            caller: caller.to_owned(),
            region: region.to_owned(),
            key_id: key_id.to_owned(),
        };
        let bucket_key = key(caller, region, operation);
        let quota = self.quotas.rate(operation);
        let mut start = now;
        if quota.is_some()
            && let Some(bucket) = buckets.get(&bucket_key)
        {
            start = start.max(bucket.next);
        }
        if keys_paced {
            for key_id in writes.keys() {
                if let Some(next) = keys.get(&turn_key(key_id)) {
                    start = start.max(*next);
                }
            }
        }
        if let Some(quota) = quota {
            let bucket = buckets.entry(bucket_key).or_insert(Bucket {
                quota,
                rate: quota,
                next: start,
            });
            bucket.next = start + interval(bucket.rate) * count.max(1) + REFILL;
        }
        if keys_paced {
            for (key_id, n) in writes {
                keys.insert(
                    turn_key(key_id),
                    start + interval(key_rate) * (*n).max(1) + REFILL,
                );
            }
        }
        start
    }
}
