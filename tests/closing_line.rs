//! `cargo test` closes on the suite's own summary, `N passed, N failed`,
//! the line CI reads and the README promises. Cargo runs test targets in
//! the order of their names, so `suite` must be the last of them: a target
//! named after it would close `cargo test` with its own libtest line, which
//! counts only its own few tests.

use std::path::Path;

/// The name of every integration test target: `tests/NAME.rs`,
/// `tests/NAME/main.rs`, and each `[[test]]` of Cargo.toml.
fn test_targets() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut names = Vec::new();
    for entry in std::fs::read_dir(root.join("tests")).expect("tests/") {
        let path = entry.expect("an entry").path();
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("a name")
            .to_owned();
        if path.extension().is_some_and(|e| e == "rs") || path.join("main.rs").is_file() {
            names.push(name);
        }
    }
    let manifest: toml::Table = std::fs::read_to_string(root.join("Cargo.toml"))
        .expect("Cargo.toml")
        .parse()
        .expect("TOML");
    let declared = manifest
        .get("test")
        .and_then(toml::Value::as_array)
        .into_iter()
        .flatten();
    for test in declared {
        let name = test.get("name").and_then(toml::Value::as_str);
        names.push(name.expect("a [[test]] names itself").to_owned());
    }
    names.sort();
    names.dedup();
    names
}

#[test]
fn the_suite_is_the_last_test_target_cargo_runs() {
    let names = test_targets();
    assert!(names.contains(&"suite".to_owned()), "{names:?}");
    assert!(names.contains(&"closing_line".to_owned()), "{names:?}");
    let after: Vec<&String> = names.iter().filter(|n| n.as_str() > "suite").collect();
    assert!(
        after.is_empty(),
        "cargo test runs {after:?} after tests/suite.rs, so its closing line would not be the \
         suite's summary: give each a name that sorts before `suite`"
    );
}
