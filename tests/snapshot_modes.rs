//! `--snapshots check|review|update|off` as a user meets them. Every test
//! works on a copy of the reference snapshots (`--snapshot-dir`), so the
//! tree's own `snapshots/` is never written.

mod support;

use std::path::{Path, PathBuf};
use std::process::Output;

use support::{StubProcess, binary, last_line, stderr, stdout};

/// The reference snapshots, where `--snapshots` keeps them by default.
const DEFAULT_DIR: &str = "snapshots";

const SCENARIO: &str = "An unknown key ID is not found, named by its full ARN";
const FILE: &str = "an_unknown_key_id_is_not_found_named_by_its_full_arn.snap";

/// A copy of the reference snapshots in a fresh folder.
fn copy_of_reference(name: &str) -> PathBuf {
    let dir = support::temp_dir(name);
    for entry in std::fs::read_dir(DEFAULT_DIR).expect("the reference folder") {
        let path = entry.expect("an entry").path();
        if path.extension().is_some_and(|e| e == "snap") {
            std::fs::copy(&path, dir.join(path.file_name().expect("a name"))).expect("copied");
        }
    }
    dir
}

/// How many reference snapshots there are: one per scenario, skipped ones
/// included (a skipped scenario's document says why).
fn reference_count() -> usize {
    std::fs::read_dir(DEFAULT_DIR)
        .expect("the reference folder")
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "snap"))
        })
        .count()
}

/// The reference copy with one stored status changed, as if the stub's
/// output had changed since the snapshot was taken.
fn changed_reference(name: &str) -> PathBuf {
    let dir = copy_of_reference(name);
    let path = dir.join(FILE);
    let text = std::fs::read_to_string(&path).expect("the snapshot");
    assert!(text.contains("\"status\": 400"));
    std::fs::write(
        &path,
        text.replacen("\"status\": 400", "\"status\": 404", 1),
    )
    .expect("written");
    dir
}

/// The binary on the one scenario, with insta's and CI's variables cleared
/// unless `env` sets them.
fn run_one(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = binary();
    for var in ["CI", "TF_BUILD", "INSTA_UPDATE", "INSTA_FORCE_PASS"] {
        command.env_remove(var);
    }
    command
        .args([
            "--snapshot-dir",
            dir.to_str().expect("utf-8"),
            "--name",
            SCENARIO,
        ])
        .args(args)
        .envs(env.iter().copied())
        .output()
        .expect("the binary runs")
}

fn pending(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("the folder")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.to_string_lossy().ends_with(".snap.new"))
        .collect();
    found.sort();
    found
}

#[test]
fn check_fails_on_a_changed_snapshot_and_writes_nothing() {
    let dir = changed_reference("check-changed");
    let output = run_one(&dir, &["--snapshots", "check"], &[]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(
        text.contains(&format!("SNAPSHOT DIFFERS  {SCENARIO}")),
        "{text}"
    );
    assert!(
        text.contains("exchanges[0].response.status: 404 → 400"),
        "{text}"
    );
    assert_eq!(last_line(&output), "0 passed, 1 failed");
    assert!(pending(&dir).is_empty());
}

#[test]
fn ci_checks_by_default_and_never_writes_a_pending_snapshot() {
    let dir = changed_reference("ci-default");
    let output = run_one(&dir, &[], &[("CI", "true")]);
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    assert!(
        stdout(&output).contains("snapshots (check)"),
        "{}",
        stdout(&output)
    );
    assert!(pending(&dir).is_empty());
    let asked = run_one(&dir, &["--snapshots", "review"], &[("CI", "true")]);
    assert_eq!(asked.status.code(), Some(1));
    assert!(pending(&dir).is_empty(), "review under CI writes nothing");
}

#[test]
fn a_local_run_writes_a_pending_snapshot_for_cargo_insta_review_and_update_accepts_it() {
    let dir = changed_reference("review");
    let output = run_one(&dir, &[], &[]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(text.contains("cargo insta review"), "{text}");
    let new = pending(&dir);
    assert_eq!(new, [dir.join(format!("{FILE}.new"))]);
    let snapshot = insta::Snapshot::from_file(&new[0]).expect("insta reads it");
    let text = snapshot
        .contents()
        .as_text()
        .expect("a text snapshot")
        .to_string();
    let document: serde_json::Value = serde_json::from_str(&text).expect("a JSON document");
    assert_eq!(document["exchanges"][0]["response"]["status"], 400);

    let output = run_one(&dir, &["--snapshots", "update"], &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(
        pending(&dir).is_empty(),
        "the accepted snapshot's .snap.new is gone"
    );
    let output = run_one(&dir, &["--snapshots", "check"], &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
}

#[test]
fn insta_force_pass_reports_the_difference_without_failing() {
    let dir = changed_reference("force-pass");
    let output = run_one(
        &dir,
        &[],
        &[("INSTA_FORCE_PASS", "1"), ("INSTA_UPDATE", "new")],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(stdout(&output).contains("SNAPSHOT DIFFERS"));
    assert_eq!(pending(&dir).len(), 1);
}

#[test]
fn a_missing_snapshot_fails_check() {
    let dir = support::temp_dir("missing");
    let output = run_one(&dir, &["--snapshots", "check"], &[]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).contains(&format!("SNAPSHOT MISSING  {SCENARIO}")));
}

#[test]
fn off_compares_nothing() {
    let dir = changed_reference("off");
    let output = run_one(&dir, &["--snapshots", "off"], &[]);
    assert_eq!(output.status.code(), Some(0));
    assert!(!stdout(&output).contains("snapshots ("));
}

#[test]
fn another_target_gets_its_own_folder_and_is_compared_with_the_reference() {
    let dir = copy_of_reference("own-folder");
    let stub = StubProcess::start(&[]);
    let endpoint = [
        "--endpoint",
        stub.endpoint.as_str(),
        "-q",
        "--target-name",
        "standalone",
    ];
    let mut command = binary();
    let output = command
        .args([
            "--snapshot-dir",
            dir.to_str().expect("utf-8"),
            "--snapshots",
            "update",
        ])
        .args(endpoint)
        .output()
        .expect("runs");
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{text}");
    // Every scenario cleans up what it made, a key its own Given replaced
    // included: the run's final sweep finds nothing left.
    let errors = stderr(&output);
    assert!(!errors.contains("leftover"), "{errors}");
    // The same model over the wire agrees with the reference wherever it
    // ran: all but the two forced key states, the two that need a second
    // account, and the burst, not applicable where nothing is throttled.
    assert!(
        text.contains(" 0 differ; 5 skipped here, not compared"),
        "{text}"
    );
    let written = std::fs::read_dir(dir.join("standalone"))
        .expect("its folder")
        .count();
    assert_eq!(written, reference_count(), "a document per scenario");

    let output = binary()
        .args([
            "--snapshot-dir",
            dir.to_str().expect("utf-8"),
            "--snapshots",
            "check",
        ])
        .args(endpoint)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
}

#[test]
fn differences_from_the_reference_never_change_the_exit_code_by_default() {
    let dir = copy_of_reference("report-only");
    let stub = StubProcess::start(&["--deviation", "success-body-empty-object"]);
    let output = binary()
        .args(["--snapshot-dir", dir.to_str().expect("utf-8")])
        .args([
            "--endpoint",
            stub.endpoint.as_str(),
            "-q",
            "--tags",
            "@removal",
        ])
        .output()
        .expect("runs");
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{text}");
    assert!(text.contains("DIFFERS FROM REFERENCE"), "{text}");
    assert!(text.contains("response.body: \"<empty>\" → {}"), "{text}");
    assert_eq!(
        std::fs::read_dir(&dir).expect("folder").count(),
        reference_count(),
        "nothing written"
    );
}
