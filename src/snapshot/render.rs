//! The snapshot part of a run's output: what differs, what was written, and
//! a count line per folder.

use std::fmt::Write as _;
use std::path::Path;

use super::compare;
use super::plan::Mode;
use super::session::{Comparison, Entry, SnapshotReport};

/// The text printed after the scenarios and before the summary line.
#[must_use]
pub(crate) fn render(report: &SnapshotReport) -> String {
    let mut text = String::new();
    if let Some((folder, entries)) = &report.reference {
        text.push_str(&reference(&folder.dir, entries));
    }
    if let Some(own) = &report.own {
        for entry in &own.entries {
            text.push_str(&own_entry(entry, own.mode));
        }
        let count = |pick: fn(&Comparison) -> bool| {
            own.entries.iter().filter(|e| pick(&e.comparison)).count()
        };
        let _ = write!(
            text,
            "snapshots ({}) in {}: {} compared, {} match, {} differ, {} missing",
            own.mode.name(),
            shown(&own.folder.dir),
            own.entries.len(),
            count(|c| matches!(c, Comparison::Matches)),
            count(|c| matches!(
                c,
                Comparison::Differs(_) | Comparison::Unreadable(_) | Comparison::Skipped
            )),
            count(|c| matches!(c, Comparison::Missing)),
        );
        let written = own.entries.iter().filter(|e| e.written.is_some()).count();
        match own.mode {
            Mode::Review if written > 0 => {
                let _ = write!(
                    text,
                    "; {written} .snap.new to review: `cargo insta review`, or rerun with --snapshots update"
                );
            }
            Mode::Update => {
                let _ = write!(text, "; {written} written");
            }
            Mode::Check if report.failures().is_empty() => {}
            Mode::Check => text.push_str("; docs/snapshots.md says how to review them"),
            Mode::Review | Mode::Off => {}
        }
        if report.force_pass && own.mode != Mode::Update {
            text.push_str(" (INSTA_FORCE_PASS: differences do not fail the run)");
        }
        text.push('\n');
    }
    text
}

fn own_entry(entry: &Entry, mode: Mode) -> String {
    let mut text = String::new();
    let path = shown(&entry.path);
    match &entry.comparison {
        Comparison::Matches | Comparison::Skipped => {}
        Comparison::Missing if mode == Mode::Update => {
            let _ = writeln!(text, "SNAPSHOT NEW  {}", entry.scenario);
        }
        Comparison::Missing => {
            let _ = writeln!(text, "SNAPSHOT MISSING  {} ({path})", entry.scenario);
        }
        Comparison::Unreadable(error) => {
            let _ = writeln!(text, "SNAPSHOT UNREADABLE  {}: {error}", entry.scenario);
        }
        Comparison::Differs(differences) => {
            let what = if mode == Mode::Update {
                "SNAPSHOT UPDATED"
            } else {
                "SNAPSHOT DIFFERS"
            };
            let _ = writeln!(text, "{what}  {} ({path}; stored → now)", entry.scenario);
            text.push_str(&compare::render(differences, "      "));
        }
    }
    if let Some(written) = &entry.written {
        let _ = writeln!(text, "      wrote {}", shown(written));
    }
    if let Some(error) = &entry.write_error {
        let _ = writeln!(text, "      {error}");
    }
    text
}

/// The differences from the reference, scenario by scenario, and a count.
fn reference(dir: &Path, entries: &[Entry]) -> String {
    let mut text = String::new();
    let (mut agree, mut missing, mut skipped) = (0, 0, 0);
    let mut differing = Vec::new();
    for entry in entries {
        match &entry.comparison {
            Comparison::Matches => agree += 1,
            Comparison::Missing => missing += 1,
            Comparison::Skipped => skipped += 1,
            Comparison::Unreadable(error) => {
                let _ = writeln!(text, "REFERENCE UNREADABLE  {}: {error}", entry.scenario);
            }
            Comparison::Differs(found) => differing.push((
                format!("DIFFERS FROM REFERENCE  {}", entry.scenario),
                found.as_slice(),
            )),
        }
    }
    text.push_str(&compare::render_many(&differing));
    let compared = entries.len() - missing - skipped;
    let _ = write!(
        text,
        "against the reference in {} (reference → this target): {compared} compared, {agree} agree, \
         {} differ",
        shown(dir),
        compared - agree,
    );
    if skipped > 0 {
        let _ = write!(text, "; {skipped} skipped here, not compared");
    }
    if missing > 0 {
        let _ = write!(text, "; {missing} without a reference snapshot");
    }
    text.push('\n');
    text
}

/// A path relative to the working directory when it is under it.
fn shown(path: &Path) -> String {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf())
        .display()
        .to_string()
}
