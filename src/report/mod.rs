//! What a run found: one [`ScenarioReport`] per scenario, and the summary.
//!
//! [`collector`] builds the reports from cucumber's events; [`terminal`]
//! prints progress and the summary line.

pub mod collector;
pub mod terminal;

use std::path::PathBuf;
use std::time::Duration;

use crate::wire::{Exchange, WireError};

/// How a scenario ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    Passed,
    /// A step failed; which one, and why.
    Failed {
        step: String,
        message: String,
    },
    /// Not run: the target lacks what it needs.
    Skipped {
        reason: String,
    },
}

/// One scenario's result, with the exchanges behind it.
#[derive(Clone, Debug)]
pub struct ScenarioReport {
    pub path: PathBuf,
    pub line: usize,
    pub feature: String,
    /// The scenario's name, its stable identity (unique across the suite).
    pub name: String,
    pub tags: Vec<String>,
    pub verdict: Verdict,
    /// What passed only leniently.
    pub lenient: Vec<String>,
    /// Every exchange of the scenario, in order, credentials redacted.
    pub exchanges: Vec<Exchange>,
    /// Where in `exchanges` the first request under test (a `When` step's)
    /// is: before it is setup, from it on what the scenario judged.
    pub first_action: Option<usize>,
    pub elapsed: Duration,
}

impl ScenarioReport {
    /// `features/key_states.feature:42`.
    #[must_use]
    pub fn location(&self) -> String {
        format!("{}:{}", self.path.display(), self.line)
    }
}

/// A whole run.
#[derive(Clone, Debug, Default)]
pub struct RunReport {
    /// In feature-file order.
    pub scenarios: Vec<ScenarioReport>,
    /// Features that could not be read or parsed.
    pub parse_errors: Vec<String>,
    /// The first transport failure and the scenario it happened in: the
    /// target stopped answering, so the run says nothing about KMS behaviour.
    pub target_down: Option<(String, WireError)>,
    pub elapsed: Duration,
}

impl RunReport {
    fn count(&self, pick: impl Fn(&Verdict) -> bool) -> usize {
        self.scenarios.iter().filter(|s| pick(&s.verdict)).count()
    }

    #[must_use]
    pub fn passed(&self) -> usize {
        self.count(|v| *v == Verdict::Passed)
    }

    #[must_use]
    pub fn failed(&self) -> usize {
        self.count(|v| matches!(v, Verdict::Failed { .. }))
    }

    #[must_use]
    pub fn skipped(&self) -> usize {
        self.count(|v| matches!(v, Verdict::Skipped { .. }))
    }

    /// Scenarios that passed only leniently.
    #[must_use]
    pub fn lenient(&self) -> usize {
        self.scenarios
            .iter()
            .filter(|s| s.verdict == Verdict::Passed && !s.lenient.is_empty())
            .count()
    }

    /// Whether every scenario that ran passed and the run itself was sound.
    #[must_use]
    pub fn is_success(&self) -> bool {
        self.failed() == 0 && self.parse_errors.is_empty() && self.target_down.is_none()
    }

    /// `41 passed, 0 failed, 2 skipped (1 passed leniently)`: the closing
    /// line CI reads.
    #[must_use]
    pub fn summary_line(&self) -> String {
        let mut line = format!("{} passed, {} failed", self.passed(), self.failed());
        if self.skipped() > 0 {
            line.push_str(&format!(", {} skipped", self.skipped()));
        }
        if self.lenient() > 0 {
            line.push_str(&format!(" ({} passed leniently)", self.lenient()));
        }
        line
    }
}
