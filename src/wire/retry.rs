//! What happens around one attempt: pacing before it, and after an answer
//! that says nothing about the request, another attempt after a backoff.
//!
//! Three answers are not verdicts, and the call is sent again:
//!
//! - a `ThrottlingException` (HTTP 400, `__type` with or without a
//!   namespace): KMS answers it before looking at the request, and a
//!   throttled call has no effect (contract rows 149 and 150);
//! - a server fault, any 5xx: KMS's faults are documented as retryable
//!   (row 41), and the SDKs send them again;
//! - a `NotFoundException` about a key this run made, named as its
//!   `CreateKey` answer named it, within the settle time of its making: the
//!   eventual consistency of row 76 ([`fresh_keys`]).
//!
//! Each is sent again with capped exponential backoff and full jitter, as
//! the AWS SDKs do (row 151), within a bounded number of attempts and a
//! bounded time; a fault from a shorter base and within fewer attempts, as
//! the SDKs treat transient errors. One that persists is returned as it
//! came, for the scenario to judge: a target that answers 500 to a bad
//! request fails as it always did, a few attempts later. Every other answer
//! is returned at once. The returned [`Exchange`] says how many throttled
//! and how many transient attempts preceded it.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use super::{Client, ErrorCode, Exchange, Operation, Pacer, WireError, WireRequest};

mod fresh_keys;

pub(crate) use self::fresh_keys::FreshKeys;
use self::fresh_keys::key_id_sent;

/// The operations that make something a run must clean up.
const CREATING: [Operation; 3] = [
    Operation::CreateKey,
    Operation::CreateAlias,
    Operation::ReplicateKey,
];

/// How throttled calls and transient faults are retried.
///
/// The defaults follow the AWS SDKs' backoff (`@aws-sdk/middleware-retry`,
/// `constants.ts`: `THROTTLING_RETRY_DELAY_BASE` 500 ms, `DEFAULT_RETRY_DELAY_BASE`
/// 100 ms for other transient errors, `MAXIMUM_RETRY_DELAY` 20 s,
/// `DEFAULT_MAX_ATTEMPTS` 3, full jitter), with more attempts than the SDKs'
/// three for a throttle: a suite run must not turn a throttle into a
/// failure, and its pacing keeps throttles rare. A fault keeps the SDKs'
/// three: one that persists is a verdict, and should cost little.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RetryPolicy {
    /// Attempts in all for a throttled call, the first included; 1 never retries.
    pub max_attempts: u32,
    /// The backoff ceiling of a throttle's first retry; it doubles with each retry.
    pub base: Duration,
    /// The most one backoff can be.
    pub cap: Duration,
    /// No retry starts once this much time has passed since the first attempt.
    pub budget: Duration,
    /// Attempts in all for a call answered with a server fault (5xx), the
    /// first included; 1 never retries one.
    pub fault_attempts: u32,
    /// The backoff ceiling of a fault's first retry, and of a fresh key's
    /// `NotFoundException`; it doubles with each retry.
    pub fault_base: Duration,
    /// How long after this run saw a key made a `NotFoundException` about it
    /// is taken for eventual consistency and sent again: the settle time.
    /// Zero, the default, never takes it so.
    pub fresh_key_window: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 10,
            base: Duration::from_millis(500),
            cap: Duration::from_secs(20),
            budget: Duration::from_mins(2),
            fault_attempts: 3,
            fault_base: Duration::from_millis(100),
            fresh_key_window: Duration::ZERO,
        }
    }
}

impl RetryPolicy {
    /// The pause before another attempt after a throttle, after `retries`
    /// retries so far and `elapsed` since the first attempt; `None` when
    /// the budget is spent.
    #[must_use]
    pub fn pause(&self, retries: u32, elapsed: Duration) -> Option<Duration> {
        (retries + 1 < self.max_attempts)
            .then(|| self.backoff(self.base, retries))
            .filter(|pause| elapsed + *pause < self.budget)
    }

    /// The pause before another attempt after a server fault, as
    /// [`Self::pause`] with the fault's base and bound.
    #[must_use]
    pub fn fault_pause(&self, retries: u32, elapsed: Duration) -> Option<Duration> {
        (retries + 1 < self.fault_attempts)
            .then(|| self.backoff(self.fault_base, retries))
            .filter(|pause| elapsed + *pause < self.budget)
    }

    /// The pause before asking again about a key made `age` ago that was
    /// not found, after `retries` such retries; `None` once the settle
    /// time since its making would be over.
    #[must_use]
    pub fn unsettled_pause(&self, retries: u32, age: Duration) -> Option<Duration> {
        (retries + 1 < self.max_attempts)
            .then(|| self.backoff(self.fault_base, retries))
            .filter(|pause| age + *pause < self.fresh_key_window)
    }

    /// Full jitter under a ceiling that doubles from `base` with each retry, capped.
    fn backoff(&self, base: Duration, retries: u32) -> Duration {
        let ceiling = base
            .saturating_mul(1u32.checked_shl(retries).unwrap_or(u32::MAX))
            .min(self.cap);
        ceiling.mul_f64(fastrand::f64())
    }
}

/// Whether `exchange` is a throttle: HTTP 400 with `__type` `ThrottlingException`.
#[must_use]
pub(crate) fn is_throttling(exchange: &Exchange) -> bool {
    exchange.status == 400 && exchange.body_error_code() == Some(ErrorCode::ThrottlingException)
}

/// Whether `exchange` is a server fault: any 5xx, KMS's retryable faults
/// (contract row 41) and a crashed handler alike.
#[must_use]
pub(crate) fn is_server_fault(exchange: &Exchange) -> bool {
    (500..600).contains(&exchange.status)
}

/// Why an answer is sent again, if it is.
enum Transient {
    Throttle,
    Fault,
    /// A key made this long ago not found yet.
    Unsettled(Duration),
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

    /// The same client, retrying throttles and transient faults as `retry` says.
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

    /// Sends `requests` of `operation` all at once, each once: no pacing, no
    /// retry, for a burst meant to be throttled. Where the client paces, the
    /// burst's turns are taken first (`Pacer::hold`), of `operation` and of
    /// the key they write to, so that the run's own later requests wait
    /// behind it. The exchanges come back in the
    /// order of `requests`; the burst is not reported to the pacer, whose
    /// rate its throttles must not halve.
    ///
    /// # Errors
    /// The first [`WireError`], when a request got no complete response.
    pub async fn burst(
        &self,
        operation: Operation,
        requests: Vec<WireRequest>,
    ) -> Result<Vec<Exchange>, WireError> {
        if let Some(pacer) = &self.pacer {
            let caller = self.credentials.access_key_id();
            pacer
                .hold(caller, &self.region, operation.name(), &requests)
                .await;
        }
        // Each call once: a throttle, a fault or a fresh key's NotFound alike
        // is the call's answer, for the scenario to judge.
        let raw = self.clone().paced(None).retrying(RetryPolicy {
            max_attempts: 1,
            fault_attempts: 1,
            fresh_key_window: Duration::ZERO,
            ..self.retry
        });
        futures::future::join_all(requests.into_iter().map(|r| raw.send(r)))
            .await
            .into_iter()
            .collect()
    }

    /// Sends `request` as it is (signing it when asked): paced when the
    /// client paces, sent again after a throttle or a transient fault.
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
        let (mut throttled, mut faults, mut unsettled) = (0, 0, 0);
        loop {
            if let Some(pacer) = &self.pacer {
                pacer.wait_key_turn(caller, &self.region, &request).await;
            }
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
            let transient = self.transient(&request, &exchange);
            if let (Some(pacer), Some(operation)) = (&self.pacer, operation) {
                if matches!(transient, Some(Transient::Throttle)) {
                    pacer.throttled(caller, &self.region, operation);
                } else {
                    pacer.answered(caller, &self.region, operation);
                }
            }
            let elapsed = started.elapsed();
            let pause = match transient {
                Some(Transient::Throttle) => self.retry.pause(throttled, elapsed).inspect(|_| {
                    throttled += 1;
                }),
                Some(Transient::Fault) => self.retry.fault_pause(faults, elapsed).inspect(|_| {
                    faults += 1;
                }),
                Some(Transient::Unsettled(age)) => {
                    self.retry.unsettled_pause(unsettled, age).inspect(|_| {
                        unsettled += 1;
                    })
                }
                None => None,
            };
            if let Some(pause) = pause {
                tokio::time::sleep(pause).await;
                continue;
            }
            self.fresh
                .note(caller, &self.region, &exchange, self.retry.fresh_key_window);
            exchange.throttled = throttled;
            exchange.transient = faults + unsettled;
            return Ok(exchange);
        }
    }

    /// Whether `exchange`, the answer to `request`, says nothing of the
    /// request yet, and why.
    fn transient(&self, request: &WireRequest, exchange: &Exchange) -> Option<Transient> {
        if is_throttling(exchange) {
            return Some(Transient::Throttle);
        }
        if is_server_fault(exchange) {
            return Some(Transient::Fault);
        }
        if (400..500).contains(&exchange.status)
            && exchange.body_error_code() == Some(ErrorCode::NotFoundException)
        {
            let key_id = key_id_sent(&request.body)?;
            let caller = self.credentials.access_key_id();
            return self
                .fresh
                .age(caller, &self.region, &key_id)
                .map(Transient::Unsettled);
        }
        None
    }
}

#[cfg(test)]
mod tests;
