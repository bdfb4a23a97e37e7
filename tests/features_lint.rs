//! The scenarios themselves: every one names its evidence, has a unique
//! stable name, asserts message text only where the evidence is a recording
//! (docs/contract.md, "Evidence marks": exact message text only on REC), and
//! cites the contract rows it encodes.

mod contract;

use std::collections::BTreeMap;

use cucumber::gherkin::{self, GherkinEnv};
use kms_conformance::suite::FeatureSource;

const EVIDENCE: [&str; 4] = ["rec", "doc", "inf", "unk"];

/// Every scenario with all its tags (feature, rule and scenario level).
fn scenarios() -> Vec<(String, gherkin::Scenario, Vec<String>)> {
    let mut all = Vec::new();
    for (path, text) in FeatureSource::Embedded.load().expect("embedded features") {
        let feature = gherkin::Feature::parse(&text, GherkinEnv::default())
            .unwrap_or_else(|e| panic!("{} does not parse: {e}", path.display()));
        let file = path.display().to_string();
        for scenario in &feature.scenarios {
            let tags = feature.tags.iter().chain(&scenario.tags).cloned().collect();
            all.push((file.clone(), scenario.clone(), tags));
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
                all.push((file.clone(), scenario.clone(), tags));
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
            .filter(|t| EVIDENCE.contains(&t.as_str()))
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
fn exact_messages_are_asserted_only_on_recorded_evidence() {
    for (file, scenario, tags) in scenarios() {
        let asserts_message = scenario
            .steps
            .iter()
            .any(|s| s.value.contains("and the message"));
        if asserts_message {
            assert!(
                tags.iter().any(|t| t == "rec"),
                "{file}: {:?} asserts a message without @rec",
                scenario.name
            );
        }
    }
}

#[test]
fn every_scenario_cites_the_contract_rows_it_encodes() {
    let contract = contract::load();
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
                Some(&contract::DEVIATIONS) => panic!(
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
