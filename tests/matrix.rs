//! `kms-conformance matrix` and `report`: the files they write, their exit
//! codes, each target's own credentials, and results files read back.
//! The page itself is checked in a browser by `tests/matrix_page/`.

mod support;

use std::net::TcpListener;
use std::path::Path;

use serde_json::Value;
use support::{StubProcess, assert_exit, binary, run, stderr, stdout, temp_dir};

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).expect("written")).expect("JSON")
}

fn closed_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

fn path(path: &Path) -> &str {
    path.to_str().expect("utf-8")
}

/// `matrix.md` without its first lines, which say when it was made.
fn tables(markdown: &str) -> String {
    markdown.lines().skip(3).collect::<Vec<_>>().join("\n")
}

#[test]
fn a_runs_results_file_is_read_back_by_report() {
    let dir = temp_dir("matrix-report");
    let results = dir.join("runs/stub.json");
    let output = run(&[
        "--tags",
        "@removal",
        "--snapshots",
        "off",
        "-q",
        "--results",
        path(&results),
    ]);
    assert_exit(&output, 0);
    let file = read_json(&results);
    assert_eq!(file["format_version"], 1);
    assert_eq!(file["target"]["name"], "stub");
    let scenarios = file["scenarios"].as_array().expect("scenarios");
    assert_eq!(scenarios.len(), 10, "the @removal scenarios");
    assert!(scenarios.iter().all(|s| s["verdict"] == "pass"));
    assert!(
        scenarios
            .iter()
            .all(|s| !s["exchanges"].as_array().expect("exchanges").is_empty())
    );

    let out = dir.join("out");
    let output = run(&["report", path(&results), "--out", path(&out)]);
    assert_exit(&output, 0);
    let markdown = std::fs::read_to_string(out.join("matrix.md")).expect("matrix.md");
    for scenario in scenarios {
        let name = scenario["name"].as_str().expect("a name");
        assert!(
            markdown.contains(&format!("| {name} |")),
            "a row for {name}: {markdown}"
        );
    }
    assert!(
        markdown.contains("| **conformance** | **10/10 (100%)** |"),
        "{markdown}"
    );
    assert!(out.join("matrix.html").is_file());
    assert!(
        stdout(&output).contains("stub: conformance 10/10 (100%)"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn matrix_writes_a_results_file_per_target_and_both_pages_and_report_rebuilds_them() {
    let dir = temp_dir("matrix-two");
    let deviant = StubProcess::start(&["--deviation", "untag-removes-nothing"]);
    let out = dir.join("out");
    let output = run(&[
        "matrix",
        "--target",
        "ref=stub",
        "--target",
        &format!("deviant={}", deviant.endpoint),
        "--target-version",
        "deviant=1.2.3",
        "--tags",
        "@removal",
        "--out",
        path(&out),
    ]);
    assert_exit(&output, 0);
    let deviant_results = read_json(&out.join("deviant.results.json"));
    assert_eq!(deviant_results["target"]["version"], "1.2.3");
    assert_eq!(
        deviant_results["target"]["endpoint"],
        deviant.endpoint.as_str()
    );
    assert!(
        deviant_results["scenarios"]
            .as_array()
            .expect("scenarios")
            .iter()
            .any(|s| s["verdict"] == "fail"),
        "the deviation fails scenarios"
    );
    let markdown = std::fs::read_to_string(out.join("matrix.md")).expect("matrix.md");
    assert!(
        markdown.contains("| scenario | evidence | ref | deviant |"),
        "{markdown}"
    );
    assert!(markdown.contains("**✗ fail**"), "{markdown}");

    // The saved files make the same matrix again.
    let again = dir.join("again");
    let output = run(&[
        "report",
        path(&out.join("ref.results.json")),
        path(&out.join("deviant.results.json")),
        "--out",
        path(&again),
    ]);
    assert_exit(&output, 0);
    let rebuilt = std::fs::read_to_string(again.join("matrix.md")).expect("matrix.md");
    assert_eq!(tables(&rebuilt), tables(&markdown));

    // --gate fails when a target fails what its expectations do not list.
    let output = run(&[
        "report",
        path(&out.join("deviant.results.json")),
        "--out",
        path(&again),
        "--gate",
    ]);
    assert_exit(&output, 1);
    assert!(stderr(&output).contains("deviant"), "{}", stderr(&output));
}

#[test]
fn an_unreachable_target_is_named_once_and_the_others_are_still_written() {
    let dir = temp_dir("matrix-gone");
    let out = dir.join("out");
    let output = run(&[
        "matrix",
        "--target",
        "ref=stub",
        "--target",
        &format!("gone=http://127.0.0.1:{}", closed_port()),
        "--tags",
        "@removal",
        "--out",
        path(&out),
    ]);
    assert_exit(&output, 2);
    let lines: Vec<String> = stderr(&output)
        .lines()
        .filter(|l| l.contains("gone"))
        .map(str::to_owned)
        .collect();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].contains("target gone: cannot reach"), "{lines:?}");
    assert_eq!(
        read_json(&out.join("ref.results.json"))["scenarios"]
            .as_array()
            .map(Vec::len),
        Some(10)
    );
    let gone = read_json(&out.join("gone.results.json"));
    assert!(
        gone["run"]["incomplete"]
            .as_str()
            .is_some_and(|w| w.contains("cannot reach"))
    );
    let markdown = std::fs::read_to_string(out.join("matrix.md")).expect("matrix.md");
    assert!(markdown.contains("| ✓ pass | · not run |"), "{markdown}");
}

#[test]
fn each_target_signs_with_its_own_credentials_when_it_has_them() {
    let dir = temp_dir("matrix-credentials");
    let (one, two) = (StubProcess::start(&[]), StubProcess::start(&[]));
    let out = dir.join("out");
    // The stub makes a 12-digit access key its account.
    let output = binary()
        .env("AWS_ACCESS_KEY_ID", "111122223333")
        .env("AWS_SECRET_ACCESS_KEY", "test")
        .env("SECOND_ONE_AWS_ACCESS_KEY_ID", "444455556666")
        .env("SECOND_ONE_AWS_SECRET_ACCESS_KEY", "test")
        .args(["matrix", "--target", &format!("first={}", one.endpoint)])
        .args(["--target", &format!("second-one={}", two.endpoint)])
        .args(["--tags", "@removal", "--out", path(&out)])
        .output()
        .expect("the binary runs");
    assert_exit(&output, 0);
    let account = |target: &str| {
        let text =
            std::fs::read_to_string(out.join(format!("{target}.results.json"))).expect("written");
        (
            text.contains(":111122223333:key/"),
            text.contains(":444455556666:key/"),
        )
    };
    assert_eq!(account("first"), (true, false), "the shared credentials");
    assert_eq!(
        account("second-one"),
        (false, true),
        "SECOND_ONE_AWS_ACCESS_KEY_ID"
    );
}

#[test]
fn bad_usage_is_one_line_and_exit_2() {
    let dir = temp_dir("matrix-usage");
    let cases: [(&[&str], &str); 6] = [
        (&["matrix", "--target", "http://127.0.0.1:1"], "NAME=URL"),
        (
            &["matrix", "--target", "a=stub", "--target", "a=stub"],
            "same variable prefix",
        ),
        (
            &["matrix", "--target", "my target=stub"],
            "starts with a letter",
        ),
        (
            &[
                "matrix",
                "--target",
                "a=stub",
                "--expectations-dir",
                "/nonexistent",
            ],
            "not a folder",
        ),
        (
            &["report", "/nonexistent.json"],
            "cannot read the results file",
        ),
        (&["report", path(&dir)], "cannot read the results file"),
    ];
    for (args, message) in cases {
        let output = run(args);
        assert_exit(&output, 2);
        let error = stderr(&output);
        assert!(error.contains(message), "{args:?}: {error}");
        assert_eq!(error.trim_end().lines().count(), 1, "{args:?}: {error}");
    }
    let output = binary()
        .env("A_AWS_ACCESS_KEY_ID", "k")
        .args(["matrix", "--target", "a=stub"])
        .output()
        .expect("the binary runs");
    assert_exit(&output, 2);
    assert!(
        stderr(&output).contains("A_AWS_SECRET_ACCESS_KEY is not"),
        "{}",
        stderr(&output)
    );

    let newer = dir.join("newer.json");
    std::fs::write(&newer, r#"{"format_version": 9}"#).expect("written");
    let output = run(&["report", path(&newer)]);
    assert_exit(&output, 2);
    assert!(
        stderr(&output).contains("format version 9"),
        "{}",
        stderr(&output)
    );
}
