//! The scenarios themselves: every one names its evidence, has a unique
//! stable name, uses no step that asserts more than its evidence supports
//! (docs/contract.md, "Evidence marks"; each step declares its strength
//! where it is defined, `suite::evidence`), says where borrowed recordings
//! were made, and cites the contract rows it encodes.

mod contract_rows;
mod evidence_lint;

use std::collections::{BTreeMap, BTreeSet};

use crate::suite::evidence;
use crate::suite::{FeatureSource, KmsWorld};
use cucumber::gherkin::{self, GherkinEnv};

/// Every scenario with all its tags (feature, rule and scenario level), its
/// steps preceded by those of the backgrounds it runs after.
fn scenarios() -> Vec<(String, gherkin::Scenario, Vec<String>)> {
    let mut all = Vec::new();
    for (path, text) in FeatureSource::Embedded.load().expect("embedded features") {
        let feature = gherkin::Feature::parse(&text, GherkinEnv::default())
            .unwrap_or_else(|e| panic!("{} does not parse: {e}", path.display()));
        let file = path.display().to_string();
        let background =
            |b: Option<&gherkin::Background>| b.map(|b| b.steps.clone()).unwrap_or_default();
        let with_steps_before = |scenario: &gherkin::Scenario, before: Vec<gherkin::Step>| {
            let mut scenario = scenario.clone();
            scenario.steps = before.into_iter().chain(scenario.steps).collect();
            scenario
        };
        for scenario in &feature.scenarios {
            let tags = feature.tags.iter().chain(&scenario.tags).cloned().collect();
            let before = background(feature.background.as_ref());
            all.push((file.clone(), with_steps_before(scenario, before), tags));
        }
        for rule in &feature.rules {
            for scenario in &rule.scenarios {
                let tags = feature
                    .tags
                    .iter()
                    .chain(&rule.tags)
                    .chain(&scenario.tags)
                    .cloned()
                    .collect();
                let mut before = background(feature.background.as_ref());
                before.extend(background(rule.background.as_ref()));
                all.push((file.clone(), with_steps_before(scenario, before), tags));
            }
        }
    }
    all
}

#[test]
fn every_scenario_carries_exactly_one_evidence_tag() {
    for (file, scenario, tags) in scenarios() {
        let marks: Vec<&String> = tags
            .iter()
            .filter(|t| evidence::Evidence::from_tag(t).is_some())
            .collect();
        assert_eq!(
            marks.len(),
            1,
            "{file}: {:?} has evidence tags {marks:?}",
            scenario.name
        );
    }
}

#[test]
fn scenario_names_are_unique() {
    let mut seen = BTreeMap::new();
    for (file, scenario, _) in scenarios() {
        if let Some(first) = seen.insert(scenario.name.clone(), file.clone()) {
            panic!("{:?} is in both {first} and {file}", scenario.name);
        }
    }
}

#[test]
fn no_scenario_asserts_more_than_its_evidence_supports() {
    let definitions = evidence_lint::Definitions::load();
    let violations = evidence_lint::stronger_than_evidence(&scenarios(), &definitions);
    assert!(violations.is_empty(), "{violations:#?}");
}

#[test]
fn every_step_definition_is_classified_and_every_classification_is_a_step() {
    // The suite's steps are in src/suite/steps; the ones beside these tests
    // are fixtures.
    let undeclared: Vec<String> = evidence_lint::undeclared_definitions()
        .into_iter()
        .filter(|line| !line.contains(" src/suite/tests/"))
        .collect();
    assert!(undeclared.is_empty(), "{undeclared:#?}");
    let defined: BTreeSet<(&str, u32)> = evidence_lint::definitions()
        .iter()
        .map(|at| (at.path, at.line))
        .collect();
    let stale: Vec<&evidence::StepClass> = evidence::steps()
        .filter(|class| !defined.contains(&(class.file, class.line)))
        .collect();
    assert!(
        stale.is_empty(),
        "classes declared where cucumber has no step: {stale:#?}"
    );
}

#[test]
fn borrowed_recordings_are_tagged_with_the_operation_they_were_made_on() {
    let definitions = evidence_lint::Definitions::load();
    let violations =
        evidence_lint::undeclared_borrowings(&scenarios(), &definitions, &contract_rows::load());
    assert!(violations.is_empty(), "{violations:#?}");
}

/// The scenarios of a feature text written for a test.
fn fixture(text: &str) -> Vec<(String, gherkin::Scenario, Vec<String>)> {
    let feature = gherkin::Feature::parse(text, GherkinEnv::default()).expect("the fixture parses");
    feature
        .scenarios
        .iter()
        .map(|s| ("fixture.feature".to_owned(), s.clone(), s.tags.clone()))
        .collect()
}

#[test]
fn the_lint_catches_a_type_on_inferred_evidence_and_a_message_on_documented_evidence() {
    let scenarios = fixture(
        r#"Feature: fixture
  @inf @contract.10
  Scenario: a type on inferred evidence
    When I untag the key ID "", removing "env"
    Then the call fails with ValidationException

  @doc @contract.19
  Scenario: a message on documented evidence
    When I untag the key ID "fake-key-id", removing "env"
    Then the call fails with NotFoundException and the message "Invalid keyId 'fake-key-id'"

  @unk @contract.47
  Scenario: an outcome on unpublished evidence
    When I untag the key ID "", removing "env"
    Then the call is refused with a 400 JSON error
"#,
    );
    let violations =
        evidence_lint::stronger_than_evidence(&scenarios, &evidence_lint::Definitions::load());
    assert_eq!(violations.len(), 2, "{violations:#?}");
    assert!(violations[0].contains(
        "is @inf but its step \"the call fails with ValidationException\" asserts what needs @doc"
    ));
    assert!(violations[1].contains("is @doc but"), "{}", violations[1]);
}

#[test]
fn the_lint_catches_a_borrowed_recording_left_unsaid_and_a_tag_naming_the_wrong_operation() {
    let scenarios = fixture(
        r#"Feature: fixture
  @rec @contract.19
  Scenario: borrowed from DescribeKey, unsaid
    When I untag the key ID "fake-key-id", removing "env"
    Then the call fails with NotFoundException and the message "Invalid keyId 'fake-key-id'"

  @rec @rec.create-key @rec.describe-key @contract.19
  Scenario: said, and a tag too many
    When I untag the key ID "fake-key-id", removing "env"
    Then the call fails with NotFoundException and the message "Invalid keyId 'fake-key-id'"

  @rec @contract.54 @contract.58
  Scenario: recorded on the operation it sends
    Given a key with no tags
    And the key is scheduled for deletion
    When I schedule the key's deletion
    Then the call fails with KMSInvalidStateException and the message "{key-arn} is pending deletion."
"#,
    );
    let violations = evidence_lint::undeclared_borrowings(
        &scenarios,
        &evidence_lint::Definitions::load(),
        &contract_rows::load(),
    );
    assert_eq!(violations.len(), 2, "{violations:#?}");
    assert!(
        violations[0].contains("tag it @rec.describe-key"),
        "{}",
        violations[0]
    );
    assert!(
        violations[1].contains("has @rec.create-key"),
        "{}",
        violations[1]
    );
}

/// A step written with cucumber's bare attribute instead of `step!`: it
/// declares nothing about what it asserts.
#[cucumber::then("the key is as a fixture left it")]
fn undeclared_fixture(_w: &mut KmsWorld) {}

#[test]
fn the_lint_catches_a_step_that_declares_no_evidence_and_a_scenario_using_it() {
    let undeclared = evidence_lint::undeclared_definitions();
    assert_eq!(undeclared.len(), 1, "{undeclared:#?}");
    let only = undeclared.first().expect("one");
    assert!(
        only.contains("defined at src/suite/tests/features_lint.rs:")
            && only.contains("declares no evidence"),
        "{only}"
    );

    let scenarios = fixture(
        r#"Feature: fixture
  @unk @contract.47
  Scenario: a step nobody classified
    When I untag the key ID "", removing "env"
    Then the key is as a fixture left it
"#,
    );
    let definitions = evidence_lint::Definitions::load();
    for violations in [
        evidence_lint::stronger_than_evidence(&scenarios, &definitions),
        evidence_lint::undeclared_borrowings(&scenarios, &definitions, &contract_rows::load()),
    ] {
        assert_eq!(violations.len(), 1, "{violations:#?}");
        assert!(
            violations[0].contains(
                "\"the key is as a fixture left it\": the step defined at src/suite/tests/features_lint.rs:"
            ),
            "{}",
            violations[0]
        );
    }
}

#[test]
fn every_scenario_cites_the_contract_rows_it_encodes() {
    let contract = contract_rows::load();
    for (file, scenario, _) in scenarios() {
        // The scenario's own tags: a feature-wide citation would be too coarse.
        let cited: Vec<&str> = scenario
            .tags
            .iter()
            .filter_map(|t| t.strip_prefix("contract."))
            .collect();
        assert!(
            !cited.is_empty(),
            "{file}: {:?} cites no contract row; tag it @contract.<row> (docs/contract.md)",
            scenario.name
        );
        for id in cited {
            let row: u32 = id.parse().unwrap_or_else(|_| {
                panic!(
                    "{file}: {:?} has @contract.{id}, which is not a row number",
                    scenario.name
                )
            });
            match contract.rows.get(&row) {
                None => panic!(
                    "{file}: {:?} cites row {row}, which docs/contract.md does not have",
                    scenario.name
                ),
                Some(&contract_rows::DEVIATIONS) => panic!(
                    "{file}: {:?} cites row {row}, an emulator deviation (contract §5), not AWS behaviour",
                    scenario.name
                ),
                Some(_) => {}
            }
        }
    }
}

/// Feature texts by file name.
fn by_file_name(features: Vec<(std::path::PathBuf, String)>) -> BTreeMap<String, String> {
    features
        .into_iter()
        .map(|(p, t)| {
            (
                p.file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned(),
                t,
            )
        })
        .collect()
}

#[test]
fn the_binary_embeds_exactly_the_features_folder() {
    let dir = FeatureSource::Dir(env!("CARGO_MANIFEST_DIR").into())
        .load()
        .expect("features folder");
    let on_disk = by_file_name(
        dir.into_iter()
            .filter(|(p, _)| p.components().any(|c| c.as_os_str() == "features"))
            .collect(),
    );
    let embedded = by_file_name(FeatureSource::Embedded.load().expect("embedded features"));
    assert!(!embedded.is_empty());
    assert_eq!(
        embedded, on_disk,
        "rebuild: the embedded features differ from features/"
    );
}
