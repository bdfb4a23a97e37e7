//! The reference model: KMS as a pure state machine.
//!
//! Accounts, regions, keys, key states, tags and aliases, and the answer to
//! each operation the suite uses, as the contract (`docs/contract.md`) says
//! AWS gives it. No I/O: the HTTP adapter (`stub::http`) turns requests
//! into [`Call`]s and replies into responses; the caller's clock comes in with
//! the call.

mod error;
mod input;
mod key;
mod lifecycle;
mod resolve;
mod tags;

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime};

use serde_json::Value;

pub use self::error::KmsError;
use self::input::Members;
pub use self::key::{
    Key, KeyAddr, KeyManager, KeyState, Revision, Tag, is_key_uuid, is_multi_region_id,
};
use super::deviations::{Deviation, Deviations};

/// The partition of every ARN the stub makes.
pub const PARTITION: &str = "aws";

/// Who is calling, as the SigV4 credential scope says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Caller {
    pub account: String,
    pub region: String,
}

/// One operation call.
#[derive(Debug)]
pub struct Call<'a> {
    pub caller: &'a Caller,
    /// The operation name, without the `TrentService.` prefix.
    pub operation: &'a str,
    /// The request body; anything but an object is a `SerializationException`.
    pub input: &'a Value,
    pub at: SystemTime,
}

/// A successful reply.
#[derive(Clone, Debug, PartialEq)]
pub enum Output {
    /// No output shape: HTTP 200 with an empty body.
    Empty,
    Json(Value),
}

/// Where an alias lives.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct AliasAddr {
    pub account: String,
    pub region: String,
    pub name: String,
}

/// KMS's state, for every account and region at once.
#[derive(Debug)]
pub struct Model {
    keys: BTreeMap<KeyAddr, Key>,
    aliases: BTreeMap<AliasAddr, String>,
    /// The time of the call being handled.
    now: SystemTime,
    deviations: Deviations,
    /// How far reads (ListResourceTags, DescribeKey) lag writes: AWS is
    /// eventually consistent, and the suite must cope with it.
    read_lag: Duration,
}

impl Default for Model {
    fn default() -> Self {
        Self::new(Deviations::none(), Duration::ZERO)
    }
}

impl Model {
    /// A model that deviates from KMS in `deviations`, its reads lagging
    /// writes by `read_lag`.
    #[must_use]
    pub fn new(deviations: Deviations, read_lag: Duration) -> Self {
        Self {
            keys: BTreeMap::new(),
            aliases: BTreeMap::new(),
            now: SystemTime::UNIX_EPOCH,
            deviations,
            read_lag,
        }
    }

    fn deviates(&self, deviation: Deviation) -> bool {
        self.deviations.has(deviation)
    }

    /// Answers one KMS operation.
    ///
    /// # Errors
    /// The [`KmsError`] KMS would answer with.
    pub fn handle(&mut self, call: &Call<'_>) -> Result<Output, KmsError> {
        self.now = call.at;
        let Value::Object(map) = call.input else {
            return Err(KmsError::serialization(
                "the request body must be a JSON object",
            ));
        };
        let input = Members::new(map, self.deviates(Deviation::TypeErrorsCoerced));
        let caller = call.caller;
        match call.operation {
            "CreateKey" => self.create_key(caller, &input),
            "DescribeKey" => self.describe_key(caller, &input),
            "ListKeys" => self.list_keys(caller, &input),
            "EnableKey" => self.enable_key(caller, &input),
            "DisableKey" => self.disable_key(caller, &input),
            "ScheduleKeyDeletion" => self.schedule_key_deletion(caller, &input),
            "CancelKeyDeletion" => self.cancel_key_deletion(caller, &input),
            "CreateAlias" => self.create_alias(caller, &input),
            "DeleteAlias" => self.delete_alias(caller, &input),
            "ListAliases" => Ok(self.list_aliases(caller)),
            "TagResource" => self.tag_resource(caller, &input),
            "UntagResource" => self.untag_resource(caller, &input),
            "ListResourceTags" => self.list_resource_tags(caller, &input),
            other => Err(KmsError::unknown_operation(&format!(
                "TrentService.{other}"
            ))),
        }
    }

    /// The stub's own control operation: put one of the caller's keys into
    /// any key state, to reach states a real target only reaches with
    /// infrastructure (a disconnected custom key store, a replica being deleted).
    ///
    /// # Errors
    /// When the key or the state is unknown.
    pub fn set_key_state(&mut self, caller: &Caller, input: &Value) -> Result<Output, KmsError> {
        let Value::Object(map) = input else {
            return Err(KmsError::serialization(
                "the request body must be a JSON object",
            ));
        };
        let input = Members::new(map, false);
        let key_id = input.string("KeyId")?.unwrap_or_default();
        let state_name = input.string("KeyState")?.unwrap_or_default();
        let state = KeyState::parse(state_name).ok_or_else(|| {
            KmsError::client(
                "ValidationException",
                format!("Unknown key state {state_name:?}"),
            )
        })?;
        let addr = self.resolve(caller, "SetKeyState", key_id, resolve::Aliases::Refused)?;
        self.key_mut(&addr).state = state;
        self.commit(&addr);
        Ok(Output::Empty)
    }

    /// Records the key's new revision for lagging reads, forgetting the
    /// revisions no read can see any more.
    fn commit(&mut self, addr: &KeyAddr) {
        let now = self.now;
        let horizon = now
            .checked_sub(self.read_lag)
            .unwrap_or(SystemTime::UNIX_EPOCH);
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
        let mut revision = if self.read_lag.is_zero() {
            key.revision(self.now)
        } else {
            let horizon = self
                .now
                .checked_sub(self.read_lag)
                .unwrap_or(SystemTime::UNIX_EPOCH);
            key.history.iter().rev().find(|r| r.at <= horizon)?.clone()
        };
        if self.deviates(Deviation::StaleReads) {
            revision.tags.clone_from(&key.first_tags);
        }
        Some(revision)
    }

    /// Every key, for the model's own tests and the concurrency test.
    pub fn keys(&self) -> impl Iterator<Item = &Key> {
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

#[cfg(test)]
mod tests;
