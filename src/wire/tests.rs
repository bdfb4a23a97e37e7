mod literal_wire_names;

use super::*;

/// A build without HTTPS says so for an https endpoint, and still
/// makes a client for an http one.
#[test]
fn an_https_endpoint_needs_the_tls_feature() {
    let make = |endpoint: &str| {
        Client::new(
            endpoint,
            "us-east-1",
            Credentials::new("test", "test", None),
            Limits::default(),
        )
    };
    assert!(make("http://127.0.0.1:4566/").is_ok());
    let https = make("https://kms.us-east-1.amazonaws.com/");
    if cfg!(feature = "tls") {
        assert!(https.is_ok());
    } else {
        let error = https.expect_err("no TLS in this build");
        assert!(matches!(error, ClientError::NoTls { .. }), "{error}");
        assert!(error.to_string().contains("without HTTPS"), "{error}");
    }
}

#[test]
fn rejects_an_endpoint_that_is_not_http() {
    let credentials = Credentials::new("test", "test", None);
    let error = Client::new(
        "ftp://example.com",
        "us-east-1",
        credentials.clone(),
        Limits::default(),
    )
    .expect_err("ftp is refused");
    assert!(matches!(error, ClientError::NotHttp { .. }), "{error}");
    assert!(error.to_string().contains("not an http(s) URL"), "{error}");
    assert!(
        Client::new(
            "localhost:4566",
            "us-east-1",
            credentials,
            Limits::default()
        )
        .is_err()
    );
}
