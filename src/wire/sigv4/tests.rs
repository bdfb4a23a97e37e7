use super::*;
use std::time::{Duration, UNIX_EPOCH};

use crate::wire::Operation;

/// 2015-08-30T12:36:00Z, the date of the AWS SigV4 test suite.
#[expect(
    clippy::duration_suboptimal_units,
    reason = "Unix timestamps are counted in seconds"
)]
fn test_suite_time() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_440_938_160)
}

const SESSION_TOKEN: &str = "FQoGZXIvYXdzEXAMPLESESSIONTOKEN//////////wEaDEXAMPLE+/=";
const UNTAG_BODY: &[u8] = br#"{"KeyId":"1234abcd-12ab-34cd-56ef-1234567890ab","TagKeys":["env"]}"#;

fn example_credentials(session_token: Option<&str>) -> Credentials {
    Credentials::new(
        "AKIDEXAMPLE",
        "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        session_token.map(str::to_owned),
    )
}

fn authorization(url: &str, region: &str, session_token: Option<&str>) -> String {
    let headers = vec![
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
            url,
            headers: &headers,
            body: UNTAG_BODY,
        },
        &example_credentials(session_token),
        region,
        "kms",
        test_suite_time(),
    )
    .expect("signs");
    assert_eq!(header(&signed, "x-amz-date"), Some("20150830T123600Z"));
    assert_eq!(header(&signed, "x-amz-security-token"), session_token);
    header(&signed, "authorization")
        .expect("authorization")
        .to_owned()
}

fn header<'a>(headers: &'a SignatureHeaders, name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v.as_str())
}

// The published `get-vanilla` vector of the AWS SigV4 test suite.
#[test]
fn signs_the_aws_test_suite_get_vanilla_vector() {
    let signed = sign(
        &Signable {
            method: "GET",
            url: "https://example.amazonaws.com/",
            headers: &[],
            body: b"",
        },
        &example_credentials(None),
        "us-east-1",
        "service",
        test_suite_time(),
    )
    .expect("signs");
    assert_eq!(
        header(&signed, "authorization"),
        Some(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, \
             SignedHeaders=host;x-amz-date, \
             Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
        )
    );
}

// The known answers below were computed with botocore 1.43.11
// (`SigV4Auth(credentials, "kms", region).add_auth`) on the same request,
// its clock frozen at 2015-08-30T12:36:00Z.
#[test]
fn signs_kms_untag_resource_like_botocore() {
    assert_eq!(
        authorization("https://kms.us-east-1.amazonaws.com/", "us-east-1", None),
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/kms/aws4_request, \
         SignedHeaders=content-type;host;x-amz-date;x-amz-target, \
         Signature=8f7a6c871ebd2f86a88777ca7de61aa9cee9108fb08104c6d797246ec170f961"
    );
}

#[test]
fn signs_the_session_token_like_botocore() {
    assert_eq!(
        authorization(
            "https://kms.us-east-1.amazonaws.com/",
            "us-east-1",
            Some(SESSION_TOKEN)
        ),
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/kms/aws4_request, \
         SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target, \
         Signature=de29389fea976d2fe7b357772687bc0b3ffb6df7c402a2edd4c5e8991868804f"
    );
}

#[test]
fn signs_the_port_of_a_loopback_endpoint_like_botocore() {
    assert_eq!(
        authorization("http://127.0.0.1:4566/", "eu-west-1", Some(SESSION_TOKEN)),
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/eu-west-1/kms/aws4_request, \
         SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target, \
         Signature=e89bbcc155249f6e1091bef529c5cd388ea34a2093c241673e9901fbc106e069"
    );
}

#[test]
fn debug_output_holds_no_secret() {
    let credentials = Credentials::new("AKIDCANARY", "SECRETCANARY", Some("TOKENCANARY".into()));
    let shown = format!("{credentials:?}");
    for canary in ["AKIDCANARY", "SECRETCANARY", "TOKENCANARY"] {
        assert!(!shown.contains(canary), "{shown}");
    }
}
