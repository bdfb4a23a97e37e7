//! `--junit PATH`: the run as JUnit XML, the format GitHub Actions report
//! actions, GitLab and Jenkins render.
//!
//! One `<testsuite>` per feature, one `<testcase>` per scenario. A failure
//! (or an unexpected pass) is a `<failure>` with the step, the reason and the
//! HTTP trace; an expected failure is `<skipped>` with the listed reason, so
//! it is visibly neither a pass nor a failure; a scenario the target lacks
//! what it needs for is `<skipped>` with why; a scenario a dead target
//! stopped is an `<error>`: it was meant to run and could not be judged.
//!
//! A run may add [`CaseNotes`] to a test case ([`render_with`]): the proxy
//! mode's fidelity findings, as properties and output, and as a failure
//! when the user asks findings to fail the run.

use std::fmt::Write as _;

use super::terminal::render_trace;
use super::{Outcome, RunReport, ScenarioReport, Verdict};

/// What a run adds to a scenario's test case beyond its verdict.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct CaseNotes {
    /// `<property name= value=>`s, in order.
    pub properties: Vec<(String, String)>,
    /// Text added to the case's `<system-out>`.
    pub output: String,
    /// A `<failure>` (type, message) for a case that did not fail otherwise.
    pub failure: Option<(String, String)>,
}

/// The JUnit XML document for `report`; `target` names the suite.
#[must_use]
pub(crate) fn render(report: &RunReport, target: &str) -> String {
    render_with(report, target, &|_| None)
}

/// As [`render`], each case with the `notes` given for its scenario.
#[must_use]
pub(crate) fn render_with(
    report: &RunReport,
    target: &str,
    notes: &dyn Fn(&ScenarioReport) -> Option<CaseNotes>,
) -> String {
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let fails = |s: &ScenarioReport| match s.outcome() {
        Outcome::Failed | Outcome::UnexpectedPass => true,
        Outcome::Passed | Outcome::Flaky => notes(s).is_some_and(|n| n.failure.is_some()),
        _ => false,
    };
    let failures = |scenarios: &[&ScenarioReport]| scenarios.iter().filter(|s| fails(s)).count();
    let errors = |scenarios: &[&ScenarioReport]| {
        scenarios
            .iter()
            .filter(|s| s.outcome() == Outcome::Abandoned)
            .count()
    };
    let skipped = |scenarios: &[&ScenarioReport]| {
        scenarios
            .iter()
            .filter(|s| matches!(s.outcome(), Outcome::Skipped | Outcome::FailedAsExpected))
            .count()
    };
    let all: Vec<&ScenarioReport> = report.scenarios.iter().collect();
    let _ = writeln!(
        xml,
        "<testsuites name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" time=\"{:.3}\">",
        attr(&format!("kms-conformance against {target}")),
        all.len(),
        failures(&all),
        errors(&all),
        skipped(&all),
        report.elapsed.as_secs_f64()
    );
    let mut features: Vec<(&str, Vec<&ScenarioReport>)> = Vec::new();
    for scenario in &report.scenarios {
        match features
            .iter_mut()
            .find(|(name, _)| *name == scenario.feature)
        {
            Some((_, scenarios)) => scenarios.push(scenario),
            None => features.push((&scenario.feature, vec![scenario])),
        }
    }
    for (feature, scenarios) in &features {
        let time: f64 = scenarios.iter().map(|s| s.elapsed.as_secs_f64()).sum();
        let _ = writeln!(
            xml,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" time=\"{time:.3}\">",
            attr(feature),
            scenarios.len(),
            failures(scenarios),
            errors(scenarios),
            skipped(scenarios)
        );
        for scenario in scenarios {
            testcase(&mut xml, scenario, &notes(scenario).unwrap_or_default());
        }
        xml.push_str("  </testsuite>\n");
    }
    xml.push_str("</testsuites>\n");
    xml
}

fn testcase(xml: &mut String, scenario: &ScenarioReport, notes: &CaseNotes) {
    let classname = scenario
        .path
        .file_stem()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    let _ = write!(
        xml,
        "    <testcase name=\"{}\" classname=\"{}\" file=\"{}\" line=\"{}\" time=\"{:.3}\">",
        attr(&scenario.name),
        attr(&classname),
        attr(&scenario.path.display().to_string()),
        scenario.line,
        scenario.elapsed.as_secs_f64()
    );
    // Throttles and transient faults the scenario rode out: never a
    // verdict, but a sign the run met the target's quotas or its hiccups
    // (pytest's record_property shape).
    let retried = scenario.throttled() + scenario.transient();
    let mut listed = notes.properties.clone();
    for (name, count) in [
        ("throttled-retries", scenario.throttled()),
        ("transient-retries", scenario.transient()),
    ] {
        if count > 0 {
            listed.push((name.to_owned(), count.to_string()));
        }
    }
    properties(xml, &listed);
    let opened = xml.len();
    let trace = if scenario.exchanges.is_empty() {
        String::new()
    } else {
        render_trace(&scenario.exchanges)
    };
    let reason = scenario
        .expected
        .as_ref()
        .map(|e| e.reason.as_str())
        .unwrap_or_default();
    match (scenario.outcome(), &scenario.verdict) {
        (Outcome::Failed, Verdict::Failed { step, message }) => {
            let _ = write!(
                xml,
                "\n      <failure message=\"{}\" type=\"ScenarioFailed\">{}</failure>\n    ",
                attr(message),
                escape(&format!("{step}\n{message}\n{trace}{}", notes.output))
            );
        }
        (Outcome::UnexpectedPass, _) => {
            let message = format!("unexpected pass: remove it from the expectations ({reason})");
            let _ = write!(
                xml,
                "\n      <failure message=\"{}\" type=\"UnexpectedPass\">{}</failure>\n    ",
                attr(&message),
                escape(&format!("{trace}{}", notes.output))
            );
        }
        (Outcome::FailedAsExpected, Verdict::Failed { step, message }) => {
            let _ = write!(
                xml,
                "\n      <skipped message=\"{}\"/>\n      <system-out>{}</system-out>\n    ",
                attr(&format!("failed as expected: {reason}")),
                escape(&format!("{step}\n{message}\n{trace}{}", notes.output))
            );
        }
        (Outcome::Skipped, Verdict::Skipped { reason }) => {
            let _ = write!(xml, "\n      <skipped message=\"{}\"/>\n    ", attr(reason));
        }
        (Outcome::Abandoned, Verdict::Abandoned { died_here }) => {
            let (message, detail) = match died_here {
                Some((step, cause)) => (
                    format!("the target stopped answering here: {cause}"),
                    format!("{step}\n{cause}\n{trace}"),
                ),
                None => (
                    "not run: the target had stopped answering".to_owned(),
                    trace.clone(),
                ),
            };
            let _ = write!(
                xml,
                "\n      <error message=\"{}\" type=\"TargetStoppedAnswering\">{}</error>\n    ",
                attr(&message),
                escape(&detail)
            );
        }
        _ => passed(xml, scenario, notes),
    }
    if retried > 0 && xml.len() == opened {
        xml.push_str("\n    ");
    }
    xml.push_str("</testcase>\n");
}

/// `<properties>`, when there are any.
fn properties(xml: &mut String, properties: &[(String, String)]) {
    if properties.is_empty() {
        return;
    }
    xml.push_str("\n      <properties>");
    for (name, value) in properties {
        let _ = write!(
            xml,
            "\n        <property name=\"{}\" value=\"{}\"/>",
            attr(name),
            attr(value)
        );
    }
    xml.push_str("\n      </properties>");
}

/// A case that passed: what passed only leniently, and the notes (a
/// failure of their own, when they carry one).
fn passed(xml: &mut String, scenario: &ScenarioReport, notes: &CaseNotes) {
    if let Some((kind, message)) = &notes.failure {
        let _ = write!(
            xml,
            "\n      <failure message=\"{}\" type=\"{}\">{}</failure>",
            attr(message),
            attr(kind),
            escape(&notes.output)
        );
    }
    let output: Vec<&str> = scenario
        .lenient
        .iter()
        .map(String::as_str)
        .chain(
            (notes.failure.is_none() && !notes.output.is_empty()).then_some(notes.output.as_str()),
        )
        .collect();
    if !output.is_empty() {
        let _ = write!(
            xml,
            "\n      <system-out>{}</system-out>",
            escape(&output.join("\n"))
        );
    }
    if notes.failure.is_some() || !output.is_empty() {
        xml.push_str("\n    ");
    }
}

/// XML escaping for an attribute value, where a newline must be a
/// character reference to survive.
fn attr(text: &str) -> String {
    escape(text).replace('\n', "&#10;")
}

/// XML escaping for element text; characters XML 1.0 cannot hold at all
/// (most C0 controls) become U+FFFD rather than an unreadable file.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\r' | '\n' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests;
