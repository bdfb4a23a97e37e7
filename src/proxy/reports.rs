//! Fidelity findings beside the verdicts in the report files: JUnit test
//! cases get them as properties and output (a failure when one of them
//! fails the run, see [`FailOn`]), Cucumber JSON scenarios as the output
//! of an `after` hook (failed likewise). Findings of no scenario (a request only the stub saw) become a
//! case of their own.

use std::path::PathBuf;
use std::time::Duration;

use serde_json::{Value, json};

use crate::report::fidelity::{FailOn, Fidelity, Finding, findings as counted};
use crate::report::junit::{self, CaseNotes};
use crate::report::{RunReport, ScenarioReport, Verdict};

/// The name of the case that carries the findings of no scenario.
pub(crate) const STRAYS: &str = "Every request that reached the stub came from the client";

/// The JUnit document of `report` with `fidelity`'s findings beside each
/// scenario; a scenario with a finding that fails the run under `fail_on`
/// fails.
#[must_use]
pub(crate) fn junit(
    report: &RunReport,
    target: &str,
    fidelity: &Fidelity,
    fail_on: FailOn,
) -> String {
    let strays: Vec<&Finding> = fidelity
        .findings
        .iter()
        .filter(|f| f.scenario.is_none())
        .collect();
    let mut report = report.clone();
    if !strays.is_empty() {
        report.scenarios.push(strays_case());
    }
    junit::render_with(&report, target, &|scenario| {
        let findings: Vec<&Finding> = if scenario.name == STRAYS && scenario.path.ends_with("proxy")
        {
            strays.clone()
        } else {
            fidelity.of_scenario(&scenario.name).collect()
        };
        notes(&findings, fail_on)
    })
}

fn strays_case() -> ScenarioReport {
    ScenarioReport {
        path: PathBuf::from("proxy"),
        line: 0,
        feature: "Proxy fidelity".to_owned(),
        name: STRAYS.to_owned(),
        tags: Vec::new(),
        verdict: Verdict::Passed,
        expected: None,
        lenient: Vec::new(),
        exchanges: Vec::new(),
        first_action: None,
        elapsed: Duration::ZERO,
        time: crate::report::time_spent::TimeSpent::default(),
    }
}

fn notes(findings: &[&Finding], fail_on: FailOn) -> Option<CaseNotes> {
    if findings.is_empty() {
        return None;
    }
    let properties = findings
        .iter()
        .map(|f| {
            let exchange = f
                .exchange
                .map_or_else(String::new, |i| format!("exchange {}: ", i + 1));
            (
                format!("fidelity.{}", f.check.name()),
                format!("{exchange}{}", f.what),
            )
        })
        .collect();
    let output: String = findings.iter().map(|f| f.render(true)).collect();
    let failing: Vec<&&Finding> = findings.iter().filter(|f| fail_on.fails(f)).collect();
    let failure = (!failing.is_empty()).then(|| {
        let mut checks: Vec<&str> = failing.iter().map(|f| f.check.name()).collect();
        checks.sort_unstable();
        checks.dedup();
        let why = fail_on
            .flag()
            .map_or_else(String::new, |flag| format!(", with {flag}"));
        (
            "FidelityFinding".to_owned(),
            format!(
                "fidelity: {} ({}){why}",
                counted(failing.len()),
                checks.join(", ")
            ),
        )
    });
    Some(CaseNotes {
        properties,
        output: format!("fidelity findings:\n{output}"),
        failure,
    })
}

/// The Cucumber JSON document `json` with each scenario's findings as the
/// output of an `after` hook, failed when one of them fails the run under
/// `fail_on`; unchanged when it does not parse as cucumber's writer makes
/// it.
#[must_use]
pub(crate) fn cucumber_json(json: &[u8], fidelity: &Fidelity, fail_on: FailOn) -> Vec<u8> {
    let Ok(mut document) = serde_json::from_slice::<Value>(json) else {
        return json.to_vec();
    };
    let elements = document
        .as_array_mut()
        .into_iter()
        .flatten()
        .filter_map(|feature| feature.get_mut("elements").and_then(Value::as_array_mut))
        .flatten();
    for element in elements {
        let Some(name) = element.get("name").and_then(Value::as_str) else {
            continue;
        };
        let findings: Vec<&Finding> = fidelity.of_scenario(name).collect();
        if findings.is_empty() {
            continue;
        }
        let lines: Vec<String> = findings.iter().map(|f| f.render(true)).collect();
        let failing = findings.iter().filter(|f| fail_on.fails(f)).count();
        let fail = failing > 0;
        let mut result = json!({ "status": if fail { "failed" } else { "passed" }, "duration": 0 });
        if fail {
            let count = counted(failing);
            result["error_message"] = json!(format!("fidelity: {count}"));
        }
        let hook = json!({
            "match": { "location": "kms-conformance proxy: fidelity" },
            "result": result,
            "output": lines,
        });
        match element.get_mut("after").and_then(Value::as_array_mut) {
            Some(after) => after.push(hook),
            None => element["after"] = json!([hook]),
        }
    }
    serde_json::to_vec(&document).unwrap_or_else(|_| json.to_vec())
}

#[cfg(test)]
mod tests;
