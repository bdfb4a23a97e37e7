//! Applies a [`Plan`] to a finished run: compares each scenario's document
//! with its snapshots, writes what the mode says, and reports.
//!
//! Nothing here panics on a mismatch (as insta's assertion macros do): a
//! difference is an entry in the [`SnapshotReport`], and the caller decides
//! the exit code.

use std::path::{Path, PathBuf};

use super::compare::{self, Difference};
use super::hygiene;
use super::plan::{Mode, Plan};
use super::scenario_document::{Document, document};
use super::store::{Folder, StoreError, Stored};
use crate::report::{RunReport, ScenarioReport, Verdict};

/// How a scenario's document compares with a stored snapshot.
#[derive(Clone, Debug)]
pub(crate) enum Comparison {
    /// Equal, field for field.
    Matches,
    /// Stored → now.
    Differs(Vec<Difference>),
    /// No snapshot for the scenario in the folder yet.
    Missing,
    /// The file is there but cannot be read as a snapshot.
    Unreadable(StoreError),
    /// Not compared with the reference: the target skipped the scenario.
    Skipped,
}

impl Comparison {
    fn of(document: &Document, stored: Result<Option<Stored>, StoreError>) -> Self {
        match stored {
            Ok(None) => Self::Missing,
            Err(error) => Self::Unreadable(error),
            Ok(Some(stored)) => {
                let found = compare::differences(&stored.document, &document.to_value());
                if found.is_empty() {
                    Self::Matches
                } else {
                    Self::Differs(found)
                }
            }
        }
    }

    fn matches(&self) -> bool {
        matches!(self, Self::Matches)
    }
}

/// One scenario against one folder.
#[derive(Clone, Debug)]
pub(crate) struct Entry {
    /// The scenario's name, which names its snapshot file.
    pub scenario: String,
    /// The snapshot compared with.
    pub path: PathBuf,
    /// How the scenario's document compares with it.
    pub comparison: Comparison,
    /// What was written for it, if anything.
    pub written: Option<PathBuf>,
    /// Why nothing could be written although the mode asked for it.
    pub write_error: Option<String>,
}

/// The run against its own folder.
#[derive(Clone, Debug)]
pub(crate) struct OwnReport {
    /// The target's own folder.
    pub folder: Folder,
    /// What the run did with it.
    pub mode: Mode,
    /// One per scenario of the run, in feature-file order.
    pub entries: Vec<Entry>,
}

/// What snapshots said about a run.
#[derive(Clone, Debug, Default)]
pub(crate) struct SnapshotReport {
    /// The run against its own folder; `None` when snapshots are off.
    pub own: Option<OwnReport>,
    /// The run compared with the reference (another target only).
    pub reference: Option<(Folder, Vec<Entry>)>,
    /// `INSTA_FORCE_PASS=1`: differences are reported but fail nothing.
    pub force_pass: bool,
}

impl SnapshotReport {
    /// Scenarios that fail on their snapshot: a difference or a missing
    /// snapshot under `check`/`review`, a write that failed under any mode.
    #[must_use]
    pub(crate) fn failures(&self) -> Vec<&Entry> {
        let Some(own) = &self.own else {
            return Vec::new();
        };
        own.entries
            .iter()
            .filter(|e| {
                e.write_error.is_some()
                    || (!self.force_pass
                        && matches!(own.mode, Mode::Check | Mode::Review)
                        && !e.comparison.matches())
            })
            .collect()
    }
}

/// Compares every scenario of `run` as `plan` says, writing what its mode
/// asks for.
#[must_use]
pub(crate) fn apply(plan: &Plan, run: &RunReport) -> SnapshotReport {
    let documents: Vec<(&ScenarioReport, Document)> =
        run.scenarios.iter().map(|s| (s, document(s))).collect();
    let own = plan.own.as_ref().map(|(folder, mode)| OwnReport {
        folder: folder.clone(),
        mode: *mode,
        entries: documents
            .iter()
            .map(|(scenario, doc)| own_entry(folder, *mode, &scenario.path, doc))
            .collect(),
    });
    let reference = plan.reference.as_ref().map(|folder| {
        let entries = documents
            .iter()
            .map(|(scenario, doc)| Entry {
                scenario: doc.scenario.clone(),
                path: folder.path(&doc.scenario),
                comparison: match &scenario.verdict {
                    Verdict::Skipped { .. } => Comparison::Skipped,
                    _ => Comparison::of(doc, folder.read(&doc.scenario)),
                },
                written: None,
                write_error: None,
            })
            .collect();
        (folder.clone(), entries)
    });
    SnapshotReport {
        own,
        reference,
        force_pass: plan.force_pass,
    }
}

fn own_entry(folder: &Folder, mode: Mode, source: &Path, doc: &Document) -> Entry {
    let comparison = Comparison::of(doc, folder.read(&doc.scenario));
    let mut entry = Entry {
        scenario: doc.scenario.clone(),
        path: folder.path(&doc.scenario),
        comparison,
        written: None,
        write_error: None,
    };
    let pending = match mode {
        Mode::Check | Mode::Off => return entry,
        Mode::Review => true,
        Mode::Update => false,
    };
    if entry.comparison.matches() {
        folder.discard_pending(&doc.scenario);
        return entry;
    }
    let leaks = hygiene::findings(&doc.to_text());
    if !leaks.is_empty() {
        entry.write_error = Some(format!(
            "not written: the document holds what looks like a secret ({})",
            leaks.join("; ")
        ));
        return entry;
    }
    match folder.write(doc, source, pending) {
        Ok(path) => entry.written = Some(path),
        Err(error) => entry.write_error = Some(error.to_string()),
    }
    if !pending && entry.written.is_some() {
        // Accepted now: an older .snap.new would only offer to undo it.
        folder.discard_pending(&doc.scenario);
    }
    entry
}

/// Marks every scenario that failed on its snapshot as failed, so the
/// summary line and the exit code count it.
pub(crate) fn fail_scenarios(run: &mut RunReport, report: &SnapshotReport) {
    for entry in report.failures() {
        let Some(scenario) = run.scenarios.iter_mut().find(|s| s.name == entry.scenario) else {
            continue;
        };
        if matches!(scenario.verdict, Verdict::Failed { .. }) {
            continue;
        }
        let what = match (&entry.write_error, &entry.comparison) {
            (Some(error), _) => error.clone(),
            (None, Comparison::Missing) => "no snapshot".to_owned(),
            (None, Comparison::Unreadable(error)) => error.to_string(),
            (None, _) => "differs from its snapshot".to_owned(),
        };
        scenario.verdict = Verdict::Failed {
            step: "snapshot".to_owned(),
            message: format!("{what}: {}", entry.path.display()),
        };
    }
}
