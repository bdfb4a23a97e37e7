//! Ctrl-C on a slow target leaves no key behind: a `CreateKey` on the wire
//! when the run is interrupted reaches the target later, so the run stops
//! creating keys, waits for the ones under way, and only then sweeps.
//!
//! A TCP proxy in front of an in-process stub holds every `CreateKey` back for
//! a while before passing it on, as a slow or far-away target does: the key
//! is made only then, after the moment of the interruption. A matrix, its
//! targets each on a thread of its own, sweeps every one of them.

mod support;

use std::io::{BufRead, BufReader, Read as _};
use std::net::SocketAddr;
use std::process::Stdio;
use std::time::Duration;

use kms_conformance::Stub;
use kms_conformance::client::Operation;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};

/// How long the proxy holds a `CreateKey` back.
const HOLD: Duration = Duration::from_secs(2);

/// A proxy to `upstream` that holds back every chunk carrying a `CreateKey`.
async fn slow_create_proxy(upstream: SocketAddr) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("address");
    tokio::spawn(async move {
        while let Ok((client, _)) = listener.accept().await {
            tokio::spawn(relay(client, upstream));
        }
    });
    address
}

async fn relay(client: TcpStream, upstream: SocketAddr) {
    let Ok(server) = TcpStream::connect(upstream).await else {
        return;
    };
    let (mut from_client, mut to_client) = client.into_split();
    let (mut from_server, mut to_server) = server.into_split();
    tokio::spawn(async move { tokio::io::copy(&mut from_server, &mut to_client).await });
    let mut buffer = vec![0u8; 16 * 1024];
    loop {
        let n = match from_client.read(&mut buffer).await {
            Ok(0) | Err(_) => return,
            Ok(n) => n,
        };
        let chunk = &buffer[..n];
        let create_key = Operation::CreateKey.target().as_bytes();
        if chunk.windows(create_key.len()).any(|w| w == create_key) {
            tokio::time::sleep(HOLD).await;
        }
        if to_server.write_all(chunk).await.is_err() {
            return;
        }
    }
}

#[test]
fn an_interrupted_run_waits_for_its_key_creations_before_it_sweeps() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let stub = runtime.block_on(Stub::start());
    let upstream: SocketAddr = stub
        .uri()
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .parse()
        .expect("the stub's address");
    let proxy = runtime.block_on(slow_create_proxy(upstream));
    let runs = support::temp_dir("interrupt-runs");
    let mut child = support::binary()
        .args([
            "--endpoint",
            &format!("http://{proxy}"),
            "--tags",
            "@removal",
        ])
        .args(["--concurrency", "4", "--timeout", "10", "-q"])
        .arg("--run-dir")
        .arg(&runs)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the run starts");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut line = String::new();
    while !line.contains(", run ") {
        line.clear();
        assert!(
            stdout.read_line(&mut line).expect("reads") > 0,
            "the run never started"
        );
    }
    // The first CreateKeys are held back in the proxy now.
    std::thread::sleep(Duration::from_millis(700));
    let interrupted = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(interrupted.success());
    let status = child.wait().expect("the run ends");
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut stderr)
        .expect("stderr");
    assert_eq!(status.code(), Some(130), "{stderr}");
    assert!(
        stderr.contains("key creations under way"),
        "the run waited for them: {stderr}"
    );
    // Anything still held back would have reached the stub by now.
    std::thread::sleep(HOLD + Duration::from_millis(500));
    let keys = runtime.block_on(support::keys_on(stub.uri()));
    assert!(!keys.is_empty(), "the held-back CreateKeys made keys");
    let left: Vec<_> = keys
        .iter()
        .filter(|(state, description)| {
            description.starts_with("kms-conformance run ") && state != "PendingDeletion"
        })
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}\n{stderr}");
}

#[test]
fn an_interrupted_matrix_sweeps_every_target_and_exits_130() {
    // Reads lag behind writes: each scenario waits, so the runs are still
    // going when they are interrupted.
    let targets = [
        support::StubProcess::start(&["--read-lag-ms", "300"]),
        support::StubProcess::start(&["--read-lag-ms", "300"]),
    ];
    let dir = support::temp_dir("interrupt-matrix");
    let mut child = support::binary()
        .args(["matrix", "--target", "ref=stub"])
        .args(["--target", &format!("one={}", targets[0].endpoint)])
        .args(["--target", &format!("two={}", targets[1].endpoint)])
        .arg("--out")
        .arg(dir.join("out"))
        .arg("--run-dir")
        .arg(dir.join("runs"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the matrix starts");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut line = String::new();
    // The targets' lines come once all have connected, in their order.
    while !line.starts_with("kms-conformance matrix: two = ") {
        line.clear();
        assert!(
            stdout.read_line(&mut line).expect("reads") > 0,
            "the matrix never started"
        );
    }
    std::thread::sleep(Duration::from_millis(700));
    let interrupted = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(interrupted.success());
    let status = child.wait().expect("the matrix ends");
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut stderr)
        .expect("stderr");
    assert_eq!(status.code(), Some(130), "{stderr}");
    assert_eq!(
        stderr.matches("interrupted; scheduling").count(),
        1,
        "said once for every target: {stderr}"
    );
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    // The targets' reads lag their writes by 300 ms: the sweep's last
    // deletions show only once that has passed.
    std::thread::sleep(Duration::from_millis(600));
    for target in &targets {
        let keys = runtime.block_on(support::keys_on(&target.endpoint));
        assert!(!keys.is_empty(), "the run made keys on {}", target.endpoint);
        let left: Vec<_> = keys
            .iter()
            .filter(|(state, description)| {
                description.starts_with("kms-conformance run ") && state != "PendingDeletion"
            })
            .collect();
        assert!(left.is_empty(), "left behind: {left:?}\n{stderr}");
    }
    assert!(
        !dir.join("out").join("matrix.md").exists(),
        "an interrupted matrix writes no matrix"
    );
}
