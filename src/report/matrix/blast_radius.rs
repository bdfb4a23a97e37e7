//! One deviation, these N scenarios: a target's known deviations, each the
//! reason its expectations file gives, with the scenarios it fails.
//!
//! An expectations file words each deviation once and gives every scenario
//! it fails that reason, so grouping a column's expected failures by their
//! reason shows how far each deviation reaches. A suite whose every
//! scenario judged every wire property would show one label failing thirty
//! scenarios here; one that judges them apart shows it failing one.

use super::Matrix;
use crate::report::results::Verdict;

/// One of a target's known deviations, as its expectations file words it.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct KnownDeviation<'a> {
    /// The reason the expectations file gives.
    pub reason: &'a str,
    /// An issue it links, if every entry with the reason links the same one.
    pub issue: Option<&'a str>,
    /// The scenarios it failed, in the matrix's order.
    pub scenarios: Vec<&'a str>,
}

impl Matrix<'_> {
    /// The known deviations of column `index`: its expected failures that
    /// failed, grouped by reason, the widest first (ties in the order first
    /// met).
    #[must_use]
    pub(crate) fn known_deviations(&self, index: usize) -> Vec<KnownDeviation<'_>> {
        let mut deviations: Vec<KnownDeviation<'_>> = Vec::new();
        for row in self.rows() {
            let cell = &row.cells[index];
            if cell.verdict != Verdict::ExpectedFailure {
                continue;
            }
            let Some(result) = cell.result else {
                continue;
            };
            let Some(expected) = result.expected.as_ref() else {
                continue;
            };
            let issue = expected.issue.as_deref();
            match deviations.iter_mut().find(|d| d.reason == expected.reason) {
                Some(known) => {
                    known.scenarios.push(&result.name);
                    if known.issue != issue {
                        known.issue = None;
                    }
                }
                None => deviations.push(KnownDeviation {
                    reason: &expected.reason,
                    issue,
                    scenarios: vec![&result.name],
                }),
            }
        }
        // Stable: equal counts keep the order they were met in.
        deviations.sort_by_key(|d| std::cmp::Reverse(d.scenarios.len()));
        deviations
    }
}

/// `34 known deviations, 67 scenarios`, `1 known deviation, 1 scenario`.
#[must_use]
pub(crate) fn headline(deviations: &[KnownDeviation<'_>]) -> String {
    let scenarios: usize = deviations.iter().map(|d| d.scenarios.len()).sum();
    format!(
        "{} known {}, {scenarios} {}",
        deviations.len(),
        if deviations.len() == 1 {
            "deviation"
        } else {
            "deviations"
        },
        if scenarios == 1 {
            "scenario"
        } else {
            "scenarios"
        }
    )
}
