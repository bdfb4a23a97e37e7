//! The cost of being a dependency: what Cargo.lock pulls in, how big the
//! release binary is, how soon it sends its first request, and what
//! `benches/build-cost.sh` found a cold release build takes.

use std::io::{Read as _, Write as _};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::Value;

use super::samples::Samples;

/// Packages in the lock file (every feature's, every platform's).
pub(crate) fn lock_packages(lock: &Path) -> Result<usize, String> {
    let text = std::fs::read_to_string(lock)
        .map_err(|e| format!("cannot read {}: {e}", lock.display()))?;
    Ok(text.lines().filter(|l| *l == "[[package]]").count())
}

pub(crate) fn binary_bytes(binary: &Path) -> Result<u64, String> {
    std::fs::metadata(binary)
        .map(|m| m.len())
        .map_err(|e| format!("cannot read {}: {e}", binary.display()))
}

/// From spawning `binary --endpoint http://127.0.0.1:PORT` to the first
/// byte of its first request (the pre-flight `DescribeKey`) reaching a
/// listener on PORT, `runs` times. The listener answers HTML, which the
/// binary takes for "not KMS" and exits 2 at once.
pub(crate) fn start_to_first_request(binary: &Path, runs: usize) -> Result<Samples, String> {
    let mut samples = Samples::default();
    for _ in 0..runs {
        samples.push(once(binary)?);
    }
    Ok(samples)
}

fn once(binary: &Path) -> Result<Duration, String> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("bind: {e}"))?;
    let endpoint = format!(
        "http://{}",
        listener.local_addr().map_err(|e| format!("addr: {e}"))?
    );
    let (first_byte, arrived) = mpsc::channel();
    let server = std::thread::spawn(move || {
        let Ok((mut stream, _)) = listener.accept() else {
            return;
        };
        let mut buffer = [0u8; 4096];
        if stream.read(&mut buffer).is_ok_and(|n| n > 0) {
            let _ = first_byte.send(Instant::now());
        }
        let body = "<html>not KMS</html>";
        let _ = write!(
            stream,
            "HTTP/1.1 502 Bad Gateway\r\ncontent-type: text/html\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        );
    });
    let started = Instant::now();
    let mut child = Command::new(binary)
        .args(["--endpoint", &endpoint, "-q"])
        .env_remove("AWS_ENDPOINT_URL")
        .env_remove("AWS_ENDPOINT_URL_KMS")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", binary.display()))?;
    let arrived = arrived.recv_timeout(Duration::from_secs(30));
    // It exits by itself on the HTML answer; a binary that sent nothing is ours to stop.
    if arrived.is_err() {
        let _ = child.kill();
    }
    let _ = child.wait();
    let _ = server.join();
    arrived
        .map(|at| at - started)
        .map_err(|_| format!("{} sent no request within 30 s", binary.display()))
}

/// What `benches/build-cost.sh` last wrote, if it ran.
pub(crate) fn cold_build(results: &Path) -> Option<Value> {
    let text = std::fs::read_to_string(results).ok()?;
    serde_json::from_str(&text).ok()
}
