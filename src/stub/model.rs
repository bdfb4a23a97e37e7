//! The reference model: KMS as a pure state machine.
//!
//! Accounts, regions, keys, key states, tags and aliases, and the answer to
//! each operation the suite uses, as the contract (`docs/contract.md`) says
//! AWS gives it. No I/O: the HTTP adapter (`stub::http`) turns requests
//! into [`Call`]s and replies into responses; the caller's clock comes in with
//! the call.
//!
//! An operation is answered in two steps. Its `validate` turns the request's
//! members into the operation's input struct, or into the error KMS answers
//! before it looks at any key: a `SerializationException` for a member of
//! the wrong JSON type, one `ValidationException` naming every constraint
//! violated (`validate.rs`). Its handler, a method of [`Model`], then gets
//! the input whole: it resolves the key (`resolve.rs`, which refuses
//! cross-account use), checks the key's state (`check_state`), changes the
//! model and `commit`s the key for lagging reads.
//!
//! The model holds KMS's behaviour only. A stub built to be wrong on
//! purpose (to prove that a scenario can fail) bends it at a few seams the
//! model exposes (`seams.rs`, which lists them): at each, the model works
//! out KMS's answer and asks the seam for the one to use. A model made with
//! [`Model::new`] has nothing plugged in, and answers as KMS does.
//!
//! # Adding an operation
//!
//! 1. An input struct with one field per member the stub reads, holding
//!    validated values (`&'a str` borrowed from the request, an enum for an
//!    enum member), in the file of its kind of operation (`tags.rs`,
//!    `lifecycle.rs`, `aliases.rs`, ...; a new file rather than one past
//!    ~400 lines).
//! 2. Its `validate(Validator) -> Result<Self, KmsError>`: read the members
//!    in the order the AWS deserializer meets them (`?` on a wrong type),
//!    record violations with the `Validator` (its `key_id`, `tag_keys` and
//!    `new_tags` are the shared rules, asked of the validation seam), and end with
//!    `finish`, handing it the input: `None` only when a `required` member
//!    is missing, so the handler never sees a member it must unwrap.
//! 3. Its handler, `fn operation(&mut self, caller, input) -> Result<Output, KmsError>`,
//!    which names the operation when it resolves a key: `resolve` authorizes
//!    it by the key's policy (`authorize.rs`; an operation whose request
//!    carries condition keys, as the tagging calls do, passes an `Access`).
//!    Multi-Region keys need no other seam: a replica is a key at another
//!    [`KeyAddr`], same ID, other region (`multi_region.rs` makes it, and
//!    tells a key's set for `DescribeKey`).
//! 4. The operation in [`Operation`] (`src/wire/operation.rs`, where its
//!    wire name is written), one line in [`Model::handle`]'s table (a
//!    `match` the compiler holds to every operation), and the operation in
//!    the robustness tests' `OPERATIONS` (`src/stub/tests/stub_robustness/robust_requests.rs`).
//!
//! A rule a wrong stub needs to bend goes through the seam of its kind
//! (`seams.rs`: tag matching, what an untag reaches, key states,
//! validation, authorization, key policies, identifiers, a key's life,
//! reads, calls), with KMS's answer worked out here; a new seam only for a
//! decision none of them is about. What applies to every call before any
//! operation sees it (throttling, say) belongs in [`Model::handle`], ahead
//! of the table.

mod aliases;
mod authorize;
mod caller_identity;
mod create;
mod describe;
mod error;
mod input;
mod key;
mod key_policy;
mod lifecycle;
mod multi_region;
mod resolve;
mod seams;
mod tags;
mod throttle;
mod untag;
mod validate;

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime};

use serde_json::{Map, Value};

use crate::wire::Operation;

use self::aliases::{AliasAddr, CreateAlias, DeleteAlias};
pub(crate) use self::authorize::Access;
#[cfg(test)]
pub(crate) use self::authorize::caller_principal;
pub(crate) use self::caller_identity::{CALLER_USER, CallerIdentity, RoleSession, user_arn};
use self::create::CreateKey;
use self::describe::ListKeys;
pub(crate) use self::error::KmsError;
#[cfg(test)]
pub(crate) use self::key::is_key_uuid;
pub(crate) use self::key::{Key, KeyAddr, KeyState, Revision, Tag, is_multi_region_id};
pub(crate) use self::key_policy::StoredPolicy;
use self::key_policy::{GetKeyPolicy, ListKeyPolicies, PutKeyPolicy};
use self::lifecycle::{KeyOnly, ScheduleKeyDeletion, SetKeyState};
use self::multi_region::ReplicateKey;
pub(crate) use self::resolve::Aliases;
pub(crate) use self::seams::{
    ArnScope, Authorization, Bends, Bounded, Calls, HeldPolicies, Identifiers, Identities,
    KeyPolicies, KeyStates, Length, Lifecycle, Page, Reads, Seams, TagMatch, TagRules, UntagReach,
    Validation,
};
use self::tags::{ListResourceTags, TagResource};
pub(crate) use self::throttle::Throttle;
use self::untag::UntagResource;
pub(crate) use self::validate::MAX_TAG_KEY;
use self::validate::Validator;

/// The partition of every ARN the stub makes.
pub(crate) const PARTITION: &str = "aws";

/// Who is calling, as the SigV4 credential scope and the access key say.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Caller {
    /// The account ID the access key stands for (`stub::http::account_for`,
    /// or a role session's account).
    pub account: String,
    /// The region of the credential scope: the caller's keys and aliases live there.
    pub region: String,
    /// Who signed: the stub's IAM user, or a role session.
    pub identity: CallerIdentity,
}

impl Caller {
    /// The stub's IAM user of `account`, in `region`.
    #[must_use]
    pub(crate) fn user(account: impl Into<String>, region: impl Into<String>) -> Self {
        Self {
            account: account.into(),
            region: region.into(),
            identity: CallerIdentity::User,
        }
    }
}

/// One operation call.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Call<'a> {
    /// Who calls: the account and region the call acts in.
    pub caller: &'a Caller,
    /// The operation called. A target that names no KMS operation never
    /// becomes a call: the HTTP adapter refuses it as it was sent.
    pub operation: Operation,
    /// The request body; anything but an object is a `SerializationException`.
    pub input: &'a Value,
    /// The caller's clock at the call: creation and deletion dates, and
    /// what a lagging read sees, are reckoned from it.
    pub at: SystemTime,
}

/// A successful reply.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Output {
    /// No output shape: HTTP 200 with an empty body.
    Empty,
    /// HTTP 200 with this JSON object as the body.
    Json(Value),
}

/// Every key the model stores, by address.
pub(crate) type Keys = BTreeMap<KeyAddr, Key>;

/// KMS's state, for every account and region at once.
#[derive(Debug)]
pub(crate) struct Model {
    keys: Keys,
    aliases: BTreeMap<AliasAddr, String>,
    /// The time of the call being handled.
    now: SystemTime,
    /// Where a stub built to be wrong bends KMS's answers (`seams.rs`);
    /// nothing is plugged in by default.
    seams: Seams,
    /// How far reads (`ListResourceTags`, `DescribeKey`) lag writes: AWS is
    /// eventually consistent, and the suite must cope with it.
    read_lag: Duration,
    /// Request quotas, when the stub enforces them (`--throttle`).
    throttle: Option<Throttle>,
    /// How far authorization lags changes to a key's policy: AWS says tag
    /// and alias changes can take up to five minutes to affect it (contract
    /// row 132).
    auth_lag: Duration,
    /// How long a new replica stays `Creating` (`multi_region.rs`).
    replica_creating: Duration,
    /// The replicas still `Creating`, and until when.
    creating: Vec<(KeyAddr, SystemTime)>,
    /// Removed tags due back, and when: only where the untag reach seam
    /// says a removal is undone (KMS's last, contract row 211).
    returning: Vec<(KeyAddr, Tag, SystemTime)>,
    /// How many removed tags each key still counts against its tag limit:
    /// only where the untag reach seam says removals stay counted.
    still_counted: BTreeMap<KeyAddr, usize>,
    /// Tag keys an untag did not name that are due to go all the same, and
    /// when: only where the untag reach seam says so (KMS removes what it
    /// is told to, then and later, contract rows 3 and 211).
    removing: Vec<(KeyAddr, String, SystemTime)>,
}

impl Default for Model {
    fn default() -> Self {
        Self::new(Duration::ZERO)
    }
}

impl Model {
    /// KMS, its reads lagging writes by `read_lag`.
    #[must_use]
    pub(crate) fn new(read_lag: Duration) -> Self {
        Self {
            keys: BTreeMap::new(),
            aliases: BTreeMap::new(),
            now: SystemTime::UNIX_EPOCH,
            seams: Seams::default(),
            read_lag,
            throttle: None,
            auth_lag: Duration::ZERO,
            replica_creating: Duration::ZERO,
            creating: Vec::new(),
            returning: Vec::new(),
            still_counted: BTreeMap::new(),
            removing: Vec::new(),
        }
    }

    /// The same model, enforcing request quotas as `throttle` says.
    #[must_use]
    pub(crate) fn with_throttle(self, throttle: Option<Throttle>) -> Self {
        Self { throttle, ..self }
    }

    /// This model, its authorization decisions seeing each key's policy as
    /// of `auth_lag` ago.
    #[must_use]
    pub(crate) fn with_auth_lag(self, auth_lag: Duration) -> Self {
        Self { auth_lag, ..self }
    }

    /// This model, its answers bent at `seams`.
    #[must_use]
    pub(crate) fn with_seams(self, seams: Seams) -> Self {
        Self { seams, ..self }
    }

    /// Answers one KMS operation.
    ///
    /// # Errors
    /// The [`KmsError`] KMS would answer with.
    pub(crate) fn handle(&mut self, call: &Call<'_>) -> Result<Output, KmsError> {
        self.now = call.at;
        self.finish_creating();
        self.make_late_changes();
        let admitted = self
            .throttle
            .as_mut()
            .is_none_or(|throttle| throttle.admit(call.caller, call.operation, call.at));
        let answer = if !admitted {
            Err(KmsError::throttling())
        } else if let Some(fault) = self.seams.calls.fault(call, None) {
            Err(fault)
        } else {
            self.answer(call)
        };
        // A refused call changes nothing: a throttled one (contract row 150),
        // one met by a fault, or one its validation refuses, which comes
        // before any effect.
        if let Err(refusal) = &answer
            && let Some(input) = self.seams.calls.still_acts(call, refusal, None)
        {
            let _ = self.answer(&Call {
                input: &input,
                ..*call
            });
        }
        self.seams.calls.answer(call, answer)
    }

    /// The operation's answer, once its quota let it through.
    fn answer(&mut self, call: &Call<'_>) -> Result<Output, KmsError> {
        let caller = call.caller;
        let v = Validator::new(object(call.input)?, &self.seams.validation);
        match call.operation {
            Operation::CreateKey => self.create_key(caller, CreateKey::validate(v)?),
            Operation::DescribeKey => self.describe_key(caller, KeyOnly::validate(v)?),
            Operation::ListKeys => self.list_keys(caller, ListKeys::validate(v)?),
            Operation::EnableKey => self.enable_key(caller, KeyOnly::validate(v)?),
            Operation::DisableKey => self.disable_key(caller, KeyOnly::validate(v)?),
            Operation::ScheduleKeyDeletion => {
                self.schedule_key_deletion(caller, ScheduleKeyDeletion::validate(v)?)
            }
            Operation::CancelKeyDeletion => self.cancel_key_deletion(caller, KeyOnly::validate(v)?),
            Operation::ReplicateKey => self.replicate_key(caller, ReplicateKey::validate(v)?),
            Operation::CreateAlias => self.create_alias(caller, CreateAlias::validate(v)?),
            Operation::DeleteAlias => self.delete_alias(caller, DeleteAlias::validate(v)?),
            Operation::ListAliases => Ok(self.list_aliases(caller)),
            Operation::TagResource => self.tag_resource(caller, TagResource::validate(v)?),
            Operation::UntagResource => self.untag_resource(caller, UntagResource::validate(v)?),
            Operation::ListResourceTags => {
                self.list_resource_tags(caller, ListResourceTags::validate(v)?)
            }
            Operation::PutKeyPolicy => self.put_key_policy(caller, &PutKeyPolicy::validate(v)?),
            Operation::GetKeyPolicy => self.get_key_policy(caller, &GetKeyPolicy::validate(v)?),
            Operation::ListKeyPolicies => {
                self.list_key_policies(caller, &ListKeyPolicies::validate(v)?)
            }
        }
    }

    /// The stub's own control operation: put one of the caller's keys into
    /// any key state, to reach states a real target only reaches with
    /// infrastructure (a disconnected custom key store, a replica being deleted).
    ///
    /// # Errors
    /// When the key or the state is unknown.
    pub(crate) fn set_key_state(
        &mut self,
        caller: &Caller,
        input: &Value,
    ) -> Result<Output, KmsError> {
        let v = Validator::new(object(input)?, &self.seams.validation);
        self.put_key_state(caller, SetKeyState::validate(v)?)
    }

    /// Records the key's new revision for lagging reads and authorization,
    /// forgetting the revisions neither can see any more.
    fn commit(&mut self, addr: &KeyAddr) {
        let now = self.now;
        let horizon = if self.seams.identities.keeps_history(false) {
            SystemTime::UNIX_EPOCH
        } else {
            now.checked_sub(self.read_lag.max(self.auth_lag))
                .unwrap_or(SystemTime::UNIX_EPOCH)
        };
        let key = self.key_mut(addr);
        let revision = key.revision(now);
        key.history.push(revision);
        // Keep the newest revision at or before the horizon and all after it.
        let visible_from = key
            .history
            .iter()
            .rposition(|r| r.at <= horizon)
            .unwrap_or(0);
        key.history.drain(..visible_from);
    }

    /// The key as a read at this moment sees it: `None` while the key's
    /// creation is not visible yet.
    fn visible(&self, addr: &KeyAddr) -> Option<Revision> {
        let key = self.key(addr);
        let revision = if self.read_lag.is_zero() {
            key.revision(self.now)
        } else {
            let horizon = self
                .now
                .checked_sub(self.read_lag)
                .unwrap_or(SystemTime::UNIX_EPOCH);
            key.history.iter().rev().find(|r| r.at <= horizon)?.clone()
        };
        Some(self.seams.reads.visible(key, revision))
    }

    /// Every key, for the model's own tests and the concurrency test.
    #[cfg(test)]
    pub(crate) fn keys(&self) -> impl Iterator<Item = &Key> {
        self.keys.values()
    }

    fn key(&self, addr: &KeyAddr) -> &Key {
        self.keys
            .get(addr)
            .expect("resolve() only returns addresses of stored keys")
    }

    fn key_mut(&mut self, addr: &KeyAddr) -> &mut Key {
        self.keys
            .get_mut(addr)
            .expect("resolve() only returns addresses of stored keys")
    }
}

/// The members of a request body; anything but an object is a
/// `SerializationException`.
fn object(input: &Value) -> Result<&Map<String, Value>, KmsError> {
    match input {
        Value::Object(map) => Ok(map),
        _ => Err(KmsError::serialization(
            "the request body must be a JSON object",
        )),
    }
}

#[cfg(test)]
mod tests;
