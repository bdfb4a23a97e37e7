use serde_json::json;

use super::*;
use crate::stub::deviations::{Deviation, Deviations};

fn refused(authorization: Option<&str>) -> KmsError {
    caller(authorization, "kms").expect_err("refused")
}

/// A responder over a fresh model, bent by `deviations`.
fn responder(deviations: &Deviations) -> KmsResponder {
    let seams = deviations.seams();
    KmsResponder {
        model: Arc::new(Mutex::new(Model::default().with_seams(seams.model))),
        seams: Arc::new(seams.wire),
        tap: None,
        secrets: Secrets::default(),
        identities: Arc::default(),
    }
}

fn dispatched(responder: &KmsResponder, target: &str) -> Result<Output, KmsError> {
    let caller = Caller::user(DEFAULT_ACCOUNT, "us-east-1");
    responder.dispatch(&caller, target, &json!({}))
}

#[test]
fn row_35_an_unknown_operation_is_refused() {
    let target = "TrentService.UntagResources";
    let error = dispatched(&responder(&Deviations::none()), target).expect_err("refused");
    assert_eq!(
        (error.status, error.error_type),
        (400, ErrorCode::UnknownOperationException)
    );
    assert_eq!(error.message, format!("Unknown operation {target}"));
}

#[test]
fn a_target_is_routed_by_its_prefix_unless_a_deviation_ignores_it() {
    let kms = responder(&Deviations::none());
    let ignored = responder(&Deviation::TargetPrefixIgnored.into());
    let other_service = "DynamoDB_20120810.ListKeys";
    let unknown = |answer: Result<Output, KmsError>| {
        answer
            .expect_err("refused")
            .message
            .strip_prefix("Unknown operation ")
            .map(str::to_owned)
    };
    // KMS: another service's prefix names no operation; the refusal
    // names the target as sent.
    assert_eq!(
        unknown(dispatched(&kms, other_service)),
        Some(other_service.to_owned())
    );
    assert!(dispatched(&ignored, other_service).is_ok());
    // Ignoring the prefix still leaves a name KMS does not have unknown.
    let nonsense = "DynamoDB_20120810.UntagResources";
    assert_eq!(
        unknown(dispatched(&ignored, nonsense)),
        Some(nonsense.to_owned())
    );
    // The stub's own control operation is still its own (an empty input
    // names no key state), not a KMS operation.
    let control = dispatched(&ignored, &format!("{CONTROL_PREFIX}SetKeyState"));
    assert_eq!(
        control.expect_err("refused").error_type,
        ErrorCode::ValidationException
    );
}

#[test]
fn the_caller_is_the_scope_region_and_the_access_key_account() {
    let signed = |access_key: &str| {
        format!(
            "AWS4-HMAC-SHA256 Credential={access_key}/20260101/eu-west-1/kms/aws4_request, \
             SignedHeaders=host;x-amz-date, Signature=0123"
        )
    };
    let expected = |account: &str| Caller::user(account, "eu-west-1");
    assert_eq!(
        caller(Some(&signed("444455556666")), "kms"),
        Ok(expected("444455556666"))
    );
    assert_eq!(
        caller(Some(&signed("AKIDEXAMPLE")), "kms"),
        Ok(expected(DEFAULT_ACCOUNT))
    );
}

#[test]
fn a_request_without_authorization_is_unauthenticated() {
    let error = refused(None);
    assert_eq!(
        error.error_type,
        ErrorCode::MissingAuthenticationTokenException
    );
}

#[test]
fn missing_parameters_are_named_as_aws_names_them() {
    let error = refused(Some(
        "AWS4-HMAC-SHA256 Credential=444455556666/20260101/us-west-2/kms/aws4_request",
    ));
    assert_eq!(error.error_type, ErrorCode::IncompleteSignatureException);
    assert_eq!(
        error.message,
        "Authorization header requires 'Signature' parameter. \
         Authorization header requires 'SignedHeaders' parameter."
    );
}

#[test]
fn a_scope_of_another_service_is_an_invalid_signature() {
    let error = refused(Some(
        "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/s3/aws4_request, \
         SignedHeaders=host, Signature=00",
    ));
    assert_eq!(error.error_type, ErrorCode::InvalidSignatureException);
    assert_eq!(
        error.message,
        "Credential should be scoped to correct service: 'kms'."
    );
}

#[test]
fn other_malformations_are_one_sentence_without_the_header() {
    for (authorization, message) in [
        (
            "Basic QUtJRENBTkFSWTpzZWNyZXQ=",
            "The Authorization header is not AWS4-HMAC-SHA256.",
        ),
        (
            "AWS4-HMAC-SHA256 Credential=AKIDCANARY/20260101//kms/aws4_request, \
             SignedHeaders=host, Signature=00",
            "Credential should be scoped to a valid region.",
        ),
        (
            "AWS4-HMAC-SHA256 Credential=AKIDCANARY/2026/us-east-1/kms/aws4_request, \
             SignedHeaders=host, Signature=00",
            "The credential scope's date is not YYYYMMDD.",
        ),
    ] {
        let error = refused(Some(authorization));
        assert_eq!(error.error_type, ErrorCode::IncompleteSignatureException);
        assert_eq!(error.message, message);
    }
}
