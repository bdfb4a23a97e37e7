//! A reader that goes away (`kms-conformance ... | head -1`) ends no command
//! with a panic: what it would still have been shown is dropped, and the
//! command exits with the code it would have had.

mod support;

use std::path::PathBuf;
use std::process::{Output, Stdio};

/// Runs the binary with `args`, its standard output a pipe whose reader is
/// gone before the first line is written.
fn with_stdout_closed(args: &[&str]) -> Output {
    let (reader, writer) = std::io::pipe().expect("a pipe");
    drop(reader);
    support::binary()
        .args(args)
        .stdout(writer)
        .stderr(Stdio::piped())
        .output()
        .expect("the binary runs")
}

fn assert_quiet_exit(output: &Output, code: i32) {
    let errors = support::stderr(output);
    assert_eq!(output.status.code(), Some(code), "{errors}");
    assert!(!errors.contains("panicked"), "{errors}");
    assert!(!errors.contains("standard output"), "{errors}");
}

#[test]
fn listing_the_deviations_into_a_closed_pipe_ends_quietly() {
    assert_quiet_exit(&with_stdout_closed(&["stub", "--list-deviations"]), 0);
}

#[test]
fn a_run_whose_reader_went_away_still_ends_with_its_verdict() {
    let results = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("closed-stdout.results.json");
    let results = results.to_str().expect("a UTF-8 path");
    let run = with_stdout_closed(&["--tags", "@contract.1", "--results", results]);
    assert_quiet_exit(&run, 0);
    // The run was carried out whole: its results file is written.
    let report_dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("closed-stdout-matrix");
    let report_dir = report_dir.to_str().expect("a UTF-8 path");
    let report = with_stdout_closed(&["report", "--out", report_dir, results]);
    assert_quiet_exit(&report, 0);
}
