//! What is left to clean up: a ledger's entries folded into the keys not
//! yet scheduled for deletion, the aliases and IAM roles not yet deleted.

use super::Entry;
use crate::endpoint::callers::Via;

/// Keys not yet scheduled for deletion and aliases not yet deleted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outstanding {
    /// Keys whose deletion is not scheduled yet, multi-Region replicas
    /// first: they are deleted before their primary (contract row 146).
    pub keys: Vec<OutstandingKey>,
    /// Aliases not deleted yet.
    pub aliases: Vec<OutstandingAlias>,
    /// IAM roles not deleted yet (the ABAC scenarios').
    pub roles: Vec<OutstandingRole>,
}

/// A key a run made whose deletion is not scheduled yet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutstandingKey {
    /// The caller that made it, and so can delete it.
    pub owner: Via,
    /// The region it lives in.
    pub region: String,
    /// Its key ID.
    pub key_id: String,
    /// Its key ARN, how the ledger names it.
    pub arn: String,
    /// For a multi-Region replica, its primary key's ARN.
    pub primary: Option<String>,
    /// The endpoint it was made on.
    pub endpoint: String,
}

impl OutstandingKey {
    /// Whether it is a multi-Region replica, to be deleted before its primary.
    #[must_use]
    pub fn is_replica(&self) -> bool {
        self.primary.is_some()
    }
}

/// An IAM role a run made (or was about to) that is not deleted yet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutstandingRole {
    /// Its name, under the path `/kms-conformance/`.
    pub name: String,
    /// The endpoint it was made on.
    pub endpoint: String,
}

/// An alias a run made that is not deleted yet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutstandingAlias {
    /// The caller that made it.
    pub owner: Via,
    /// The region it lives in.
    pub region: String,
    /// Its name, `alias/kms-conformance/...`.
    pub alias: String,
    /// The endpoint it was made on.
    pub endpoint: String,
}

impl Outstanding {
    /// Folds a ledger's entries into what is left to do.
    #[must_use]
    pub fn of(entries: &[Entry]) -> Self {
        let mut outstanding = Self::default();
        let mut created = Vec::new();
        for entry in entries {
            match entry {
                Entry::Created {
                    owner,
                    region,
                    key_id,
                    arn,
                    primary,
                    endpoint,
                    ..
                } => {
                    let key = OutstandingKey {
                        owner: *owner,
                        region: region.clone(),
                        key_id: key_id.clone(),
                        arn: arn.clone(),
                        primary: primary.clone(),
                        endpoint: endpoint.clone(),
                    };
                    created.push(key.clone());
                    outstanding.keys.push(key);
                }
                Entry::DeletionCancelled { arn } => {
                    let back = created
                        .iter()
                        .find(|k| k.arn == *arn && !outstanding.keys.contains(k));
                    outstanding.keys.extend(back.cloned());
                }
                Entry::Alias {
                    owner,
                    region,
                    alias,
                    endpoint,
                    ..
                } => {
                    outstanding.aliases.push(OutstandingAlias {
                        owner: *owner,
                        region: region.clone(),
                        alias: alias.clone(),
                        endpoint: endpoint.clone(),
                    });
                }
                Entry::Role { name, endpoint, .. } => outstanding.roles.push(OutstandingRole {
                    name: name.clone(),
                    endpoint: endpoint.clone(),
                }),
                Entry::RoleDeleted { name } => outstanding.roles.retain(|r| r.name != *name),
                Entry::Scheduled { arn } => outstanding.keys.retain(|k| k.arn != *arn),
                Entry::AliasDeleted { alias, region } => {
                    outstanding
                        .aliases
                        .retain(|a| !(a.alias == *alias && a.region == *region));
                }
            }
        }
        // A stable sort: otherwise in the order the keys were made.
        outstanding.keys.sort_by_key(|k| !k.is_replica());
        outstanding
    }

    /// Whether nothing is left to clean up.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty() && self.aliases.is_empty() && self.roles.is_empty()
    }
}
