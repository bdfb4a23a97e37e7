//! Multi-Region keys: `ReplicateKey`, what `DescribeKey` says of a key's set,
//! and a new replica's `Creating` state (contract §7).
//!
//! A multi-Region key's set is every key of one account with its key ID,
//! one per region, the primary's region named in each. A replica is a key
//! like any other, at its own [`KeyAddr`]: tags, description, key policy and
//! key state belong to each key alone (contract row 139). What the keys do
//! share (key material, key spec, usage, origin) is copied when the replica
//! is made; the stub models no key material.

use std::time::Duration;

use serde_json::{Value, json};

use super::error::KmsError;
use super::key::{Key, KeyAddr, KeyState, Revision, Tag, key_arn};
use super::key_policy::{NewPolicy, StoredPolicy};
use super::resolve::Aliases;
use super::validate::Validator;
use super::{Caller, Model, Output};
use crate::wire::{ErrorCode, Operation};

/// The `ReplicaRegion` pattern of the KMS model.
const REGION_PATTERN: &str = r"^([a-z]+-){2,3}\d+$";

/// Whether `name` matches [`REGION_PATTERN`] (`us-east-1`, `us-gov-west-1`).
fn is_region_name(name: &str) -> bool {
    let mut parts: Vec<&str> = name.split('-').collect();
    let number = parts.pop().unwrap_or_default();
    (2..=3).contains(&parts.len())
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase()))
        && !number.is_empty()
        && number.bytes().all(|b| b.is_ascii_digit())
}

/// The input of `ReplicateKey`.
#[derive(Debug)]
pub(super) struct ReplicateKey<'a> {
    pub(super) key_id: &'a str,
    pub(super) replica_region: &'a str,
    pub(super) policy: Option<NewPolicy<'a>>,
    pub(super) description: &'a str,
    pub(super) tags: Vec<Tag>,
}

impl<'a> ReplicateKey<'a> {
    pub(super) fn validate(mut v: Validator<'a, '_>) -> Result<Self, KmsError> {
        let key_id = v.key_id()?;
        let replica_region = v.string("ReplicaRegion")?;
        let replica_region = v.required("replicaRegion", replica_region);
        if let Some(region) = replica_region {
            v.length("replicaRegion", region, 1, 32);
            v.pattern(
                "replicaRegion",
                region,
                REGION_PATTERN,
                is_region_name(region),
            );
        }
        let policy = NewPolicy::read(&mut v)?;
        let description = v.string("Description")?.unwrap_or_default();
        v.length("description", description, 0, 8192);
        let tags = v
            .tags("Tags")?
            .map(|sent| v.new_tags("tags", &sent))
            .unwrap_or_default();
        v.finish(
            key_id
                .zip(replica_region)
                .map(|(key_id, replica_region)| Self {
                    key_id,
                    replica_region,
                    policy,
                    description,
                    tags,
                }),
        )
    }
}

fn unsupported(message: String) -> KmsError {
    KmsError::client(ErrorCode::UnsupportedOperationException, message)
}

impl Model {
    /// How long a new replica stays `Creating` before it is `Enabled`, as
    /// AWS keeps it (contract row 141); zero, the default, makes it
    /// `Enabled` at once.
    #[must_use]
    pub(crate) fn with_replica_creating(mut self, creating: Duration) -> Self {
        self.replica_creating = creating;
        self
    }

    /// Makes a replica of a multi-Region primary key in another region of
    /// the same account, with the same key ID (contract rows 136 to 140).
    pub(super) fn replicate_key(
        &mut self,
        caller: &Caller,
        input: ReplicateKey<'_>,
    ) -> Result<Output, KmsError> {
        let addr = self.resolve(
            caller,
            Operation::ReplicateKey,
            input.key_id,
            Aliases::Refused,
        )?;
        // A copy: the model changes below while the primary is looked at.
        let primary = self.key(&addr).clone();
        let arn = primary.arn();
        match &primary.primary_region {
            None => return Err(unsupported(format!("{arn} is not a multi-Region key."))),
            Some(region) if *region != addr.region => {
                return Err(unsupported(format!(
                    "{arn} is a replica key: only a primary key can be replicated."
                )));
            }
            Some(_) => {}
        }
        self.check_state(&Operation::ReplicateKey.into(), &primary)?;
        let replica_addr = KeyAddr {
            region: input.replica_region.to_owned(),
            ..addr.clone()
        };
        if self.keys.contains_key(&replica_addr) {
            return Err(KmsError::client(
                ErrorCode::AlreadyExistsException,
                format!(
                    "{} already exists.",
                    key_arn(&primary.partition, &replica_addr)
                ),
            ));
        }
        self.check_tag_rules(Operation::ReplicateKey, &input.tags)?;
        // Its own tags, never the primary's (contract rows 139 and 140).
        let tags = self.seams.lifecycle.replica_tags(&primary.tags, input.tags);
        let state = if primary.origin == "EXTERNAL" {
            KeyState::PendingImport
        } else if self.replica_creating.is_zero() {
            KeyState::Enabled
        } else {
            self.creating
                .push((replica_addr.clone(), self.now + self.replica_creating));
            KeyState::Creating
        };
        let replica = Key {
            addr: replica_addr.clone(),
            partition: primary.partition,
            description: input.description.to_owned(),
            state,
            manager: primary.manager,
            origin: primary.origin,
            key_usage: primary.key_usage,
            key_spec: primary.key_spec,
            primary_region: primary.primary_region,
            created: self.now,
            deletion_date: None,
            pending_window_days: None,
            tags: tags.clone(),
            // Its own policy, never the primary's (contract row 139).
            policy: StoredPolicy::default_for(&replica_addr.account),
            history: Vec::new(),
            first_tags: tags.clone(),
        };
        self.keys.insert(replica_addr.clone(), replica);
        if let Some(policy) = &input.policy {
            // As CreateKey: checked against the new key, so a refused
            // ReplicateKey leaves no replica behind.
            match self.checked_policy(caller, &replica_addr, policy) {
                Ok(stored) => self.key_mut(&replica_addr).policy = std::sync::Arc::new(stored),
                Err(refusal) => {
                    self.keys.remove(&replica_addr);
                    self.creating.retain(|(addr, _)| *addr != replica_addr);
                    return Err(refusal);
                }
            }
        }
        self.commit(&replica_addr);
        self.share_tags(&replica_addr);
        let policy = self.key(&replica_addr).policy.text.clone();
        let revision = self.key(&replica_addr).revision(self.now);
        let tags: Vec<Value> = revision
            .tags
            .iter()
            .map(|t| json!({ "TagKey": t.key, "TagValue": t.value }))
            .collect();
        Ok(Output::Json(json!({
            "ReplicaKeyMetadata": self.metadata(&replica_addr, &revision),
            "ReplicaPolicy": policy,
            "ReplicaTags": tags,
        })))
    }

    /// The replicas of `addr` when it is a multi-Region primary key, in
    /// region order; none otherwise.
    pub(super) fn replicas(&self, addr: &KeyAddr) -> Vec<KeyAddr> {
        if self.key(addr).primary_region.as_ref() != Some(&addr.region) {
            return Vec::new();
        }
        self.set_of(addr)
            .into_iter()
            .filter(|a| a.region != addr.region)
            .collect()
    }

    /// Every key of `addr`'s multi-Region set, `addr` included; only
    /// `addr` for a single-Region key.
    fn set_of(&self, addr: &KeyAddr) -> Vec<KeyAddr> {
        if !self.key(addr).is_multi_region() {
            return vec![addr.clone()];
        }
        self.keys
            .values()
            .filter(|k| {
                k.is_multi_region() && k.addr.account == addr.account && k.addr.id == addr.id
            })
            .map(|k| k.addr.clone())
            .collect()
    }

    /// `KeyMetadata` as a read that sees `revision` of the key at `addr`
    /// answers it; for a multi-Region key, with the `MultiRegionConfiguration`
    /// of its set as it is now, from whichever side it is read (contract
    /// row 135).
    pub(super) fn metadata(&self, addr: &KeyAddr, revision: &Revision) -> Value {
        let key = self.key(addr);
        let mut metadata = key.metadata_as_of(revision);
        let Some(primary_region) = &key.primary_region else {
            return metadata;
        };
        let primary = KeyAddr {
            region: primary_region.clone(),
            ..addr.clone()
        };
        let is_primary = primary == *addr;
        let says_primary = self.seams.lifecycle.described_as_primary(is_primary);
        let named = |a: &KeyAddr| json!({ "Arn": key_arn(&key.partition, a), "Region": a.region });
        let replicas: Vec<Value> = if self.keys.contains_key(&primary) {
            self.replicas(&primary).iter().map(named).collect()
        } else {
            Vec::new()
        };
        metadata["MultiRegionConfiguration"] = json!({
            "MultiRegionKeyType": if says_primary { "PRIMARY" } else { "REPLICA" },
            "PrimaryKey": named(if says_primary { addr } else { &primary }),
            "ReplicaKeys": replicas,
        });
        metadata
    }

    /// After a change to the tags of the key at `addr`: each key's tags are
    /// its own, so no other key of its set changes (contract row 139),
    /// unless the lifecycle seam says which do.
    pub(super) fn share_tags(&mut self, addr: &KeyAddr) {
        let others: Vec<KeyAddr> = self
            .set_of(addr)
            .into_iter()
            .filter(|other| other != addr)
            .collect();
        let sharing = self.seams.lifecycle.sharing_tags(&others, Vec::new());
        if sharing.is_empty() {
            return;
        }
        let tags = self.key(addr).tags.clone();
        for other in sharing {
            self.key_mut(&other).tags.clone_from(&tags);
            self.commit(&other);
        }
    }

    /// Ends the `Creating` state of every replica whose time is up, as of
    /// the moment it was up, so that lagging reads see it change then.
    pub(super) fn finish_creating(&mut self) {
        if self.creating.is_empty() {
            return;
        }
        let now = self.now;
        let (done, waiting): (Vec<_>, Vec<_>) = std::mem::take(&mut self.creating)
            .into_iter()
            .partition(|(_, until)| *until <= now);
        self.creating = waiting;
        for (addr, until) in done {
            // A replica scheduled for deletion meanwhile stays as it is.
            if self.keys.get(&addr).map(|k| k.state) == Some(KeyState::Creating) {
                self.key_mut(&addr).state = KeyState::Enabled;
                self.now = until;
                self.commit(&addr);
            }
        }
        self.now = now;
    }
}

#[cfg(test)]
mod tests;
