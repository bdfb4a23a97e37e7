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
fn a_header_that_names_another_type_is_refused() {
    let disagreeing = error(&[("X-Amzn-Errortype", "KeyNotFound")], NOT_FOUND);
    let why = refused_with(&disagreeing, &NOT_FOUND_CODE).expect_err("SDKs read KeyNotFound");
    assert!(why.contains("an SDK reads KeyNotFound"), "{why}");
}

#[test]
fn an_error_labelled_application_json_or_without_a_request_id_is_refused() {
    let json = error(&[("content-type", "application/json")], NOT_FOUND);
    assert!(
        refused(&json)
            .expect_err("label")
            .contains("application/json")
    );
    let charset = error(
        &[("content-type", "application/x-amz-json-1.1; charset=UTF-8")],
        NOT_FOUND,
    );
    assert!(refused(&charset).is_ok());
    let anonymous = error(&[("x-amzn-requestid", "")], NOT_FOUND);
    assert!(
        refused(&anonymous)
            .expect_err("id")
            .contains("x-amzn-RequestId")
    );
}

#[test]
fn capitalized_message_is_accepted_only_where_the_casing_is_unpublished() {
    let body = |t: &ErrorCode| format!(r#"{{"__type": "{t}", "Message": "text"}}"#);
    for unpublished in &EITHER_MESSAGE_CASING {
        let exchange = error(&[], &body(unpublished));
        assert_eq!(message(&exchange, unpublished), Ok("text".to_owned()));
    }
    for modeled in [
        ErrorCode::TagException,
        ErrorCode::NotFoundException,
        ErrorCode::KmsInvalidStateException,
        ErrorCode::InvalidArnException,
    ] {
        let exchange = error(&[], &body(&modeled));
        assert!(message(&exchange, &modeled).is_err(), "{modeled}");
    }
    let lower = error(&[], NOT_FOUND);
    assert_eq!(message(&lower, &NOT_FOUND_CODE), Ok("gone".to_owned()));
}
