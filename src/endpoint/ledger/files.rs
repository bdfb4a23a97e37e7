//! Ledger files: every ledger a folder holds, read back after the runs that
//! wrote them ended, and entries appended by a later cleanup.

use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use super::Entry;

/// Every ledger under `dir`: `(path, entries)`. Lines that do not parse
/// are skipped: a crash may have cut the last one short.
///
/// # Errors
/// When the folder exists but cannot be read.
pub(crate) fn read_all(dir: &Path) -> Result<Vec<(PathBuf, Vec<Entry>)>, LedgerError> {
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
pub(crate) fn append(path: &Path, entries: &[Entry]) -> Result<(), LedgerError> {
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
    pub(super) fn at(action: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> Self {
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
