//! The resend on a real socket: a server that closes a kept-alive
//! connection under the next request, one that breaks a fresh connection,
//! and one that answers nothing.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};

use super::*;

const ANSWER: &[u8] = b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}";

/// Reads one request (head and a `content-length` body); false at EOF.
async fn read_request(stream: &mut TcpStream) -> bool {
    let mut seen = Vec::new();
    let mut byte = [0u8; 1];
    while !seen.ends_with(b"\r\n\r\n") {
        match stream.read(&mut byte).await {
            Ok(1) => seen.push(byte[0]),
            _ => return false,
        }
    }
    let head = String::from_utf8_lossy(&seen).to_ascii_lowercase();
    let length: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    let mut body = vec![0u8; length];
    stream.read_exact(&mut body).await.is_ok()
}

/// A server whose connections each answer `answered` requests, then read
/// one more and close without a word; how many requests it read.
async fn closes_after(answered: usize) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}/", listener.local_addr().expect("address"));
    let read = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&read);
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let counter = Arc::clone(&counter);
            tokio::spawn(async move {
                for _ in 0..answered {
                    if !read_request(&mut stream).await {
                        return;
                    }
                    counter.fetch_add(1, Ordering::SeqCst);
                    let _ = stream.write_all(ANSWER).await;
                }
                if read_request(&mut stream).await {
                    counter.fetch_add(1, Ordering::SeqCst);
                }
                // Dropped: closed under the request it just read.
            });
        }
    });
    (url, read)
}

fn transport(url: &str) -> Transport {
    let limits = Limits {
        timeout: Duration::from_secs(2),
        ..Limits::default()
    };
    let url = reqwest::Url::parse(url).expect("a URL");
    Transport::new(limits, &url, &ForwardProxy::default()).expect("a transport")
}

async fn post(transport: &Transport, url: &str) -> Result<Answered, WireError> {
    transport
        .post(url, &[("content-type".into(), "x".into())], b"{}")
        .await
}

#[tokio::test]
async fn a_reused_connection_closed_under_a_request_is_sent_again_on_a_new_one() {
    let (url, read) = closes_after(1).await;
    let transport = transport(&url);
    let first = post(&transport, &url).await.expect("answered");
    assert_eq!(first.resent, None);
    let second = post(&transport, &url).await.expect("answered once more");
    assert_eq!(second.response.status(), 200);
    let why = second.resent.expect("said it was resent");
    assert!(
        why.starts_with("sent again on a new connection: the reused one was dead"),
        "{why}"
    );
    assert!(
        why.contains("connection closed before message completed"),
        "{why}"
    );
    // The dead connection read the request before it closed: the resend
    // is the third request the server saw, and the exchange says so.
    assert_eq!(read.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn a_fresh_connection_that_breaks_is_not_sent_again() {
    let (url, read) = closes_after(0).await;
    let error = post(&transport(&url), &url).await.expect_err("broken");
    assert!(
        matches!(
            error,
            WireError::Broken {
                stage: Stage::Head,
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(read.load(Ordering::SeqCst), 1, "sent once");
}

#[tokio::test]
async fn a_reused_connection_that_answers_nothing_in_time_is_not_sent_again() {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}/", listener.local_addr().expect("address"));
    let read = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&read);
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let counter = Arc::clone(&counter);
            tokio::spawn(async move {
                while read_request(&mut stream).await {
                    if counter.fetch_add(1, Ordering::SeqCst) == 0 {
                        let _ = stream.write_all(ANSWER).await;
                    }
                }
            });
        }
    });
    let transport = transport(&url);
    post(&transport, &url).await.expect("answered");
    let error = post(&transport, &url).await.expect_err("no answer");
    assert!(error.is_timeout(), "{error:?}");
    assert_eq!(read.load(Ordering::SeqCst), 2, "sent once each");
}
