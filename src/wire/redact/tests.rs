use super::*;

#[test]
fn recorded_authorization_keeps_the_scope_and_drops_key_and_signature() {
    let (_, shown) = header((
        "authorization".into(),
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/kms/aws4_request, \
         SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=8de85a92f790"
            .into(),
    ));
    assert_eq!(
        shown,
        "AWS4-HMAC-SHA256 Credential=<redacted>/20150830/us-east-1/kms/aws4_request, \
         SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=<redacted>"
    );
}

#[test]
fn recorded_authorization_that_is_not_sigv4_is_dropped_whole() {
    for value in [
        "Basic dXNlcjpwYXNz",
        "AWS4-HMAC-SHA256 Credential=AKIDCANARY/x",
    ] {
        let (_, shown) = header(("authorization".into(), value.into()));
        assert_eq!(shown, REDACTED);
    }
}

#[test]
fn recorded_session_token_is_redacted() {
    let (_, shown) = header(("x-amz-security-token".into(), "FQoGZXIvYXdz".into()));
    assert_eq!(shown, REDACTED);
}

#[test]
fn echoed_secrets_are_scrubbed_from_what_is_recorded() {
    let secrets = vec!["SECRETCANARY".to_owned(), "AKIDCANARY".to_owned()];
    let body = br#"{"message":"you sent AKIDCANARY and SECRETCANARY, SECRETCANARY"}"#;
    let scrubbed = String::from_utf8(scrub(body, &secrets)).expect("utf-8");
    assert_eq!(
        scrubbed,
        r#"{"message":"you sent <redacted> and <redacted>, <redacted>"}"#
    );
    assert_eq!(scrub_text("x AKIDCANARY", &secrets), "x <redacted>");
}

#[test]
fn secrets_are_the_credentials_and_the_signature_sent() {
    let credentials = Credentials::new(
        "AKIDEXAMPLE0000000",
        "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        None,
    );
    let signature = "8f7a6c871ebd2f86a88777ca7de61aa9cee9108fb08104c6d797246ec170f961";
    let sent = vec![
        (
            "authorization".to_owned(),
            "Basic dXNlcjpwYXNzd29yZA==".to_owned(),
        ),
        (
            "authorization".to_owned(),
            format!(
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE0000000/20150830/us-east-1/kms/\
                 aws4_request, SignedHeaders=host, Signature={signature}"
            ),
        ),
    ];
    let found = secrets(&credentials, &sent);
    for expected in [
        "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        "AKIDEXAMPLE0000000",
        "Basic dXNlcjpwYXNzd29yZA==",
        signature,
    ] {
        assert!(
            found.iter().any(|s| s == expected),
            "{expected} in {found:?}"
        );
    }
    // A 12-digit access key is an account ID, which every ARN shows.
    let account = Credentials::new("444455556666", "test", None);
    assert!(secrets(&account, &[]).is_empty());
}
