//! The evidence lint: no scenario uses a step that asserts more than its
//! evidence tag allows, and a `@rec` scenario says where a recording it
//! borrows was made. Cucumber says which step definition runs a scenario's
//! step, and where it is defined; the class its `step!` declared there
//! (`suite::evidence`) says what it asserts.

#![allow(dead_code)]

use std::collections::BTreeSet;

use crate::suite::KmsWorld;
use crate::suite::evidence::{self, Evidence, StepClass};
use crate::wire::Operation;
use cucumber::World as _;
use cucumber::codegen::{StepConstructor, WorldInventory, inventory};
use cucumber::gherkin;
use cucumber::step::Location;

use super::contract_rows::Contract;

/// Cucumber's own collection of the step definitions.
#[derive(Debug)]
pub(crate) struct Definitions {
    collection: cucumber::step::Collection<KmsWorld>,
}

impl Definitions {
    /// Cucumber's collection of every step definition linked in.
    pub(crate) fn load() -> Self {
        Self {
            collection: KmsWorld::collection(),
        }
    }

    /// The class of the definition cucumber runs for `step`.
    pub(crate) fn class_of(&self, step: &gherkin::Step) -> Result<&'static StepClass, String> {
        let found = self
            .collection
            .find(step)
            .map_err(|e| format!("more than one step definition matches: {e:?}"))?;
        let Some((_, _, Some(location), _)) = found else {
            return Err("no step definition matches".to_owned());
        };
        evidence::class_at(location.path, location.line).ok_or_else(|| undeclared(location))
    }
}

/// Where cucumber says each step definition linked in is defined.
pub(crate) fn definitions() -> Vec<Location> {
    fn of<T: inventory::Collect + StepConstructor<KmsWorld>>() -> impl Iterator<Item = Location> {
        inventory::iter::<T>.into_iter().map(|step| step.inner().0)
    }
    of::<<KmsWorld as WorldInventory>::Given>()
        .chain(of::<<KmsWorld as WorldInventory>::When>())
        .chain(of::<<KmsWorld as WorldInventory>::Then>())
        .collect()
}

/// One line per step definition that declares no evidence class: one
/// written with a bare `#[given]`, `#[when]` or `#[then]`.
pub(crate) fn undeclared_definitions() -> BTreeSet<String> {
    definitions()
        .into_iter()
        .filter(|at| evidence::class_at(at.path, at.line).is_none())
        .map(undeclared)
        .collect()
}

fn undeclared(at: Location) -> String {
    format!(
        "the step defined at {}:{} declares no evidence class: write it with \
         step! and #[setup], #[sends(...)] or #[asserts(...)] (suite::evidence)",
        at.path, at.line
    )
}

/// A scenario as the lints read it: its file, itself (background steps
/// first), and every tag it carries.
pub(crate) type Scenario = (String, gherkin::Scenario, Vec<String>);

/// Every step a scenario uses, with its classification, or why one has none.
fn classified_steps(
    file: &str,
    scenario: &gherkin::Scenario,
    definitions: &Definitions,
) -> Result<Vec<(String, &'static StepClass)>, String> {
    scenario
        .steps
        .iter()
        .map(|step| {
            let class = definitions.class_of(step).map_err(|why| {
                format!("{file}: {:?}, step {:?}: {why}", scenario.name, step.value)
            })?;
            Ok((step.value.clone(), class))
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
        let steps = match classified_steps(file, scenario, definitions) {
            Ok(steps) => steps,
            Err(why) => {
                violations.push(why);
                continue;
            }
        };
        for (text, class) in steps {
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
        let steps = match classified_steps(file, scenario, definitions) {
            Ok(steps) => steps,
            Err(why) => {
                violations.push(why);
                continue;
            }
        };
        let sent: BTreeSet<&str> = steps
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
