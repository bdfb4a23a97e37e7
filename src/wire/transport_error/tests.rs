use std::io::{Read as _, Write as _};
use std::net::TcpListener;

use super::*;

const SHORT: Duration = Duration::from_secs(2);

/// The classification of one real failed request to `url`.
fn classify(url: &str) -> WireError {
    super::super::http_client::install_crypto_provider();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let client = reqwest::Client::builder()
            .timeout(SHORT)
            .build()
            .expect("client");
        let error = client
            .post(url)
            .send()
            .await
            .expect_err("the request fails");
        WireError::from_reqwest(url, &error, Stage::Head, SHORT, SHORT)
    })
}

/// A port with nothing listening on it.
fn closed_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

#[test]
fn a_closed_port_is_unreachable() {
    let error = classify(&format!("http://127.0.0.1:{}/", closed_port()));
    assert!(
        matches!(&error, WireError::Unreachable { cause, .. } if cause.contains("refused")),
        "{error:?}"
    );
}

#[test]
fn a_name_that_does_not_resolve_is_an_unknown_host() {
    let error = classify("http://kms.nowhere.invalid/");
    assert!(matches!(error, WireError::UnknownHost { .. }), "{error:?}");
}

#[cfg(feature = "tls")]
#[test]
fn tls_to_a_plain_http_port_is_a_tls_failure_that_says_so() {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("https://{}/", listener.local_addr().expect("addr"));
    let server = std::thread::spawn(move || {
        if let Ok((mut stream, _)) = listener.accept() {
            let mut hello = [0u8; 4096];
            let _ = stream.read(&mut hello);
            let _ = stream.write_all(
                b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
            );
        }
    });
    let error = classify(&url);
    server.join().expect("server");
    assert!(
        matches!(&error, WireError::Tls { cause, .. } if cause.contains("plain HTTP")),
        "{error:?}"
    );
}

#[test]
fn a_timeout_reads_as_a_timeout() {
    let error = WireError::Timeout {
        endpoint: "http://127.0.0.1:1/".into(),
        after: Duration::from_millis(1500),
        stage: Stage::Head,
    };
    assert!(error.is_timeout() && error.is_transport());
    assert_eq!(
        error.to_string(),
        "http://127.0.0.1:1/ did not answer within 1.5s"
    );
}

#[test]
fn a_request_that_cannot_be_built_does_not_blame_the_target() {
    let error = WireError::Request {
        cause: "invalid header value".into(),
    };
    assert!(!error.is_transport());
}
