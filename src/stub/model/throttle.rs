//! Request quotas, as KMS enforces them (contract §8): a token bucket per
//! account, region and operation, holding one second's worth of requests
//! and refilling at the quota's rate. A request that finds the bucket empty
//! is answered `ThrottlingException` (row 149) before anything else looks at
//! it, and so has no effect (row 150).
//!
//! Time is the call's own clock ([`super::Call::at`]), so the model stays
//! free of I/O and its tests need no waiting.

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime};

use super::{Caller, KmsError};
use crate::wire::{ErrorCode, Operation, Quotas};

/// The documented text of a throttle (contract row 149; DOC, never asserted).
pub(crate) const THROTTLING_MESSAGE: &str =
    "You have exceeded the rate at which you may call KMS. Reduce the frequency of your calls.";

#[derive(Debug)]
struct Bucket {
    tokens: f64,
    at: SystemTime,
}

/// The stub's quotas and what is left of them.
#[derive(Debug)]
pub(crate) struct Throttle {
    quotas: Quotas,
    buckets: BTreeMap<(String, String, Operation), Bucket>,
}

impl Throttle {
    /// Enforces `quotas` (requests per second per account and region).
    #[must_use]
    pub(crate) fn new(quotas: Quotas) -> Self {
        Self {
            quotas,
            buckets: BTreeMap::new(),
        }
    }

    /// Spends a token of `caller`'s `operation` bucket at `at`; `false`
    /// when there is none left. Operations without a quota always pass.
    pub(crate) fn admit(&mut self, caller: &Caller, operation: Operation, at: SystemTime) -> bool {
        let Some(rate) = self.quotas.rate(operation.name()) else {
            return true;
        };
        let capacity = rate.max(1.0);
        let bucket = self
            .buckets
            .entry((caller.account.clone(), caller.region.clone(), operation))
            .or_insert(Bucket {
                tokens: capacity,
                at,
            });
        // A clock that steps back refills nothing.
        let elapsed = at.duration_since(bucket.at).unwrap_or(Duration::ZERO);
        bucket.tokens = (bucket.tokens + elapsed.as_secs_f64() * rate).min(capacity);
        bucket.at = bucket.at.max(at);
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

impl KmsError {
    /// Over quota: `ThrottlingException` (contract row 149).
    pub(crate) fn throttling() -> Self {
        Self::client(ErrorCode::ThrottlingException, THROTTLING_MESSAGE)
    }
}

#[cfg(test)]
mod tests;
