//! The conformance matrix: scenarios down, targets across, one cell per
//! scenario and target, built from [`Results`] files.
//!
//! This module is the model: rows grouped by feature, the cells, and each
//! target's summary; [`blast_radius`] groups a target's known deviations
//! with the scenarios each fails. [`markdown`] renders it for a code-hosting site,
//! [`html`] as one self-contained page (its style and script are
//! `page.css` and `page.js` beside this file; [`details`] is the data the
//! script shows a cell from).
//!
//! Conformance is the share of the scenarios that ran whose assertions held
//! (lenient passes included, expectations aside: an expected failure is a
//! known deviation from AWS, still a deviation). Skipped and not-run
//! scenarios are left out of it and counted apart.

pub(crate) mod blast_radius;
pub(crate) mod details;
pub(crate) mod html;
pub(crate) mod markdown;

use std::collections::{BTreeMap, HashSet};

use super::results::{EVIDENCE, Results, ScenarioResult, Verdict};

/// The matrix of some runs.
#[derive(Debug)]
pub(crate) struct Matrix<'a> {
    /// One per target, in the order given.
    pub columns: Vec<Column<'a>>,
    /// In order of first appearance across the runs.
    pub features: Vec<FeatureRows<'a>>,
    /// When the matrix was made, RFC 3339 in UTC.
    pub generated: String,
}

/// A target's column.
#[derive(Debug)]
pub(crate) struct Column<'a> {
    /// The target's run.
    pub results: &'a Results,
    /// How it did.
    pub summary: Summary,
}

/// The rows of one feature.
#[derive(Debug)]
pub(crate) struct FeatureRows<'a> {
    /// The feature's name.
    pub feature: &'a str,
    /// Its scenarios, in order.
    pub rows: Vec<Row<'a>>,
}

/// One scenario across the targets.
#[derive(Debug)]
pub(crate) struct Row<'a> {
    /// The scenario as the first run that has it describes it.
    pub scenario: &'a ScenarioResult,
    /// One per column.
    pub cells: Vec<Cell<'a>>,
}

/// One scenario on one target.
#[derive(Debug)]
pub(crate) struct Cell<'a> {
    /// How the scenario ended there.
    pub verdict: Verdict,
    /// The scenario's result; `None` when this target's results lack it.
    pub result: Option<&'a ScenarioResult>,
    /// Why the scenario was skipped or not run, if it was.
    pub reason: Option<String>,
}

/// How a target did, overall and per evidence level.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Summary {
    /// How many cells have each verdict.
    pub counts: BTreeMap<Verdict, usize>,
    /// Over every scenario that ran.
    pub overall: Score,
    /// Per evidence tag, in the order of [`EVIDENCE`].
    pub by_evidence: Vec<(&'static str, Score)>,
}

/// How many scenarios ran, and in how many the target behaved as AWS does.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Score {
    /// Scenarios whose assertions held.
    pub passed: usize,
    /// Scenarios that ran: passed or failed, expectations aside.
    pub ran: usize,
}

impl Score {
    /// The share that passed, in whole percent rounded down (so 100% means
    /// every one); `None` when none ran.
    #[must_use]
    pub(crate) fn percent(self) -> Option<usize> {
        (self.ran > 0).then(|| self.passed * 100 / self.ran)
    }

    /// `77/81 (95%)`, or `none ran`.
    #[must_use]
    pub(crate) fn label(self) -> String {
        match self.percent() {
            Some(percent) => format!("{}/{} ({percent}%)", self.passed, self.ran),
            None => "none ran".to_owned(),
        }
    }

    fn add(&mut self, passed: Option<bool>) {
        if let Some(passed) = passed {
            self.ran += 1;
            self.passed += usize::from(passed);
        }
    }
}

impl Summary {
    /// How many cells have `verdict`.
    #[must_use]
    pub(crate) fn count(&self, verdict: Verdict) -> usize {
        self.counts.get(&verdict).copied().unwrap_or(0)
    }
}

/// A verdict in a cell: a mark that tells it without colour, and a word.
#[must_use]
pub(crate) fn cell_label(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Pass => "✓ pass",
        Verdict::Lenient => "✓ lenient",
        Verdict::Fail => "✗ fail",
        Verdict::ExpectedFailure => "✗ xfail",
        Verdict::UnexpectedPass => "! xpass",
        Verdict::Flaky => "? flaky",
        Verdict::Skipped => "– skip",
        Verdict::NotRun => "· not run",
    }
}

/// An evidence tag as reports show it: `REC`.
#[must_use]
pub(crate) fn evidence_label(tag: Option<&str>) -> String {
    tag.map_or_else(|| "—".to_owned(), str::to_ascii_uppercase)
}

impl<'a> Matrix<'a> {
    /// The matrix of `runs`, made at `generated` (RFC 3339).
    ///
    /// # Errors
    /// Two runs name the same target.
    pub(crate) fn new(runs: &'a [Results], generated: String) -> Result<Self, String> {
        let mut names = HashSet::new();
        for results in runs {
            if !names.insert(results.target.name.as_str()) {
                return Err(format!(
                    "two results name the target {}: each column needs its own name",
                    results.target.name
                ));
            }
        }
        let mut features: Vec<FeatureRows<'a>> = Vec::new();
        let mut seen = HashSet::new();
        for scenario in runs.iter().flat_map(|r| &r.scenarios) {
            if !seen.insert(scenario.name.as_str()) {
                continue;
            }
            let row = Row {
                scenario,
                cells: runs.iter().map(|run| cell(run, &scenario.name)).collect(),
            };
            match features.iter_mut().find(|f| f.feature == scenario.feature) {
                Some(group) => group.rows.push(row),
                None => features.push(FeatureRows {
                    feature: &scenario.feature,
                    rows: vec![row],
                }),
            }
        }
        let columns = runs
            .iter()
            .enumerate()
            .map(|(index, results)| Column {
                results,
                summary: summarise(features.iter().flat_map(|f| &f.rows), index),
            })
            .collect();
        Ok(Self {
            columns,
            features,
            generated,
        })
    }

    /// Every row, feature by feature.
    pub(crate) fn rows(&self) -> impl Iterator<Item = &Row<'a>> {
        self.features.iter().flat_map(|f| &f.rows)
    }

    /// Lines worth telling whoever reads the matrix: runs of different
    /// suite versions, then runs that did not finish (see [`Self::incomplete`]).
    #[must_use]
    pub(crate) fn notices(&self) -> Vec<String> {
        let mut notices = self.version_notice();
        notices.extend(self.incomplete());
        notices
    }

    /// A line per run that did not finish: the target and why.
    #[must_use]
    pub(crate) fn incomplete(&self) -> Vec<String> {
        self.columns
            .iter()
            .filter_map(|c| {
                let why = c.results.run.incomplete.as_ref()?;
                Some(format!("{}: {why}", c.results.target.name))
            })
            .collect()
    }

    /// A line when the runs come from different suite versions.
    #[must_use]
    pub(crate) fn version_notice(&self) -> Vec<String> {
        let mut notices = Vec::new();
        let mut versions: Vec<&str> = self
            .columns
            .iter()
            .map(|c| c.results.suite.version.as_str())
            .collect();
        versions.sort_unstable();
        versions.dedup();
        if versions.len() > 1 {
            notices.push(format!(
                "the runs come from different suite versions ({}): a scenario one lacks is 'not run' there",
                versions.join(", ")
            ));
        }
        notices
    }
}

fn cell<'a>(run: &'a Results, name: &str) -> Cell<'a> {
    match run.scenarios.iter().find(|s| s.name == name) {
        Some(result) => Cell {
            verdict: result.verdict,
            result: Some(result),
            reason: result.reason.clone(),
        },
        None => Cell {
            verdict: Verdict::NotRun,
            result: None,
            reason: Some(run.run.incomplete.clone().unwrap_or_else(|| {
                "not in this target's results (another suite version or selection)".to_owned()
            })),
        },
    }
}

fn summarise<'r, 'a: 'r>(rows: impl Iterator<Item = &'r Row<'a>>, column: usize) -> Summary {
    let mut summary = Summary {
        by_evidence: EVIDENCE.iter().map(|e| (*e, Score::default())).collect(),
        ..Summary::default()
    };
    for row in rows {
        let cell = &row.cells[column];
        *summary.counts.entry(cell.verdict).or_default() += 1;
        let passed = cell.result.and_then(|r| r.passed);
        summary.overall.add(passed);
        let evidence = row.scenario.evidence.as_deref();
        if let Some((_, score)) = summary
            .by_evidence
            .iter_mut()
            .find(|(tag, _)| Some(*tag) == evidence)
        {
            score.add(passed);
        }
    }
    summary
}

#[cfg(test)]
mod tests;
