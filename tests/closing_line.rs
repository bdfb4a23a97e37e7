//! What `cargo test` ends with, and the one line CI ends with.
//!
//! Cargo runs the test targets in the order of their names, then the doc
//! tests, always last. So `suite` must be the last target: its summary, `N
//! passed, N failed`, is then the last line before the doc tests (a target
//! named after it would put its own few tests there). The doc tests close
//! `cargo test` with their libtest line, which counts only them; `.ci/run`
//! therefore ends with `scripts/test-totals.sh`, one plain `N passed, N
//! failed` line that totals every libtest result and the suite's summary,
//! and fails when any test failed.

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
        "cargo test runs {after:?} after tests/suite.rs, so the suite's summary would not be \
         the last line before the doc tests: give each a name that sorts before `suite`"
    );
}

/// Runs `scripts/test-totals.sh` on `log`; its output and whether it passed.
fn totals(log: &str) -> (String, bool) {
    static RUNS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let run = RUNS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let file = std::env::temp_dir().join(format!(
        "kms-conformance-totals-{}-{run}.log",
        std::process::id()
    ));
    std::fs::write(&file, log).expect("a log");
    let output = std::process::Command::new("bash")
        .arg(root.join("scripts/test-totals.sh"))
        .arg(&file)
        .output()
        .expect("bash runs the script");
    let _ = std::fs::remove_file(&file);
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        output.status.success(),
    )
}

#[test]
fn the_totals_line_counts_every_libtest_result_and_the_suites_summary() {
    let log = "\
running 3 tests
test result: ok. 3 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.10s
environment-dependent checks that did not run here:
134 passed, 0 failed, 2 skipped (1 passed leniently)
   Doc-tests kms_conformance
test result: ok. 8 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 5.63s
";
    assert_eq!(
        totals(log),
        (
            "3 skipped (ignored tests and scenarios not run here, each with its reason above)\n\
             145 passed, 0 failed\n"
                .to_owned(),
            true
        )
    );
}

#[test]
fn the_totals_line_fails_on_any_failure_and_on_no_result_at_all() {
    let failed = "test result: FAILED. 3 passed; 1 failed; 0 ignored; 0 measured\n\
                  12 passed, 2 failed\n";
    assert_eq!(totals(failed), ("15 passed, 3 failed\n".to_owned(), false));
    let nothing = "error[E0425]: cannot find value `x` in this scope\n";
    assert_eq!(totals(nothing), ("0 passed, 0 failed\n".to_owned(), false));
}

#[test]
fn ci_ends_with_the_totals_of_cargo_test() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let ci = std::fs::read_to_string(root.join(".ci/run")).expect(".ci/run");
    let commands: Vec<&str> = ci
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    let tail = commands[commands.len().saturating_sub(4)..].join("\n");
    assert!(
        tail.contains("cargo test --locked") && tail.contains("scripts/test-totals.sh"),
        ".ci/run must end by running cargo test and totalling its log:\n{tail}"
    );
}

#[test]
fn the_doc_tests_run_and_are_not_empty() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let manifest: toml::Table = std::fs::read_to_string(root.join("Cargo.toml"))
        .expect("Cargo.toml")
        .parse()
        .expect("TOML");
    let doctest = manifest
        .get("lib")
        .and_then(|lib| lib.get("doctest"))
        .and_then(toml::Value::as_bool);
    assert_ne!(doctest, Some(false), "the library's doc examples are tests");
    let lib = std::fs::read_to_string(root.join("src/lib.rs")).expect("src/lib.rs");
    // Opening fences only: a plain ``` runs; ```no_run and ```ignore do not.
    let fences = lib.lines().filter(|l| l.trim().starts_with("//! ```"));
    let runnable = fences.step_by(2).filter(|l| l.trim() == "//! ```").count();
    assert!(
        runnable >= 1,
        "src/lib.rs shows the library with an example that runs (a plain ```)"
    );
}
