//! What happens around one attempt: pacing before it, and after a
//! `ThrottlingException`, another attempt after a backoff.
//!
//! A throttle is never a verdict: KMS answers it before looking at the
//! request, and a throttled call has no effect (contract rows 149 and 150),
//! so the call is sent again, as the AWS SDKs do (row 151): capped
//! exponential backoff with full jitter, within a bounded number of
//! attempts and a bounded time. Only a 400 whose `__type` names
//! `ThrottlingException` (with or without a namespace) is retried; every
//! other answer, a 500 included, is returned as it came, for the scenario to
//! judge. The returned [`Exchange`] says how many throttled attempts
//! preceded it.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use super::{Client, ErrorCode, Exchange, Operation, Pacer, WireError, WireRequest};

/// The operations that make something a run must clean up.
const CREATING: [Operation; 3] = [
    Operation::CreateKey,
    Operation::CreateAlias,
    Operation::ReplicateKey,
];

/// How throttled calls are retried.
///
/// The defaults follow the AWS SDKs' throttling backoff (`@aws-sdk/middleware-retry`,
/// `constants.ts`: `THROTTLING_RETRY_DELAY_BASE` 500 ms, `MAXIMUM_RETRY_DELAY`
/// 20 s, full jitter), with more attempts than the SDKs' three: a suite run
/// must not turn a throttle into a failure, and its pacing keeps throttles rare.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included; 1 never retries.
    pub max_attempts: u32,
    /// The backoff ceiling of the first retry; it doubles with each retry.
    pub base: Duration,
    /// The most one backoff can be.
    pub cap: Duration,
    /// No retry starts once this much time has passed since the first attempt.
    pub budget: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 10,
            base: Duration::from_millis(500),
            cap: Duration::from_secs(20),
            budget: Duration::from_mins(2),
        }
    }
}

impl RetryPolicy {
    /// The pause before another attempt, after `retries` retries so far and
    /// `elapsed` since the first attempt; `None` when the budget is spent.
    #[must_use]
    pub fn pause(&self, retries: u32, elapsed: Duration) -> Option<Duration> {
        if retries + 1 >= self.max_attempts {
            return None;
        }
        let ceiling = self
            .base
            .saturating_mul(1u32.checked_shl(retries).unwrap_or(u32::MAX))
            .min(self.cap);
        let pause = ceiling.mul_f64(fastrand::f64());
        (elapsed + pause < self.budget).then_some(pause)
    }
}

/// Whether `exchange` is a throttle: HTTP 400 with `__type` `ThrottlingException`.
#[must_use]
pub fn is_throttling(exchange: &Exchange) -> bool {
    exchange.status == 400 && exchange.body_error_code() == Some(ErrorCode::ThrottlingException)
}

/// Once pulled (Ctrl-C), no request that would create something is sent:
/// the run is about to sweep what it made, and a key made after the sweep
/// would be left behind. Requests already on the wire finish.
#[derive(Debug, Default)]
pub struct Halt(AtomicBool);

impl Halt {
    /// Stops every later request that creates something.
    pub fn pull(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    /// Whether it was pulled.
    #[must_use]
    pub fn is_pulled(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }

    fn holds_back(&self, operation: Operation) -> bool {
        self.is_pulled() && CREATING.contains(&operation)
    }
}

impl Client {
    /// The same client, pacing its requests with `pacer` (shared by the run).
    #[must_use]
    pub fn paced(self, pacer: Option<Arc<Pacer>>) -> Self {
        Self { pacer, ..self }
    }

    /// The same client, retrying throttles as `retry` says.
    #[must_use]
    pub fn retrying(self, retry: RetryPolicy) -> Self {
        Self { retry, ..self }
    }

    /// The same client, holding back creating requests once `halt` is pulled.
    #[must_use]
    pub fn halted_by(self, halt: Arc<Halt>) -> Self {
        Self {
            halt: Some(halt),
            ..self
        }
    }

    /// The run's pacing, if it paces.
    #[must_use]
    pub fn pacer(&self) -> Option<&Arc<Pacer>> {
        self.pacer.as_ref()
    }

    /// Sends `request` as it is (signing it when asked): paced when the
    /// client paces, sent again after a throttle.
    ///
    /// # Errors
    /// A [`WireError`] when no complete HTTP response came back, or when
    /// the run is stopping and the request would create something.
    pub async fn send(&self, request: WireRequest) -> Result<Exchange, WireError> {
        // Paced by the name it is sent under, listed or not: `--quota` may
        // name any operation.
        let operation = request.operation_name().map(str::to_owned);
        let operation = operation.as_deref();
        let kms_operation = request.called();
        let caller = self.credentials.access_key_id();
        let started = Instant::now();
        let mut retries = 0;
        loop {
            if let (Some(pacer), Some(operation)) = (&self.pacer, operation) {
                pacer.wait_turn(caller, &self.region, operation).await;
            }
            if let Some(halt) = &self.halt
                && let Some(operation) = kms_operation
                && halt.holds_back(operation)
            {
                return Err(WireError::Halted { operation });
            }
            let mut exchange = self.send_once(&request).await?;
            let throttled = is_throttling(&exchange);
            if let (Some(pacer), Some(operation)) = (&self.pacer, operation) {
                if throttled {
                    pacer.throttled(caller, &self.region, operation);
                } else {
                    pacer.answered(caller, &self.region, operation);
                }
            }
            if throttled && let Some(pause) = self.retry.pause(retries, started.elapsed()) {
                retries += 1;
                tokio::time::sleep(pause).await;
                continue;
            }
            exchange.throttled = retries;
            return Ok(exchange);
        }
    }
}

#[cfg(test)]
mod tests;
