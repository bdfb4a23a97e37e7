//! What a run found: one [`ScenarioReport`] per scenario, and the summary.
//!
//! Plain data and its renderers: the suite (`suite::collector`) builds the
//! reports from cucumber's events; [`terminal`] prints progress and the
//! summary line; [`junit`] writes the JUnit file; [`results`] saves a run as
//! a versioned results file, and [`matrix`] sets the results of several
//! targets side by side; [`fidelity`] holds what a proxy changed, found by
//! the proxy mode.

pub(crate) mod fidelity;
pub(crate) mod junit;
pub(crate) mod matrix;
pub(crate) mod results;
pub(crate) mod terminal;
pub(crate) mod time_spent;

use std::path::PathBuf;
use std::time::Duration;

use self::time_spent::TimeSpent;
use crate::expectations::{Expectation, Expected};
use crate::wire::{Exchange, WireError};

/// How a scenario ended, as run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Every step passed (some perhaps only leniently).
    Passed,
    /// A step failed; which one, and why.
    Failed {
        /// The step as written, keyword included (`Then the call succeeds`).
        step: String,
        /// Why it failed, possibly over several lines.
        message: String,
    },
    /// Not run: the target lacks what it needs.
    Skipped {
        /// What the target lacks, as [`Capability::missing_reason`] says it.
        ///
        /// [`Capability::missing_reason`]: crate::endpoint::Capability::missing_reason
        reason: String,
    },
    /// Not run to the end: the target stopped answering, in this scenario
    /// or before it.
    Abandoned {
        /// `(step, transport failure)` when the target stopped answering in
        /// this scenario; `None` when it had stopped before.
        died_here: Option<(String, String)>,
    },
}

/// How a scenario counts, once the implementation's expectations are applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Passed, and not listed in the expectations.
    Passed,
    /// Failed, and not listed: fails the run.
    Failed,
    /// Not run: the target lacks what the scenario needs.
    Skipped,
    /// Not run to the end: the target stopped answering, which fails the run.
    Abandoned,
    /// Listed as an expected failure, and failed.
    FailedAsExpected,
    /// Listed as an expected failure, and passed: the list is out of date.
    UnexpectedPass,
    /// Listed as flaky; passing or failing changes nothing.
    Flaky,
}

/// One scenario's result, with the exchanges behind it.
#[derive(Clone, Debug)]
pub struct ScenarioReport {
    /// The feature file: `features/<area>.feature` for the built-in
    /// features, the file under `--features DIR` otherwise.
    pub path: PathBuf,
    /// The line of the scenario's `Scenario:` keyword, counting from 1.
    pub line: usize,
    /// The name of the feature it belongs to.
    pub feature: String,
    /// The scenario's name, its stable identity (unique across the suite).
    pub name: String,
    /// Its feature's tags, then its own, without the `@`.
    pub tags: Vec<String>,
    /// How it ended, before expectations are applied.
    pub verdict: Verdict,
    /// The implementation's expectation for this scenario, if listed.
    pub expected: Option<Expectation>,
    /// What passed only leniently.
    pub lenient: Vec<String>,
    /// Every exchange of the scenario, in order, credentials redacted.
    pub exchanges: Vec<Exchange>,
    /// Where in `exchanges` the first request under test (a `When` step's)
    /// is: before it is setup, from it on what the scenario judged.
    pub first_action: Option<usize>,
    /// Wall time from its start to its end, hooks (and so its cleanup)
    /// included; zero when it was skipped.
    pub elapsed: Duration,
    /// Where that time went: exchanges, cleanup, waits by cause.
    pub time: TimeSpent,
}

impl ScenarioReport {
    /// `features/key_states.feature:42`.
    #[must_use]
    pub fn location(&self) -> String {
        format!("{}:{}", self.path.display(), self.line)
    }

    /// How it counts.
    #[must_use]
    pub fn outcome(&self) -> Outcome {
        let failed = matches!(self.verdict, Verdict::Failed { .. });
        match (&self.verdict, self.expected.as_ref().map(|e| e.outcome)) {
            (Verdict::Skipped { .. }, _) => Outcome::Skipped,
            (Verdict::Abandoned { .. }, _) => Outcome::Abandoned,
            (_, Some(Expected::Flaky)) => Outcome::Flaky,
            (_, Some(Expected::Fail)) if failed => Outcome::FailedAsExpected,
            (_, Some(Expected::Fail)) => Outcome::UnexpectedPass,
            (_, None) if failed => Outcome::Failed,
            (_, None) => Outcome::Passed,
        }
    }

    /// How many of its requests were throttled and sent again, in all.
    #[must_use]
    pub fn throttled(&self) -> u32 {
        self.exchanges.iter().map(|e| e.throttled).sum()
    }

    /// How many of its requests got a transient answer (a server fault, a
    /// key just made not found yet) and were sent again, in all.
    #[must_use]
    pub fn transient(&self) -> u32 {
        self.exchanges.iter().map(|e| e.transient).sum()
    }

    /// Whether it passed, but only leniently.
    #[must_use]
    pub fn passed_leniently(&self) -> bool {
        self.verdict == Verdict::Passed && !self.lenient.is_empty()
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
    /// The Cucumber JSON document, when one was asked for.
    pub cucumber_json: Option<Vec<u8>>,
    /// Wall time of running the scenarios; connecting to the target and the
    /// run's final cleanup are not included.
    pub elapsed: Duration,
}

impl RunReport {
    /// How many scenarios count as `outcome`.
    #[must_use]
    pub fn count(&self, outcome: Outcome) -> usize {
        self.scenarios
            .iter()
            .filter(|s| s.outcome() == outcome)
            .count()
    }

    /// Scenarios that passed and were not listed.
    #[must_use]
    pub fn passed(&self) -> usize {
        self.count(Outcome::Passed)
    }

    /// Failures, unexpected passes included: both fail the run.
    #[must_use]
    pub fn failed(&self) -> usize {
        self.count(Outcome::Failed) + self.count(Outcome::UnexpectedPass)
    }

    /// Scenarios not run because the target lacks what they need.
    #[must_use]
    pub fn skipped(&self) -> usize {
        self.count(Outcome::Skipped)
    }

    /// Scenarios that passed only leniently.
    #[must_use]
    pub fn lenient(&self) -> usize {
        self.scenarios
            .iter()
            .filter(|s| s.passed_leniently())
            .count()
    }

    /// The scenarios' time, added up cause by cause (scenarios run side by
    /// side, so the sum exceeds the run's wall time).
    #[must_use]
    pub fn time(&self) -> TimeSpent {
        let mut total = TimeSpent::default();
        for scenario in &self.scenarios {
            total.add(&scenario.time);
        }
        total
    }

    /// The scenarios that waited out the settle time because no barrier
    /// could be written, each with why.
    #[must_use]
    pub fn slowed(&self) -> Vec<(&str, &[String])> {
        self.scenarios
            .iter()
            .filter(|s| !s.time.slowed.is_empty())
            .map(|s| (s.name.as_str(), s.time.slowed.as_slice()))
            .collect()
    }

    /// Where the scenarios' time went, summed: `time in scenarios (added
    /// up): ...`; and, when any check waited out the settle time for want
    /// of a barrier, one line naming those scenarios, grouped by why.
    #[must_use]
    pub fn time_lines(&self) -> Vec<String> {
        let mut lines = vec![format!("time in scenarios (added up): {}", self.time())];
        let slowed = self.slowed();
        if !slowed.is_empty() {
            let mut by_why: Vec<(&str, Vec<String>)> = Vec::new();
            for (name, whys) in &slowed {
                for why in *whys {
                    let quoted = format!("\"{name}\"");
                    match by_why.iter_mut().find(|(w, _)| w == why) {
                        Some((_, names)) if names.contains(&quoted) => {}
                        Some((_, names)) => names.push(quoted),
                        None => by_why.push((why, vec![quoted])),
                    }
                }
            }
            let groups: Vec<String> = by_why
                .into_iter()
                .map(|(why, names)| format!("because {why}: {}", names.join(", ")))
                .collect();
            lines.push(format!(
                "waited out --settle without a barrier in {} scenarios, {}",
                slowed.len(),
                groups.join("; ")
            ));
        }
        lines
    }

    /// How many requests of the run's scenarios were throttled and sent
    /// again (a throttle is never a verdict).
    #[must_use]
    pub fn throttled(&self) -> u32 {
        self.scenarios.iter().map(ScenarioReport::throttled).sum()
    }

    /// How many requests of the run's scenarios got a transient answer and
    /// were sent again (a transient answer is never a verdict).
    #[must_use]
    pub fn transient(&self) -> u32 {
        self.scenarios.iter().map(ScenarioReport::transient).sum()
    }

    /// Whether every scenario that ran passed (or failed as expected) and
    /// the run itself was sound.
    #[must_use]
    pub fn is_success(&self) -> bool {
        self.failed() == 0 && self.parse_errors.is_empty() && self.target_down.is_none()
    }

    /// `41 passed, 0 failed, 2 skipped (7 failed as expected, 1 passed
    /// leniently, 3 throttled requests retried)`: the closing line CI reads.
    #[must_use]
    pub fn summary_line(&self) -> String {
        let skipped = if self.skipped() > 0 {
            format!(", {} skipped", self.skipped())
        } else {
            String::new()
        };
        let notes: Vec<String> = [
            (self.count(Outcome::FailedAsExpected), "failed as expected"),
            (self.count(Outcome::UnexpectedPass), "passed unexpectedly"),
            (self.count(Outcome::Flaky), "flaky"),
            (self.lenient(), "passed leniently"),
            (
                self.count(Outcome::Abandoned),
                "not run: the target stopped answering",
            ),
        ]
        .into_iter()
        .chain([
            (
                usize::try_from(self.throttled()).unwrap_or(usize::MAX),
                "throttled requests retried",
            ),
            (
                usize::try_from(self.transient()).unwrap_or(usize::MAX),
                "transient answers retried",
            ),
        ])
        .filter(|(count, _)| *count > 0)
        .map(|(count, what)| format!("{count} {what}"))
        .collect();
        let notes = if notes.is_empty() {
            String::new()
        } else {
            format!(" ({})", notes.join(", "))
        };
        format!(
            "{} passed, {} failed{skipped}{notes}",
            self.passed(),
            self.failed()
        )
    }
}

#[cfg(test)]
mod tests;
