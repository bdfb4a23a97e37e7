use std::time::Duration;

use super::*;
use crate::wire::{Operation, SentRequest};

fn error(headers: &[(&str, &str)], body: &str) -> Exchange {
    let mut all = vec![
        ("content-type".to_owned(), CONTENT_TYPE.to_owned()),
        (
            "x-amzn-requestid".to_owned(),
            uuid::Uuid::new_v4().to_string(),
        ),
    ];
    for (name, value) in headers {
        all.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        if !value.is_empty() {
            all.push(((*name).to_owned(), (*value).to_owned()));
        }
    }
    Exchange {
        operation: Some(Operation::UntagResource.name().into()),
        request: SentRequest {
            method: "POST".into(),
            url: "http://127.0.0.1/".into(),
            headers: vec![],
            body: vec![],
        },
        status: 400,
        headers: all,
        body: body.as_bytes().to_vec(),
        elapsed: Duration::ZERO,
        throttled: 0,
        resent: None,
        transient: 0,
    }
}

const NOT_FOUND: &str = r#"{"__type": "NotFoundException", "message": "gone"}"#;
const NOT_FOUND_CODE: ErrorCode = ErrorCode::NotFoundException;

#[test]
fn a_well_formed_error_passes_with_or_without_a_namespace() {
    assert_eq!(
        refused_with(&error(&[], NOT_FOUND), &NOT_FOUND_CODE),
        Ok(())
    );
    let namespaced = r#"{"__type": "com.amazonaws.kms#NotFoundException", "message": "x"}"#;
    assert_eq!(
        refused_with(&error(&[], namespaced), &NOT_FOUND_CODE),
        Ok(())
    );
}

#[test]
fn a_type_only_in_the_header_or_in_code_is_not_enough() {
    let header_only = error(
        &[("X-Amzn-Errortype", NOT_FOUND_CODE.name())],
        r#"{"message": "x"}"#,
    );
    assert!(refused_with(&header_only, &NOT_FOUND_CODE).is_err());
    let code_only = error(&[], r#"{"code": "NotFoundException", "message": "x"}"#);
    assert!(refused_with(&code_only, &NOT_FOUND_CODE).is_err());
    assert!(refused(&code_only).is_err());
}

#[test]
fn a_refusal_is_judged_on_its_status_and_type_and_the_wire_apart() {
    // One wrong label, request ID or header is the wire scenarios' to judge:
    // the refusal itself still holds.
    let dressed_wrong = error(
        &[
            ("content-type", "application/json"),
            ("x-amzn-requestid", ""),
            ("X-Amzn-Errortype", "KeyNotFound"),
        ],
        r#"{"__type": "NotFoundException", "Message": "gone"}"#,
    );
    assert_eq!(refused(&dressed_wrong), Ok(NOT_FOUND_CODE));
    assert_eq!(refused_with(&dressed_wrong, &NOT_FOUND_CODE), Ok(()));
    assert_eq!(message(&dressed_wrong), Ok("gone".to_owned()));
    assert!(labelled_as_kms(&dressed_wrong).is_err());
    assert!(carries_request_id(&dressed_wrong).is_err());
    let why = header_agrees(&dressed_wrong).expect_err("SDKs read KeyNotFound");
    assert!(why.contains("X-Amzn-Errortype says KeyNotFound"), "{why}");
    assert!(message_member(&dressed_wrong).is_err());
}

#[test]
fn the_status_is_400_or_for_an_unpublished_status_any_4xx() {
    let mut not_found = error(&[], NOT_FOUND);
    not_found.status = 404;
    assert!(refused(&not_found).is_err());
    assert_eq!(refused_4xx(&not_found), Ok(NOT_FOUND_CODE));
    not_found.status = 500;
    assert!(refused_4xx(&not_found).is_err());
}

#[test]
fn a_label_is_its_media_type_whatever_its_parameters() {
    let json = error(&[("content-type", "application/json")], NOT_FOUND);
    assert!(
        labelled_as_kms(&json)
            .expect_err("label")
            .contains("application/json")
    );
    let charset = error(
        &[("content-type", "application/x-amz-json-1.1; charset=UTF-8")],
        NOT_FOUND,
    );
    assert_eq!(labelled_as_kms(&charset), Ok(()));
    let anonymous = error(&[("x-amzn-requestid", " ")], NOT_FOUND);
    assert!(
        carries_request_id(&anonymous)
            .expect_err("id")
            .contains("x-amzn-RequestId")
    );
}

#[test]
fn two_request_ids_are_none_a_call_is_found_by() {
    let mut twice = error(&[], NOT_FOUND);
    assert_eq!(carries_request_id(&twice), Ok(()));
    twice
        .headers
        .push(("x-amzn-requestid".to_owned(), "gateway-1".to_owned()));
    let why = carries_request_id(&twice).expect_err("two IDs");
    assert!(why.starts_with("2 x-amzn-RequestId headers"), "{why}");
    assert!(
        why.contains(", gateway-1\""),
        "the folded value is shown: {why}"
    );
    assert_eq!(
        one_request_id(&error(&[("x-amzn-requestid", "")], NOT_FOUND)),
        Ok(None)
    );
}

#[test]
fn capitalized_message_is_read_but_is_the_right_member_only_where_unpublished() {
    let body = |t: &ErrorCode| format!(r#"{{"__type": "{t}", "Message": "text"}}"#);
    for unpublished in &EITHER_MESSAGE_CASING {
        let exchange = error(&[], &body(unpublished));
        assert_eq!(message(&exchange), Ok("text".to_owned()));
        assert_eq!(message_member(&exchange), Ok(()), "{unpublished}");
    }
    for modeled in [
        ErrorCode::TagException,
        ErrorCode::NotFoundException,
        ErrorCode::KmsInvalidStateException,
        ErrorCode::InvalidArnException,
    ] {
        let exchange = error(&[], &body(&modeled));
        assert_eq!(message(&exchange), Ok("text".to_owned()));
        assert!(message_member(&exchange).is_err(), "{modeled}");
    }
    let lower = error(&[], NOT_FOUND);
    assert_eq!(message(&lower), Ok("gone".to_owned()));
    assert_eq!(message_member(&lower), Ok(()));
    assert!(message(&error(&[], r#"{"__type": "X"}"#)).is_err());
}
