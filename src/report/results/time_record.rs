//! A scenario's or a run's time in a results file: milliseconds in
//! exchanges, in cleanup, and in waits by cause (`report::time_spent`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::millis;
use crate::report::time_spent::TimeSpent;

/// ```json
/// "time": {
///   "exchanges_ms": 412,      // in the scenario's recorded exchanges
///   "cleanup_ms": 9,          // in its cleanup, after it ended
///   "waits_ms": { "settle_out": 5003, "reads_to_show": 40 },  // by cause; a cause never waited for is absent
///   "slowed": ["..."]         // checks that waited out --settle without a barrier, and why
/// }
/// ```
///
/// The causes: `reads_to_show` (polling until reads show a write),
/// `barrier` (reading up to the barrier's own write), `settle_out` (the
/// whole settle time, no barrier could be written), `policy_in_force`
/// (polling until a key policy is in force), `pacing` (a turn under the
/// request quotas or the pace of writes to one key), `throttled` (throttled
/// attempts and their backoff), `lasting` (the settle time a removal is
/// given before a read judges that it lasts). A run's `time` adds its scenarios' up
/// (they overlap in wall time) and has no `slowed`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct TimeRecord {
    /// In exchanges, in milliseconds.
    pub exchanges_ms: u64,
    /// In cleanup, in milliseconds.
    pub cleanup_ms: u64,
    /// In waits, by the cause's key, in milliseconds.
    pub waits_ms: BTreeMap<String, u64>,
    /// Why a check waited out the settle time, one line each.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub slowed: Vec<String>,
}

impl TimeRecord {
    /// The record of `time`.
    #[must_use]
    pub(crate) fn of(time: &TimeSpent) -> Self {
        Self {
            exchanges_ms: millis(time.exchanges),
            cleanup_ms: millis(time.cleanup),
            waits_ms: time
                .waits
                .iter()
                .map(|(cause, wait)| (cause.key().to_owned(), millis(*wait)))
                .collect(),
            slowed: time.slowed.clone(),
        }
    }
}
