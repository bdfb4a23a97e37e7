//! KMS request quotas: how many requests per second each operation may make
//! per account and region (contract row 147), the one table the client's
//! pacing, the stub's throttling and a run's upfront estimate all read;
//! and the pace of writes to one key, the suite's own choice where KMS
//! publishes no number (contract row 183).

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use super::{Operation, QueryOperation};

/// The default quotas of contract row 147, requests per second. An
/// operation not listed is not limited by the suite (nor by the stub).
const DEFAULTS: [(Operation, f64); 15] = [
    (Operation::CreateKey, 5.0),
    (Operation::UntagResource, 5.0),
    (Operation::TagResource, 10.0),
    (Operation::ScheduleKeyDeletion, 15.0),
    (Operation::PutKeyPolicy, 15.0),
    (Operation::ListResourceTags, 2000.0),
    (Operation::DescribeKey, 2000.0),
    (Operation::GetKeyPolicy, 1000.0),
    (Operation::ListKeys, 500.0),
    (Operation::ListAliases, 500.0),
    (Operation::DisableKey, 5.0),
    (Operation::EnableKey, 5.0),
    (Operation::CancelKeyDeletion, 5.0),
    (Operation::ReplicateKey, 5.0),
    (Operation::CreateAlias, 5.0),
];

/// Writes a second to one key: KMS throttles "a burst or sustained high
/// rate of requests to change the state of the same KMS key" (a "hot key")
/// below the per-account quotas and publishes no number, so this is the
/// suite's choice (contract row 183, UNK): well under the lowest quota of
/// any operation that changes a key (5 a second), and slow enough that no
/// scenario's few writes to its key make a burst. The one burst is the
/// one sent on purpose to be throttled (contract row 213), which the
/// pacing counts against its key all the same (`Pacer::hold`).
pub(crate) const KEY_WRITES_PER_SECOND: f64 = 1.0;

/// Requests per second per operation, for one account in one region,
/// keyed by the name a request is sent under: an override (`--quota`) may
/// name an operation [`Operation`] does not list. And the writes a second
/// to any one key.
#[derive(Clone, Debug, PartialEq)]
pub struct Quotas {
    rates: BTreeMap<String, f64>,
    key_writes: f64,
}

impl Default for Quotas {
    /// KMS's default quotas (contract row 147), [`KEY_WRITES_PER_SECOND`]
    /// to one key, and the rates the suite paces IAM and STS at, by action
    /// (`iam:CreateRole`): theirs are unpublished (contract row 201), so
    /// those are the suite's choice ([`QueryOperation::paced_rate`]).
    fn default() -> Self {
        let kms = DEFAULTS
            .iter()
            .map(|(operation, rate)| (operation.name().to_owned(), *rate));
        let iam_and_sts = QueryOperation::ALL
            .iter()
            .map(|operation| (operation.action(), operation.paced_rate()));
        Self {
            rates: kms.chain(iam_and_sts).collect(),
            key_writes: KEY_WRITES_PER_SECOND,
        }
    }
}

impl Quotas {
    /// The quota of `operation` in requests per second; `None` when it has none.
    #[must_use]
    pub fn rate(&self, operation: &str) -> Option<f64> {
        self.rates.get(operation).copied()
    }

    /// Writes a second to one key (see [`KEY_WRITES_PER_SECOND`]).
    #[must_use]
    pub fn key_writes(&self) -> f64 {
        self.key_writes
    }

    /// Sets one operation's quota (`--quota CreateKey=20`).
    pub fn set(&mut self, quota: &Quota) {
        self.rates.insert(quota.operation.clone(), quota.rate);
    }

    /// Every quota, and the pace of writes to one key, multiplied by
    /// `factor` (`--throttle-scale`).
    #[must_use]
    pub fn scaled(&self, factor: f64) -> Self {
        Self {
            rates: self
                .rates
                .iter()
                .map(|(operation, rate)| (operation.clone(), rate * factor))
                .collect(),
            key_writes: self.key_writes * factor,
        }
    }

    /// `(operation, requests per second)`, by operation name.
    pub fn iter(&self) -> impl Iterator<Item = (&str, f64)> {
        self.rates
            .iter()
            .map(|(operation, rate)| (operation.as_str(), *rate))
    }
}

/// One `OPERATION=RPS` override from the command line.
#[derive(Clone, Debug, PartialEq)]
pub struct Quota {
    /// The operation, as `X-Amz-Target` names it without `TrentService.`;
    /// an IAM or STS operation by its action (`iam:CreateRole`).
    pub operation: String,
    /// Requests per second, more than zero.
    pub rate: f64,
}

impl FromStr for Quota {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let (operation, rate) = text
            .split_once('=')
            .ok_or_else(|| format!("{text:?} is not OPERATION=REQUESTS_PER_SECOND"))?;
        let rate: f64 = rate
            .trim()
            .parse()
            .map_err(|_| format!("{rate:?} is not a number of requests per second"))?;
        if !(rate.is_finite() && rate > 0.0) {
            return Err(format!("the quota of {operation} must be above zero"));
        }
        let operation = operation.trim();
        // An IAM or STS operation is named by its action: `iam:CreateRole`.
        let name = operation
            .split_once(':')
            .map_or(operation, |(_, name)| name);
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(format!("{operation:?} is not an operation name"));
        }
        Ok(Self {
            operation: operation.to_owned(),
            rate,
        })
    }
}

impl fmt::Display for Quota {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}={}", self.operation, self.rate)
    }
}

#[cfg(test)]
mod tests;
