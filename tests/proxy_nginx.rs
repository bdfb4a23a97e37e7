//! A real reverse proxy passes: Debian's nginx, configured by the file the
//! project ships (`proxy/nginx.conf`), started here on free loopback ports
//! from a temporary prefix, with the suite on both sides of it. Every
//! scenario passes through it and the proxy mode finds nothing, in every
//! report.
//!
//! nginx is Debian's `nginx-light` (`.ci/run` installs it). Without it this
//! test checks nothing and says so, and `cargo test` names it at its end;
//! under `KMS_CONFORMANCE_REQUIRE=nginx` (or `all`) it fails instead
//! (`tests/support/tools.rs`).

mod support;

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use kms_conformance::Suite;
use support::tools::{NGINX, PROXY_NGINX};
use support::{binary, stderr, stdout, temp_dir};

/// The addresses `proxy/nginx.conf` is written with.
const LISTEN: &str = "127.0.0.1:8080";
const UPSTREAM: &str = "127.0.0.1:4599";

fn free_port() -> SocketAddr {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
}

/// nginx from a prefix of its own, stopped (SIGTERM: the master stops its
/// workers) when dropped.
struct Nginx {
    child: Child,
    prefix: PathBuf,
}

impl Nginx {
    /// The shipped configuration with `listen` and `upstream` in place of
    /// its two addresses, each of which it must hold exactly once.
    fn start(binary: &Path, listen: SocketAddr, upstream: SocketAddr) -> Self {
        let shipped =
            std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("proxy/nginx.conf"))
                .expect("proxy/nginx.conf");
        for address in [LISTEN, UPSTREAM] {
            assert_eq!(
                shipped.matches(address).count(),
                1,
                "{address} in proxy/nginx.conf"
            );
        }
        let config = shipped
            .replace(LISTEN, &listen.to_string())
            .replace(UPSTREAM, &upstream.to_string());
        let prefix = temp_dir("nginx");
        std::fs::write(prefix.join("nginx.conf"), config).expect("write the configuration");
        let child = Command::new(binary)
            .arg("-p")
            .arg(&prefix)
            .arg("-c")
            .arg(prefix.join("nginx.conf"))
            .arg("-e")
            .arg(prefix.join("error.log"))
            .stdin(Stdio::null())
            .spawn()
            .expect("nginx starts");
        let mut nginx = Self { child, prefix };
        nginx.wait_for(listen);
        nginx
    }

    fn wait_for(&mut self, listen: SocketAddr) {
        let started = Instant::now();
        while TcpStream::connect_timeout(&listen, Duration::from_millis(100)).is_err() {
            let log = std::fs::read_to_string(self.prefix.join("error.log")).unwrap_or_default();
            assert!(
                self.child.try_wait().expect("nginx's status").is_none(),
                "nginx exited: {log}"
            );
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "nginx does not listen: {log}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
    }
}

#[test]
fn every_scenario_passes_through_nginx_and_nothing_is_found() {
    let Some(found) = PROXY_NGINX.tools_or_skip() else {
        return;
    };
    let (listen, upstream) = (free_port(), free_port());
    let nginx = Nginx::start(found.path(&NGINX), listen, upstream);
    let reports = temp_dir("nginx-reports");
    let output = binary()
        .args(["proxy", "--endpoint", &format!("http://{listen}/")])
        .args(["--upstream", &upstream.to_string(), "--fail-on-notes", "-q"])
        .arg("--junit")
        .arg(reports.join("junit.xml"))
        .arg("--results")
        .arg(reports.join("results.json"))
        .output()
        .expect("the binary runs");
    drop(nginx);
    let (out, err) = (stdout(&output), stderr(&output));
    assert_eq!(output.status.code(), Some(0), "{out}{err}");
    assert!(err.is_empty(), "nothing on standard error: {err}");

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
    let fidelity = lines[lines.len() - 2];
    assert!(fidelity.starts_with("fidelity: no findings in "), "{out}");

    let junit = std::fs::read_to_string(reports.join("junit.xml")).expect("JUnit");
    assert!(
        junit.contains(&format!("failures=\"0\" errors=\"0\" skipped=\"{iam}\"")),
        "{junit}"
    );
    assert!(!junit.contains("fidelity."), "{junit}");
    let results: serde_json::Value =
        serde_json::from_slice(&std::fs::read(reports.join("results.json")).expect("results"))
            .expect("JSON");
    assert_eq!(results["fidelity"]["findings"], serde_json::json!([]));
    let exchanges = results["fidelity"]["exchanges"]
        .as_u64()
        .unwrap_or_default();
    assert!(exchanges > scenarios as u64, "{}", results["fidelity"]);
    assert_eq!(
        results["fidelity"]["upstream_requests"].as_u64(),
        Some(exchanges)
    );
}
