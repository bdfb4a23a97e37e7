//! The ledger of what a run made on a target, so nothing is left behind.
//!
//! The scenarios delete tags, so a run cannot find its keys by tag: it keeps
//! a ledger instead, in memory for the run's own cleanup and, for targets
//! other than the built-in stub, on disk (`<run dir>/<run id>.jsonl`, one
//! JSON line per event) so that an interrupted or crashed run can be cleaned
//! up later by `kms-conformance cleanup`. Every key is also marked in its
//! description with [`DESCRIPTION_MARKER`] and the run id.
//!
//! Here: the [`Entry`] a line holds and the run's own [`Ledger`], which
//! records them. `outstanding` folds entries into what is left to clean up
//! ([`Outstanding`]); `files` reads the ledgers earlier runs left on disk
//! and appends what a later cleanup did.

mod files;
mod outstanding;

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

pub(crate) use self::files::{LedgerError, append, read_all};
#[cfg(test)]
pub(crate) use self::outstanding::OutstandingRole;
pub(crate) use self::outstanding::{Outstanding, OutstandingAlias, OutstandingKey};
use super::callers::Via;

/// How every key the suite creates begins its description.
pub(crate) const DESCRIPTION_MARKER: &str = "kms-conformance run ";

/// The description of a key made by run `run_id` in `scenario`.
#[must_use]
pub(crate) fn key_description(run_id: &str, scenario: &str) -> String {
    format!(
        "{}; scheduled for deletion when the scenario ends",
        key_marker(run_id, scenario)
    )
}

/// How the description of every key run `run_id` made in `scenario` begins.
#[must_use]
pub(crate) fn key_marker(run_id: &str, scenario: &str) -> String {
    format!("{DESCRIPTION_MARKER}{run_id} ({scenario})")
}

/// A new run's id: sortable by time, unique enough to find a run's keys
/// by the [`key_marker`] in their descriptions.
#[must_use]
pub(crate) fn new_run_id() -> String {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs();
    let nonce = uuid::Uuid::new_v4().simple().to_string();
    format!("{seconds}-{}", &nonce[..8])
}

/// One line of a ledger.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "kebab-case")]
pub enum Entry {
    /// A key was created.
    Created {
        /// The id of the run that made it.
        run: String,
        /// The endpoint it was made on; cleanup touches only its own.
        endpoint: String,
        /// The caller that made it, and so may delete it.
        owner: Via,
        /// The region it lives in.
        region: String,
        /// Its key ID.
        key_id: String,
        /// Its key ARN, by which later entries name it.
        arn: String,
        /// For a multi-Region replica, its primary key's ARN: replicas are
        /// deleted before their primary (contract row 146).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        primary: Option<String>,
        /// When, in seconds since the Unix epoch.
        at: u64,
    },
    /// An alias was created.
    Alias {
        /// The id of the run that made it.
        run: String,
        /// The endpoint it was made on; cleanup touches only its own.
        endpoint: String,
        /// The caller that made it, and so may delete it.
        owner: Via,
        /// The region it lives in: alias names are per region.
        region: String,
        /// Its name, `alias/kms-conformance/...`.
        alias: String,
        /// When, in seconds since the Unix epoch.
        at: u64,
    },
    /// A key's deletion was scheduled (or it was found pending deletion
    /// already). A primary pending replica deletion counts: it goes once its
    /// replicas have.
    Scheduled {
        /// The key's ARN, as its [`Entry::Created`] gave it.
        arn: String,
    },
    /// A scheduled deletion was cancelled: the key needs cleaning up again.
    DeletionCancelled {
        /// The key's ARN, as its [`Entry::Created`] gave it.
        arn: String,
    },
    /// An IAM role is about to be created (recorded before `CreateRole`:
    /// its name is the run's choice, so a role whose creation went
    /// unanswered is still named here).
    Role {
        /// The id of the run that made it.
        run: String,
        /// The endpoint it was made on; cleanup touches only its own.
        endpoint: String,
        /// Its name, `kms-conformance-...`, under the path `/kms-conformance/`.
        name: String,
        /// When, in seconds since the Unix epoch.
        at: u64,
    },
    /// An IAM role was deleted (or found gone), its inline policies first.
    RoleDeleted {
        /// Its name, as its [`Entry::Role`] gave it.
        name: String,
    },
    /// An alias was deleted (or found gone).
    AliasDeleted {
        /// Its name, as its [`Entry::Alias`] gave it.
        alias: String,
        /// Its region, as its [`Entry::Alias`] gave it.
        region: String,
    },
}

/// A run's ledger.
#[derive(Debug)]
pub struct Ledger {
    run: String,
    endpoint: String,
    entries: Mutex<Vec<Entry>>,
    file: Option<Mutex<File>>,
    path: Option<PathBuf>,
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs()
}

impl Ledger {
    /// A ledger kept in memory only (the built-in stub is thrown away anyway).
    #[must_use]
    pub fn in_memory(run: &str, endpoint: &str) -> Self {
        Self {
            run: run.to_owned(),
            endpoint: endpoint.to_owned(),
            entries: Mutex::default(),
            file: None,
            path: None,
        }
    }

    /// A ledger also written to `<dir>/<run>.jsonl`.
    ///
    /// # Errors
    /// When the file cannot be created: a run that could not be cleaned up
    /// after a crash must not start.
    pub fn on_disk(dir: &Path, run: &str, endpoint: &str) -> Result<Self, LedgerError> {
        std::fs::create_dir_all(dir).map_err(LedgerError::at("create the run directory", dir))?;
        let path = dir.join(format!("{run}.jsonl"));
        let file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .map_err(LedgerError::at("create the ledger", &path))?;
        Ok(Self {
            file: Some(Mutex::new(file)),
            path: Some(path),
            ..Self::in_memory(run, endpoint)
        })
    }

    /// Where the ledger is written, if anywhere.
    #[must_use]
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    fn record(&self, entry: Entry) {
        if let Some(file) = &self.file {
            let mut file = file.lock().unwrap_or_else(PoisonError::into_inner);
            // A line that cannot be written leaves the in-memory ledger whole;
            // the run still cleans up after itself.
            if let Ok(line) = serde_json::to_string(&entry) {
                let _ = writeln!(file, "{line}").and_then(|()| file.flush());
            }
        }
        self.entries
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(entry);
    }

    /// Records a key the run created.
    pub fn created(&self, owner: Via, region: &str, key_id: &str, arn: &str) {
        self.record_key(owner, region, key_id, arn, None);
    }

    /// Records a multi-Region replica the run made of the key `primary`
    /// (its ARN), in `region`.
    pub fn replica(&self, owner: Via, region: &str, key_id: &str, arn: &str, primary: &str) {
        self.record_key(owner, region, key_id, arn, Some(primary.to_owned()));
    }

    fn record_key(
        &self,
        owner: Via,
        region: &str,
        key_id: &str,
        arn: &str,
        primary: Option<String>,
    ) {
        self.record(Entry::Created {
            run: self.run.clone(),
            endpoint: self.endpoint.clone(),
            owner,
            region: region.to_owned(),
            key_id: key_id.to_owned(),
            arn: arn.to_owned(),
            primary,
            at: now(),
        });
    }

    /// Records an alias the run created.
    pub fn alias(&self, owner: Via, region: &str, alias: &str) {
        self.record(Entry::Alias {
            run: self.run.clone(),
            endpoint: self.endpoint.clone(),
            owner,
            region: region.to_owned(),
            alias: alias.to_owned(),
            at: now(),
        });
    }

    /// Records an IAM role the run is about to create.
    pub fn role(&self, name: &str) {
        self.record(Entry::Role {
            run: self.run.clone(),
            endpoint: self.endpoint.clone(),
            name: name.to_owned(),
            at: now(),
        });
    }

    /// Records that an IAM role is gone.
    pub fn role_deleted(&self, name: &str) {
        self.record(Entry::RoleDeleted {
            name: name.to_owned(),
        });
    }

    /// Records that a key's deletion is scheduled.
    pub fn scheduled(&self, arn: &str) {
        self.record(Entry::Scheduled {
            arn: arn.to_owned(),
        });
    }

    /// Records that a key's scheduled deletion was cancelled.
    pub fn deletion_cancelled(&self, arn: &str) {
        self.record(Entry::DeletionCancelled {
            arn: arn.to_owned(),
        });
    }

    /// Records that an alias is gone.
    pub fn alias_deleted(&self, alias: &str, region: &str) {
        self.record(Entry::AliasDeleted {
            alias: alias.to_owned(),
            region: region.to_owned(),
        });
    }

    /// Whether the ledger records the creation of the key `arn`.
    #[must_use]
    pub fn has_key(&self, arn: &str) -> bool {
        self.entries
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .iter()
            .any(|entry| matches!(entry, Entry::Created { arn: a, .. } if a == arn))
    }

    /// What is still to clean up.
    #[must_use]
    pub fn outstanding(&self) -> Outstanding {
        Outstanding::of(&self.entries.lock().unwrap_or_else(PoisonError::into_inner))
    }
}

#[cfg(test)]
mod tests;
