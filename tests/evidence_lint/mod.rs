//! The evidence lint: no scenario uses a step that asserts more than its
//! evidence tag allows, and a `@rec` scenario says where a recording it
//! borrows was made. The step definitions are read as written (each
//! `#[given]`, `#[when]` and `#[then]` attribute of `src/suite/steps/`, with
//! its expression), cucumber says which one runs a scenario's step, and
//! `suite::evidence::STEPS` says what that one asserts.

#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use cucumber::World as _;
use cucumber::gherkin;
use kms_conformance::suite::KmsWorld;
use kms_conformance::suite::evidence::{self, Evidence, StepClass};
use kms_conformance::wire::Operation;
use regex::Regex;

use super::contract::Contract;

/// Where the step definitions live, relative to the crate root.
const STEPS_DIR: &str = "src/suite/steps";

/// A step attribute and its expression: `#[then(expr = "...")]`,
/// `#[when(regex = r"...")]`, `#[given(r#"..."#)]`, over one or more lines.
static ATTRIBUTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r##"(?s)#\[(?:given|when|then)\(\s*(?:(?:expr|regex)\s*=\s*)?(?:r#"(.*?)"#|r"(.*?)"|"((?:[^"\\]|\\.)*)")\s*,?\s*\)\]"##,
    )
    .expect("regex")
});

/// Every step attribute, by where cucumber says its step is defined.
#[derive(Debug)]
pub(crate) struct Definitions {
    /// (`src/suite/steps/tags.rs`, line of the attribute) → expression.
    by_location: BTreeMap<(String, u32), String>,
    collection: cucumber::step::Collection<KmsWorld>,
}

impl Definitions {
    /// Reads the step files and cucumber's own collection of the steps.
    pub(crate) fn load() -> Self {
        let root = env!("CARGO_MANIFEST_DIR");
        let mut by_location = BTreeMap::new();
        let dir = format!("{root}/{STEPS_DIR}");
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{dir}: {e}")) {
            let path = entry.expect("a directory entry").path();
            let text = std::fs::read_to_string(&path).expect("a step file");
            let file = format!(
                "{STEPS_DIR}/{}",
                path.file_name().expect("a file name").to_string_lossy()
            );
            for attribute in ATTRIBUTE.captures_iter(&text) {
                let whole = attribute.get(0).expect("a match");
                let line = u32::try_from(text[..whole.start()].lines().count() + 1)
                    .expect("a line number");
                let expression = attribute
                    .get(1)
                    .or_else(|| attribute.get(2))
                    .map(|m| m.as_str().to_owned())
                    .or_else(|| attribute.get(3).map(|m| unescape(m.as_str())))
                    .expect("an expression");
                by_location.insert((file.clone(), line), expression);
            }
        }
        assert!(!by_location.is_empty(), "no step attributes found in {dir}");
        Self {
            by_location,
            collection: KmsWorld::collection(),
        }
    }

    /// Every expression as written.
    pub(crate) fn expressions(&self) -> impl Iterator<Item = &str> {
        self.by_location.values().map(String::as_str)
    }

    /// The expression of the definition cucumber runs for `step`.
    pub(crate) fn expression_of(&self, step: &gherkin::Step) -> Result<String, String> {
        let found = self
            .collection
            .find(step)
            .map_err(|e| format!("more than one step definition matches: {e:?}"))?;
        let Some((_, _, Some(location), _)) = found else {
            return Err("no step definition matches".to_owned());
        };
        // A step in a file directly under the steps folder, at the line of
        // its attribute (the attribute macro's own span).
        let file = location.path.rsplit_once(STEPS_DIR).map_or_else(
            || location.path.to_owned(),
            |(_, rest)| format!("{STEPS_DIR}{rest}"),
        );
        self.by_location
            .get(&(file.clone(), location.line))
            .cloned()
            .ok_or_else(|| format!("no step attribute at {file}:{}", location.line))
    }
}

/// The text of a plain Rust string literal's contents.
fn unescape(literal: &str) -> String {
    literal.replace("\\\"", "\"").replace("\\\\", "\\")
}

/// A scenario as the lints read it: its file, itself (background steps
/// first), and every tag it carries.
pub(crate) type Scenario = (String, gherkin::Scenario, Vec<String>);

/// Every step a scenario uses, with its classification; panics on a step
/// no definition matches or one `suite::evidence::STEPS` does not classify.
fn classified_steps(
    file: &str,
    scenario: &gherkin::Scenario,
    definitions: &Definitions,
) -> Vec<(String, &'static StepClass)> {
    scenario
        .steps
        .iter()
        .map(|step| {
            let expression = definitions.expression_of(step).unwrap_or_else(|why| {
                panic!("{file}: {:?}, step {:?}: {why}", scenario.name, step.value)
            });
            let class = evidence::class_of(&expression).unwrap_or_else(|| {
                panic!(
                    "the step {expression:?} is not classified: add it to \
                     suite::evidence::STEPS with the evidence what it asserts needs"
                )
            });
            (step.value.clone(), class)
        })
        .collect()
}

/// One line per step a scenario uses that asserts more than its evidence
/// tag allows.
pub(crate) fn stronger_than_evidence(
    scenarios: &[Scenario],
    definitions: &Definitions,
) -> Vec<String> {
    let mut violations = Vec::new();
    for (file, scenario, tags) in scenarios {
        let Some(level) = tags.iter().find_map(|t| Evidence::from_tag(t)) else {
            continue; // every_scenario_carries_exactly_one_evidence_tag says so
        };
        for (text, class) in classified_steps(file, scenario, definitions) {
            if class.asserts > level {
                violations.push(format!(
                    "{file}: {:?} is {level} but its step {text:?} asserts what needs {}",
                    scenario.name, class.asserts
                ));
            }
        }
    }
    violations
}

/// One line per `@rec` scenario that rests on a row recorded on another
/// operation than any it sends without saying so (`@rec.describe-key`),
/// and per `@rec.<operation>` tag naming an operation none of its cited
/// rows was recorded on.
pub(crate) fn undeclared_borrowings(
    scenarios: &[Scenario],
    definitions: &Definitions,
    contract: &Contract,
) -> Vec<String> {
    let mut violations = Vec::new();
    for (file, scenario, tags) in scenarios {
        let declared: BTreeSet<&str> = tags.iter().filter_map(|t| t.strip_prefix("rec.")).collect();
        let sent: BTreeSet<&str> = classified_steps(file, scenario, definitions)
            .iter()
            .filter_map(|(_, class)| class.sends.map(Operation::name))
            .collect();
        let rec = tags.iter().any(|t| t == "rec");
        let mut allowed = BTreeSet::new();
        for row in scenario
            .tags
            .iter()
            .filter_map(|t| t.strip_prefix("contract.")?.parse::<u32>().ok())
        {
            let Some(recorded_on) = contract.recorded_on.get(&row) else {
                continue;
            };
            let suffixes: Vec<String> = recorded_on
                .iter()
                .map(|op| evidence::tag_suffix(op))
                .collect();
            allowed.extend(suffixes.iter().cloned());
            let sends_it = recorded_on.iter().any(|op| sent.contains(op.as_str()));
            let said = suffixes.iter().any(|s| declared.contains(s.as_str()));
            if rec && !sends_it && !said {
                violations.push(format!(
                    "{file}: {:?} rests on row {row}, recorded on {}, but sends {}: tag it @rec.{}",
                    scenario.name,
                    recorded_on.join(" and "),
                    sent.iter().copied().collect::<Vec<_>>().join(" and "),
                    suffixes[0]
                ));
            }
        }
        for tag in &declared {
            if !allowed.contains(*tag) {
                violations.push(format!(
                    "{file}: {:?} has @rec.{tag}, but no row it cites was recorded on that operation",
                    scenario.name
                ));
            }
        }
    }
    violations
}
