//! Two runs of the same scenarios side by side: per scenario, whether their
//! normalised documents agree, and where they do not.

use std::fmt::Write as _;

use super::compare::{self, Difference};
use super::scenario_document::document;
use crate::report::{RunReport, ScenarioReport, Verdict};

/// How one scenario compares between side A and side B.
#[derive(Clone, Debug)]
pub(crate) enum Pairing {
    /// Their normalised documents are equal.
    Agree,
    /// A → B, field by field (the verdict is a field too).
    Differ(Vec<Difference>),
    /// Skipped, or not run, on a side: nothing to compare.
    NotCompared(String),
}

/// One scenario's pairing.
#[derive(Clone, Debug)]
pub(crate) struct ScenarioPairing {
    /// The scenario's name, which pairs it across the two runs.
    pub scenario: String,
    /// How it compares.
    pub pairing: Pairing,
}

/// Pairs the scenarios of `a` and `b` by name, in `a`'s order (then any
/// that only `b` ran).
#[must_use]
pub(crate) fn pair(a: &RunReport, b: &RunReport) -> Vec<ScenarioPairing> {
    let find = |run: &'_ RunReport, name: &str| -> Option<ScenarioReport> {
        run.scenarios.iter().find(|s| s.name == name).cloned()
    };
    let mut names: Vec<&str> = a.scenarios.iter().map(|s| s.name.as_str()).collect();
    for s in &b.scenarios {
        if !names.contains(&s.name.as_str()) {
            names.push(&s.name);
        }
    }
    names
        .into_iter()
        .map(|name| ScenarioPairing {
            scenario: name.to_owned(),
            pairing: pairing(find(a, name).as_ref(), find(b, name).as_ref()),
        })
        .collect()
}

fn pairing(a: Option<&ScenarioReport>, b: Option<&ScenarioReport>) -> Pairing {
    let (Some(a), Some(b)) = (a, b) else {
        let side = if a.is_none() { "A" } else { "B" };
        return Pairing::NotCompared(format!("not run on {side}"));
    };
    for (side, report) in [("A", a), ("B", b)] {
        if let Verdict::Skipped { reason } = &report.verdict {
            return Pairing::NotCompared(format!("skipped on {side}: {reason}"));
        }
    }
    let found = compare::differences(&document(a).to_value(), &document(b).to_value());
    if found.is_empty() {
        Pairing::Agree
    } else {
        Pairing::Differ(found)
    }
}

/// Whether every compared scenario agrees.
#[must_use]
pub(crate) fn all_agree(pairings: &[ScenarioPairing]) -> bool {
    pairings
        .iter()
        .all(|p| !matches!(p.pairing, Pairing::Differ(_)))
}

/// The differing scenarios with their fields, the ones not compared, and
/// the closing count: `81 scenarios compared: 75 agree, 6 differ`.
#[must_use]
pub(crate) fn render(pairings: &[ScenarioPairing]) -> String {
    let mut text = String::new();
    let (mut agree, mut not_compared) = (0, 0);
    let mut differing = Vec::new();
    for p in pairings {
        match &p.pairing {
            Pairing::Agree => agree += 1,
            Pairing::Differ(found) => {
                differing.push((format!("DIFFER  {} (A → B)", p.scenario), found.as_slice()));
            }
            Pairing::NotCompared(why) => {
                not_compared += 1;
                let _ = writeln!(text, "NOT COMPARED  {} ({why})", p.scenario);
            }
        }
    }
    let differ = differing.len();
    text.push_str(&compare::render_many(&differing));
    let _ = write!(
        text,
        "{} scenarios compared: {agree} agree, {differ} differ",
        agree + differ
    );
    if not_compared > 0 {
        let _ = write!(text, "; {not_compared} not compared");
    }
    text.push('\n');
    text
}
