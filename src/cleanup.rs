//! Leaving nothing behind on a target: scheduling the deletion of the keys
//! the suite made (the shortest window, 7 days) and deleting its aliases.
//!
//! Used after every scenario, at the end of every run for whatever the
//! ledger still holds (a scenario interrupted by Ctrl-C, an after hook that
//! could not run), and by `kms-conformance cleanup` for earlier runs.
//!
//! - `calls`: the two calls that clean up one resource, [`schedule_deletion`]
//!   and [`delete_alias`]; every other part goes through them.
//! - `sweep`: a run cleaning up after itself, from its own ledger
//!   ([`sweep()`]) and, after an interruption, from the marker in its keys'
//!   descriptions ([`sweep_unrecorded`]).
//! - `leftovers`: what earlier runs left ([`find_leftovers`]), removed one
//!   by one ([`remove`]).
//! - `strays`: keys a retried `CreateKey` may have made unseen, adopted by
//!   their scenario ([`adopt_strays`]).
//! - `search`: the listings both of those use to find the suite's keys and
//!   aliases on the target when no ledger names them; `role_search` the
//!   one that finds its IAM roles.

mod calls;
mod leftovers;
mod role_search;
mod search;
mod strays;
mod sweep;

pub(crate) use self::calls::{PENDING_WINDOW_DAYS, delete_alias, delete_role, schedule_deletion};
pub(crate) use self::leftovers::{Leftover, find_leftovers, find_marked_roles, remove};
pub(crate) use self::strays::adopt_strays;
pub(crate) use self::sweep::sweep_run;
use crate::endpoint::NoSecondAccount;
use crate::endpoint::ledger::LedgerError;
use crate::wire::WireError;

/// The alias names the suite makes start with this.
pub(crate) const ALIAS_PREFIX: &str = "alias/kms-conformance/";

/// Why something could not be cleaned up.
#[derive(Debug)]
pub(crate) enum CleanupError {
    /// The target did not answer: going on would wait out a dead target.
    Transport(WireError),
    /// The target answered with a refusal (or a listing it could not page).
    Refused(String),
    /// The resource belongs to the second account, and this run has none:
    /// nothing was asked of the target.
    NoCaller(NoSecondAccount),
    /// The ledger could not be read or updated.
    Ledger(LedgerError),
}

impl std::fmt::Display for CleanupError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Transport(error) => error.fmt(f),
            Self::Refused(refusal) => f.write_str(refusal),
            Self::NoCaller(error) => write!(f, "made by the second account: {error}"),
            Self::Ledger(error) => error.fmt(f),
        }
    }
}

impl std::error::Error for CleanupError {}

impl From<NoSecondAccount> for CleanupError {
    fn from(error: NoSecondAccount) -> Self {
        Self::NoCaller(error)
    }
}

impl From<LedgerError> for CleanupError {
    fn from(error: LedgerError) -> Self {
        Self::Ledger(error)
    }
}

impl From<WireError> for CleanupError {
    fn from(error: WireError) -> Self {
        Self::Transport(error)
    }
}
