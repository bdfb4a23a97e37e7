//! [`Report`]: what a [`Suite`](crate::Suite) run found, for a test to
//! assert on.
//!
//! A view of the run's `RunReport`, the one the command line prints, writes
//! as JUnit and gates on: the same counts, the same verdicts, the same text.

use std::fmt;

use crate::report::terminal::render_scenario;
use crate::report::{Outcome, RunReport, ScenarioReport, Verdict, junit};

/// What a run of the suite found: every scenario's outcome, with the
/// failures and their reasons.
///
/// Its `Display` is what the command line prints for each scenario that
/// fails the run (the failing step, why, and the HTTP exchanges behind it),
/// then the summary line, so `assert!(report.is_success(), "{report}")`
/// says everything a failed test needs.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// use std::time::Duration;
/// use kms_conformance::{Deviation, Outcome, Stub, StubOptions, Suite};
///
/// // Arrange: a KMS whose UntagResource removes nothing.
/// let options = StubOptions {
///     deviations: Deviation::UntagRemovesNothing.into(),
///     ..StubOptions::default()
/// };
/// let kms = Stub::start_with(options).await;
///
/// // Act
/// let report = Suite::new(kms.uri())
///     .tags("@removal")
///     .settle(Duration::from_millis(500))
///     .run()
///     .await
///     .unwrap();
///
/// // Assert
/// assert!(!report.is_success());
/// let failure = report.failures().next().unwrap();
/// assert_eq!(failure.outcome(), Outcome::Failed);
/// assert!(failure.reason().unwrap().contains("the key has exactly the tags"));
/// assert!(report.to_string().ends_with(&format!("{}\n", report.summary())));
/// # }
/// ```
#[derive(Clone, Debug)]
pub struct Report {
    run: RunReport,
    target: String,
    left_behind: Vec<String>,
}

impl Report {
    pub(super) fn new(run: RunReport, target: String, left_behind: Vec<String>) -> Self {
        Self {
            run,
            target,
            left_behind,
        }
    }

    /// Whether the target passed: every scenario that ran passed or failed
    /// as its expectations say, and none listed as failing passed.
    #[must_use]
    pub fn is_success(&self) -> bool {
        self.run.is_success()
    }

    /// Scenarios that passed and are not listed in the expectations.
    #[must_use]
    pub fn passed(&self) -> usize {
        self.run.passed()
    }

    /// Scenarios that fail the run: failures not listed in the
    /// expectations, and listed ones that passed (the list is out of date).
    #[must_use]
    pub fn failed(&self) -> usize {
        self.run.failed()
    }

    /// Scenarios not run because the target lacks what they need (a second
    /// account, multi-Region keys).
    #[must_use]
    pub fn skipped(&self) -> usize {
        self.run.skipped()
    }

    /// How many scenarios count as `outcome`.
    #[must_use]
    pub fn count(&self, outcome: Outcome) -> usize {
        self.run.count(outcome)
    }

    /// The command line's closing line: `41 passed, 0 failed (7 failed as
    /// expected)`.
    #[must_use]
    pub fn summary(&self) -> String {
        self.run.summary_line()
    }

    /// Every scenario selected, in the order of the feature files.
    pub fn scenarios(&self) -> impl Iterator<Item = Scenario<'_>> {
        self.run.scenarios.iter().map(Scenario)
    }

    /// The scenarios that fail the run, with their reasons.
    pub fn failures(&self) -> impl Iterator<Item = Scenario<'_>> {
        self.scenarios()
            .filter(|s| matches!(s.outcome(), Outcome::Failed | Outcome::UnexpectedPass))
    }

    /// The run as a JUnit XML document, as `--junit` writes it.
    #[must_use]
    pub fn junit(&self) -> String {
        junit::render(&self.run, &self.target)
    }

    /// What the run made on the target and could not clean up, a line
    /// each; empty when it left nothing behind.
    #[must_use]
    pub fn left_behind(&self) -> &[String] {
        &self.left_behind
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for scenario in self.failures() {
            f.write_str(&render_scenario(scenario.0, false))?;
        }
        for left in &self.left_behind {
            writeln!(f, "left behind: {left}")?;
        }
        writeln!(f, "{}", self.summary())
    }
}

/// One scenario of a [`Report`].
#[derive(Clone, Copy, Debug)]
pub struct Scenario<'a>(&'a ScenarioReport);

impl<'a> Scenario<'a> {
    /// Its name, unique across the suite: what expectations files list.
    #[must_use]
    pub fn name(&self) -> &'a str {
        &self.0.name
    }

    /// The name of its feature.
    #[must_use]
    pub fn feature(&self) -> &'a str {
        &self.0.feature
    }

    /// Where it is written: `features/key_states.feature:42`.
    #[must_use]
    pub fn location(&self) -> String {
        self.0.location()
    }

    /// Its feature's tags, then its own, without the `@`.
    pub fn tags(&self) -> impl Iterator<Item = &'a str> {
        self.0.tags.iter().map(String::as_str)
    }

    /// How it counts, once the expectations are applied.
    #[must_use]
    pub fn outcome(&self) -> Outcome {
        self.0.outcome()
    }

    /// Why it did not simply pass, in a line or a few: the failing step and
    /// what went wrong, why it was skipped, or why an expected failure
    /// passing fails the run. `None` when it passed.
    #[must_use]
    pub fn reason(&self) -> Option<String> {
        let listed = self.0.expected.as_ref().map(|e| e.reason.as_str());
        match (&self.0.verdict, self.outcome()) {
            (Verdict::Passed, Outcome::UnexpectedPass) => Some(format!(
                "passed, but the expectations list it as failing ({}): remove it from them",
                listed.unwrap_or_default()
            )),
            (Verdict::Passed, _) => None,
            (Verdict::Failed { step, message }, _) => Some(format!("{step}: {message}")),
            (Verdict::Skipped { reason }, _) => Some(reason.clone()),
            (Verdict::Abandoned { died_here }, _) => Some(died_here.as_ref().map_or_else(
                || "not run to the end: the target had stopped answering".to_owned(),
                |(step, error)| format!("{step}: the target stopped answering: {error}"),
            )),
        }
    }
}

#[cfg(test)]
mod tests;
