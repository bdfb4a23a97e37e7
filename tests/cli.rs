//! The command line as a user meets it: exit codes, one-line errors, filters.

mod support;

use std::net::TcpListener;

use support::{last_line, run, stderr, stdout};

#[test]
fn no_arguments_runs_every_scenario_against_the_stub() {
    let output = run(&[]);
    support::assert_exit(&output, 0);
    let summary = last_line(&output);
    let passed: usize = summary
        .split(' ')
        .next()
        .unwrap_or_default()
        .parse()
        .expect("a count");
    assert!(passed >= 40, "{summary}");
    assert!(
        summary.starts_with(&format!("{passed} passed, 0 failed")),
        "{summary}"
    );
    assert!(stdout(&output).contains("the built-in stub"));
}

#[test]
fn tags_select_scenarios() {
    let output = run(&["--tags", "@key-states and not @rec"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    let text = stdout(&output);
    assert!(text.contains("A key pending deletion cannot be untagged"));
    assert!(!text.contains("Removing one of several tags"), "{text}");
    assert!(
        !text.contains("A pending-deletion refusal names the key by its ARN"),
        "{text}"
    );
}

#[test]
fn an_unreachable_endpoint_is_one_line_and_exit_2() {
    // Bind then drop: the port is free and nothing listens on it.
    let port = TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port();
    let endpoint = format!("http://127.0.0.1:{port}");
    let output = run(&["--endpoint", &endpoint]);
    assert_eq!(output.status.code(), Some(2));
    let errors = stderr(&output);
    // Exactly one line: not even the placeholder-credentials notice, which
    // waits until the target answers.
    let lines: Vec<&str> = errors.lines().collect();
    assert_eq!(lines.len(), 1, "{errors}");
    assert!(
        lines[0].contains(&format!("cannot reach {endpoint}/")),
        "{errors}"
    );
    assert!(lines[0].to_lowercase().contains("refused"), "{errors}");
    assert!(!errors.contains("panicked"), "{errors}");
}

#[test]
fn a_bad_flag_is_a_usage_error() {
    let output = run(&["--no-such-flag"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("--no-such-flag"));
    let output = run(&["--endpoint", "not a url"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("not a URL"), "{}", stderr(&output));
}

#[test]
fn help_exits_0() {
    let output = run(&["--help"]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    for flag in [
        "--endpoint",
        "--region",
        "--tags",
        "--name",
        "--concurrency",
    ] {
        assert!(text.contains(flag), "{flag} missing from --help");
    }
}

#[test]
fn a_features_folder_replaces_the_embedded_features() {
    let dir = support::temp_dir("features-flag");
    std::fs::write(
        dir.join("one.feature"),
        "Feature: one\n  @doc\n  Scenario: A missing tag key is ignored here too\n    \
         Given a key with no tags\n    When I untag the key, removing \"env\"\n    \
         Then the call succeeds with no output\n",
    )
    .expect("write");
    let output = run(&["--features", dir.to_str().expect("utf-8 path")]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert_eq!(last_line(&output), "1 passed, 0 failed");
}

#[test]
fn an_undefined_step_fails_the_scenario() {
    let dir = support::temp_dir("undefined-step");
    std::fs::write(
        dir.join("bad.feature"),
        "Feature: bad\n  Scenario: Nobody wrote this step\n    Given a step nobody wrote\n",
    )
    .expect("write");
    let output = run(&["--features", dir.to_str().expect("utf-8 path")]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stdout(&output).contains("no step definition matches"),
        "{}",
        stdout(&output)
    );
    assert_eq!(last_line(&output), "0 passed, 1 failed");
}

#[test]
fn a_feature_that_does_not_parse_is_exit_2() {
    let dir = support::temp_dir("unparsable");
    std::fs::write(dir.join("broken.feature"), "This is not Gherkin\n").expect("write");
    let output = run(&["--features", dir.to_str().expect("utf-8 path")]);
    support::assert_exit(&output, 2);
    assert!(
        stderr(&output).contains("broken.feature"),
        "{}",
        stderr(&output)
    );
}

/// A scratch folder under target/ for one test.
fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("snapshots")).expect("a scratch folder");
    dir
}

#[test]
fn snapshots_come_from_the_working_directory_not_the_build_tree() {
    // Arrange: another checkout whose one snapshot differs from the build
    // tree's in a single value.
    let scenario = "A disabled key can be untagged";
    let file = "a_disabled_key_can_be_untagged.snap";
    let reference =
        std::fs::read_to_string(std::path::Path::new("snapshots").join(file)).expect("reference");
    let checkout = scratch("another-checkout");
    let altered = reference.replacen("\"team\"", "\"squad\"", 1);
    assert_ne!(altered, reference, "the snapshot names the team tag");
    std::fs::write(checkout.join("snapshots").join(file), altered).expect("written");

    // Act: the same binary, run from that checkout.
    let output = support::binary()
        .current_dir(&checkout)
        .args(["--stub", "--name", scenario, "--snapshots", "check"])
        .output()
        .expect("the binary runs");

    // Assert: it compared against that checkout's snapshot, and said where.
    support::assert_exit(&output, 1);
    let text = stdout(&output);
    assert!(text.contains("squad"), "{text}");
    assert!(
        !text.contains(env!("CARGO_MANIFEST_DIR")),
        "names the build tree: {text}"
    );
}

#[test]
fn without_a_snapshots_folder_snapshots_are_off_and_it_says_so() {
    let elsewhere = scratch("no-checkout");
    std::fs::remove_dir(elsewhere.join("snapshots")).expect("removed");
    let output = support::binary()
        .current_dir(&elsewhere)
        .args(["--stub", "--name", "A disabled key can be untagged"])
        .output()
        .expect("the binary runs");
    support::assert_exit(&output, 0);
    assert!(
        stderr(&output).contains("no snapshots folder at snapshots"),
        "{}",
        stderr(&output)
    );
}
