use super::*;
use crate::stub::tap::{TappedRequest, TappedResponse};

fn tapped(seq: usize, headers: &[(&str, &str)], body: &str) -> Tapped {
    Tapped {
        seq,
        request: TappedRequest {
            method: "POST".into(),
            path: "/".into(),
            headers: headers
                .iter()
                .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
                .collect(),
            body: body.as_bytes().to_vec(),
        },
        response: TappedResponse {
            status: 400,
            headers: Vec::new(),
            body: b"{}".to_vec(),
        },
    }
}

#[test]
fn the_recording_keeps_the_first_requests_up_to_its_limit_and_counts_the_rest() {
    let mut recording = Recording::default();
    let batch = |from: usize, count: usize| (from..from + count).map(|seq| tapped(seq, &[], "{}"));
    recording.absorb(batch(0, Stub::RECORDING_LIMIT - 1).collect(), 0);
    recording.absorb(batch(Stub::RECORDING_LIMIT - 1, 3).collect(), 5);
    assert_eq!(recording.kept.len(), Stub::RECORDING_LIMIT);
    assert_eq!(recording.not_kept, 2 + 5);
    let last = recording.kept.last().expect("kept");
    assert_eq!(
        last.0.seq,
        Stub::RECORDING_LIMIT - 1,
        "the first ones are kept"
    );
}

#[test]
fn a_received_request_names_its_operation_by_its_target_header() {
    let create = tapped(0, &[("x-amz-target", Operation::CreateKey.target())], "{}");
    assert_eq!(
        ReceivedRequest(create).operation(),
        Some(Operation::CreateKey)
    );
    let other = tapped(0, &[("x-amz-target", "DynamoDB_20120810.ListTables")], "");
    assert_eq!(ReceivedRequest(other).operation(), None);
    let none = tapped(0, &[], "");
    assert_eq!(ReceivedRequest(none).operation(), None);
}

#[test]
fn headers_are_found_in_any_case_and_repeated_ones_fold() {
    let request = ReceivedRequest(tapped(0, &[("x-a", "1"), ("x-a", "2")], ""));
    assert_eq!(request.header("X-A").as_deref(), Some("1, 2"));
    assert_eq!(request.header("x-b"), None);
}

#[test]
fn debug_shows_no_credential() {
    let signature = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    let authorization = format!(
        "AWS4-HMAC-SHA256 Credential=AKIDCANARY0000000/20260101/us-east-1/kms/aws4_request, \
         SignedHeaders=host, Signature={signature}"
    );
    let request = ReceivedRequest(tapped(
        0,
        &[
            ("authorization", &authorization),
            ("x-amz-security-token", "TOKENCANARY"),
            ("x-amz-target", Operation::DescribeKey.target()),
        ],
        r#"{"KeyId":"k"}"#,
    ));
    let shown = format!("{request:?}");
    for secret in ["AKIDCANARY", signature, "TOKENCANARY"] {
        assert!(!shown.contains(secret), "{shown}");
    }
    assert!(
        shown.contains(Operation::DescribeKey.name()) && shown.contains("KeyId"),
        "{shown}"
    );
    assert_eq!(request.header("authorization"), Some(authorization));
}
