//! What earlier runs left behind, found through their ledgers and on the
//! target itself, and removed one by one (`kms-conformance cleanup`).

use std::path::{Path, PathBuf};

use super::CleanupError;
use super::calls::{delete_alias, delete_role, schedule_deletion};
use super::role_search::marked_roles;
use super::search::{marked_keys, suite_aliases};
use crate::endpoint::ledger::{self, DESCRIPTION_MARKER, Entry, Outstanding};
use crate::endpoint::{Callers, Via};

/// Something an earlier run left behind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Leftover {
    /// A key not pending deletion.
    Key {
        /// The caller that owns the key, and so may schedule its deletion.
        via: Via,
        /// The key's ID, as `ScheduleKeyDeletion` takes it.
        key_id: String,
        /// The key's ARN, as ledgers and reports name it.
        arn: String,
        /// The ledger that recorded the key; `None` when only the marker in
        /// its description found it.
        ledger: Option<PathBuf>,
        /// Whether it is a multi-Region replica: replicas come first in
        /// [`find_leftovers`]'s list, deleted before their primary (contract
        /// row 146).
        replica: bool,
    },
    /// An alias the suite made.
    Alias {
        /// The caller that owns the alias.
        via: Via,
        /// The region the alias lives in: alias names are per region.
        region: String,
        /// The full name, `alias/kms-conformance/...`.
        alias: String,
        /// The ledger that recorded the alias; `None` when only its
        /// [`ALIAS_PREFIX`](super::ALIAS_PREFIX) found it.
        ledger: Option<PathBuf>,
    },
    /// An IAM role an ABAC scenario (or the `@requires.iam` probe) made.
    Role {
        /// Its name, under `/kms-conformance/`.
        name: String,
        /// The ledger that recorded it; `None` when only the marker in its
        /// description found it.
        ledger: Option<PathBuf>,
    },
}

impl Leftover {
    /// `key arn:aws:kms:...` or `alias alias/kms-conformance/...`.
    #[must_use]
    pub(crate) fn describe(&self) -> String {
        match self {
            Self::Key { arn, .. } => format!("key {arn}"),
            Self::Alias { alias, region, .. } => format!("alias {alias} in {region}"),
            Self::Role { name, .. } => format!("IAM role {name}"),
        }
    }
}

/// What earlier runs left on the target behind `callers`: everything the
/// ledgers under `run_dir` still hold for this endpoint, and every key whose
/// description carries the suite's marker (a ledger lost with its machine
/// does not hide them), in the run's region and the other region (where
/// replicas live), with the suite's aliases. Multi-Region replicas come
/// first, to be deleted before their primary. IAM roles no ledger holds
/// are found apart ([`find_marked_roles`]).
///
/// # Errors
/// A transport failure or a listing the target refused.
pub(crate) async fn find_leftovers(
    callers: &Callers,
    run_dir: &Path,
) -> Result<Vec<Leftover>, CleanupError> {
    let endpoint = callers.primary.endpoint();
    let mut found = Vec::new();
    for (path, entries) in ledger::read_all(run_dir)? {
        let outstanding = Outstanding::of(&entries);
        for key in outstanding.keys {
            if key.endpoint == endpoint {
                found.push(Leftover::Key {
                    via: key.owner,
                    replica: key.is_replica(),
                    key_id: key.key_id,
                    arn: key.arn,
                    ledger: Some(path.clone()),
                });
            }
        }
        for role in outstanding.roles {
            if role.endpoint == endpoint {
                found.push(Leftover::Role {
                    name: role.name,
                    ledger: Some(path.clone()),
                });
            }
        }
        for alias in outstanding.aliases {
            if alias.endpoint == endpoint {
                found.push(Leftover::Alias {
                    via: alias.owner,
                    region: alias.region,
                    alias: alias.alias,
                    ledger: Some(path.clone()),
                });
            }
        }
    }
    for via in callers.vias() {
        let client = callers.client(via)?;
        for key in marked_keys(&client, DESCRIPTION_MARKER).await? {
            if !found
                .iter()
                .any(|f| matches!(f, Leftover::Key { arn, .. } if *arn == key.arn))
            {
                found.push(Leftover::Key {
                    via,
                    key_id: key.key_id,
                    arn: key.arn,
                    ledger: None,
                    replica: key.replica,
                });
            }
        }
        for alias in suite_aliases(&client).await? {
            let region = client.region().to_owned();
            let known = found.iter().any(|f| matches!(f, Leftover::Alias { alias: a, region: r, .. } if *a == alias && *r == region));
            if !known {
                found.push(Leftover::Alias {
                    via,
                    region,
                    alias,
                    ledger: None,
                });
            }
        }
    }
    // A stable sort: replicas first, the rest as found.
    found.sort_by_key(|f| !matches!(f, Leftover::Key { replica: true, .. }));
    Ok(found)
}

/// The IAM roles under `/kms-conformance/` whose description carries the
/// suite's marker (the rule keys are found by) and that `known` does not
/// hold already. A target that serves no IAM has none.
///
/// # Errors
/// A transport failure, or IAM refused the listing (`iam:ListRoles`).
pub(crate) async fn find_marked_roles(
    callers: &Callers,
    known: &[Leftover],
) -> Result<Vec<Leftover>, CleanupError> {
    // IAM is global: the primary caller's listing is the account's.
    Ok(marked_roles(&callers.primary, DESCRIPTION_MARKER)
        .await?
        .into_iter()
        .filter(|name| {
            !known
                .iter()
                .any(|f| matches!(f, Leftover::Role { name: n, .. } if n == name))
        })
        .map(|name| Leftover::Role { name, ledger: None })
        .collect())
}

/// Cleans up one leftover, recording it in its ledger.
///
/// # Errors
/// What the target answered instead, or the transport failure.
pub(crate) async fn remove(callers: &Callers, leftover: &Leftover) -> Result<(), CleanupError> {
    let client = |via: Via| callers.client(via).map_err(CleanupError::from);
    let record =
        |path: &Path, entry: Entry| ledger::append(path, &[entry]).map_err(CleanupError::from);
    match leftover {
        Leftover::Role { name, ledger } => {
            delete_role(&callers.primary, name).await?;
            if let Some(path) = ledger {
                record(path, Entry::RoleDeleted { name: name.clone() })?;
            }
        }
        Leftover::Key {
            via,
            key_id,
            arn,
            ledger,
            ..
        } => {
            schedule_deletion(&client(*via)?, key_id).await?;
            if let Some(path) = ledger {
                record(path, Entry::Scheduled { arn: arn.clone() })?;
            }
        }
        Leftover::Alias {
            via,
            region,
            alias,
            ledger,
        } => {
            delete_alias(&client(*via)?, alias).await?;
            if let Some(path) = ledger {
                record(
                    path,
                    Entry::AliasDeleted {
                        alias: alias.clone(),
                        region: region.clone(),
                    },
                )?;
            }
        }
    }
    Ok(())
}
