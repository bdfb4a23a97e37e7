//! The ledger of what a run made on a target, so nothing is left behind.
//!
//! The scenarios delete tags, so a run cannot find its keys by tag: it keeps
//! a ledger instead, in memory for the run's own cleanup and, for targets
//! other than the built-in stub, on disk (`<run dir>/<run id>.jsonl`, one
//! JSON line per event) so that an interrupted or crashed run can be cleaned
//! up later by `kms-conformance cleanup`. Every key is also marked in its
//! description with [`DESCRIPTION_MARKER`] and the run id.

use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::callers::Via;

/// How every key the suite creates begins its description.
pub const DESCRIPTION_MARKER: &str = "kms-conformance run ";

/// The description of a key made by run `run_id` in `scenario`.
#[must_use]
pub fn key_description(run_id: &str, scenario: &str) -> String {
    format!(
        "{DESCRIPTION_MARKER}{run_id} ({scenario}); scheduled for deletion when the scenario ends"
    )
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
    /// A key's deletion was scheduled (or it was found pending deletion already).
    Scheduled {
        /// The key's ARN, as its [`Entry::Created`] gave it.
        arn: String,
    },
    /// A scheduled deletion was cancelled: the key needs cleaning up again.
    DeletionCancelled {
        /// The key's ARN, as its [`Entry::Created`] gave it.
        arn: String,
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
        self.record(Entry::Created {
            run: self.run.clone(),
            endpoint: self.endpoint.clone(),
            owner,
            region: region.to_owned(),
            key_id: key_id.to_owned(),
            arn: arn.to_owned(),
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

    /// What is still to clean up.
    #[must_use]
    pub fn outstanding(&self) -> Outstanding {
        Outstanding::of(&self.entries.lock().unwrap_or_else(PoisonError::into_inner))
    }
}

/// Keys not yet scheduled for deletion and aliases not yet deleted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outstanding {
    /// Keys whose deletion is not scheduled yet.
    pub keys: Vec<OutstandingKey>,
    /// Aliases not deleted yet.
    pub aliases: Vec<OutstandingAlias>,
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
                    endpoint,
                    ..
                } => {
                    let key = OutstandingKey {
                        owner: *owner,
                        region: region.clone(),
                        key_id: key_id.clone(),
                        arn: arn.clone(),
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
                Entry::Scheduled { arn } => outstanding.keys.retain(|k| k.arn != *arn),
                Entry::AliasDeleted { alias, region } => {
                    outstanding
                        .aliases
                        .retain(|a| !(a.alias == *alias && a.region == *region));
                }
            }
        }
        outstanding
    }

    /// Whether nothing is left to clean up.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty() && self.aliases.is_empty()
    }
}

/// Every ledger under `dir`: `(path, entries)`. Lines that do not parse
/// are skipped: a crash may have cut the last one short.
///
/// # Errors
/// When the folder exists but cannot be read.
pub fn read_all(dir: &Path) -> Result<Vec<(PathBuf, Vec<Entry>)>, LedgerError> {
    let listing = match std::fs::read_dir(dir) {
        Ok(listing) => listing,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(LedgerError::at("read the run directory", dir)(e)),
    };
    let mut ledgers = Vec::new();
    for item in listing {
        let path = item
            .map_err(LedgerError::at("read the run directory", dir))?
            .path();
        if path.extension().is_some_and(|e| e == "jsonl") {
            let file = File::open(&path).map_err(LedgerError::at("read the ledger", &path))?;
            let entries = BufReader::new(file)
                .lines()
                .map_while(Result::ok)
                .filter_map(|line| serde_json::from_str(&line).ok())
                .collect();
            ledgers.push((path, entries));
        }
    }
    ledgers.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(ledgers)
}

/// Appends entries to an existing ledger file (cleanup records its work).
///
/// # Errors
/// When the file cannot be written.
pub fn append(path: &Path, entries: &[Entry]) -> Result<(), LedgerError> {
    let failed = |e| LedgerError::at("update the ledger", path)(e);
    // A crash may have cut the last line short: start on a line of our own.
    let torn = std::fs::read(path)
        .map_err(failed)?
        .last()
        .is_some_and(|b| *b != b'\n');
    let mut file = OpenOptions::new().append(true).open(path).map_err(failed)?;
    if torn {
        writeln!(file).map_err(failed)?;
    }
    for entry in entries {
        // An entry is plain strings and numbers: serialising it cannot fail.
        let line = serde_json::to_string(entry).unwrap_or_default();
        writeln!(file, "{line}").map_err(LedgerError::at("update the ledger", path))?;
    }
    Ok(())
}

/// A ledger file or folder that could not be created, read or written.
#[derive(Debug)]
pub struct LedgerError {
    action: &'static str,
    path: PathBuf,
    cause: std::io::Error,
}

impl LedgerError {
    /// Wraps an I/O failure met while trying to `action` (a phrase such
    /// as "read the ledger") at `path`.
    fn at(action: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> Self {
        let path = path.to_owned();
        move |cause| Self {
            action,
            path,
            cause,
        }
    }
}

impl std::fmt::Display for LedgerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "cannot {} {}: {}",
            self.action,
            self.path.display(),
            self.cause
        )
    }
}

impl std::error::Error for LedgerError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.cause)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scheduled_key_and_a_deleted_alias_are_no_longer_outstanding() {
        let ledger = Ledger::in_memory("run-1", "http://127.0.0.1:1/");
        ledger.created(Via::Primary, "us-east-1", "k1", "arn:k1");
        ledger.created(Via::SecondAccount, "us-east-1", "k2", "arn:k2");
        ledger.alias(Via::Primary, "us-east-1", "alias/a");
        ledger.scheduled("arn:k1");
        ledger.alias_deleted("alias/a", "us-east-1");
        let outstanding = ledger.outstanding();
        assert_eq!(outstanding.keys.len(), 1);
        assert_eq!(outstanding.keys[0].key_id, "k2");
        assert!(outstanding.aliases.is_empty());
        ledger.deletion_cancelled("arn:k1");
        assert_eq!(
            ledger.outstanding().keys.len(),
            2,
            "a cancelled deletion is outstanding again"
        );
    }

    #[test]
    fn an_on_disk_ledger_survives_the_run_and_tolerates_a_torn_last_line() {
        let dir =
            std::env::temp_dir().join(format!("kms-conformance-ledger-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let ledger = Ledger::on_disk(&dir, "run-2", "http://127.0.0.1:1/").expect("ledger");
        ledger.created(Via::Primary, "eu-west-1", "k1", "arn:k1");
        let path = ledger.path().expect("a file").to_path_buf();
        drop(ledger);
        std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .and_then(|mut f| f.write_all(b"{\"event\":\"creat"))
            .expect("torn line");
        let ledgers = read_all(&dir).expect("readable");
        assert_eq!(ledgers.len(), 1);
        assert_eq!(Outstanding::of(&ledgers[0].1).keys.len(), 1);
        append(
            &path,
            &[Entry::Scheduled {
                arn: "arn:k1".into(),
            }],
        )
        .expect("appends");
        assert!(Outstanding::of(&read_all(&dir).expect("readable")[0].1).is_empty());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_description_carries_the_marker_and_the_run() {
        let description = key_description("123-abc", "A scenario");
        assert!(description.starts_with(DESCRIPTION_MARKER));
        assert!(description.contains("123-abc"));
    }
}
