//! The parser against well-formed, tolerated and malformed headers.

use super::*;

const SIGNED: &str = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/kms/aws4_request, \
     SignedHeaders=content-type;host;x-amz-date;x-amz-target, \
     Signature=8f7a6c871ebd2f86a88777ca7de61aa9cee9108fb08104c6d797246ec170f961";

fn parse(value: &str) -> Result<Authorization, AuthorizationError> {
    value.parse()
}

#[test]
fn a_botocore_header_parses_into_every_part() {
    let authorization = parse(SIGNED).expect("well-formed");
    assert_eq!(authorization.access_key_id(), "AKIDEXAMPLE");
    assert_eq!(
        authorization.scope(),
        &CredentialScope {
            date: "20150830".into(),
            region: "us-east-1".into(),
            service: "kms".into(),
        }
    );
    assert_eq!(
        authorization.signed_headers(),
        ["content-type", "host", "x-amz-date", "x-amz-target"]
    );
    assert_eq!(
        authorization.signature(),
        "8f7a6c871ebd2f86a88777ca7de61aa9cee9108fb08104c6d797246ec170f961"
    );
}

#[test]
fn the_redacted_form_keeps_scope_and_signed_headers_only() {
    let redacted = parse(SIGNED).expect("well-formed").redacted();
    assert_eq!(
        redacted,
        "AWS4-HMAC-SHA256 Credential=<redacted>/20150830/us-east-1/kms/aws4_request, \
         SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=<redacted>"
    );
    // What was recorded reads back, with the same scope.
    let again = parse(&redacted).expect("the redacted form parses");
    assert_eq!(again.scope().region, "us-east-1");
    assert_eq!(again.redacted(), redacted);
}

#[test]
fn debug_output_holds_neither_access_key_nor_signature() {
    let shown = format!("{:?}", parse(SIGNED).expect("well-formed"));
    assert!(shown.contains("us-east-1"), "{shown}");
    assert!(!shown.contains("AKIDEXAMPLE"), "{shown}");
    assert!(!shown.contains("8f7a6c87"), "{shown}");
}

#[test]
fn order_commas_and_spaces_are_tolerated() {
    let expected = parse(SIGNED).expect("well-formed");
    for variant in [
        // Comma without space, as some SDKs send it.
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/kms/aws4_request,\
         SignedHeaders=content-type;host;x-amz-date;x-amz-target,\
         Signature=8f7a6c871ebd2f86a88777ca7de61aa9cee9108fb08104c6d797246ec170f961",
        // Another order, extra spaces, surrounding whitespace.
        "  AWS4-HMAC-SHA256   Signature=8f7a6c871ebd2f86a88777ca7de61aa9cee9108fb08104c6d797246ec170f961 ,  \
         Credential=AKIDEXAMPLE/20150830/us-east-1/kms/aws4_request,\t\
         SignedHeaders=content-type;host;x-amz-date;x-amz-target  ",
    ] {
        assert_eq!(parse(variant).as_ref(), Ok(&expected), "{variant}");
    }
}

#[test]
fn another_scheme_is_not_sigv4() {
    for value in [
        "",
        "Basic dXNlcjpwYXNz",
        "Bearer eyJhbGciOiJIUzI1NiJ9",
        "AWS4-HMAC-SHA512 Credential=AKID/20150830/us-east-1/kms/aws4_request",
        "AWS4-HMAC-SHA256Credential=AKID/20150830/us-east-1/kms/aws4_request",
        "AWS AKIDEXAMPLE:signature",
    ] {
        assert_eq!(parse(value), Err(AuthorizationError::NotSigV4), "{value:?}");
    }
}

#[test]
fn missing_parameters_are_all_named_in_aws_order() {
    use Parameter::{Credential, Signature, SignedHeaders};
    assert_eq!(
        parse("AWS4-HMAC-SHA256"),
        Err(AuthorizationError::Missing(vec![
            Credential,
            Signature,
            SignedHeaders
        ]))
    );
    assert_eq!(
        parse("AWS4-HMAC-SHA256 Credential=444455556666/20260101/us-west-2/kms/aws4_request"),
        Err(AuthorizationError::Missing(vec![Signature, SignedHeaders]))
    );
    assert_eq!(
        parse("AWS4-HMAC-SHA256 Credential=A/20260101/us-west-2/kms/aws4_request, Signature=00"),
        Err(AuthorizationError::Missing(vec![SignedHeaders]))
    );
}

#[test]
fn a_space_inside_a_value_leaves_a_parameter_without_equals() {
    // AWS refuses this very header as "not a valid key=value pair".
    assert_eq!(
        parse(
            "AWS4-HMAC-SHA256 Credential= AKID/20181128/eu-central-1/kms/aws4_request, \
             SignedHeaders=host, Signature=00"
        ),
        Err(AuthorizationError::NotKeyValue)
    );
}

#[test]
fn unknown_and_repeated_parameters_are_refused() {
    let with = |extra: &str| {
        parse(&format!(
            "AWS4-HMAC-SHA256 Credential=A/20260101/us-west-2/kms/aws4_request, \
             SignedHeaders=host, Signature=00, {extra}"
        ))
    };
    assert_eq!(
        with("Signature=11"),
        Err(AuthorizationError::Duplicate(Parameter::Signature))
    );
    assert_eq!(
        with("Expires=60"),
        Err(AuthorizationError::UnknownParameter)
    );
    // Parameter names are case-sensitive.
    assert_eq!(
        with("signature=11"),
        Err(AuthorizationError::UnknownParameter)
    );
}

#[test]
fn each_malformed_part_of_the_credential_is_named() {
    let with_credential = |credential: &str| {
        parse(&format!(
            "AWS4-HMAC-SHA256 Credential={credential}, SignedHeaders=host, Signature=00"
        ))
    };
    for (credential, error) in [
        ("", AuthorizationError::CredentialParts { found: 1 }),
        (
            "AKID/20260101/us-east-1/kms",
            AuthorizationError::CredentialParts { found: 4 },
        ),
        (
            "wJalrXUtnFEMI/K7MDENG/20260101/us-east-1/kms/aws4_request",
            AuthorizationError::CredentialParts { found: 6 },
        ),
        (
            "/20260101/us-east-1/kms/aws4_request",
            AuthorizationError::EmptyAccessKey,
        ),
        (
            "AKID/2026-01-01/us-east-1/kms/aws4_request",
            AuthorizationError::ScopeDate,
        ),
        (
            "AKID/2026010/us-east-1/kms/aws4_request",
            AuthorizationError::ScopeDate,
        ),
        (
            "AKID/20260101//kms/aws4_request",
            AuthorizationError::EmptyRegion,
        ),
        (
            "AKID/20260101/us-east-1//aws4_request",
            AuthorizationError::EmptyService,
        ),
        (
            "AKID/20260101/us-east-1/kms/aws4_requests",
            AuthorizationError::ScopeTerminator,
        ),
    ] {
        assert_eq!(with_credential(credential), Err(error), "{credential:?}");
    }
}

#[test]
fn signed_headers_and_signature_must_not_be_empty() {
    let with = |signed_headers: &str, signature: &str| {
        parse(&format!(
            "AWS4-HMAC-SHA256 Credential=A/20260101/us-west-2/kms/aws4_request, \
             SignedHeaders={signed_headers}, Signature={signature}"
        ))
    };
    assert_eq!(with("", "00"), Err(AuthorizationError::SignedHeaders));
    assert_eq!(
        with("host;;x-amz-date", "00"),
        Err(AuthorizationError::SignedHeaders)
    );
    assert_eq!(with("host;", "00"), Err(AuthorizationError::SignedHeaders));
    assert_eq!(with("host", ""), Err(AuthorizationError::EmptySignature));
}

#[test]
fn no_error_repeats_the_header() {
    let canary = "AKIDCANARY";
    for value in [
        format!("AWS4-HMAC-SHA256 Credential= {canary}/20260101/us-east-1/kms/aws4_request"),
        format!("AWS4-HMAC-SHA256 {canary}=x"),
        format!("{canary} Credential=x"),
        format!("AWS4-HMAC-SHA256 Credential={canary}/x/y, SignedHeaders=host, Signature=0"),
    ] {
        let error = parse(&value).expect_err("malformed");
        assert!(!error.to_string().contains(canary), "{error}");
    }
}
