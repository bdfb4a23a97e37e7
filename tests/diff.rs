//! `kms-conformance diff`: two targets side by side.

mod support;

use std::net::TcpListener;

use support::{StubProcess, last_line, run, stderr, stdout};

#[test]
fn a_target_agrees_with_itself() {
    let output = run(&["diff", "--a", "stub", "--b", "stub"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    let summary = last_line(&output);
    let compared: usize = summary
        .split(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .expect("a count");
    assert!(compared >= 80, "{summary}");
    // The burst of features/throttling.feature is not applicable on a stub
    // that never throttles: skipped on both sides, so not compared.
    assert_eq!(
        summary,
        format!("{compared} scenarios compared: {compared} agree, 0 differ; 1 not compared")
    );
}

#[test]
fn a_difference_is_reported_field_by_field_and_exits_1() {
    let deviant = StubProcess::start(&["--deviation", "no-state-check"]);
    let output = run(&[
        "diff",
        "--a",
        "stub",
        "--b",
        &deviant.endpoint,
        // features/key_states.feature alone: pending_deletion.feature's
        // scenarios differ the same way and would be counted with them.
        "--tags",
        "@key-states and not @pending-deletion",
    ]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(
        text.contains("DIFFER  A key pending deletion cannot be untagged (A → B)"),
        "{text}"
    );
    assert!(
        text.contains("exchanges[0].response.status: 400 → 200"),
        "{text}"
    );
    assert!(
        text.contains("NOT COMPARED  A key in the Unavailable state can be untagged (skipped on B"),
        "{text}"
    );
    assert!(
        last_line(&output).contains(" differ; 2 not compared"),
        "{text}"
    );
}

#[test]
fn an_unreachable_side_is_exit_2() {
    let port = TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port();
    let output = run(&[
        "diff",
        "--a",
        "stub",
        "--b",
        &format!("http://127.0.0.1:{port}"),
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("cannot reach"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn both_sides_are_required() {
    let output = run(&["diff", "--a", "stub"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("--b"), "{}", stderr(&output));
}
