use super::*;
use crate::stub::tap::{TappedRequest, TappedResponse};

#[test]
fn the_stubs_side_shows_no_credential() {
    let tapped = Tapped {
        seq: 0,
        request: TappedRequest {
            method: "POST".into(),
            path: "/".into(),
            headers: vec![
                (
                    "authorization".into(),
                    "AWS4-HMAC-SHA256 Credential=AKIDCANARY0000000/20260101/us-east-1/kms/\
                     aws4_request, SignedHeaders=host;x-amz-date, Signature=abcdef0123456789"
                        .into(),
                ),
                ("x-amz-security-token".into(), "TOKENCANARY".into()),
            ],
            body: b"{}".to_vec(),
        },
        response: TappedResponse {
            status: 200,
            headers: vec![("content-type".into(), "application/x-amz-json-1.1".into())],
            body: Vec::new(),
        },
    };
    let text = stub(&tapped).join("\n");
    for secret in ["AKIDCANARY", "abcdef0123456789", "TOKENCANARY"] {
        assert!(!text.contains(secret), "{text}");
    }
    assert!(text.contains("us-east-1/kms/aws4_request"), "{text}");
    assert!(text.contains("< <empty>"), "{text}");
    assert_eq!(redacted("Authorization", "Basic dXNlcg=="), REDACTED);
    assert_eq!(redacted("X-Api-Key", "gateway-secret"), REDACTED);
    assert_eq!(redacted("via", "1.1 proxy"), "1.1 proxy");
}
