use super::*;

#[test]
fn placeholders_and_ordinary_text_are_clean() {
    let text = r#"{"KeyId": "arn:aws:kms:us-east-1:<account:1>:key/<key-id:1>",
            "message": "Key 'alias/kms-conformance/<alias:1>' does not exist",
            "x-amzn-requestid": "<request-id>", "TagKeys": ["<k × 129>"],
            "AWSAccountId": "<account:2>", "CreationDate": "<date>"}"#;
    assert_eq!(findings(text), Vec::<String>::new());
}

#[test]
fn credential_shapes_are_found() {
    for secret in [
        "AKIAIOSFODNN7EXAMPLE",
        "ASIAIOSFODNN7EXAMPLE",
        "Signature=<redacted>",
        "Credential=AKID/20150830/us-east-1/kms/aws4_request",
        "x-amz-security-token: abc",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "IQoJb3JpZ2luX2VjEJr",
        "arn:aws:iam::123456789012:user/alice",
    ] {
        assert!(!findings(secret).is_empty(), "{secret} slipped through");
    }
}

#[test]
fn a_finding_names_the_shape_not_the_value() {
    let found = findings("x AKIAIOSFODNN7EXAMPLE");
    assert_eq!(found, ["an AWS access key ID at byte 2"]);
}
