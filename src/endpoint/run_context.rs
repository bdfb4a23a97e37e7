//! What every scenario of one run shares: the clients for the target, the
//! capabilities it has, the time allowed for reads to catch up, and the
//! record of a target that stopped answering.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::callers::{Callers, NoSecondAccount, Via};
use super::creations::InFlight;
use super::ledger::Ledger;
use crate::wire::{Client, Halt, WireError};

/// Something a scenario may need that not every target offers, named by a
/// `@requires.<name>` tag.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Capability {
    /// Putting a key into any key state on demand (the stub's control
    /// operation). Real KMS reaches `Unavailable` only through a custom key
    /// store and `Updating` only while a multi-Region key's primary Region
    /// changes; the other states are reached by public operations.
    StateControl,
    /// Credentials of a second account.
    SecondAccount,
    /// Multi-Region keys: `CreateKey` with `MultiRegion` and `ReplicateKey`
    /// into the run's other region.
    MultiRegion,
    /// The target judges the signature the client made: not so through a
    /// proxy declared to sign every request again (`--proxy-resigns`),
    /// which makes a valid signature of one the client got wrong on purpose.
    ClientSignatures,
    /// IAM and STS on the target, which let the suite make and assume a
    /// role: the ABAC scenarios make roles and call KMS as them (contract
    /// rows 184 to 191), and judge whether the role's policies are enforced.
    Iam,
}

impl Capability {
    /// Every capability, in the order reports list them.
    pub const ALL: [Self; 5] = [
        Self::StateControl,
        Self::SecondAccount,
        Self::MultiRegion,
        Self::ClientSignatures,
        Self::Iam,
    ];

    /// The tag that asks for it: `@requires.<tag>`.
    #[must_use]
    pub fn tag(self) -> &'static str {
        match self {
            Self::StateControl => "requires.state-control",
            Self::SecondAccount => "requires.second-account",
            Self::MultiRegion => "requires.multi-region",
            Self::ClientSignatures => "requires.client-signatures",
            Self::Iam => "requires.iam",
        }
    }

    /// Why a scenario that needs it is skipped when the target lacks it.
    #[must_use]
    pub fn missing_reason(self) -> &'static str {
        match self {
            Self::StateControl => {
                "needs a target that can put a key into any key state (the built-in stub \
                 can; real KMS reaches Unavailable only with a custom key store and Updating \
                 only while a multi-Region key's primary Region changes)"
            }
            Self::SecondAccount => {
                "needs credentials of a second account (the KMS_CONFORMANCE_SECOND_* \
                 variables; an emulator such as LocalStack maps a 12-digit access key to that \
                 account)"
            }
            Self::MultiRegion => {
                "needs a target with multi-Region keys (ReplicateKey into the other region)"
            }
            Self::ClientSignatures => {
                "needs the client's own signature to reach the target: a proxy that signs every \
                 request again makes a valid one of a signature made wrong on purpose"
            }
            Self::Iam => {
                "needs a target that serves IAM and STS and lets the suite make and assume a role"
            }
        }
    }
}

impl Capability {
    /// [`Self::missing_reason`], then what the target answered when a probe
    /// found it missing.
    #[must_use]
    pub fn skip_reason(self, answered: Option<&str>) -> String {
        match answered {
            Some(answered) => format!("{}: {answered}", self.missing_reason()),
            None => self.missing_reason().to_owned(),
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
    /// What a probe found the target lacks, and what the target answered:
    /// said with the skip, after [`Capability::missing_reason`].
    pub lacking: BTreeMap<Capability, String>,
    /// How long a read may take to show a write (AWS is eventually consistent).
    pub settle: Duration,
    /// How long a key policy change may take to show in what the target
    /// allows (contract row 132); the settle time unless set apart.
    pub auth_settle: Duration,
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
    /// The role the ABAC scenarios assume, when the user brought one
    /// (`--abac-role-arn`); `None`: each scenario makes its own.
    pub brought_role: Option<String>,
    /// What the run made, for cleanup.
    pub ledger: Arc<Ledger>,
    /// Key creations on the wire: an interrupted run waits for them.
    pub creations: InFlight,
    /// Pulled when the run is interrupted: no key or alias is created after.
    pub halt: Arc<Halt>,
    /// Whether a `CreateKey` was retried or went unanswered: a key may exist
    /// that the ledger does not name, so the final sweep also looks for
    /// keys by their description.
    unsure_creations: AtomicBool,
    /// The first transport failure, and the scenario it happened in.
    target_down: Mutex<Option<(String, WireError)>>,
}

impl RunContext {
    /// The run's context; its capabilities follow from the target (state
    /// control on the run's own stub) and the callers (a second account).
    /// Multi-Region keys are taken to be there until [`Self::lacks`] says
    /// otherwise.
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
        capabilities.insert(Capability::MultiRegion);
        capabilities.insert(Capability::ClientSignatures);
        // Probed at connect for any target but the run's own stub, whose
        // verdicts must never turn into skips (a deviation would survive).
        capabilities.insert(Capability::Iam);
        let halt = Arc::new(Halt::default());
        let callers = Callers {
            primary: callers.primary.halted_by(Arc::clone(&halt)),
            other_region: callers.other_region.halted_by(Arc::clone(&halt)),
            second_account: callers
                .second_account
                .map(|client| client.halted_by(Arc::clone(&halt))),
        };
        Self {
            callers,
            creations: InFlight::default(),
            halt,
            unsure_creations: AtomicBool::new(false),
            capabilities,
            lacking: BTreeMap::new(),
            settle,
            auth_settle: settle,
            known_read_lag: None,
            target_is_own_stub,
            run_id,
            brought_role: None,
            ledger,
            target_down: Mutex::new(None),
        }
    }

    /// This context, key policy changes given `auth_settle` to show.
    #[must_use]
    pub fn with_auth_settle(self, auth_settle: Duration) -> Self {
        Self {
            auth_settle,
            ..self
        }
    }

    /// This context, the ABAC scenarios assuming the role `arn` rather than
    /// making their own.
    #[must_use]
    pub fn bringing_role(self, arn: String) -> Self {
        Self {
            brought_role: Some(arn),
            ..self
        }
    }

    /// Records that a probe found the target without `capability`, and why.
    #[must_use]
    pub fn lacks(mut self, capability: Capability, why: String) -> Self {
        self.capabilities.remove(&capability);
        self.lacking.insert(capability, why);
        self
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

    /// Notes that a `CreateKey` was retried or went unanswered.
    pub fn creation_unsure(&self) {
        self.unsure_creations.store(true, Ordering::SeqCst);
    }

    /// Whether a `CreateKey` of the run was retried or went unanswered.
    #[must_use]
    pub fn has_unsure_creations(&self) -> bool {
        self.unsure_creations.load(Ordering::SeqCst)
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
