//! What the binary says of a proxy by default, as a CI gate written the
//! obvious way (`kms-conformance proxy --endpoint ... --upstream ...`)
//! sees it: a fault fails the run (exit code 1), a note is reported and
//! passes; `--fail-on-notes` (old name `--fail-on-findings`) fails notes
//! too, `--report-only` fails on no finding; a pre-flight the proxy broke
//! fails the run with one line saying what it changed.

use std::net::TcpListener;
use std::process::Output;

use crate::support::{binary, stderr, stdout};
use crate::wrong_proxies::{Fault, Proxy};

/// Runs `kms-conformance proxy` through a proxy with `fault`, with `args`.
fn run_through(fault: Fault, args: &[&str]) -> Output {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("a runtime");
    // Bound and freed: the binary serves the stub there.
    let upstream = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port");
    let proxy = runtime.block_on(Proxy::start(upstream, fault));
    let output = binary()
        .args(["proxy", "--endpoint", &proxy.url()])
        .args(["--upstream", &upstream.to_string(), "-q"])
        .args(args)
        .output()
        .expect("the binary runs");
    drop(proxy);
    output
}

/// The fidelity line before the summary.
fn fidelity_line(output: &Output) -> String {
    let out = stdout(output);
    out.lines()
        .find(|l| l.starts_with("fidelity: "))
        .unwrap_or_else(|| panic!("no fidelity line: {out}{}", stderr(output)))
        .to_owned()
}

fn code(output: &Output) -> Option<i32> {
    output.status.code()
}

#[test]
fn a_fault_fails_the_run_by_default_and_report_only_reports_it() {
    let output = run_through(Fault::EmptyBodyAsObject, &[]);
    assert_eq!(code(&output), Some(1), "{}", stdout(&output));
    let line = fidelity_line(&output);
    assert!(line.contains("response-body"), "{line}");
    assert!(line.contains(": the proxy fails ("), "{line}");
    assert!(stdout(&output).contains("FAULT  response-body"));

    let output = run_through(Fault::EmptyBodyAsObject, &["--report-only"]);
    assert_eq!(code(&output), Some(0), "{}", stdout(&output));
    assert!(fidelity_line(&output).ends_with("reported only (--report-only)"));
}

#[test]
fn unsigned_headers_added_are_notes_that_pass_unless_notes_fail() {
    let output = run_through(Fault::AddsUnsignedHeaders, &[]);
    assert_eq!(code(&output), Some(0), "{}", stdout(&output));
    let line = fidelity_line(&output);
    assert!(line.contains(" notes in "), "{line}");
    assert!(
        line.ends_with("the proxy passes (notes fail the run with --fail-on-notes)"),
        "{line}"
    );
    let out = stdout(&output);
    assert!(out.contains("NOTE   headers"), "{out}");
    assert!(out.contains("added accept-encoding: identity"), "{out}");

    for strict in ["--fail-on-notes", "--fail-on-findings"] {
        let output = run_through(Fault::AddsUnsignedHeaders, &[strict]);
        assert_eq!(code(&output), Some(1), "{strict}: {}", stdout(&output));
        assert!(
            fidelity_line(&output).contains("with --fail-on-notes"),
            "{strict}"
        );
    }
}

#[test]
fn failing_on_notes_and_reporting_only_cannot_be_asked_together() {
    let output = binary()
        .args(["proxy", "--endpoint", "http://127.0.0.1:1/"])
        .args([
            "--upstream",
            "127.0.0.1:0",
            "--fail-on-notes",
            "--report-only",
        ])
        .output()
        .expect("the binary runs");
    assert_eq!(code(&output), Some(2), "{}", stderr(&output));
}

/// The one line on standard error of a run that ended at its pre-flight.
fn preflight_line(fault: Fault) -> String {
    let output = run_through(fault, &[]);
    let (out, err) = (stdout(&output), stderr(&output));
    assert_eq!(code(&output), Some(1), "{fault:?}: {out}{err}");
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 1, "{fault:?}: one line: {err}");
    assert!(
        lines[0].starts_with("kms-conformance: the proxy at http://127.0.0.1:"),
        "{}",
        lines[0]
    );
    assert!(
        lines[0].contains(
            "changed the pre-flight DescribeKey, and the stub refused it \
             (HTTP 400 InvalidSignatureException)"
        ),
        "{}",
        lines[0]
    );
    assert!(
        !lines[0].contains("refused the credentials"),
        "the credentials are not to blame: {}",
        lines[0]
    );
    eprintln!("{fault:?}: {}", lines[0]);
    lines[0].to_owned()
}

#[test]
fn a_body_cut_short_on_the_way_is_named_at_the_pre_flight() {
    let line = preflight_line(Fault::DropsLastBodyByte);
    assert!(
        line.contains("body: the body arrived 1 byte short"),
        "{line}"
    );
    assert!(line.contains("signature: "), "{line}");
}

#[test]
fn a_target_dropped_on_the_way_is_named_at_the_pre_flight() {
    let line = preflight_line(Fault::DropsTarget);
    assert!(
        line.contains(
            "x-amz-target: the client sent X-Amz-Target \"TrentService.DescribeKey\"; \
             the stub received none"
        ),
        "{line}"
    );
    assert!(
        line.contains("the signed header x-amz-target was dropped"),
        "{line}"
    );
}
