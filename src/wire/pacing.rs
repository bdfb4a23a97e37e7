//! Client-side pacing: a token bucket per caller, region and operation, so a
//! run stays under the target's request quotas instead of meeting them as
//! throttles (contract rows 147 and 151).
//!
//! Each bucket hands out turns one `1 / rate` apart, first come first
//! served: a request reserves the next free turn and sleeps until it. It
//! never bursts. The server's bucket holds a second's worth of requests, so
//! requests sent at exactly its rate leave it that much slack for the
//! network to bunch them up; bursting into that slack would gain a fraction
//! of a second per run and make throttles, and so retries, likely.
//!
//! Adaptive: a throttle halves the bucket's rate (a quota raised or lowered
//! on the account, another client spending the same quota); every answer
//! that is not a throttle gives back a twentieth of the quota, up to it.
//!
//! Writes to one key are paced too, whatever their operation: KMS throttles
//! a burst of changes to one key (a "hot key") below the account's quotas,
//! and publishes no number, so each key takes one write per
//! [`Quotas::key_writes`] interval (contract row 183). A scenario's few
//! writes to its key (its own, and the read-your-writes barrier's) are then
//! never a burst. The one burst the suite sends on purpose, to be throttled
//! (contract row 213), takes its turns of both first ([`Pacer::hold`]).

mod held_burst;
mod key_writes;

use std::collections::HashMap;
use std::fmt;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use tokio::time::Instant;

use super::WireRequest;
use super::quotas::Quotas;

/// The lowest a bucket's rate falls after throttles, as a share of its quota.
const FLOOR_SHARE: f64 = 1.0 / 16.0;

/// What an answer that was not a throttle gives back, as a share of the quota.
const RECOVERY_SHARE: f64 = 1.0 / 20.0;

/// Whose quota a request spends: KMS counts per account and region; the
/// client knows the caller by its access key.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct BucketKey {
    caller: String,
    region: String,
    operation: String,
}

#[derive(Debug)]
struct Bucket {
    quota: f64,
    /// The rate now, at most `quota`.
    rate: f64,
    /// The next free turn.
    next: Instant,
}

/// One key, as its owner's caller and region name it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct KeyTurnKey {
    caller: String,
    region: String,
    key_id: String,
}

/// The run's pacing, shared by every client of the run.
pub struct Pacer {
    quotas: Quotas,
    buckets: Mutex<HashMap<BucketKey, Bucket>>,
    /// The next free turn of each key written to.
    keys: Mutex<HashMap<KeyTurnKey, Instant>>,
}

impl fmt::Debug for Pacer {
    /// The quotas only: the buckets are keyed by access key.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pacer")
            .field("quotas", &self.quotas)
            .finish_non_exhaustive()
    }
}

impl Pacer {
    /// Pacing at `quotas`.
    #[must_use]
    pub fn new(quotas: Quotas) -> Self {
        Self {
            quotas,
            buckets: Mutex::default(),
            keys: Mutex::default(),
        }
    }

    /// The quotas it paces at.
    #[must_use]
    pub fn quotas(&self) -> &Quotas {
        &self.quotas
    }

    /// Waits for `operation`'s next turn as `caller` in `region`; at once for
    /// an operation without a quota.
    pub async fn wait_turn(&self, caller: &str, region: &str, operation: &str) {
        if let Some(turn) = self.reserve(caller, region, operation, Instant::now())
            && turn > Instant::now()
        {
            tokio::time::sleep_until(turn).await;
        }
    }

    /// Waits for the next turn of the key `request` writes to, as `caller`
    /// in `region`; at once for a request that writes to no key.
    pub async fn wait_key_turn(&self, caller: &str, region: &str, request: &WireRequest) {
        if let Some(key_id) = key_writes::written_key(request)
            && let Some(turn) = self.reserve_key(caller, region, &key_id, Instant::now())
            && turn > Instant::now()
        {
            tokio::time::sleep_until(turn).await;
        }
    }

    /// Reserves the key's next free turn, one [`Quotas::key_writes`]
    /// interval after the last; `None` when writes to a key are not paced.
    fn reserve_key(
        &self,
        caller: &str,
        region: &str,
        key_id: &str,
        now: Instant,
    ) -> Option<Instant> {
        let rate = self.quotas.key_writes();
        if !(rate.is_finite() && rate > 0.0) {
            return None;
        }
        let mut keys = self.keys.lock().unwrap_or_else(PoisonError::into_inner);
        let next = keys
            .entry(KeyTurnKey {
                caller: caller.to_owned(),
                region: region.to_owned(),
                key_id: key_id.to_owned(),
            })
            .or_insert(now);
        let turn = (*next).max(now);
        *next = turn + interval(rate);
        Some(turn)
    }

    /// Reserves the next free turn; `None` when the operation has no quota.
    fn reserve(
        &self,
        caller: &str,
        region: &str,
        operation: &str,
        now: Instant,
    ) -> Option<Instant> {
        let quota = self.quotas.rate(operation)?;
        let mut buckets = self.buckets.lock().unwrap_or_else(PoisonError::into_inner);
        let bucket = buckets
            .entry(key(caller, region, operation))
            .or_insert(Bucket {
                quota,
                rate: quota,
                next: now,
            });
        let turn = bucket.next.max(now);
        bucket.next = turn + interval(bucket.rate);
        Some(turn)
    }

    /// The target throttled `operation`: halve its rate.
    pub fn throttled(&self, caller: &str, region: &str, operation: &str) {
        self.adjust(caller, region, operation, |bucket| {
            bucket.rate = (bucket.rate / 2.0).max(bucket.quota * FLOOR_SHARE);
        });
    }

    /// The target answered `operation` without throttling: recover a step.
    pub fn answered(&self, caller: &str, region: &str, operation: &str) {
        self.adjust(caller, region, operation, |bucket| {
            bucket.rate = (bucket.rate + bucket.quota * RECOVERY_SHARE).min(bucket.quota);
        });
    }

    fn adjust(
        &self,
        caller: &str,
        region: &str,
        operation: &str,
        change: impl FnOnce(&mut Bucket),
    ) {
        let mut buckets = self.buckets.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(bucket) = buckets.get_mut(&key(caller, region, operation)) {
            change(bucket);
        }
    }

    /// The rate `operation` is paced at now, for tests and reports.
    #[must_use]
    pub fn rate(&self, caller: &str, region: &str, operation: &str) -> Option<f64> {
        let buckets = self.buckets.lock().unwrap_or_else(PoisonError::into_inner);
        buckets
            .get(&key(caller, region, operation))
            .map(|b| b.rate)
            .or_else(|| self.quotas.rate(operation))
    }
}

fn key(caller: &str, region: &str, operation: &str) -> BucketKey {
    BucketKey {
        caller: caller.to_owned(),
        region: region.to_owned(),
        operation: operation.to_owned(),
    }
}

fn interval(rate: f64) -> Duration {
    Duration::from_secs_f64(1.0 / rate)
}

#[cfg(test)]
mod tests;
