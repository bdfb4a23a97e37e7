//! Targets that misbehave below KMS: each one must end the run quickly with
//! one line on standard error naming the endpoint and what went wrong, exit
//! code 2, and no panic.
//!
//! Each misbehaving server is a plain `std::net::TcpListener` on 127.0.0.1
//! speaking hand-written HTTP/1.1, so what goes on the wire is exactly what
//! the test says.

mod support;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::Output;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use support::{binary, stderr, stdout};

/// The per-exchange timeout the runs get, so a silent target costs one second.
const TIMEOUT_SECONDS: &str = "1";

/// Far more than a run against a broken target may take (a timeout plus
/// start-up on a loaded machine), far less than a hang.
const WALL_TIME_LIMIT: Duration = Duration::from_secs(15);

/// How long a server waits for a client that does not go away: a bound so
/// that a server thread cannot outlive its test by much.
const SERVER_PATIENCE: Duration = Duration::from_secs(20);

/// What a misbehaving server does with one connection. The [`Hangup`] says
/// when the test is over, so slow behaviours stop waiting.
type Behaviour = fn(TcpStream, &Hangup);

/// The test's signal that the server is being stopped.
#[derive(Debug)]
struct Hangup(mpsc::Receiver<()>);

impl Hangup {
    /// Waits `pause`; `false` when the server is being stopped meanwhile.
    fn pause(&self, pause: Duration) -> bool {
        matches!(self.0.recv_timeout(pause), Err(RecvTimeoutError::Timeout))
    }
}

/// A server on a free loopback port that treats every connection with one
/// [`Behaviour`], one connection at a time, until dropped.
#[derive(Debug)]
struct HostileServer {
    address: SocketAddr,
    hangup: Option<mpsc::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl HostileServer {
    fn start(behaviour: Behaviour) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a free port");
        let address = listener.local_addr().expect("the bound address");
        let (hangup, hung_up) = mpsc::channel();
        let thread = std::thread::spawn(move || {
            let hung_up = Hangup(hung_up);
            for stream in listener.incoming() {
                // The wake-up connection of `drop` finds the channel closed.
                if !hung_up.pause(Duration::ZERO) {
                    return;
                }
                let Ok(stream) = stream else { continue };
                let _ = stream.set_read_timeout(Some(SERVER_PATIENCE));
                let _ = stream.set_write_timeout(Some(SERVER_PATIENCE));
                behaviour(stream, &hung_up);
            }
        });
        Self {
            address,
            hangup: Some(hangup),
            thread: Some(thread),
        }
    }

    /// `http://127.0.0.1:PORT` (or another scheme, to speak TLS to it).
    fn endpoint(&self, scheme: &str) -> String {
        format!("{scheme}://{}", self.address)
    }
}

impl Drop for HostileServer {
    /// Closes the hangup channel, wakes the accept loop with one last
    /// connection, and waits for the thread: no server outlives its test.
    fn drop(&mut self) {
        drop(self.hangup.take());
        let _ = TcpStream::connect_timeout(&self.address, Duration::from_secs(1));
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Reads the request head (up to the blank line) and whatever body came
/// with it in the same reads.
fn read_request(stream: &mut TcpStream) {
    let mut seen = Vec::new();
    let mut buffer = [0u8; 4096];
    while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buffer) {
            Ok(0) | Err(_) => return,
            Ok(n) => seen.extend_from_slice(&buffer[..n]),
        }
    }
}

/// A complete response with `content_type` and `body`.
fn respond(stream: &mut TcpStream, status: &str, content_type: &str, body: &[u8]) {
    let head = format!(
        "HTTP/1.1 {status}\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\n\
         connection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(body);
}

/// Waits until the client closes the connection (or the test ends).
fn wait_for_the_client_to_leave(stream: &mut TcpStream, hangup: &Hangup) {
    let _ = stream.set_read_timeout(Some(Duration::from_millis(100)));
    let mut buffer = [0u8; 4096];
    loop {
        match stream.read(&mut buffer) {
            Ok(0) => return,
            Ok(_) => {}
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                if !hangup.pause(Duration::ZERO) {
                    return;
                }
            }
            Err(_) => return,
        }
    }
}

/// Runs the suite against `endpoint` with a short timeout and real-looking
/// credentials (so the only line on standard error is the failure).
fn run_against(endpoint: &str) -> (Output, Duration) {
    let started = Instant::now();
    let output = binary()
        .args(["--endpoint", endpoint, "--timeout", TIMEOUT_SECONDS])
        .env("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
        .env(
            "AWS_SECRET_ACCESS_KEY",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        )
        .output()
        .expect("the binary runs");
    (output, started.elapsed())
}

/// Checks the run ended as an unusable target must end it, and returns the
/// one line it printed on standard error.
fn the_one_line(output: &Output, elapsed: Duration) -> String {
    let (out, err) = (stdout(output), stderr(output));
    assert_eq!(output.status.code(), Some(2), "{out}{err}");
    assert!(
        !out.contains("panicked") && !err.contains("panicked"),
        "{out}{err}"
    );
    assert!(elapsed < WALL_TIME_LIMIT, "took {elapsed:?}: {err}");
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 1, "one line on standard error: {err}");
    assert!(lines[0].starts_with("kms-conformance: "), "{err}");
    eprintln!("{} ({elapsed:.1?})", lines[0]);
    lines[0].to_owned()
}

fn assert_names(line: &str, endpoint: &str, cause: &str) {
    assert!(line.contains(endpoint), "{line:?} does not name {endpoint}");
    assert!(
        line.to_lowercase().contains(&cause.to_lowercase()),
        "{line:?} does not say {cause:?}"
    );
}

#[test]
fn a_refused_connection() {
    // Bind then drop: the port is free and nothing listens on it.
    let port = TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port();
    let endpoint = format!("http://127.0.0.1:{port}/");
    let (output, elapsed) = run_against(&endpoint);
    let line = the_one_line(&output, elapsed);
    assert_names(
        &line,
        &format!("cannot reach {endpoint}: "),
        "connection refused",
    );
}

#[test]
fn a_host_name_that_does_not_resolve() {
    let endpoint = "http://kms.nowhere.invalid/";
    let (output, elapsed) = run_against(endpoint);
    let line = the_one_line(&output, elapsed);
    assert_names(
        &line,
        &format!("cannot reach {endpoint}: "),
        "does not resolve",
    );
}

#[test]
fn a_server_that_never_answers() {
    let server = HostileServer::start(|mut stream, hangup| {
        read_request(&mut stream);
        wait_for_the_client_to_leave(&mut stream, hangup);
    });
    let endpoint = format!("{}/", server.endpoint("http"));
    let (output, elapsed) = run_against(&endpoint);
    let line = the_one_line(&output, elapsed);
    assert_names(&line, &endpoint, "did not answer within 1s");
    assert!(line.contains("--timeout"), "{line}");
    assert!(elapsed >= Duration::from_secs(1), "{elapsed:?}");
}

#[test]
fn a_server_that_drips_one_byte_a_second() {
    let server = HostileServer::start(|mut stream, hangup| {
        read_request(&mut stream);
        let body = br#"{"__type":"NotFoundException","message":"slow"}"#;
        let response = [
            format!(
                "HTTP/1.1 400 Bad Request\r\ncontent-type: application/x-amz-json-1.1\r\n\
                 content-length: {}\r\n\r\n",
                body.len()
            )
            .into_bytes(),
            body.to_vec(),
        ]
        .concat();
        for byte in response {
            if stream.write_all(&[byte]).is_err() || !hangup.pause(Duration::from_secs(1)) {
                return;
            }
        }
    });
    let endpoint = format!("{}/", server.endpoint("http"));
    let (output, elapsed) = run_against(&endpoint);
    let line = the_one_line(&output, elapsed);
    assert_names(&line, &endpoint, "did not answer within 1s");
}

#[test]
fn a_server_that_stalls_after_the_response_head() {
    let server = HostileServer::start(|mut stream, hangup| {
        read_request(&mut stream);
        let _ = stream.write_all(
            b"HTTP/1.1 400 Bad Request\r\ncontent-type: application/x-amz-json-1.1\r\n\
              content-length: 100\r\n\r\n{",
        );
        wait_for_the_client_to_leave(&mut stream, hangup);
    });
    let endpoint = format!("{}/", server.endpoint("http"));
    let (output, elapsed) = run_against(&endpoint);
    let line = the_one_line(&output, elapsed);
    assert_names(
        &line,
        &endpoint,
        "started answering but did not finish within 1s",
    );
}

#[test]
fn a_proxy_error_page() {
    let server = HostileServer::start(|mut stream, _| {
        read_request(&mut stream);
        respond(
            &mut stream,
            "502 Bad Gateway",
            "text/html",
            b"<html><body><h1>502 Bad Gateway</h1></body></html>",
        );
    });
    let endpoint = format!("{}/", server.endpoint("http"));
    let (output, elapsed) = run_against(&endpoint);
    let line = the_one_line(&output, elapsed);
    assert_names(&line, &endpoint, "does not answer like KMS");
    assert!(line.contains("HTTP 502"), "{line}");
    assert!(line.contains("text/html"), "{line}");
    assert!(line.contains("<h1>502 Bad Gateway</h1>"), "{line}");
}

#[test]
fn a_redirect_is_an_answer_not_an_instruction() {
    // KMS never redirects; a client that follows one would judge whatever
    // answers at the new address (here, the same server, until it gives up).
    let server = HostileServer::start(|mut stream, _| {
        read_request(&mut stream);
        let _ = stream.write_all(
            b"HTTP/1.1 307 Temporary Redirect\r\nlocation: /elsewhere\r\n\
              content-length: 0\r\nconnection: close\r\n\r\n",
        );
    });
    let endpoint = format!("{}/", server.endpoint("http"));
    let (output, elapsed) = run_against(&endpoint);
    let line = the_one_line(&output, elapsed);
    assert_names(&line, &endpoint, "does not answer like KMS");
    assert!(line.contains("HTTP 307"), "{line}");
}

#[test]
fn invalid_json_with_status_200() {
    let server = HostileServer::start(|mut stream, _| {
        read_request(&mut stream);
        respond(
            &mut stream,
            "200 OK",
            "application/x-amz-json-1.1",
            br#"{"KeyMetadata": {"KeyId": "#,
        );
    });
    let endpoint = format!("{}/", server.endpoint("http"));
    let (output, elapsed) = run_against(&endpoint);
    let line = the_one_line(&output, elapsed);
    assert_names(&line, &endpoint, "does not answer like KMS");
    assert!(line.contains("a body that is not JSON"), "{line}");
    assert!(line.contains("HTTP 200"), "{line}");
    assert!(line.contains(r#"{"KeyMetadata": {"KeyId":"#), "{line}");
}

#[test]
fn a_ten_megabyte_body() {
    let server = HostileServer::start(|mut stream, _| {
        read_request(&mut stream);
        let size = 10 * 1024 * 1024;
        let head = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/x-amz-json-1.1\r\n\
             content-length: {size}\r\n\r\n"
        );
        if stream.write_all(head.as_bytes()).is_err() {
            return;
        }
        let chunk = vec![b' '; 64 * 1024];
        for _ in 0..size / chunk.len() {
            // The client hangs up once it has seen enough.
            if stream.write_all(&chunk).is_err() {
                return;
            }
        }
    });
    let endpoint = format!("{}/", server.endpoint("http"));
    let (output, elapsed) = run_against(&endpoint);
    let line = the_one_line(&output, elapsed);
    assert_names(&line, &endpoint, "response body over 1048576 bytes");
}

#[test]
fn a_connection_reset_mid_response() {
    let server = HostileServer::start(|stream, _| {
        // Closing a socket whose received data was never read makes the
        // kernel answer with a reset instead of an orderly close.
        let mut peeked = [0u8; 1];
        let _ = stream.peek(&mut peeked);
        std::thread::sleep(Duration::from_millis(100));
        let mut stream = stream;
        let _ = stream.write_all(
            b"HTTP/1.1 400 Bad Request\r\ncontent-type: application/x-amz-json-1.1\r\n\
              content-length: 500\r\n\r\n{\"__type\":\"NotFoundEx",
        );
        std::thread::sleep(Duration::from_millis(100));
        drop(stream);
    });
    let endpoint = format!("{}/", server.endpoint("http"));
    let (output, elapsed) = run_against(&endpoint);
    let line = the_one_line(&output, elapsed);
    assert_names(
        &line,
        &format!("the connection to {endpoint} broke"),
        "reset",
    );
}

#[test]
fn tls_spoken_to_a_plain_http_port() {
    let server = HostileServer::start(|mut stream, _| {
        // What a plain HTTP server makes of a TLS ClientHello.
        let mut hello = [0u8; 4096];
        let _ = stream.read(&mut hello);
        respond(&mut stream, "400 Bad Request", "text/plain", b"Bad Request");
    });
    let endpoint = format!("{}/", server.endpoint("https"));
    let (output, elapsed) = run_against(&endpoint);
    let line = the_one_line(&output, elapsed);
    assert_names(
        &line,
        &format!("cannot reach {endpoint}: "),
        "TLS handshake failed",
    );
    assert!(line.contains("is it plain HTTP?"), "{line}");
}
