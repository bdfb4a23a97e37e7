//! What every scenario of one run shares: the clients for the target, the
//! capabilities it has, the time allowed for reads to catch up, and the
//! record of a target that stopped answering.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::callers::{Callers, NoSecondAccount, Via};
use super::ledger::Ledger;
use crate::wire::{Client, WireError};

/// Something a scenario may need that not every target offers, named by a
/// `@requires.<name>` tag.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Capability {
    /// Putting a key into any key state on demand (the stub's control
    /// operation). Real KMS reaches `Unavailable`, `Creating`, `Updating` and
    /// `PendingReplicaDeletion` only through custom key stores and
    /// multi-Region replicas.
    StateControl,
    /// Credentials of a second account.
    SecondAccount,
}

impl Capability {
    /// Every capability, in the order reports list them.
    pub const ALL: [Self; 2] = [Self::StateControl, Self::SecondAccount];

    /// The tag that asks for it: `@requires.<tag>`.
    #[must_use]
    pub fn tag(self) -> &'static str {
        match self {
            Self::StateControl => "requires.state-control",
            Self::SecondAccount => "requires.second-account",
        }
    }

    /// Why a scenario that needs it is skipped when the target lacks it.
    #[must_use]
    pub fn missing_reason(self) -> &'static str {
        match self {
            Self::StateControl => {
                "needs a target that can put a key into any key state (the built-in stub \
                 can; real KMS needs a custom key store or a multi-Region replica)"
            }
            Self::SecondAccount => {
                "needs credentials of a second account (the KMS_CONFORMANCE_SECOND_* \
                 variables; an emulator such as LocalStack maps a 12-digit access key to that \
                 account)"
            }
        }
    }
}

/// The run-wide state every scenario's World holds a handle to.
#[derive(Debug)]
pub struct RunContext {
    /// The clients scenarios send through, one per caller.
    pub callers: Callers,
    /// What the target offers; a scenario that `@requires` anything else is
    /// skipped.
    pub capabilities: BTreeSet<Capability>,
    /// How long a read may take to show a write (AWS is eventually consistent).
    pub settle: Duration,
    /// How far the target's reads are known to lag its writes: the run's own
    /// stub's read lag; `None` for any other target, whose reads are
    /// trusted only after [`Self::settle`].
    pub known_read_lag: Option<Duration>,
    /// Whether the target is the run's own stub: its control operation may
    /// be used, and it is thrown away after the run, so nothing needs
    /// cleaning up.
    pub target_is_own_stub: bool,
    /// Written into every key's description, so a run's keys can be found.
    pub run_id: String,
    /// What the run made, for cleanup.
    pub ledger: Arc<Ledger>,
    /// The first transport failure, and the scenario it happened in.
    target_down: Mutex<Option<(String, WireError)>>,
}

impl RunContext {
    /// The run's context; its capabilities follow from the target (state
    /// control on the run's own stub) and the callers (a second account).
    #[must_use]
    pub fn new(
        callers: Callers,
        settle: Duration,
        target_is_own_stub: bool,
        run_id: String,
        ledger: Arc<Ledger>,
    ) -> Self {
        let mut capabilities = BTreeSet::new();
        if target_is_own_stub {
            capabilities.insert(Capability::StateControl);
        }
        if callers.second_account.is_some() {
            capabilities.insert(Capability::SecondAccount);
        }
        Self {
            callers,
            capabilities,
            settle,
            known_read_lag: None,
            target_is_own_stub,
            run_id,
            ledger,
            target_down: Mutex::new(None),
        }
    }

    /// The client a caller uses.
    ///
    /// # Errors
    /// When the run has no second account.
    pub fn client(&self, via: Via) -> Result<Client, NoSecondAccount> {
        self.callers.client(via)
    }

    /// Records a transport failure; the first one is kept.
    pub fn report_target_down(&self, scenario: &str, error: &WireError) {
        let mut slot = self
            .target_down
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if slot.is_none() {
            *slot = Some((scenario.to_owned(), error.clone()));
        }
    }

    /// The first transport failure of the run, if any.
    #[must_use]
    pub fn target_down(&self) -> Option<(String, WireError)> {
        self.target_down
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }
}
