//! Snapshot files: one per scenario, in insta's file format, so
//! `cargo insta review` shows and accepts them.
//!
//! `<folder>/<slug of the scenario's name>.snap` holds the accepted
//! document; `<slug>.snap.new` a pending one, waiting for review. Files are
//! read with insta's own parser ([`insta::Snapshot::from_file`]) and written
//! in the same format: a YAML header (`source`, `description`), `---`, the
//! document.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::scenario_document::Document;

/// The extension of an accepted snapshot.
pub(crate) const SNAP: &str = "snap";
/// The extension of a pending one (insta's).
pub(crate) const SNAP_NEW: &str = "snap.new";

/// A folder of snapshots: the reference (`snapshots/`) or a target's
/// (`snapshots/<target-name>/`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Folder {
    /// The folder's path, as given (relative to the working directory by
    /// default).
    pub dir: PathBuf,
}

/// A stored snapshot, read back.
#[derive(Clone, Debug)]
pub(crate) struct Stored {
    /// The normalised document it holds, without insta's header.
    pub document: Value,
}

impl Folder {
    /// The folder at `dir`; nothing is created until a snapshot is written.
    #[must_use]
    pub(crate) fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    /// Where `scenario`'s accepted snapshot lives.
    #[must_use]
    pub(crate) fn path(&self, scenario: &str) -> PathBuf {
        self.dir.join(format!("{}.{SNAP}", slug(scenario)))
    }

    /// Where `scenario`'s pending snapshot goes.
    #[must_use]
    pub(crate) fn pending_path(&self, scenario: &str) -> PathBuf {
        self.dir.join(format!("{}.{SNAP_NEW}", slug(scenario)))
    }

    /// `scenario`'s accepted snapshot; `None` when there is none.
    ///
    /// # Errors
    /// When the file exists but is not a snapshot of a JSON document.
    pub(crate) fn read(&self, scenario: &str) -> Result<Option<Stored>, StoreError> {
        let path = self.path(scenario);
        if !path.is_file() {
            return Ok(None);
        }
        let document = read_document(&path)?;
        Ok(Some(Stored { document }))
    }

    /// Writes `document` as `scenario`'s accepted snapshot (`pending`:
    /// as a `.snap.new` for review instead); the path written.
    ///
    /// # Errors
    /// When the file cannot be written.
    pub(crate) fn write(
        &self,
        document: &Document,
        source: &Path,
        pending: bool,
    ) -> Result<PathBuf, StoreError> {
        let path = if pending {
            self.pending_path(&document.scenario)
        } else {
            self.path(&document.scenario)
        };
        std::fs::create_dir_all(&self.dir)
            .map_err(|e| StoreError::at(&self.dir, "cannot create", e))?;
        let text = file_text(
            &source.display().to_string(),
            &document.scenario,
            &document.to_text(),
        );
        std::fs::write(&path, text).map_err(|e| StoreError::at(&path, "cannot write", e))?;
        Ok(path)
    }

    /// Removes `scenario`'s pending snapshot, if any: it is stale once the
    /// accepted one matches.
    pub(crate) fn discard_pending(&self, scenario: &str) {
        let _ = std::fs::remove_file(self.pending_path(scenario));
    }
}

/// The document inside a snapshot file, parsed by insta.
///
/// # Errors
/// When insta cannot read it or it does not hold a JSON document.
pub(crate) fn read_document(path: &Path) -> Result<Value, StoreError> {
    let snapshot =
        insta::Snapshot::from_file(path).map_err(|e| StoreError::at(path, "cannot read", e))?;
    let text = snapshot
        .contents()
        .as_text()
        .ok_or_else(|| StoreError {
            path: path.to_owned(),
            why: "is a binary snapshot".to_owned(),
        })?
        .to_string();
    serde_json::from_str(&text).map_err(|e| StoreError {
        path: path.to_owned(),
        why: format!("does not hold a JSON document: {e}"),
    })
}

/// A snapshot file or folder that cannot be read or written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct StoreError {
    path: PathBuf,
    /// What went wrong, read after the path ("is a binary snapshot").
    why: String,
}

impl StoreError {
    fn at(path: &Path, failed: &str, cause: impl std::fmt::Display) -> Self {
        Self {
            path: path.to_owned(),
            why: format!("({failed}): {cause}"),
        }
    }
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.path.display(), self.why)
    }
}

impl std::error::Error for StoreError {}

/// A scenario's name as a file name: lowercase letters and digits, words
/// joined by `_`, apostrophes dropped (`the caller's key` → `the_callers_key`).
#[must_use]
pub(crate) fn slug(name: &str) -> String {
    let mut slug = String::with_capacity(name.len());
    for c in name.chars() {
        match c {
            c if c.is_ascii_alphanumeric() => slug.push(c.to_ascii_lowercase()),
            // `caller's` stays one word.
            '\'' | '’' => {}
            _ if !slug.ends_with('_') => slug.push('_'),
            _ => {}
        }
    }
    slug.trim_matches('_').to_owned()
}

/// A snapshot file in insta's format.
#[must_use]
pub(crate) fn file_text(source: &str, description: &str, contents: &str) -> String {
    format!(
        "---\nsource: {}\ndescription: {}\n---\n{}\n",
        yaml_scalar(source),
        yaml_scalar(description),
        contents.trim_end()
    )
}

/// A YAML string scalar, quoted only when insta's own writer would quote it,
/// so that a snapshot accepted by `cargo insta review` is byte for byte the
/// one this module writes.
fn yaml_scalar(text: &str) -> String {
    let needs_quotes = text.is_empty()
        || text.starts_with(' ')
        || text.ends_with(' ')
        || text.starts_with(['&', '*', '?', '|', '-', '<', '>', '=', '!', '%', '@', '.'])
        || text.starts_with("0x")
        || text.contains([':', '{', '}', '[', ']', ',', '#', '`', '"', '\'', '\\'])
        || text.chars().any(char::is_control)
        || [
            "yes", "Yes", "YES", "no", "No", "NO", "True", "TRUE", "true", "False", "FALSE",
            "false", "on", "On", "ON", "off", "Off", "OFF", "null", "Null", "NULL", "~",
        ]
        .contains(&text)
        || text.parse::<f64>().is_ok();
    if needs_quotes {
        serde_json::to_string(text).expect("a string always serialises")
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests;
