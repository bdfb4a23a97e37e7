use std::time::{Duration, UNIX_EPOCH};

use super::*;
use crate::wire::Operation;
use crate::wire::sigv4::sign;

const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const BODY: &[u8] = br#"{"KeyId":"1234abcd-12ab-34cd-56ef-1234567890ab","TagKeys":["env"]}"#;

/// A KMS request as a client signs it at 2015-08-30T12:36:00Z, then as a
/// server receives it: the signature's headers plus `host`.
#[expect(
    clippy::duration_suboptimal_units,
    reason = "Unix timestamps are counted in seconds"
)]
fn received_headers(session_token: Option<&str>) -> Vec<(String, String)> {
    let mut headers = vec![
        (
            "content-type".to_owned(),
            "application/x-amz-json-1.1".to_owned(),
        ),
        (
            "x-amz-target".to_owned(),
            Operation::UntagResource.target().to_owned(),
        ),
    ];
    let signed = sign(
        &Signable {
            method: "POST",
            url: "http://127.0.0.1:4566/",
            headers: &headers,
            body: BODY,
        },
        &Credentials::new("AKIDEXAMPLE", SECRET, session_token.map(str::to_owned)),
        "eu-west-1",
        "kms",
        UNIX_EPOCH + Duration::from_secs(1_440_938_160),
    )
    .expect("signs");
    headers.extend(signed.into_iter().map(|(n, v)| (n.to_owned(), v)));
    // What the server sees: the Host header, other unsigned headers, and
    // names in whatever case the client or a proxy chose.
    headers.push(("Host".to_owned(), "127.0.0.1:4566".to_owned()));
    headers.push(("User-Agent".to_owned(), "kms-conformance".to_owned()));
    headers
}

fn received<'a>(headers: &'a [(String, String)], body: &'a [u8]) -> Received<'a> {
    Received {
        method: "POST",
        url: "http://localhost/",
        headers,
        body,
    }
}

#[test]
fn a_request_signed_with_the_secret_verifies() {
    let headers = received_headers(None);
    let authorization = verify(&received(&headers, BODY), SECRET).expect("verifies");
    assert_eq!(authorization.access_key_id(), "AKIDEXAMPLE");
    assert_eq!(authorization.scope().region, "eu-west-1");
}

#[test]
fn a_session_token_is_verified_as_the_signed_header_it_is() {
    let headers = received_headers(Some("FQoGZXIvYXdzEXAMPLE+/="));
    assert!(verify(&received(&headers, BODY), SECRET).is_ok());
}

#[test]
fn a_known_botocore_signature_verifies() {
    // The botocore vector of `sigv4.rs`: POST to kms.us-east-1 at the
    // test suite's date.
    let headers: Vec<(String, String)> = [
        ("Content-Type", "application/x-amz-json-1.1"),
        ("X-Amz-Target", Operation::UntagResource.target()),
        ("X-Amz-Date", "20150830T123600Z"),
        ("Host", "kms.us-east-1.amazonaws.com"),
        (
            "Authorization",
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/kms/aws4_request, \
             SignedHeaders=content-type;host;x-amz-date;x-amz-target, \
             Signature=8f7a6c871ebd2f86a88777ca7de61aa9cee9108fb08104c6d797246ec170f961",
        ),
    ]
    .iter()
    .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
    .collect();
    assert!(verify(&received(&headers, BODY), SECRET).is_ok());
    assert_eq!(
        verify(&received(&headers, BODY), "another secret"),
        Err(VerifyError::Mismatch)
    );
}

#[test]
fn a_wrong_secret_a_changed_body_or_a_changed_signed_header_is_a_mismatch() {
    let headers = received_headers(None);
    assert_eq!(
        verify(&received(&headers, BODY), "not the secret"),
        Err(VerifyError::Mismatch)
    );
    assert_eq!(
        verify(&received(&headers, b"{}"), SECRET),
        Err(VerifyError::Mismatch)
    );
    let mut changed = headers.clone();
    changed[1].1 = Operation::TagResource.target().to_owned();
    assert_eq!(
        verify(&received(&changed, BODY), SECRET),
        Err(VerifyError::Mismatch)
    );
    // An unsigned header may change freely.
    let mut unsigned = headers;
    unsigned.push(("X-Forwarded-For".to_owned(), "10.0.0.1".to_owned()));
    assert!(verify(&received(&unsigned, BODY), SECRET).is_ok());
}

#[test]
fn a_dropped_signed_header_is_named() {
    let headers: Vec<_> = received_headers(None)
        .into_iter()
        .filter(|(n, _)| n != "x-amz-target")
        .collect();
    assert_eq!(
        verify(&received(&headers, BODY), SECRET),
        Err(VerifyError::SignedHeaderMissing("x-amz-target".into()))
    );
}

#[test]
fn no_authorization_or_no_date_is_refused_before_any_signing() {
    let headers: Vec<_> = received_headers(None)
        .into_iter()
        .filter(|(n, _)| n != "authorization")
        .collect();
    assert_eq!(
        verify(&received(&headers, BODY), SECRET),
        Err(VerifyError::Missing)
    );
    let headers: Vec<_> = received_headers(None)
        .into_iter()
        .filter(|(n, _)| n != "x-amz-date")
        .collect();
    assert_eq!(
        verify(&received(&headers, BODY), SECRET),
        Err(VerifyError::BadDate)
    );
}

#[test]
#[expect(
    clippy::duration_suboptimal_units,
    reason = "Unix timestamps are counted in seconds"
)]
fn amz_dates_parse_to_their_instant() {
    assert_eq!(
        parse_amz_date("20150830T123600Z"),
        Some(UNIX_EPOCH + Duration::from_secs(1_440_938_160))
    );
    assert_eq!(parse_amz_date("19700101T000000Z"), Some(UNIX_EPOCH));
    assert_eq!(
        parse_amz_date("20240229T000000Z"),
        Some(UNIX_EPOCH + Duration::from_secs(1_709_164_800))
    );
    for bad in [
        "2015-08-30T12:36:00Z",
        "20151330T000000Z",
        "20150830T123600",
        "",
    ] {
        assert_eq!(parse_amz_date(bad), None, "{bad}");
    }
}

#[test]
fn no_error_repeats_a_value_from_the_request() {
    let headers = received_headers(None);
    let error = verify(&received(&headers, BODY), "wrong").expect_err("mismatch");
    let shown = format!("{error} {error:?}");
    assert!(!shown.contains("AKIDEXAMPLE"), "{shown}");
}
