//! A KMS key and what `DescribeKey` says of it.

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{Value, json};

use super::key_policy::StoredPolicy;
use crate::wire::Operation;

/// Where a key lives: keys are per account and per region.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct KeyAddr {
    /// The owning account's 12-digit ID.
    pub account: String,
    /// The region the key lives in (`eu-west-1`).
    pub region: String,
    /// The key ID: a UUID, or `mrk-` and 32 hex digits for a multi-Region key.
    pub id: String,
}

/// The key states of the Developer Guide's "Key states of KMS keys".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum KeyState {
    /// Being made (a multi-Region replica); the stub reaches it only by `SetKeyState`.
    Creating,
    /// Usable; the state a new key with `AWS_KMS` origin starts in.
    Enabled,
    /// Turned off by `DisableKey`, or back from `CancelKeyDeletion`.
    Disabled,
    /// Scheduled for deletion by `ScheduleKeyDeletion`; refuses tag operations.
    PendingDeletion,
    /// A multi-Region replica being deleted; refuses tag operations.
    PendingReplicaDeletion,
    /// `EXTERNAL` origin, waiting for key material; where such a key starts.
    PendingImport,
    /// In a disconnected custom key store; the stub reaches it only by `SetKeyState`.
    Unavailable,
    /// A multi-Region key being updated; the stub reaches it only by `SetKeyState`.
    Updating,
}

impl KeyState {
    /// Every state, in the Developer Guide's order.
    pub(crate) const ALL: [Self; 8] = [
        Self::Creating,
        Self::Enabled,
        Self::Disabled,
        Self::PendingDeletion,
        Self::PendingReplicaDeletion,
        Self::PendingImport,
        Self::Unavailable,
        Self::Updating,
    ];

    /// The name on the wire (`PendingDeletion`).
    #[must_use]
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Creating => "Creating",
            Self::Enabled => "Enabled",
            Self::Disabled => "Disabled",
            Self::PendingDeletion => "PendingDeletion",
            Self::PendingReplicaDeletion => "PendingReplicaDeletion",
            Self::PendingImport => "PendingImport",
            Self::Unavailable => "Unavailable",
            Self::Updating => "Updating",
        }
    }

    /// The state whose wire name is `name`; `None` for any other string.
    #[must_use]
    pub(crate) fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.name() == name)
    }

    /// How a refusal names this state: `<arn> is pending deletion.`
    #[must_use]
    pub(crate) fn refusal(self) -> &'static str {
        match self {
            Self::Creating => "creating",
            Self::Enabled => "enabled",
            Self::Disabled => "disabled",
            Self::PendingDeletion => "pending deletion",
            Self::PendingReplicaDeletion => "pending replica deletion",
            Self::PendingImport => "pending import",
            Self::Unavailable => "unavailable",
            Self::Updating => "updating",
        }
    }

    /// Whether the key waits for deletion: its own, or its replicas' first.
    #[must_use]
    pub(crate) fn is_pending_deletion(self) -> bool {
        matches!(self, Self::PendingDeletion | Self::PendingReplicaDeletion)
    }

    /// Whether a key in this state refuses `operation` with
    /// `KMSInvalidStateException` (the Developer Guide's "Key states of KMS
    /// keys", contract §3). Any other operation of the model works in
    /// every state, `CancelKeyDeletion` aside (it wants a key waiting for
    /// deletion, and says so in its own words).
    #[must_use]
    pub(crate) fn refuses(self, operation: Operation) -> bool {
        match operation {
            // Only while the key waits for deletion (contract rows 27, 28
            // and 49, footnote [3]); an AWS managed key's refusal comes from
            // its key policy (row 32).
            Operation::TagResource | Operation::UntagResource | Operation::CreateAlias => {
                self.is_pending_deletion()
            }
            Operation::EnableKey | Operation::DisableKey => {
                !matches!(self, Self::Enabled | Self::Disabled | Self::Unavailable)
            }
            Operation::ScheduleKeyDeletion => matches!(
                self,
                Self::PendingDeletion | Self::PendingReplicaDeletion | Self::Updating
            ),
            Operation::ReplicateKey => matches!(
                self,
                Self::PendingDeletion
                    | Self::PendingReplicaDeletion
                    | Self::Creating
                    | Self::Updating
            ),
            _ => false,
        }
    }
}

/// Who manages the key: the customer, or AWS (`alias/aws/s3`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum KeyManager {
    /// A key the caller made with `CreateKey`; `CUSTOMER` on the wire.
    Customer,
    /// A key KMS made the first time `alias/aws/<service>` was named;
    /// `AWS` on the wire. Its life cycle and tags are not the caller's to change.
    Aws,
}

/// A tag, as stored: insertion order is kept, an overwrite keeps its place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Tag {
    /// The tag key (`TagKey`), unique within a key's tags.
    pub key: String,
    /// The tag value (`TagValue`); may be empty.
    pub value: String,
}

/// What a key looked like from one write on: reads that lag writes answer
/// from an older revision.
#[derive(Clone, Debug)]
pub(crate) struct Revision {
    /// The time of the write that made this revision: reads see it once
    /// the read lag has passed since then.
    pub at: SystemTime,
    /// The key's tags, in insertion order.
    pub tags: Vec<Tag>,
    /// The key's state.
    pub state: KeyState,
    /// When the key will be deleted; set only while `PendingDeletion`.
    pub deletion_date: Option<SystemTime>,
    /// The key policy, as `GetKeyPolicy` reads it and authorization sees it.
    pub policy: Arc<StoredPolicy>,
    /// The waiting period of a primary pending replica deletion.
    pub pending_window_days: Option<i64>,
}

/// One KMS key.
#[derive(Clone, Debug)]
#[expect(
    clippy::struct_field_names,
    reason = "KMS's own names for them: KeyUsage, KeySpec"
)]
pub(crate) struct Key {
    /// Its account, region and ID.
    pub addr: KeyAddr,
    /// The ARN partition; always `aws` ([`PARTITION`](super::PARTITION)).
    pub partition: String,
    /// `Description` as sent to `CreateKey`; empty by default.
    pub description: String,
    /// Its state now; lagging reads see the state of a [`Revision`].
    pub state: KeyState,
    /// Who manages it.
    pub manager: KeyManager,
    /// Where its material comes from, as on the wire: `AWS_KMS` or `EXTERNAL`.
    pub origin: String,
    /// Always `ENCRYPT_DECRYPT`: the stub makes only symmetric keys.
    pub key_usage: String,
    /// Always `SYMMETRIC_DEFAULT`: the stub makes only symmetric keys.
    pub key_spec: String,
    /// For a multi-Region key, the region of its primary key (its own when
    /// it is the primary); `None` for a single-Region key.
    pub primary_region: Option<String>,
    /// The time of the `CreateKey` call (or of the first use of an AWS managed key's alias).
    pub created: SystemTime,
    /// When it will be deleted; set only while `PendingDeletion`.
    pub deletion_date: Option<SystemTime>,
    /// The waiting period a primary pending replica deletion will start
    /// once its last replica is gone (contract row 142).
    pub pending_window_days: Option<i64>,
    /// Its tags now, in insertion order; an overwritten tag keeps its place.
    pub tags: Vec<Tag>,
    /// Its one key policy, named `default` (contract row 119).
    pub policy: Arc<StoredPolicy>,
    /// Past revisions still visible to lagging reads, oldest first.
    pub history: Vec<Revision>,
    /// The tags the key was created with.
    pub first_tags: Vec<Tag>,
}

impl Key {
    /// The key as it is now.
    #[must_use]
    pub(crate) fn revision(&self, at: SystemTime) -> Revision {
        Revision {
            at,
            tags: self.tags.clone(),
            state: self.state,
            deletion_date: self.deletion_date,
            policy: Arc::clone(&self.policy),
            pending_window_days: self.pending_window_days,
        }
    }

    /// `arn:aws:kms:<region>:<account>:key/<id>`.
    #[must_use]
    pub(crate) fn arn(&self) -> String {
        key_arn(&self.partition, &self.addr)
    }

    /// Whether it holds a tag whose key is exactly `tag_key`.
    #[must_use]
    pub(crate) fn has_tag(&self, tag_key: &str) -> bool {
        self.tags.iter().any(|t| t.key == tag_key)
    }

    /// Whether it is a multi-Region key, primary or replica.
    #[must_use]
    pub(crate) fn is_multi_region(&self) -> bool {
        self.primary_region.is_some()
    }

    /// `KeyMetadata` as a read that sees `revision` answers it, but for a
    /// multi-Region key's `MultiRegionConfiguration`, which only the model,
    /// seeing the whole set, can tell.
    #[must_use]
    pub(crate) fn metadata_as_of(&self, revision: &Revision) -> Value {
        let mut metadata = json!({
            "AWSAccountId": self.addr.account,
            "KeyId": self.addr.id,
            "Arn": self.arn(),
            "CreationDate": epoch_seconds(self.created),
            "Enabled": revision.state == KeyState::Enabled,
            "Description": self.description,
            "KeyUsage": self.key_usage,
            "KeyState": revision.state.name(),
            "Origin": self.origin,
            "KeyManager": match self.manager {
                KeyManager::Customer => "CUSTOMER",
                KeyManager::Aws => "AWS",
            },
            "CustomerMasterKeySpec": self.key_spec,
            "KeySpec": self.key_spec,
            "EncryptionAlgorithms": ["SYMMETRIC_DEFAULT"],
            "MultiRegion": self.is_multi_region(),
        });
        if let Some(date) = revision.deletion_date {
            metadata["DeletionDate"] = json!(epoch_seconds(date));
        }
        // Instead of a DeletionDate (contract row 165).
        if revision.state == KeyState::PendingReplicaDeletion
            && let Some(days) = revision.pending_window_days
        {
            metadata["PendingDeletionWindowInDays"] = json!(days);
        }
        if self.origin == "EXTERNAL" {
            metadata["ExpirationModel"] = json!("KEY_MATERIAL_DOES_NOT_EXPIRE");
        }
        metadata
    }
}

/// `arn:<partition>:kms:<region>:<account>:key/<id>`: the ARN of the key at
/// `addr`, stored or not (a refusal names the key asked for).
#[must_use]
pub(super) fn key_arn(partition: &str, addr: &KeyAddr) -> String {
    format!(
        "arn:{partition}:kms:{}:{}:key/{}",
        addr.region, addr.account, addr.id
    )
}

/// Timestamps go on the wire as epoch seconds with a fraction, as KMS sends them.
#[must_use]
pub(super) fn epoch_seconds(time: SystemTime) -> f64 {
    let since = time.duration_since(UNIX_EPOCH).unwrap_or_default();
    #[expect(
        clippy::cast_precision_loss,
        reason = "epoch milliseconds stay below 2^53 (exact in an f64) for another 280,000 years"
    )]
    let millis = since.as_millis() as f64;
    millis / 1000.0
}

/// `1234abcd-12ab-34cd-56ef-1234567890ab`: the shape of a single-Region key ID.
#[must_use]
pub(crate) fn is_key_uuid(id: &str) -> bool {
    let groups: Vec<&str> = id.split('-').collect();
    groups.len() == 5
        && groups.iter().zip([8, 4, 4, 4, 12]).all(|(g, len)| {
            g.len() == len
                && g.bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        })
}

/// `mrk-` and 32 hex digits: the shape of a multi-Region key ID.
#[must_use]
pub(crate) fn is_multi_region_id(id: &str) -> bool {
    id.strip_prefix("mrk-").is_some_and(|hex| {
        hex.len() == 32
            && hex
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

#[cfg(test)]
mod tests;
