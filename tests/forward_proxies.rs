//! Real forward proxies from Debian between the suite and its target, as a
//! corporate network puts one between KMS clients and KMS: tinyproxy 1.11,
//! which closes the client connection after every response without saying
//! `Connection: close` (a run through it used to die midway, exit 2,
//! "connection closed before message completed"), and Squid. Each is
//! started here on a free loopback port from a folder of its own, with
//! the least configuration it needs, and stopped when its test ends.
//!
//! - A run honours `HTTP_PROXY` (as the AWS SDKs do), says so, and every
//!   scenario passes through the proxy; `NO_PROXY` sends around it.
//! - `--proxy URL` does the same without the environment.
//! - `kms-conformance proxy --proxy URL` judges the forward proxy itself:
//!   what each adds (`Via`, `X-Forwarded-For`, Squid's `Cache-Control`)
//!   is a note, and the run passes.
//!
//! Without the proxies these tests check nothing and say so; under
//! `KMS_CONFORMANCE_REQUIRE` they fail instead (`tests/support/tools.rs`).

mod support;

use std::net::SocketAddr;
use std::path::Path;
use std::process::{Command, Output};

use kms_conformance::Suite;
use support::daemons::{Daemon, free_address};
use support::tools::{FORWARD_SQUID, FORWARD_TINYPROXY, SQUID, TINYPROXY};
use support::{StubProcess, binary, last_line, stderr, stdout, temp_dir};

/// tinyproxy as the issue ran it: `Listen` and `Allow` on the loopback,
/// nothing else.
fn tinyproxy(program: &Path) -> (Daemon, SocketAddr) {
    let listen = free_address();
    let dir = temp_dir(&format!("tinyproxy-{}", listen.port()));
    let config = format!(
        "Port {}\nListen 127.0.0.1\nAllow 127.0.0.1\n",
        listen.port()
    );
    std::fs::write(dir.join("tinyproxy.conf"), config).expect("write the configuration");
    let mut command = Command::new(program);
    command.arg("-d").arg("-c").arg(dir.join("tinyproxy.conf"));
    (Daemon::start("tinyproxy", command, &dir, listen), listen)
}

/// Squid, caching nothing, open to the loopback only, its pid file and
/// logs in its folder (which must be writable by the user it runs as:
/// `proxy`, when started by root).
fn squid(program: &Path) -> (Daemon, SocketAddr) {
    let listen = free_address();
    let dir = temp_dir(&format!("squid-{}", listen.port()));
    set_mode(&dir, 0o777);
    let path = |name: &str| dir.join(name).display().to_string();
    let config = format!(
        "http_port {listen}\n\
         http_access allow localhost\n\
         http_access deny all\n\
         cache deny all\n\
         pinger_enable off\n\
         pid_filename {}\n\
         access_log stdio:{}\n\
         cache_log {}\n\
         cache_store_log none\n\
         coredump_dir {}\n\
         shutdown_lifetime 0 seconds\n",
        path("squid.pid"),
        path("access.log"),
        path("cache.log"),
        dir.display()
    );
    std::fs::write(dir.join("squid.conf"), config).expect("write the configuration");
    let mut command = Command::new(program);
    command.arg("-N").arg("-f").arg(dir.join("squid.conf"));
    (Daemon::start("squid", command, &dir, listen), listen)
}

fn set_mode(dir: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

fn scenarios() -> usize {
    Suite::scenario_names().len()
}

/// A run against the stub process at `endpoint`, with `extra` arguments
/// and environment.
fn run(endpoint: &str, args: &[&str], env: &[(&str, String)]) -> Output {
    // binary() clears the machine's proxy variables; these are the test's.
    let mut command = binary();
    command.args(["--endpoint", endpoint, "-q"]).args(args);
    for (name, value) in env {
        command.env(name, value);
    }
    command.output().expect("the binary runs")
}

/// Every scenario passed (those the stub process cannot serve skipped).
fn passed(output: &Output) {
    let (out, err) = (stdout(output), stderr(output));
    assert_eq!(output.status.code(), Some(0), "{out}{err}");
    let closing = last_line(output);
    assert!(closing.contains(" passed, 0 failed"), "{out}{err}");
    assert!(!closing.contains("not run"), "{out}{err}");
}

/// `kms-conformance proxy --proxy URL`: the forward proxy under test, in
/// front of the stub the binary serves; the results file.
fn judged(proxy: SocketAddr, name: &str) -> (Output, serde_json::Value) {
    let reports = temp_dir(&format!("{name}-reports"));
    let output = binary()
        .args(["proxy", "--proxy", &format!("http://{proxy}")])
        .args(["--upstream", &free_address().to_string(), "-q"])
        .arg("--results")
        .arg(reports.join("results.json"))
        .output()
        .expect("the binary runs");
    let results = std::fs::read(reports.join("results.json"))
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default();
    (output, results)
}

/// The forward proxy passed as the proxy under test: every scenario, and
/// only notes, each adding headers that start as `added`.
fn passed_as_proxy_under_test(output: &Output, results: &serde_json::Value, added: &[&str]) {
    let (out, err) = (stdout(output), stderr(output));
    assert_eq!(output.status.code(), Some(0), "{out}{err}");
    assert!(
        out.contains("through the forward proxy http://127.0.0.1:"),
        "{out}"
    );
    // The proxy mode skips the ABAC scenarios (they make IAM roles, and it
    // judges KMS exchanges only).
    let iam = std::fs::read_to_string("features/abac.feature")
        .expect("the ABAC feature")
        .matches("Scenario:")
        .count();
    assert_eq!(
        last_line(output),
        // And the burst of throttling.feature, not applicable where nothing throttles.
        format!(
            "{} passed, 0 failed, {} skipped",
            scenarios() - iam - 1,
            iam + 1
        ),
        "{out}"
    );
    let findings = results["fidelity"]["findings"]
        .as_array()
        .expect("findings");
    assert!(!findings.is_empty(), "{}", results["fidelity"]);
    for finding in findings {
        assert_eq!(finding["check"], "headers", "{finding}");
        let what = finding["what"].as_str().unwrap_or_default();
        for part in what.split("; ") {
            assert!(
                added.iter().any(|a| part.starts_with(a)),
                "{part}, of {finding}"
            );
        }
    }
    let fidelity = out
        .lines()
        .find(|l| l.starts_with("fidelity: "))
        .unwrap_or_default();
    assert!(
        fidelity.ends_with("the proxy passes (notes fail the run with --fail-on-notes)"),
        "{fidelity}"
    );
}

#[test]
fn a_run_through_tinyproxy_which_closes_every_connection_passes() {
    let Some(found) = FORWARD_TINYPROXY.tools_or_skip() else {
        return;
    };
    let (tinyproxy, listen) = tinyproxy(found.path(&TINYPROXY));
    let stub = StubProcess::start(&[]);
    let proxy = format!("http://{listen}");

    let output = run(&stub.endpoint, &[], &[("HTTP_PROXY", proxy.clone())]);
    passed(&output);
    let err = stderr(&output);
    assert!(
        err.contains(&format!(
            "requests to {} go through the forward proxy {proxy}/ (HTTP_PROXY or ALL_PROXY",
            stub.endpoint
        )),
        "{err}"
    );
    let relayed = tinyproxy
        .output()
        .matches("Request (file descriptor")
        .count();
    assert!(
        relayed > scenarios(),
        "tinyproxy relayed {relayed} requests"
    );

    // NO_PROXY sends around it: tinyproxy relays nothing more.
    let output = run(
        &stub.endpoint,
        &["--name", "bare key ID"],
        &[("HTTP_PROXY", proxy), ("NO_PROXY", "127.0.0.1".to_owned())],
    );
    passed(&output);
    assert!(
        !stderr(&output).contains("forward proxy"),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        tinyproxy
            .output()
            .matches("Request (file descriptor")
            .count(),
        relayed
    );
}

#[test]
fn tinyproxy_under_test_adds_only_via_and_passes() {
    let Some(found) = FORWARD_TINYPROXY.tools_or_skip() else {
        return;
    };
    let (_tinyproxy, listen) = tinyproxy(found.path(&TINYPROXY));
    let (output, results) = judged(listen, "tinyproxy");
    passed_as_proxy_under_test(&output, &results, &["added via: 1.1 "]);
}

#[test]
fn a_run_through_squid_named_by_the_flag_passes() {
    let Some(found) = FORWARD_SQUID.tools_or_skip() else {
        return;
    };
    let (squid, listen) = squid(found.path(&SQUID));
    let stub = StubProcess::start(&[]);
    let output = run(
        &stub.endpoint,
        &["--proxy", &format!("http://{listen}")],
        &[],
    );
    passed(&output);
    assert!(
        stderr(&output).contains(&format!(
            "go through the forward proxy http://{listen}/ (--proxy"
        )),
        "{}",
        stderr(&output)
    );
    let log = std::fs::read_to_string(squid.dir.join("access.log")).unwrap_or_default();
    assert!(
        log.matches("TCP_MISS/200 ").count() > scenarios(),
        "squid relayed every request: {log}"
    );
}

#[test]
fn squid_under_test_adds_only_unsigned_headers_and_passes() {
    let Some(found) = FORWARD_SQUID.tools_or_skip() else {
        return;
    };
    let (_squid, listen) = squid(found.path(&SQUID));
    let (output, results) = judged(listen, "squid");
    passed_as_proxy_under_test(
        &output,
        &results,
        &[
            "added via: 1.1 ",
            "added x-forwarded-for: 127.0.0.1",
            "added cache-control: ",
        ],
    );
}
