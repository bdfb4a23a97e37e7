//! The matrix as one self-contained HTML page (`matrix.html`): readable
//! offline, attachable as a CI artifact, nothing fetched.
//!
//! The tables are rendered here, so the page reads without its script: a
//! summary per target, each target's known deviations with the scenarios
//! each fails ([`known_deviations`]), then scenarios down and targets across, a word and
//! a mark in every cell (not only a colour). The script (`page.js`) adds
//! the filters and, when a cell's button is pressed, a dialog with the
//! failing step, the reason and the HTTP exchanges, read from a JSON block
//! in the page. The style is `page.css`.
//!
//! Everything in the page that came from a target (bodies, headers,
//! messages) or a results file is untrusted: it is escaped here, embedded
//! in the JSON block with `<`, `>` and `&` as `\u` escapes, and put in the
//! page by the script as text, never as markup. The Content-Security-Policy
//! lets only this exact style and script run (by their SHA-256) and forbids
//! every fetch.

use std::fmt::Write as _;

use base64::Engine as _;
use sha2::{Digest as _, Sha256};

use super::{Cell, Matrix, Row, Score, cell_label, details, evidence_label};
use crate::report::results::{EVIDENCE, Verdict};

mod known_deviations;

const CSS: &str = include_str!("page.css");
const SCRIPT: &str = include_str!("page.js");

/// The page.
#[must_use]
pub(crate) fn render(matrix: &Matrix<'_>) -> String {
    let mut page = String::with_capacity(64 * 1024);
    let _ = write!(
        page,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src '{}'; script-src '{}'; base-uri 'none'; form-action 'none'\">\n\
         <title>UntagResource conformance matrix</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        hash(CSS),
        hash(SCRIPT)
    );
    header(&mut page, matrix);
    page.push_str("<main>\n");
    targets(&mut page, matrix);
    known_deviations::section(&mut page, matrix);
    scenarios(&mut page, matrix);
    page.push_str(
        "</main>\n<dialog id=\"detail\" aria-labelledby=\"detail-title\">\n\
         <div class=\"detail-head\"><h2 id=\"detail-title\">Cell</h2>\
         <button type=\"button\" id=\"detail-close\">Close</button></div>\n\
         <div id=\"detail-body\"></div>\n</dialog>\n",
    );
    let _ = write!(
        page,
        "<script type=\"application/json\" id=\"matrix-data\">{}</script>\n<script>{SCRIPT}</script>\n</body>\n</html>\n",
        details::block(matrix)
    );
    page
}

fn header(page: &mut String, matrix: &Matrix<'_>) {
    let suites: std::collections::BTreeSet<String> = matrix
        .columns
        .iter()
        .map(|c| format!("{} {}", c.results.suite.name, c.results.suite.version))
        .collect();
    let _ = write!(
        page,
        "<header>\n<h1>UntagResource conformance matrix</h1>\n<p>Made on <time datetime=\"{}\">{}</time> \
         from {} runs of {}. Each target ran the same Gherkin scenarios; where a target and AWS differ, \
         AWS is right.</p>\n",
        escape(&matrix.generated),
        escape(&readable_date(&matrix.generated)),
        matrix.columns.len(),
        escape(&suites.into_iter().collect::<Vec<_>>().join(", "))
    );
    let notices = matrix.notices();
    if !notices.is_empty() {
        page.push_str("<ul class=\"notices\">\n");
        for notice in notices {
            let _ = writeln!(page, "<li>{}</li>", escape(&notice));
        }
        page.push_str("</ul>\n");
    }
    page.push_str("</header>\n");
}

fn targets(page: &mut String, matrix: &Matrix<'_>) {
    page.push_str(
        "<section aria-labelledby=\"targets-heading\">\n<h2 id=\"targets-heading\">Targets</h2>\n\
         <table class=\"summary\" id=\"summary\">\n<caption>Conformance: of the scenarios that ran, \
         those whose assertions held (lenient passes included; an expected failure is a known deviation \
         and counts against it).</caption>\n<thead><tr><th scope=\"col\">Target</th>\
         <th scope=\"col\">Version</th><th scope=\"col\">Run</th><th scope=\"col\">Conformance</th>\
         <th scope=\"col\">By evidence</th><th scope=\"col\">Verdicts</th></tr></thead>\n<tbody>\n",
    );
    for column in &matrix.columns {
        let target = &column.results.target;
        let summary = &column.summary;
        let endpoint = target.endpoint.as_deref().unwrap_or("the built-in stub");
        let _ = write!(
            page,
            "<tr data-target=\"{}\"><th scope=\"row\">{}<span class=\"sub\">{}</span></th>",
            escape(&target.name),
            escape(&target.name),
            escape(endpoint)
        );
        let version = target.version.as_deref().unwrap_or("not declared");
        let server = target
            .server
            .as_deref()
            .map(|s| format!("<span class=\"sub\">Server: {}</span>", escape(s)))
            .unwrap_or_default();
        let _ = write!(
            page,
            "<td>{}{server}</td><td><time datetime=\"{}\">{}</time>",
            escape(version),
            escape(&column.results.run.date),
            escape(&readable_date(&column.results.run.date))
        );
        if let Some(fidelity) = &column.results.fidelity {
            let class = if fidelity.findings.is_empty() {
                "sub"
            } else {
                "sub warn"
            };
            let _ = write!(
                page,
                "<span class=\"{class}\">proxy fidelity: {}</span>",
                escape(&fidelity.label())
            );
        }
        if let Some(why) = &column.results.run.incomplete {
            let _ = write!(
                page,
                "<span class=\"sub warn\">incomplete: {}</span>",
                escape(why)
            );
        }
        page.push_str("</td>");
        page.push_str("<td class=\"score\">");
        score(page, summary.overall, "overall");
        page.push_str("</td><td><ul class=\"by-evidence\">");
        for (tag, evidence) in &summary.by_evidence {
            let _ = write!(
                page,
                "<li><span class=\"tag\">{}</span> ",
                evidence_label(Some(tag))
            );
            score(page, *evidence, tag);
            page.push_str("</li>");
        }
        page.push_str("</ul></td><td><ul class=\"counts\">");
        for verdict in Verdict::ALL {
            let count = summary.count(verdict);
            if count > 0 {
                let _ = write!(
                    page,
                    "<li class=\"v-{}\" data-verdict=\"{}\" data-count=\"{count}\">{} {count}</li>",
                    verdict.key(),
                    verdict.key(),
                    cell_label(verdict)
                );
            }
        }
        page.push_str("</ul></td></tr>\n");
    }
    page.push_str("</tbody>\n</table>\n<details class=\"legend\"><summary>What the verdicts mean</summary><dl>\n");
    for verdict in Verdict::ALL {
        let _ = writeln!(
            page,
            "<dt class=\"v-{}\">{}</dt><dd>{}</dd>",
            verdict.key(),
            cell_label(verdict),
            escape(verdict.meaning())
        );
    }
    page.push_str(
        "<dt>REC, DOC, INF, UNK</dt><dd>the evidence a scenario rests on: a response recorded from AWS, \
         AWS documentation, an inference from those, or unpublished (only a sane answer is asserted)</dd>\n\
         </dl></details>\n</section>\n",
    );
}

/// A score: its label, and a meter beside it for the eye.
#[expect(
    clippy::cast_precision_loss,
    reason = "a count of scenarios, exact in an f64 up to 2^53"
)]
fn score(page: &mut String, score: Score, what: &str) {
    let _ = write!(page, "<span class=\"score\" data-score=\"{what}\">");
    if score.ran > 0 {
        // Green from 90%, amber from 60%, red below: for the eye only.
        let _ = write!(
            page,
            "<meter min=\"0\" max=\"{0}\" low=\"{1}\" high=\"{2}\" optimum=\"{0}\" value=\"{3}\" \
             aria-hidden=\"true\"></meter> ",
            score.ran,
            score.ran as f64 * 0.6,
            score.ran as f64 * 0.9,
            score.passed
        );
    }
    let _ = write!(page, "{}</span>", score.label());
}

/// `2026-11-30T00:10:24Z` as `2026-11-30 00:10 UTC`.
fn readable_date(date: &str) -> String {
    match (date.get(..10), date.get(11..16), date.ends_with('Z')) {
        (Some(day), Some(time), true) => format!("{day} {time} UTC"),
        _ => date.to_owned(),
    }
}

fn scenarios(page: &mut String, matrix: &Matrix<'_>) {
    let columns = matrix.columns.len();
    page.push_str(
        "<section aria-labelledby=\"scenarios-heading\">\n<h2 id=\"scenarios-heading\">Scenarios</h2>\n\
         <form class=\"filters\" id=\"filters\">\n<label>Feature <select id=\"filter-feature\">\
         <option value=\"\">all features</option>",
    );
    for (index, group) in matrix.features.iter().enumerate() {
        let _ = write!(
            page,
            "<option value=\"{index}\">{}</option>",
            escape(group.feature)
        );
    }
    page.push_str("</select></label>\n<label>Evidence <select id=\"filter-evidence\"><option value=\"\">all</option>");
    for tag in EVIDENCE {
        let _ = write!(
            page,
            "<option value=\"{tag}\">{}</option>",
            evidence_label(Some(tag))
        );
    }
    page.push_str("</select></label>\n<label>Verdict <select id=\"filter-verdict\"><option value=\"\">any</option>");
    for verdict in Verdict::ALL {
        let _ = write!(
            page,
            "<option value=\"{}\">{}</option>",
            verdict.key(),
            cell_label(verdict)
        );
    }
    page.push_str("</select></label>\n<label>in <select id=\"filter-target\"><option value=\"\">any target</option>");
    for (index, column) in matrix.columns.iter().enumerate() {
        let _ = write!(
            page,
            "<option value=\"{index}\">{}</option>",
            escape(&column.results.target.name)
        );
    }
    page.push_str(
        "</select></label>\n<label><input type=\"checkbox\" id=\"filter-disagree\"> only where the targets \
         disagree</label>\n<button type=\"reset\">Show all</button>\n</form>\n",
    );
    let total = matrix.rows().count();
    let _ = write!(
        page,
        "<p id=\"shown\" role=\"status\">Showing {total} of {total} scenarios.</p>\n\
         <table class=\"matrix\" id=\"matrix\">\n<caption>Each cell: how the target did in the scenario. \
         Press a cell for its failing step, the reason and the HTTP exchanges.</caption>\n\
         <thead><tr><th scope=\"col\">Scenario</th><th scope=\"col\">Evidence</th>"
    );
    for column in &matrix.columns {
        let _ = write!(
            page,
            "<th scope=\"col\">{}</th>",
            escape(&column.results.target.name)
        );
    }
    page.push_str("</tr></thead>\n");
    let mut index = 0;
    for (feature, group) in matrix.features.iter().enumerate() {
        let _ = writeln!(
            page,
            "<tbody data-feature=\"{feature}\">\n<tr class=\"feature\"><th scope=\"rowgroup\" colspan=\"{}\">{}</th></tr>",
            columns + 2,
            escape(group.feature)
        );
        for row in &group.rows {
            scenario_row(page, row, feature, index);
            index += 1;
        }
        page.push_str("</tbody>\n");
    }
    page.push_str("</table>\n</section>\n");
}

fn scenario_row(page: &mut String, row: &Row<'_>, feature: usize, index: usize) {
    let verdicts: Vec<&str> = row.cells.iter().map(|c| c.verdict.key()).collect();
    let ran: Vec<bool> = row
        .cells
        .iter()
        .filter_map(|c| c.result.and_then(|r| r.passed))
        .collect();
    let disagree = ran.iter().any(|p| *p) && ran.iter().any(|p| !*p);
    let evidence = row.scenario.evidence.as_deref().unwrap_or("");
    let _ = write!(
        page,
        "<tr class=\"scenario\" data-row=\"{index}\" data-feature=\"{feature}\" data-evidence=\"{}\" \
         data-verdicts=\"{}\" data-disagree=\"{}\"><th scope=\"row\">{}</th><td class=\"evidence\">{}</td>",
        escape(evidence),
        verdicts.join(" "),
        u8::from(disagree),
        escape(&row.scenario.name),
        evidence_label(row.scenario.evidence.as_deref())
    );
    for (column, cell) in row.cells.iter().enumerate() {
        let _ = write!(
            page,
            "<td class=\"cell v-{0}\" data-verdict=\"{0}\"><button type=\"button\" data-row=\"{index}\" \
             data-col=\"{column}\" aria-haspopup=\"dialog\" title=\"{1}\">{2}</button></td>",
            cell.verdict.key(),
            escape(&hint(cell)),
            cell_label(cell.verdict)
        );
    }
    page.push_str("</tr>\n");
}

/// A cell's tooltip: why it is not a plain pass, in a line.
fn hint(cell: &Cell<'_>) -> String {
    let result = cell.result;
    let why = match cell.verdict {
        Verdict::ExpectedFailure | Verdict::UnexpectedPass | Verdict::Flaky => result
            .and_then(|r| r.expected.as_ref())
            .map(|e| e.reason.clone()),
        Verdict::Fail => result
            .and_then(|r| r.failure.as_ref())
            .map(|f| f.step.clone()),
        Verdict::Lenient => result.map(|r| r.lenient.join("; ")),
        Verdict::Skipped | Verdict::NotRun => cell.reason.clone(),
        Verdict::Pass => None,
    };
    let why = why.map(|w| format!(": {w}")).unwrap_or_default();
    format!("{}{why}", cell.verdict.meaning())
}

/// The CSP source for an inline element with exactly `text`.
fn hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    format!(
        "sha256-{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// Text safe in HTML content and in quoted attribute values.
#[must_use]
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
