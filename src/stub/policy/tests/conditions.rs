//! Each condition operator, `...IfExists`, and the rules for missing keys
//! and for case.
//!
//! Quotes are from the IAM User Guide: "Condition operators"
//! (`reference_policies_elements_condition_operators`), "Condition"
//! (`reference_policies_elements_condition`) and "Conditions with multiple
//! context keys or values" (conditions-setoperators).

use super::{Context, check, holds, many, one};

// Operators, important note: "If the key that you specify in a policy
// condition is not present in the request context, the values do not match
// and the condition is false. If the policy condition requires that the key
// is not matched, such as StringNotLike or ArnNotLike, and the right key is
// not present, the condition is true."

#[test]
fn string_equals_is_exact_and_case_sensitive() {
    // Condition element: `"Condition" : { "StringEquals" : { "aws:username"
    // : "john" }}` "to make sure that only requests made by john match.
    // Users named John are denied access."
    check(
        r#"{"StringEquals": {"aws:username": "john"}}"#,
        &[
            ("john", one("aws:username", "john"), true),
            ("John", one("aws:username", "John"), false),
            ("missing", Context::new(), false),
        ],
    );
}

#[test]
fn string_not_equals_is_true_for_other_values_and_a_missing_key() {
    // aws:PrincipalAccount: `"StringNotEquals": {"aws:PrincipalAccount":
    // ["123456789012"]}`: "access is denied except to principals with the
    // account number 123456789012".
    check(
        r#"{"StringNotEquals": {"aws:PrincipalAccount": ["123456789012"]}}"#,
        &[
            ("same", one("aws:PrincipalAccount", "123456789012"), false),
            ("other", one("aws:PrincipalAccount", "111122223333"), true),
            ("missing", Context::new(), true),
        ],
    );
}

#[test]
fn string_equals_ignore_case_matches_any_case() {
    // Condition element: "The following condition uses the
    // StringEqualsIgnoreCase operator to match users named john or John."
    check(
        r#"{"StringEqualsIgnoreCase": {"aws:username": "john"}}"#,
        &[
            ("john", one("aws:username", "john"), true),
            ("John", one("aws:username", "John"), true),
            ("jane", one("aws:username", "jane"), false),
            ("missing", Context::new(), false),
        ],
    );
}

#[test]
fn string_not_equals_ignore_case_refuses_any_case() {
    // Operators table: StringNotEqualsIgnoreCase, "Negated matching,
    // ignoring case".
    check(
        r#"{"StringNotEqualsIgnoreCase": {"aws:username": "john"}}"#,
        &[
            ("John", one("aws:username", "John"), false),
            ("jane", one("aws:username", "jane"), true),
            ("missing", Context::new(), true),
        ],
    );
}

#[test]
fn string_like_matches_star_and_question_mark() {
    // ...IfExists section: `"StringLike": {"ec2:InstanceType": ["t1.*",
    // "t2.*", "m3.*"]}`; StringLike values "can include multi-character
    // match wildcards (*) and single-character match wildcards (?)".
    let condition = r#"{"StringLike": {"ec2:InstanceType": ["t1.*", "t2.*", "m3.*", "c?.large"]}}"#;
    check(
        condition,
        &[
            ("t2.micro", one("ec2:InstanceType", "t2.micro"), true),
            ("c5.large", one("ec2:InstanceType", "c5.large"), true),
            ("m5.large", one("ec2:InstanceType", "m5.large"), false),
            ("T2.micro", one("ec2:InstanceType", "T2.micro"), false),
            // "These additional resources do not have the ec2:InstanceType
            // condition key, so the StringLike check fails".
            ("missing", Context::new(), false),
        ],
    );
}

#[test]
fn string_not_like_is_true_when_nothing_matches_or_the_key_is_missing() {
    // Important note: "such as StringNotLike ... and the right key is not
    // present, the condition is true."
    check(
        r#"{"StringNotLike": {"ec2:InstanceType": ["t1.*", "t2.*"]}}"#,
        &[
            ("t2.micro", one("ec2:InstanceType", "t2.micro"), false),
            ("m5.large", one("ec2:InstanceType", "m5.large"), true),
            ("missing", Context::new(), true),
        ],
    );
}

#[test]
fn bool_compares_true_and_false() {
    // Boolean operators: `"Bool": {"aws:SecureTransport": "false"}` denies
    // "if the request is not over SSL"; KMS writes the value as a JSON
    // boolean: `"Bool": {"kms:BypassPolicyLockoutSafetyCheck": true}`.
    check(
        r#"{"Bool": {"aws:SecureTransport": "false"}}"#,
        &[
            ("false", one("aws:SecureTransport", "false"), true),
            ("true", one("aws:SecureTransport", "true"), false),
            ("missing", Context::new(), false),
        ],
    );
    check(
        r#"{"Bool": {"kms:BypassPolicyLockoutSafetyCheck": true}}"#,
        &[(
            "true",
            one("kms:BypassPolicyLockoutSafetyCheck", "true"),
            true,
        )],
    );
}

#[test]
fn null_true_means_the_key_is_absent() {
    // Null: "use either true (the key doesn't exist — it is null) or false
    // (the key exists and its value is not null)";
    // `"Condition":{"Null":{"aws:TokenIssueTime":"true"}}`.
    let absent = r#"{"Null": {"aws:TokenIssueTime": "true"}}"#;
    let present = r#"{"Null": {"aws:TokenIssueTime": false}}"#;
    let token = || one("aws:TokenIssueTime", "2020-01-01T00:00:01Z");
    check(
        absent,
        &[
            ("missing", Context::new(), true),
            ("present", token(), false),
        ],
    );
    check(
        present,
        &[
            ("missing", Context::new(), false),
            ("present", token(), true),
        ],
    );
    // Multivalued context key examples: "You can prevent missing context
    // keys or context keys with empty values from evaluating to true by
    // including a Null condition operator ... with a value of false".
    let tag_keys_present = r#"{"Null": {"aws:TagKeys": "false"}}"#;
    check(
        tag_keys_present,
        &[
            ("empty", many("aws:TagKeys", &[]), false),
            ("one", many("aws:TagKeys", &["key1"]), true),
        ],
    );
}

#[test]
fn if_exists_is_true_on_a_missing_key_and_the_plain_operator_otherwise() {
    // ...IfExists: "If the policy key is present in the context of the
    // request, process the key as specified in the policy. If the key is not
    // present, evaluate the condition element as true."
    let cases = [
        ("StringEqualsIfExists", "t2.micro", "t2.micro", "m5.large"),
        (
            "StringNotEqualsIfExists",
            "t2.micro",
            "m5.large",
            "t2.micro",
        ),
        (
            "StringEqualsIgnoreCaseIfExists",
            "t2.micro",
            "T2.MICRO",
            "m5.large",
        ),
        (
            "StringNotEqualsIgnoreCaseIfExists",
            "t2.micro",
            "m5.large",
            "T2.MICRO",
        ),
        ("StringLikeIfExists", "t2.*", "t2.micro", "m5.large"),
        ("StringNotLikeIfExists", "t2.*", "m5.large", "t2.micro"),
        ("BoolIfExists", "true", "true", "false"),
    ];
    for (operator, value, matching, other) in cases {
        let condition = format!(r#"{{"{operator}": {{"ec2:InstanceType": "{value}"}}}}"#);
        check(
            &condition,
            &[
                ("missing", Context::new(), true),
                ("matching", one("ec2:InstanceType", matching), true),
                ("other", one("ec2:InstanceType", other), false),
            ],
        );
    }
}

#[test]
fn several_values_are_ored_and_negated_ones_nored() {
    // conditions-setoperators: "If a single condition operator includes
    // multiple values for a context key, those values are evaluated using a
    // logical OR. If a single negated matching condition operator includes
    // multiple values for a context key, those values are evaluated using a
    // logical NOR."
    let key = "aws:RequestTag/environment";
    check(
        r#"{"StringEquals": {"aws:RequestTag/environment": ["preprod", "production"]}}"#,
        &[
            ("production", one(key, "production"), true),
            ("dev", one(key, "dev"), false),
        ],
    );
    check(
        r#"{"StringNotEquals": {"aws:RequestTag/environment": ["preprod", "production"]}}"#,
        &[
            ("production", one(key, "production"), false),
            ("dev", one(key, "dev"), true),
        ],
    );
}

#[test]
fn several_keys_and_several_operators_are_anded() {
    // conditions-setoperators: "If your policy statement has multiple
    // condition operators, the condition operators are evaluated using a
    // logical AND. If your policy statement has multiple context keys
    // attached to a single condition operator, the context keys are
    // evaluated using a logical AND."
    let keys =
        r#"{"StringEquals": {"aws:username": "john", "aws:PrincipalAccount": "111122223333"}}"#;
    let both = Context::new()
        .with("aws:username", "john")
        .with("aws:PrincipalAccount", "111122223333");
    check(
        keys,
        &[
            ("both", both.clone(), true),
            ("one", one("aws:username", "john"), false),
        ],
    );
    let operators = r#"{"StringEquals": {"aws:username": "john"},
                        "Null": {"aws:TokenIssueTime": "false"}}"#;
    let token = both
        .clone()
        .with("aws:TokenIssueTime", "2020-01-01T00:00:01Z");
    check(operators, &[("both", token, true), ("one", both, false)]);
}

#[test]
fn key_names_and_operator_names_ignore_case_but_values_do_not() {
    // Condition element: "Context key names are not case-sensitive. For
    // example, including the aws:SourceIP context key is equivalent to
    // testing for AWS:SourceIp." Operator names: INF (iam-simulate).
    let context = one("AWS:SourceIp", "203.0.113.7");
    assert!(holds(
        r#"{"StringEquals": {"aws:SourceIP": "203.0.113.7"}}"#,
        &context
    ));
    assert!(holds(
        r#"{"stringequals": {"aws:sourceip": "203.0.113.7"}}"#,
        &context
    ));
    assert!(holds(
        r#"{"foranyvalue:STRINGLIKE": {"aws:sourceip": "203.*"}}"#,
        &context
    ));
    assert!(!holds(
        r#"{"StringEquals": {"aws:username": "John"}}"#,
        &one("aws:username", "john")
    ));
}
