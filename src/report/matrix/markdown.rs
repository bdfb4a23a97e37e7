//! The matrix as GitHub-flavoured Markdown (`matrix.md`): a summary table
//! (one column per target: what it is, its conformance overall and per
//! evidence level, its verdict counts), the scenario table (one row per
//! scenario, a bold row per feature), and per target its known deviations,
//! each with the scenarios it fails, and the reasons behind its other
//! failures and its skips.
//!
//! Everything a target or a results file supplies is escaped: a `|` would
//! end a cell, `<` could open HTML.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::{Column, Matrix, blast_radius, cell_label, evidence_label};
use crate::report::results::Verdict;

/// Longest reason shown in the lists under the table, in characters.
const REASON_LIMIT: usize = 200;

/// The Markdown document; `page` is the HTML page's file name, linked from it.
#[must_use]
pub(crate) fn render(matrix: &Matrix<'_>, page: &str) -> String {
    let mut md = String::from("# UntagResource conformance matrix\n\n");
    let suites: Vec<String> = matrix
        .columns
        .iter()
        .map(|c| format!("{} {}", c.results.suite.name, c.results.suite.version))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let _ = writeln!(
        md,
        "Made on {} from {} runs of {}. Every cell's failing step, reason and HTTP exchanges: \
         [{page}]({page}) (one self-contained file; open it in a browser).\n",
        matrix.generated,
        matrix.columns.len(),
        escape(&suites.join(", ")),
    );
    summary(&mut md, matrix);
    md.push_str(
        "\nConformance: of the scenarios that ran, those whose assertions held (lenient passes \
         included; an expected failure is a known deviation and counts against it). Skipped and \
         not-run scenarios are left out. Evidence: REC recorded from AWS, DOC documented, INF \
         inferred, UNK unpublished (only a sane answer is asserted).\n\n",
    );
    for verdict in Verdict::ALL {
        let _ = writeln!(md, "- `{}`: {}", cell_label(verdict), verdict.meaning());
    }
    scenarios(&mut md, matrix);
    for index in 0..matrix.columns.len() {
        known_deviations(&mut md, matrix, index);
        reasons(&mut md, matrix, index);
    }
    md
}

fn summary(md: &mut String, matrix: &Matrix<'_>) {
    let row = |md: &mut String, head: &str, cells: Vec<String>| {
        let _ = writeln!(md, "| {head} | {} |", cells.join(" | "));
    };
    let columns = &matrix.columns;
    let each = |f: &dyn Fn(&Column<'_>) -> String| columns.iter().map(f).collect::<Vec<_>>();
    row(
        md,
        "",
        each(&|c| format!("**{}**", escape(&c.results.target.name))),
    );
    row(md, "---", each(&|_| "---".to_owned()));
    row(
        md,
        "endpoint",
        each(&|c| {
            c.results
                .target
                .endpoint
                .as_deref()
                .map_or_else(|| "built-in stub".to_owned(), escape)
        }),
    );
    row(
        md,
        "version",
        each(&|c| optional(c.results.target.version.as_deref())),
    );
    row(
        md,
        "`Server` header",
        each(&|c| optional(c.results.target.server.as_deref())),
    );
    row(md, "run", each(&|c| escape(&c.results.run.date)));
    row(
        md,
        "expectations",
        each(&|c| optional(c.results.run.expectations.as_deref())),
    );
    row(
        md,
        "**conformance**",
        each(&|c| format!("**{}**", c.summary.overall.label())),
    );
    for (index, (tag, _)) in columns
        .first()
        .map(|c| c.summary.by_evidence.clone())
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        row(
            md,
            &format!("conformance, {}", evidence_label(Some(tag))),
            each(&|c| c.summary.by_evidence[index].1.label()),
        );
    }
    for verdict in Verdict::ALL {
        if columns.iter().all(|c| c.summary.count(verdict) == 0) {
            continue;
        }
        row(
            md,
            &format!("`{}`", cell_label(verdict)),
            each(&|c| c.summary.count(verdict).to_string()),
        );
    }
    if columns.iter().any(|c| c.results.fidelity.is_some()) {
        row(
            md,
            "proxy fidelity",
            each(&|c| {
                c.results
                    .fidelity
                    .as_ref()
                    .map_or_else(|| "—".to_owned(), |f| escape(&f.label()))
            }),
        );
    }
    if columns.iter().any(|c| c.results.run.incomplete.is_some()) {
        row(
            md,
            "incomplete",
            each(&|c| optional(c.results.run.incomplete.as_deref())),
        );
    }
}

fn scenarios(md: &mut String, matrix: &Matrix<'_>) {
    md.push_str("\n## Scenarios\n\n| scenario | evidence |");
    for column in &matrix.columns {
        let _ = write!(md, " {} |", escape(&column.results.target.name));
    }
    md.push_str("\n|---|---|");
    md.push_str(&"---|".repeat(matrix.columns.len()));
    md.push('\n');
    for group in &matrix.features {
        let _ = writeln!(
            md,
            "| **{}** | |{}",
            escape(group.feature),
            " |".repeat(matrix.columns.len())
        );
        for row in &group.rows {
            let _ = write!(
                md,
                "| {} | {} |",
                escape(&row.scenario.name),
                evidence_label(row.scenario.evidence.as_deref())
            );
            for cell in &row.cells {
                let label = cell_label(cell.verdict);
                if cell.verdict.fails_the_gate() {
                    let _ = write!(md, " **{label}** |");
                } else {
                    let _ = write!(md, " {label} |");
                }
            }
            md.push('\n');
        }
    }
}

/// One deviation, these N scenarios: a target's expected failures grouped
/// by the reason its expectations give, the widest first.
fn known_deviations(md: &mut String, matrix: &Matrix<'_>, index: usize) {
    let deviations = matrix.known_deviations(index);
    if deviations.is_empty() {
        return;
    }
    let _ = writeln!(
        md,
        "\n## {}: {}\n\n\
         One deviation, the scenarios it fails: each is a reason the target's expectations \
         give, widest first.\n",
        escape(&matrix.columns[index].results.target.name),
        blast_radius::headline(&deviations)
    );
    for deviation in deviations {
        let count = deviation.scenarios.len();
        let names: Vec<String> = deviation.scenarios.iter().map(|n| escape(n)).collect();
        let issue = deviation
            .issue
            .map(|i| format!(" ({})", escape(i)))
            .unwrap_or_default();
        let _ = writeln!(
            md,
            "- **{count} {}**: {}{issue}. {}",
            if count == 1 { "scenario" } else { "scenarios" },
            escape(deviation.reason.trim_end_matches('.')),
            names.join(" · ")
        );
    }
}

/// The reasons behind a target's non-passing cells other than its known
/// deviations (above): one line each for failures, unexpected passes and
/// flaky scenarios, skips and not-runs grouped by reason.
fn reasons(md: &mut String, matrix: &Matrix<'_>, index: usize) {
    let column = &matrix.columns[index];
    let mut lines = Vec::new();
    let mut grouped: BTreeMap<(Verdict, String), usize> = BTreeMap::new();
    for row in matrix.rows() {
        let cell = &row.cells[index];
        let name = escape(&row.scenario.name);
        let result = cell.result;
        let expected = result.and_then(|r| r.expected.as_ref());
        let why = match cell.verdict {
            Verdict::Pass | Verdict::ExpectedFailure => continue,
            // Many scenarios share these reasons: one line each.
            Verdict::Skipped | Verdict::NotRun | Verdict::Lenient => {
                let reason = match cell.verdict {
                    // Each distinct note once: a scenario may note one twice.
                    Verdict::Lenient => result.map(|r| {
                        let notes: std::collections::BTreeSet<&str> =
                            r.lenient.iter().map(String::as_str).collect();
                        notes.into_iter().collect::<Vec<_>>().join("; ")
                    }),
                    _ => cell.reason.clone(),
                };
                *grouped
                    .entry((cell.verdict, reason.unwrap_or_default()))
                    .or_default() += 1;
                continue;
            }
            Verdict::Fail => result.and_then(|r| r.failure.as_ref()).map(|f| {
                let first = f.message.lines().next().unwrap_or_default();
                format!("{}: {first}", f.step)
            }),
            Verdict::UnexpectedPass | Verdict::Flaky => expected.map(|e| e.reason.clone()),
        };
        let why = why
            .map(|w| format!(": {}", escape(&shorten(&w))))
            .unwrap_or_default();
        lines.push(format!("- `{}` {name}{why}", cell_label(cell.verdict)));
    }
    for ((verdict, reason), count) in grouped {
        let scenarios = if count == 1 { "scenario" } else { "scenarios" };
        lines.push(format!(
            "- `{}` {count} {scenarios}: {}",
            cell_label(verdict),
            escape(&shorten(&reason))
        ));
    }
    if lines.is_empty() {
        return;
    }
    let _ = writeln!(
        md,
        "\n## {}: everything but a plain pass\n",
        escape(&column.results.target.name)
    );
    for line in lines {
        md.push_str(&line);
        md.push('\n');
    }
}

fn optional(text: Option<&str>) -> String {
    text.map_or_else(|| "—".to_owned(), escape)
}

fn shorten(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match text.char_indices().nth(REASON_LIMIT) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text,
    }
}

/// Text safe in a table cell: on one line, with nothing Markdown or HTML
/// would read as markup.
#[must_use]
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '|' | '*' | '_' | '`' | '[' | ']' | '#' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}
