//! moto, started by the benchmark and always stopped by it.
//!
//! `moto_server` is a Python (werkzeug) server; when it is not on PATH the
//! moto measurements are skipped with a note, not failed.

use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// moto's routing reads the service from the credential scope: every
/// request, its own API's included, must name `kms`.
const ROUTING_AUTHORIZATION: &str = "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/kms/aws4_request, SignedHeaders=host, Signature=0";

/// A running `moto_server`, stopped (by its PID) when dropped.
#[derive(Debug)]
pub(crate) struct Moto {
    child: Child,
    pub endpoint: String,
}

/// `moto_server` on PATH, if any.
pub(crate) fn find() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join("moto_server"))
        .find(|candidate| candidate.is_file())
}

impl Moto {
    /// Starts `program` on a free loopback port and waits until it answers.
    ///
    /// # Errors
    /// When it does not start or does not answer within 60 s.
    pub(crate) async fn start(program: &PathBuf) -> Result<Self, String> {
        let port = free_port()?;
        let child = Command::new(program)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", program.display()))?;
        let moto = Self {
            child,
            endpoint: format!("http://127.0.0.1:{port}/"),
        };
        let deadline = Instant::now() + Duration::from_mins(1);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if Instant::now() > deadline {
                return Err(format!(
                    "moto_server did not listen on port {port} within 60 s"
                ));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        moto.reset().await?;
        Ok(moto)
    }

    /// Forgets every key: each measurement starts from an empty moto.
    ///
    /// # Errors
    /// When moto does not accept the reset.
    pub(crate) async fn reset(&self) -> Result<(), String> {
        let url = reqwest::Url::parse(&self.endpoint).map_err(|e| e.to_string())?;
        let http = kms_conformance::bench_internals::wire::http_client(
            kms_conformance::bench_internals::wire::Limits::default(),
            &url,
        )
        .map_err(|e| e.to_string())?;
        let response = http
            .post(format!("{}moto-api/reset", self.endpoint))
            .header("authorization", ROUTING_AUTHORIZATION)
            .send()
            .await
            .map_err(|e| format!("cannot reset moto: {e}"))?;
        if response.status().is_success() {
            Ok(())
        } else {
            Err(format!("moto refused the reset: {}", response.status()))
        }
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        // Our own child, by its PID; then reap it.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> Result<u16, String> {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| format!("no free port: {e}"))
}
