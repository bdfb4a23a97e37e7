//! A proxy that dies or stalls mid-run ends the run as any target that
//! stops answering does: one line on standard error naming the cause, exit
//! code 2, no panic, no hang.

use std::net::TcpListener;
use std::process::Output;
use std::time::{Duration, Instant};

use crate::support::{binary, stderr, stdout};
use crate::wrong_proxies::{Fault, Proxy};

/// Far more than a run through a broken proxy may take.
const WALL_TIME_LIMIT: Duration = Duration::from_secs(30);

/// Runs `kms-conformance proxy` through a proxy with `fault`, with a
/// one-second timeout per exchange.
fn run_through(fault: Fault) -> (Output, Duration) {
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
    let started = Instant::now();
    let output = binary()
        .args(["proxy", "--endpoint", &proxy.url()])
        .args(["--upstream", &upstream.to_string(), "--timeout", "1"])
        .output()
        .expect("the binary runs");
    drop(proxy);
    (output, started.elapsed())
}

fn the_one_line(output: &Output, elapsed: Duration) -> String {
    let (out, err) = (stdout(output), stderr(output));
    assert_eq!(output.status.code(), Some(2), "{out}{err}");
    assert!(!format!("{out}{err}").contains("panicked"), "{out}{err}");
    assert!(elapsed < WALL_TIME_LIMIT, "took {elapsed:?}: {err}");
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 1, "one line on standard error: {err}");
    assert!(lines[0].starts_with("kms-conformance: "), "{err}");
    assert!(!out.contains("fidelity:"), "no fidelity is judged: {out}");
    eprintln!("{} ({elapsed:.1?})", lines[0]);
    lines[0].to_owned()
}

#[test]
fn a_proxy_that_dies_mid_run() {
    let (output, elapsed) = run_through(Fault::DiesAfter(40));
    let line = the_one_line(&output, elapsed);
    assert!(
        line.contains("the target stopped answering during"),
        "{line}"
    );
}

#[test]
fn a_proxy_that_stalls_mid_run() {
    let (output, elapsed) = run_through(Fault::StallsAfter(40));
    let line = the_one_line(&output, elapsed);
    assert!(
        line.contains("the target stopped answering during"),
        "{line}"
    );
    assert!(line.contains("did not answer within 1s"), "{line}");
}

#[test]
fn a_proxy_that_forwards_nowhere_names_the_address_it_should_forward_to() {
    // A proxy whose upstream is another port than the one the stub serves on.
    let elsewhere = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("a runtime");
    let proxy = runtime.block_on(Proxy::start(elsewhere, Fault::Faithful));
    let upstream = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port");
    let started = Instant::now();
    let output = binary()
        .args(["proxy", "--endpoint", &proxy.url()])
        .args(["--upstream", &upstream.to_string(), "--timeout", "1"])
        .output()
        .expect("the binary runs");
    let line = the_one_line(&output, started.elapsed());
    assert!(
        line.contains(&format!("nothing reached the stub at {upstream}")),
        "{line}"
    );
}
