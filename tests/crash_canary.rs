//! A target that dies in the middle of a run (the crash canary of the
//! ScyllaDB Alternator suite): the run must stop in bounded time, exit 2,
//! and close with the line that names the scenario it died in. In a
//! matrix, the other targets' columns and the dead one's are still written.
//!
//! A TCP proxy stands in front of an in-process stub. It forwards the first
//! requests faithfully and then plays dead: it resets every connection,
//! refuses new ones, or goes silent.

mod support;

use std::net::SocketAddr;
use std::process::Output;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use kms_conformance::Secrets;
use kms_conformance::{Stub, StubOptions};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

use support::{binary, stderr, stdout};

/// How the proxy plays dead once its budget is spent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Death {
    /// Every open connection is reset and every new one too: a process
    /// that crashed behind a load balancer that still accepts.
    Reset,
    /// Open connections are reset and the port is closed: a process that
    /// crashed.
    Refuse,
    /// Connections stay open and nothing answers: a process that froze.
    Freeze,
}

/// The first line of every request reqwest sends to `http://host:port/`.
/// JSON bodies cannot contain it: their strings escape CR and LF.
const REQUEST_LINE: &[u8] = b"POST / HTTP/1.1\r\n";

/// What the proxy's connections share.
#[derive(Debug)]
struct Shared {
    upstream: SocketAddr,
    /// Requests allowed through; the next one kills the target.
    budget: usize,
    /// Requests seen so far, the killing one included.
    seen: AtomicUsize,
    dead: watch::Sender<bool>,
    death: Death,
}

impl Shared {
    fn is_dead(&self) -> bool {
        *self.dead.borrow()
    }
}

/// A proxy to `upstream` that forwards `budget` requests and then dies as `death` says.
#[derive(Debug)]
struct CrashingProxy {
    endpoint: String,
    shared: Arc<Shared>,
}

impl CrashingProxy {
    async fn start(upstream: &str, budget: usize, death: Death) -> Self {
        let upstream: SocketAddr = upstream
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .parse()
            .expect("the stub listens on an IP address");
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let endpoint = format!("http://{}/", listener.local_addr().expect("addr"));
        let shared = Arc::new(Shared {
            upstream,
            budget,
            seen: AtomicUsize::new(0),
            dead: watch::channel(false).0,
            death,
        });
        tokio::spawn(accept(listener, Arc::clone(&shared)));
        Self { endpoint, shared }
    }

    /// Requests that reached the proxy, the killing one included.
    fn requests_seen(&self) -> usize {
        self.shared.seen.load(Ordering::SeqCst)
    }
}

async fn accept(listener: TcpListener, shared: Arc<Shared>) {
    let mut dead = shared.dead.subscribe();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((client, _)) = accepted else { continue };
                tokio::spawn(serve(client, Arc::clone(&shared)));
            }
            // Closing the listening socket makes new connections refused.
            _ = dead.wait_for(|dead| *dead), if shared.death == Death::Refuse => return,
        }
    }
}

/// Forwards one client connection until the target dies, then resets it
/// (or, frozen, holds it open and silent until the client leaves).
async fn serve(mut client: TcpStream, shared: Arc<Shared>) {
    let mut dead = shared.dead.subscribe();
    if !shared.is_dead()
        && let Ok(mut server) = TcpStream::connect(shared.upstream).await
    {
        let (mut from_client, mut to_client) = client.split();
        let (mut from_server, mut to_server) = server.split();
        let upstream = forward_requests(&mut from_client, &mut to_server, &shared);
        let downstream = tokio::io::copy(&mut from_server, &mut to_client);
        tokio::select! {
            _ = async { tokio::join!(upstream, downstream) } => return,
            _ = dead.wait_for(|dead| *dead) => {}
        }
    }
    match shared.death {
        Death::Reset | Death::Refuse => {
            // A zero linger turns the close into a reset.
            let _ = client.set_zero_linger();
        }
        Death::Freeze => {
            let mut sink = [0u8; 4096];
            while matches!(client.read(&mut sink).await, Ok(n) if n > 0) {}
        }
    }
}

/// Copies the client's bytes to the server, counting requests, and kills
/// the target when a request beyond the budget arrives (that one is not
/// forwarded).
async fn forward_requests(
    from_client: &mut (impl tokio::io::AsyncRead + Unpin),
    to_server: &mut (impl tokio::io::AsyncWrite + Unpin),
    shared: &Shared,
) {
    let mut buffer = vec![0u8; 16 * 1024];
    // The end of the previous read, so a request line split across two
    // reads is still seen.
    let mut carry: Vec<u8> = Vec::new();
    loop {
        let n = match from_client.read(&mut buffer).await {
            Ok(0) | Err(_) => {
                let _ = to_server.shutdown().await;
                return;
            }
            Ok(n) => n,
        };
        let mut window = std::mem::take(&mut carry);
        window.extend_from_slice(&buffer[..n]);
        let requests = window
            .windows(REQUEST_LINE.len())
            .filter(|w| *w == REQUEST_LINE)
            .count();
        carry = window[window.len().saturating_sub(REQUEST_LINE.len() - 1)..].to_vec();
        if requests > 0 {
            let seen = shared.seen.fetch_add(requests, Ordering::SeqCst) + requests;
            if seen > shared.budget {
                shared.dead.send_replace(true);
                return;
            }
        }
        if to_server.write_all(&buffer[..n]).await.is_err() {
            return;
        }
    }
}

/// Runs the whole suite against `endpoint` with a short timeout, off the
/// async runtime that serves the stub and the proxy.
async fn run_suite(endpoint: &str, extra: &[&str]) -> (Output, Duration) {
    let mut command = binary();
    command
        .args(["--endpoint", endpoint, "--timeout", "1", "--settle", "1"])
        .args(extra)
        .env("AWS_ACCESS_KEY_ID", ACCESS_KEY)
        .env("AWS_SECRET_ACCESS_KEY", SECRET);
    tokio::task::spawn_blocking(move || {
        let started = Instant::now();
        let output = command.output().expect("the binary runs");
        (output, started.elapsed())
    })
    .await
    .expect("the run finishes")
}

/// The credentials the runs sign with (AWS's documentation example).
const ACCESS_KEY: &str = "AKIDEXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

/// Requests allowed through: the pre-flight check and the first scenarios'.
const BUDGET: usize = 60;

/// Far more than the suite takes against a live stub, far less than one
/// timeout per remaining request.
const WALL_TIME_LIMIT: Duration = Duration::from_mins(1);

/// Runs the suite through a proxy that dies as `death` says; checks the
/// run stopped as it must and returns the named scenario and the cause.
async fn run_until_the_target_dies(death: Death, extra: &[&str]) -> (String, String, String) {
    // The stub verifies signatures: it knows the run's secret.
    let options = StubOptions {
        secrets: Secrets::default().with(ACCESS_KEY, SECRET),
        ..StubOptions::default()
    };
    let stub = Stub::start_with(options).await;
    let proxy = CrashingProxy::start(stub.uri(), BUDGET, death).await;
    let (output, elapsed) = run_suite(&proxy.endpoint, extra).await;
    let (out, err) = (stdout(&output), stderr(&output));
    assert_eq!(output.status.code(), Some(2), "{out}{err}");
    assert!(
        !out.contains("panicked") && !err.contains("panicked"),
        "{out}{err}"
    );
    assert!(elapsed < WALL_TIME_LIMIT, "took {elapsed:?}");
    assert!(
        proxy.requests_seen() > BUDGET,
        "the target never died: {out}"
    );

    let last = err.lines().last().unwrap_or_default();
    let rest = last
        .strip_prefix("kms-conformance: the target stopped answering during \"")
        .unwrap_or_else(|| panic!("unexpected last line {last:?}\n{err}"));
    let (scenario, cause) = rest
        .split_once("\": ")
        .unwrap_or_else(|| panic!("no cause in {last:?}"));
    assert!(
        out.lines().any(|l| l.contains(scenario)),
        "{scenario:?} is not a scenario of the run:\n{out}"
    );
    assert!(
        cause.contains(&proxy.endpoint),
        "{cause:?} does not name the endpoint"
    );
    eprintln!("{death:?}: {last} ({elapsed:.1?})");
    if std::env::var("SHOW").is_ok() {
        eprintln!("=== STDOUT\n{out}\n=== STDERR\n{err}");
    }
    (scenario.to_owned(), cause.to_owned(), out)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_target_that_resets_every_connection_mid_run() {
    let (_, cause, _) = run_until_the_target_dies(Death::Reset, &[]).await;
    assert!(
        cause.contains("reset") || cause.contains("closed"),
        "{cause}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_target_that_closes_its_port_mid_run() {
    // One scenario at a time: the killing request belongs to exactly one.
    let (scenario, cause, out) =
        run_until_the_target_dies(Death::Refuse, &["--concurrency", "1"]).await;
    assert!(
        cause.contains("reset") || cause.contains("refused"),
        "{cause}"
    );
    // The target died mid-run: scenarios before the named one passed.
    let first_pass = out.lines().position(|l| l.starts_with("PASS"));
    let named = out.lines().position(|l| l.contains(&scenario));
    assert!(first_pass.is_some() && first_pass < named, "{out}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_target_that_freezes_mid_run() {
    let (_, cause, _) = run_until_the_target_dies(Death::Freeze, &[]).await;
    assert!(cause.contains("within 1s"), "{cause}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_matrix_target_that_dies_mid_run_is_named_and_its_column_still_written() {
    let stub = Stub::start().await;
    let proxy = CrashingProxy::start(stub.uri(), BUDGET, Death::Refuse).await;
    let out = support::temp_dir("crash-matrix");
    let mut command = binary();
    command
        .args(["matrix", "--target", "ref=stub"])
        .args(["--target", &format!("dying={}", proxy.endpoint)])
        // One scenario at a time: some finish before the target dies.
        .args([
            "--timeout",
            "1",
            "--settle",
            "1",
            "--concurrency",
            "1",
            "--out",
        ])
        .arg(&out);
    let output = tokio::task::spawn_blocking(move || command.output().expect("the binary runs"))
        .await
        .expect("the run finishes");
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{}{err}", stdout(&output));
    assert!(
        err.lines().any(|l| l
            .starts_with("kms-conformance: target dying: the target stopped answering during \"")),
        "{err}"
    );
    let dying = std::fs::read_to_string(out.join("dying.results.json")).expect("written");
    assert!(
        dying.contains("\"incomplete\":\"the target stopped answering during"),
        "{dying}"
    );
    assert!(dying.contains("\"verdict\":\"pass\"") && dying.contains("\"verdict\":\"not-run\""));
    assert!(out.join("ref.results.json").is_file());
    let markdown = std::fs::read_to_string(out.join("matrix.md")).expect("written");
    assert!(markdown.contains("· not run"), "{markdown}");
}
