//! The stored snapshots stay honest: each belongs to a scenario that exists,
//! holds that scenario's document, and shows nothing that looks like a
//! credential, a signature or a real account ID.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::snapshot::hygiene;
use crate::snapshot::plan::DEFAULT_DIR;
use crate::snapshot::store::{self, slug};
use crate::suite::FeatureSource;
use crate::suite::features::scenario_names;

/// Every `.snap` under `dir`, in the reference folder and in each target's.
fn snapshot_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return files;
    };
    for entry in entries {
        let path = entry.expect("a readable folder").path();
        if path.is_dir() {
            files.extend(snapshot_files(&path));
        } else if path.extension().is_some_and(|e| e == store::SNAP) {
            files.push(path);
        }
    }
    files.sort();
    files
}

/// Scenario names by the file stem their snapshots have.
fn scenarios_by_slug() -> BTreeMap<String, String> {
    let names = scenario_names(&FeatureSource::Embedded).expect("the features parse");
    let mut by_slug = BTreeMap::new();
    for (path, name) in names {
        if let Some(other) = by_slug.insert(slug(&name), name.clone()) {
            panic!(
                "{:?} ({}) and {other:?} would share the snapshot {}.snap",
                name,
                path.display(),
                slug(&name)
            );
        }
    }
    by_slug
}

#[test]
fn the_reference_has_a_snapshot_of_every_scenario() {
    let missing: Vec<String> = scenarios_by_slug()
        .into_iter()
        .filter(|(slug, _)| {
            !Path::new(DEFAULT_DIR)
                .join(format!("{slug}.snap"))
                .is_file()
        })
        .map(|(_, name)| name)
        .collect();
    assert!(
        missing.is_empty(),
        "no reference snapshot for {missing:#?}: run `cargo run -- --snapshots update`"
    );
}

#[test]
fn every_snapshot_belongs_to_a_scenario_that_exists() {
    let scenarios = scenarios_by_slug();
    let mut orphans = Vec::new();
    for file in snapshot_files(Path::new(DEFAULT_DIR)) {
        let stem = file
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_suffix(".snap"))
            .expect("a .snap file name");
        let Some(name) = scenarios.get(stem) else {
            orphans.push(file.display().to_string());
            continue;
        };
        let document = store::read_document(&file).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            document["scenario"].as_str(),
            Some(name.as_str()),
            "{} holds another scenario's document",
            file.display()
        );
    }
    assert!(
        orphans.is_empty(),
        "snapshots of scenarios that no longer exist (delete them): {orphans:#?}"
    );
}

#[test]
fn no_snapshot_holds_anything_like_a_secret() {
    let mut leaks = Vec::new();
    for file in snapshot_files(Path::new(DEFAULT_DIR)) {
        let text = std::fs::read_to_string(&file).expect("readable");
        for finding in hygiene::findings(&text) {
            leaks.push(format!("{}: {finding}", file.display()));
        }
    }
    assert!(leaks.is_empty(), "{leaks:#?}");
}
