//! What parses as a key policy, and the error, worded for
//! `MalformedPolicyDocumentException`, for what does not.
//!
//! Quotes are from the IAM User Guide ("Grammar of the IAM JSON policy
//! language", `reference_policies_grammar`; Principal element) and public
//! reports of KMS errors.

use super::parse;
use crate::stub::policy::{KeyPolicy, PolicyError};

/// A one-statement policy whose statement is `statement`.
fn with_statement(statement: &str) -> String {
    format!(r#"{{"Version": "2012-10-17", "Statement": [{statement}]}}"#)
}

/// A statement allowing everything to everyone, with `condition`.
fn with_condition(condition: &str) -> String {
    with_statement(&format!(
        r#"{{"Effect": "Allow", "Principal": "*", "Action": "kms:*", "Resource": "*",
            "Condition": {condition}}}"#
    ))
}

#[track_caller]
fn error(text: &str) -> PolicyError {
    match KeyPolicy::parse(text) {
        Ok(policy) => panic!("parsed {policy:?} from {text}"),
        Err(error) => error,
    }
}

#[test]
fn the_grammar_allows_one_statement_or_a_list_and_an_optional_version_and_id() {
    // Grammar: "If the element takes an array ... but only one value is
    // included, the brackets are optional"; `<version_block?>`,
    // `<id_block?>`; "Blocks can appear in any order".
    let one = r#"{"Statement": {"Resource": "*", "Action": "kms:*", "Principal": "*",
                  "Effect": "Allow"}, "Id": "key-consolepolicy-3", "Version": "2008-10-17"}"#;
    let list = r#"{"Version": "2012-10-17", "Statement": [{"Sid": "1", "Effect": "Deny",
                   "Principal": {"AWS": ["111122223333", "arn:aws:iam::444455556666:role/R"]},
                   "Action": ["kms:Tag*", "kms:UntagResource"], "Resource": ["*"]}]}"#;
    assert_eq!(parse(one).statements.len(), 1);
    assert_eq!(parse(list).statements.len(), 1);
    // Before 2012-10-17 "${...}" is literal text, not a variable.
    parse(
        &with_condition(r#"{"StringEquals": {"aws:PrincipalTag/a": "${x}"}}"#)
            .replace("2012-10-17", "2008-10-17"),
    );
}

#[test]
fn text_that_is_not_json_is_refused_with_the_parsers_reason() {
    let error = error(r#"{"Version": "2012-10-17", "Statement": ["#);
    assert!(matches!(error, PolicyError::NotJson(_)), "{error:?}");
    assert!(
        error
            .to_string()
            .starts_with("The key policy is not valid JSON: "),
        "{error}"
    );
}

#[test]
fn json_that_is_not_a_policy_is_refused_naming_the_fault() {
    let allow_all = r#""Effect": "Allow", "Principal": "*", "Action": "kms:*", "Resource": "*""#;
    let cases = [
        ("[]".to_owned(), "The key policy must be a JSON object."),
        (
            r#"{"Version": "2012-10-17"}"#.to_owned(),
            "The key policy has no Statement.",
        ),
        (
            r#"{"Version": "2012-10-17", "Statement": [], "Extra": 1}"#.to_owned(),
            "The key policy has an unknown element \"Extra\".",
        ),
        (
            r#"{"Version": "2012-10-18", "Statement": []}"#.to_owned(),
            "Version must be \"2012-10-17\" or \"2008-10-17\", not \"2012-10-18\".",
        ),
        (
            with_statement(&format!(r#"{{{allow_all}, "Efect": "Allow"}}"#)),
            "Statement 1 has an unknown element \"Efect\".",
        ),
        (
            with_statement(
                r#"{"Sid": "S", "Effect": "allow", "Principal": "*", "Action": "kms:*", "Resource": "*"}"#,
            ),
            "Statement \"S\": Effect must be \"Allow\" or \"Deny\", not \"allow\".",
        ),
        (
            with_statement(r#"{"Effect": "Allow", "Action": "kms:*", "Resource": "*"}"#),
            "Statement 1 has no Principal.",
        ),
        (
            with_statement(&format!(r#"{{{allow_all}, "NotAction": "kms:Decrypt"}}"#)),
            "Statement 1 has both Action and NotAction.",
        ),
        (
            with_statement(r#"{"Effect": "Allow", "Principal": "*", "Action": "kms:*"}"#),
            "Statement 1 has no Resource.",
        ),
        (
            with_statement(
                r#"{"Effect": "Allow", "Principal": "*", "Action": [], "Resource": "*"}"#,
            ),
            "Statement 1: Action must be a string or a non-empty list of strings.",
        ),
        (
            with_statement(
                r#"{"Effect": "Allow", "Principal": "*", "Action": "UntagResource", "Resource": "*"}"#,
            ),
            "Statement 1: action \"UntagResource\" must be \"*\" or \"<service>:<action>\".",
        ),
    ];
    for (text, message) in cases {
        let error = error(&text);
        assert!(
            matches!(error, PolicyError::Malformed(_)),
            "{error:?} for {text}"
        );
        assert_eq!(error.to_string(), message, "for {text}");
    }
}

#[test]
fn unknown_operators_and_qualifiers_are_malformed() {
    // Operators: "You can add IfExists to the end of any condition operator
    // name except the Null condition".
    let cases = [
        (
            r#"{"StringEqualz": {"aws:TagKeys": "a"}}"#,
            "unknown condition operator \"StringEqualz\"",
        ),
        (
            r#"{"ForSomeValues:StringEquals": {"aws:TagKeys": "a"}}"#,
            "unknown condition operator",
        ),
        (
            r#"{"NullIfExists": {"aws:TagKeys": "true"}}"#,
            "IfExists cannot be added to the Null",
        ),
        (
            r#"{"Null": {"aws:TagKeys": "yes"}}"#,
            "the Null operator takes true or false",
        ),
        (
            r#"{"StringEquals": "a"}"#,
            "must map condition keys to values",
        ),
        (
            r#"{"StringEquals": {"aws:TagKeys": {"a": 1}}}"#,
            "must be strings, booleans or numbers",
        ),
        (r#"{"StringEquals": {"": "a"}}"#, "an empty condition key"),
    ];
    for (condition, fragment) in cases {
        let error = error(&with_condition(condition));
        assert!(
            matches!(error, PolicyError::Malformed(_)),
            "{error:?} for {condition}"
        );
        assert!(
            error.to_string().contains(fragment),
            "{error} for {condition}"
        );
    }
}

#[test]
fn an_invalid_principal_gets_kms_own_message() {
    // KMS, as quoted in public error reports: "Policy contains a statement
    // with one or more invalid principals." Principal element: "You cannot
    // use a wildcard to match part of a principal name or ARN."
    let principals = [
        r#""bob""#,
        r"{}",
        r#"{"AWS": "bob"}"#,
        r#"{"AWS": "1111222233"}"#,
        r#"{"AWS": "arn:aws:iam::111122223333:user/*"}"#,
        r#"{"AWS": "arn:aws:kms:us-east-1:111122223333:key/k"}"#,
        r#"{"AWS": []}"#,
        r#"{"Users": "111122223333"}"#,
    ];
    for principal in principals {
        let text = with_statement(&format!(
            r#"{{"Effect": "Allow", "Principal": {principal}, "Action": "kms:*", "Resource": "*"}}"#
        ));
        let error = error(&text);
        assert!(
            matches!(error, PolicyError::InvalidPrincipal(_)),
            "{error:?} for {principal}"
        );
        assert_eq!(
            error.to_string(),
            "Policy contains a statement with one or more invalid principals."
        );
    }
}

#[test]
fn valid_policy_language_this_evaluator_lacks_is_unsupported() {
    let not_principal = with_statement(
        r#"{"Effect": "Deny", "NotPrincipal": {"AWS": "111122223333"}, "Action": "kms:*", "Resource": "*"}"#,
    );
    let variable_resource = with_statement(
        r#"{"Effect": "Allow", "Principal": "*", "Action": "kms:*", "Resource": "arn:aws:kms:*:*:key/${aws:username}"}"#,
    );
    let cases = [
        (not_principal, "NotPrincipal"),
        (variable_resource, "policy variables"),
        (
            with_condition(r#"{"StringEquals": {"aws:ResourceTag/Owner": "${aws:username}"}}"#),
            "policy variables",
        ),
        (
            with_condition(r#"{"NumericLessThanEquals": {"s3:max-keys": "10"}}"#),
            "NumericLessThanEquals",
        ),
        (
            with_condition(r#"{"ArnLike": {"aws:SourceArn": "arn:aws:sns:*:*:t"}}"#),
            "ArnLike",
        ),
        (
            with_condition(r#"{"ForAnyValue:IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}"#),
            "ForAnyValue:IpAddress",
        ),
    ];
    for (text, fragment) in cases {
        let error = error(&text);
        assert!(
            matches!(error, PolicyError::Unsupported(_)),
            "{error:?} for {text}"
        );
        let message = error.to_string();
        assert!(message.contains(fragment), "{message}");
        assert!(message.ends_with("is not supported by this KMS stub's key policy evaluator."));
    }
}
