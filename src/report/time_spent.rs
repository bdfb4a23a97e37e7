//! Where a scenario's time went: its exchanges, and each kind of wait
//! between them, so a run can show what waiting costs and why.
//!
//! A run against a target that answers reads at once should spend its time
//! in exchanges; time in waits is the price of a target's lag, of its
//! quotas, or of a check that could not be made behind a barrier. The
//! summary adds the scenarios' times up, cause by cause (they overlap in
//! wall time: scenarios run side by side), and names every scenario that
//! waited out `--settle` because no barrier could be written, with why.

use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

/// Why a scenario waited without an exchange on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum WaitCause {
    /// Between reads, until they showed a write (a positive check, a key
    /// state, a new replica): bounded by `--settle`.
    ReadsToShow,
    /// Between reads, until a listing showed the barrier's own write.
    Barrier,
    /// The whole settle time (or the known read lag), where no barrier could
    /// be written.
    SettleOut,
    /// Between probes, until a key policy was in force: bounded by
    /// `--auth-settle`.
    PolicyInForce,
    /// A turn under the request quotas, or under the pace of writes to one
    /// key (contract §8).
    Pacing,
    /// Backing off after a throttle, and the throttled attempts themselves.
    Throttled,
    /// A whole `--settle` after a removal was first seen, before reading
    /// that it lasts (contract row 211): on purpose, once a run.
    Lasting,
}

impl WaitCause {
    /// Every cause, in the order reports list them.
    pub const ALL: [Self; 7] = [
        Self::ReadsToShow,
        Self::Barrier,
        Self::SettleOut,
        Self::PolicyInForce,
        Self::Pacing,
        Self::Throttled,
        Self::Lasting,
    ];

    /// Its name in the results file.
    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            Self::ReadsToShow => "reads_to_show",
            Self::Barrier => "barrier",
            Self::SettleOut => "settle_out",
            Self::PolicyInForce => "policy_in_force",
            Self::Pacing => "pacing",
            Self::Throttled => "throttled",
            Self::Lasting => "lasting",
        }
    }

    /// What it is, for the summary.
    #[must_use]
    pub fn phrase(self) -> &'static str {
        match self {
            Self::ReadsToShow => "polling for writes to show",
            Self::Barrier => "reading up to a barrier",
            Self::SettleOut => "waiting out --settle without a barrier",
            Self::PolicyInForce => "polling for key policies in force",
            Self::Pacing => "pacing under quotas",
            Self::Throttled => "throttled and backing off",
            Self::Lasting => "waiting to judge that a removal lasts",
        }
    }

    /// The cause a results file names by `key`, if any.
    #[must_use]
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.key() == key)
    }
}

/// One scenario's time, or a run's added up.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TimeSpent {
    /// In the scenario's recorded exchanges, from sending to the last byte.
    pub exchanges: Duration,
    /// In its cleanup after it ended (not recorded as exchanges).
    pub cleanup: Duration,
    /// In waits, by cause; a cause it never waited for is absent.
    pub waits: BTreeMap<WaitCause, Duration>,
    /// Each check that waited out the settle time because no barrier could
    /// be written, and why, one line each.
    pub slowed: Vec<String>,
}

impl TimeSpent {
    /// Adds `time` to the waits of `cause`.
    pub fn waited(&mut self, cause: WaitCause, time: Duration) {
        if !time.is_zero() {
            *self.waits.entry(cause).or_default() += time;
        }
    }

    /// Every wait, whatever its cause.
    #[must_use]
    pub fn waiting(&self) -> Duration {
        self.waits.values().sum()
    }

    /// Adds `other` to this (the slowed lines are a scenario's own, and stay).
    pub fn add(&mut self, other: &Self) {
        self.exchanges += other.exchanges;
        self.cleanup += other.cleanup;
        for (cause, time) in &other.waits {
            self.waited(*cause, *time);
        }
    }
}

/// `0.42 s in exchanges, 0.03 s in cleanup; waits: 5.01 s waiting out
/// --settle without a barrier, 0.12 s polling for writes to show`: a
/// run's time line.
impl fmt::Display for TimeSpent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:.2} s in exchanges, {:.2} s in cleanup; waits: ",
            self.exchanges.as_secs_f64(),
            self.cleanup.as_secs_f64()
        )?;
        if self.waits.is_empty() {
            return write!(f, "none");
        }
        let parts: Vec<String> = WaitCause::ALL
            .into_iter()
            .filter_map(|cause| {
                let time = self.waits.get(&cause)?;
                Some(format!("{:.2} s {}", time.as_secs_f64(), cause.phrase()))
            })
            .collect();
        write!(f, "{}", parts.join(", "))
    }
}

#[cfg(test)]
mod tests;
