//! A second real reverse proxy passes: Debian's HAProxy, configured by the
//! file the project ships (`proxy/haproxy.cfg`), started here on free
//! loopback ports, with the suite on both sides of it. Every scenario
//! passes through it and the proxy mode finds nothing, a note included.
//!
//! HAProxy is Debian's `haproxy` (`.ci/run` installs it). Without it this
//! test checks nothing and says so; under `KMS_CONFORMANCE_REQUIRE=haproxy`
//! (or `all`) it fails instead (`tests/support/tools.rs`).

mod support;

use std::path::Path;
use std::process::Command;

use kms_conformance::Suite;
use support::daemons::{Daemon, free_address};
use support::tools::{HAPROXY, PROXY_HAPROXY};
use support::{binary, stderr, stdout, temp_dir};

/// The addresses `proxy/haproxy.cfg` is written with.
const LISTEN: &str = "127.0.0.1:8080";
const UPSTREAM: &str = "127.0.0.1:4599";

#[test]
fn every_scenario_passes_through_haproxy_and_nothing_is_found() {
    let Some(found) = PROXY_HAPROXY.tools_or_skip() else {
        return;
    };
    let (listen, upstream) = (free_address(), free_address());
    let shipped =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("proxy/haproxy.cfg"))
            .expect("proxy/haproxy.cfg");
    for address in [LISTEN, UPSTREAM] {
        assert_eq!(
            shipped.matches(address).count(),
            1,
            "{address} in proxy/haproxy.cfg"
        );
    }
    let dir = temp_dir(&format!("haproxy-{}", listen.port()));
    let config = shipped
        .replace(LISTEN, &listen.to_string())
        .replace(UPSTREAM, &upstream.to_string());
    std::fs::write(dir.join("haproxy.cfg"), config).expect("write the configuration");
    let mut command = Command::new(found.path(&HAPROXY));
    command.arg("-db").arg("-f").arg(dir.join("haproxy.cfg"));
    let haproxy = Daemon::start("haproxy", command, &dir, listen);

    let output = binary()
        .args(["proxy", "--endpoint", &format!("http://{listen}/")])
        .args(["--upstream", &upstream.to_string(), "--fail-on-notes", "-q"])
        .arg("--results")
        .arg(dir.join("results.json"))
        .output()
        .expect("the binary runs");
    let log = haproxy.output();
    drop(haproxy);
    let (out, err) = (stdout(&output), stderr(&output));
    assert_eq!(output.status.code(), Some(0), "{out}{err}{log}");
    assert!(err.is_empty(), "nothing on standard error: {err}");
    assert!(log.is_empty(), "HAProxy warned: {log}");

    let scenarios = Suite::scenario_names().len();
    let lines: Vec<&str> = out.lines().collect();
    // The proxy mode skips the ABAC scenarios (they make IAM roles, and it
    // judges KMS exchanges only).
    let iam = std::fs::read_to_string("features/abac.feature")
        .expect("the ABAC feature")
        .matches("Scenario:")
        .count();
    assert_eq!(
        lines.last().copied(),
        // And the burst of throttling.feature, not applicable where nothing throttles.
        Some(
            format!(
                "{} passed, 0 failed, {} skipped",
                scenarios - iam - 1,
                iam + 1
            )
            .as_str()
        ),
        "{out}"
    );
    assert!(
        lines[lines.len() - 2].starts_with("fidelity: no findings in "),
        "{out}"
    );
    let results: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("results.json")).expect("results"))
            .expect("JSON");
    assert_eq!(results["fidelity"]["findings"], serde_json::json!([]));
    let exchanges = results["fidelity"]["exchanges"]
        .as_u64()
        .unwrap_or_default();
    assert!(exchanges > scenarios as u64, "{}", results["fidelity"]);
    assert_eq!(
        results["fidelity"]["upstream_requests"].as_u64(),
        Some(exchanges),
        "one request reached the stub per request sent: HAProxy repeated none"
    );
}
