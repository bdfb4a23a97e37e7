//! Whom a statement names, what it covers, Deny over Allow, the default key
//! policy and the lockout safety check.
//!
//! Quotes are from the KMS Developer Guide ("Default key policy",
//! key-policy-default), the IAM User Guide (Action element, `...IfExists`,
//! aws:PrincipalArn) and contract §6.

use super::{ACCOUNT, Context, Decision, KEY_ARN, decide, parse, root};
use crate::stub::policy::{
    KeyPolicy, LOCKOUT_MESSAGE, Principal, Request, StatementRef, default_key_policy,
};

/// One statement of `effect` for `principal`, `action`, `resource`.
fn statement(effect: &str, principal: &str, action: &str, resource: &str) -> String {
    format!(
        r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "{effect}",
            "Principal": {principal}, {action}, {resource}}}]}}"#
    )
}

fn allowed(policy: &str, action: &str, who: &Principal) -> bool {
    decide(policy, action, who, &Context::for_principal(who)).is_allowed()
}

fn alice() -> Principal {
    Principal::from_arn("arn:aws:iam::111122223333:user/alice").expect("an IAM user ARN")
}

#[test]
fn the_default_key_policy_is_the_text_get_key_policy_returns() {
    // botocore kms/2014-11-01/examples-1.json, GetKeyPolicy: "Policy":
    // "{\n  \"Version\" : \"2012-10-17\",\n  \"Id\" : \"key-default-1\", ..."
    let expected = "{\n  \"Version\" : \"2012-10-17\",\n  \"Id\" : \"key-default-1\",\n  \
        \"Statement\" : [ {\n    \"Sid\" : \"Enable IAM User Permissions\",\n    \
        \"Effect\" : \"Allow\",\n    \"Principal\" : {\n      \
        \"AWS\" : \"arn:aws:iam::111122223333:root\"\n    },\n    \
        \"Action\" : \"kms:*\",\n    \"Resource\" : \"*\"\n  } ]\n}";
    assert_eq!(default_key_policy("aws", ACCOUNT), expected);
    assert!(
        default_key_policy("aws-cn", ACCOUNT).contains("\"arn:aws-cn:iam::111122223333:root\"")
    );
}

#[test]
fn the_default_key_policy_lets_the_account_do_everything_and_no_one_else_anything() {
    // key-policy-default: "It gives the AWS account that owns the KMS key
    // full access to the KMS key"; with no IAM, the caller is an
    // administrator of its account (contract §6), users included.
    let policy = default_key_policy("aws", ACCOUNT);
    for action in [
        "kms:UntagResource",
        "kms:PutKeyPolicy",
        "kms:ScheduleKeyDeletion",
    ] {
        assert!(allowed(&policy, action, &root()), "{action}");
        assert!(allowed(&policy, action, &alice()), "{action}");
    }
    let stranger = Principal::account_root("aws", "444455556666");
    assert_eq!(
        decide(&policy, "kms:UntagResource", &stranger, &Context::new()),
        Decision::ImplicitDeny
    );
    let other_partition = Principal::account_root("aws-cn", ACCOUNT);
    assert!(!allowed(&policy, "kms:UntagResource", &other_partition));
}

#[test]
fn an_explicit_deny_wins_over_any_allow() {
    // Contract §6: "an explicit Deny in the key policy always wins"; "a Deny of
    // kms:UntagResource ... does not stop the caller from kms:PutKeyPolicy".
    let policy = r#"{"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "kms:*", "Resource": "*"},
        {"Effect": "Deny", "Principal": {"AWS": "111122223333"}, "Action": "kms:UntagResource",
         "Resource": "*"}]}"#;
    let decision = decide(policy, "kms:UntagResource", &root(), &Context::new());
    let Decision::ExplicitDeny(statement) = decision else {
        panic!("expected an explicit deny, got {decision:?}");
    };
    assert_eq!(
        (statement.index, statement.to_string()),
        (1, "Statement 2".to_owned())
    );
    assert!(allowed(policy, "kms:PutKeyPolicy", &root()));
}

#[test]
fn allowing_names_the_allow_a_deny_overrides() {
    // What `allowing` is for: the stub's deviation that forgets "an explicit
    // deny in any policy overrides any allows" acts on this statement.
    let policy = parse(
        r#"{"Version": "2012-10-17", "Statement": [
        {"Effect": "Deny", "Principal": "*", "Action": "kms:UntagResource", "Resource": "*"},
        {"Sid": "Everything", "Effect": "Allow", "Principal": {"AWS": "111122223333"},
         "Action": "kms:*", "Resource": "*"}]}"#,
    );
    let (principal, context) = (root(), Context::new());
    let untag = Request {
        action: "kms:UntagResource",
        key_arn: KEY_ARN,
        principal: &principal,
        context: &context,
    };
    let everything = StatementRef {
        index: 1,
        sid: Some("Everything".into()),
    };
    assert!(matches!(policy.evaluate(&untag), Decision::ExplicitDeny(_)));
    assert_eq!(policy.allowing(&untag), Some(everything));
    let other = parse(
        r#"{"Statement": {"Effect": "Allow", "Principal": {"AWS": "444455556666"},
            "Action": "kms:*", "Resource": "*"}}"#,
    );
    assert_eq!(other.allowing(&untag), None);
}

#[test]
fn a_deny_with_a_negated_if_exists_condition_denies_a_missing_key() {
    // ...IfExists: "If you are using an "Effect": "Deny" element with a
    // negated condition operator like StringNotEqualsIfExists, the request
    // is still denied even if the tag is missing."
    let policy = r#"{"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "kms:*", "Resource": "*"},
        {"Sid": "OnlyProjectAlpha", "Effect": "Deny", "Principal": "*", "Action": "kms:*",
         "Resource": "*",
         "Condition": {"StringNotEqualsIfExists": {"aws:ResourceTag/Project": "Alpha"}}}]}"#;
    let alpha = Context::new().with_resource_tags([("Project", "Alpha")]);
    assert!(decide(policy, "kms:Decrypt", &root(), &alpha).is_allowed());
    let untagged = decide(policy, "kms:Decrypt", &root(), &Context::new());
    assert!(
        matches!(untagged, Decision::ExplicitDeny(s) if s.to_string() == "Statement \"OnlyProjectAlpha\"")
    );
}

#[test]
fn principals_name_everyone_an_account_or_one_identity() {
    // Principal element: "For anonymous users, the following elements are
    // equivalent: "Principal": "*", "Principal": { "AWS" : "*" }"; an
    // account ID is "the short form" of `arn:aws:iam::account-id:root`; the
    // account principal "delegates authority to the AWS account"
    // (aws:PrincipalArn).
    let action = r#""Action": "kms:*""#;
    let resource = r#""Resource": "*""#;
    let cases = [
        (r#""*""#, true, true),
        (r#"{"AWS": "*"}"#, true, true),
        (
            r#"{"AWS": ["arn:aws:iam::444455556666:root", "*"]}"#,
            true,
            true,
        ),
        (r#"{"AWS": "111122223333"}"#, true, true),
        (r#"{"AWS": "arn:aws:iam::111122223333:root"}"#, true, true),
        (
            r#"{"AWS": "arn:aws:iam::111122223333:user/alice"}"#,
            false,
            true,
        ),
        (
            r#"{"AWS": "arn:aws:iam::111122223333:user/bob"}"#,
            false,
            false,
        ),
        (r#"{"AWS": "444455556666"}"#, false, false),
        // A service principal is never an IAM caller.
        (
            r#"{"Service": "logs.us-east-1.amazonaws.com"}"#,
            false,
            false,
        ),
    ];
    for (principal, root_allowed, alice_allowed) in cases {
        let policy = statement("Allow", principal, action, resource);
        assert_eq!(
            allowed(&policy, "kms:DescribeKey", &root()),
            root_allowed,
            "{principal}"
        );
        assert_eq!(
            allowed(&policy, "kms:DescribeKey", &alice()),
            alice_allowed,
            "{principal}"
        );
    }
}

#[test]
fn actions_ignore_case_and_take_wildcards() {
    // Action element: "The prefix and the action name are case insensitive.
    // For example, iam:ListAccessKeys is the same as IAM:listaccesskeys";
    // key-policy-default: "kms:Describe*" "allows all permissions that begin
    // with the specified verb".
    let cases = [
        (r#""Action": "KMS:untagresource""#, true),
        (r#""Action": ["kms:TagResource", "kms:Untag*"]"#, true),
        (r#""Action": "kms:?ntagResource""#, true),
        (r#""Action": "*""#, true),
        (r#""Action": "kms:Describe*""#, false),
        (r#""Action": "s3:*""#, false),
        (r#""NotAction": "kms:PutKeyPolicy""#, true),
        (r#""NotAction": ["kms:Untag*"]"#, false),
    ];
    for (action, expected) in cases {
        let policy = statement("Allow", r#""*""#, action, r#""Resource": "*""#);
        assert_eq!(
            allowed(&policy, "kms:UntagResource", &root()),
            expected,
            "{action}"
        );
    }
}

#[test]
fn resources_are_this_key_by_star_arn_or_pattern() {
    // key-policy-default: `"Resource": "*"` (in a key policy, this key);
    // tag-permissions: `"Resource": "arn:aws:kms:*:111122223333:key/*"`.
    let exact = format!(r#""Resource": "{KEY_ARN}""#);
    let cases = [
        (r#""Resource": "*""#, true),
        (exact.as_str(), true),
        (r#""Resource": "arn:aws:kms:*:111122223333:key/*""#, true),
        (r#""Resource": "arn:aws:kms:*:444455556666:key/*""#, false),
        (r#""Resource": "ARN:AWS:KMS:*:111122223333:KEY/*""#, false),
        (r#""NotResource": "arn:aws:kms:*:444455556666:key/*""#, true),
    ];
    for (resource, expected) in cases {
        let policy = statement("Allow", r#""*""#, r#""Action": "kms:*""#, resource);
        assert_eq!(
            allowed(&policy, "kms:UntagResource", &root()),
            expected,
            "{resource}"
        );
    }
}

#[test]
fn no_applying_statement_is_an_implicit_deny() {
    // Contract §6: "otherwise the call needs an Allow".
    let policy = statement(
        "Deny",
        r#""*""#,
        r#""Action": "kms:Decrypt""#,
        r#""Resource": "*""#,
    );
    assert_eq!(
        decide(&policy, "kms:UntagResource", &root(), &Context::new()),
        Decision::ImplicitDeny
    );
    let empty = r#"{"Version": "2012-10-17", "Statement": []}"#;
    assert_eq!(
        decide(empty, "kms:UntagResource", &root(), &Context::new()),
        Decision::ImplicitDeny
    );
}

#[test]
fn the_lockout_check_needs_put_key_policy_for_the_caller() {
    // Contract §6: CreateKey/PutKeyPolicy refuse "a policy under which the caller
    // could not call kms:PutKeyPolicy afterwards"; "a Deny of
    // kms:UntagResource, kms:TagResource or kms:DescribeKey does not stop
    // the caller from kms:PutKeyPolicy".
    let passes = |policy: &str| {
        parse(policy).passes_lockout_check(&root(), KEY_ARN, &Context::for_principal(&root()))
    };
    assert!(passes(&default_key_policy("aws", ACCOUNT)));
    let keeps_put = r#"{"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "kms:*", "Resource": "*"},
        {"Effect": "Deny", "Principal": "*",
         "Action": ["kms:UntagResource", "kms:TagResource", "kms:DescribeKey"], "Resource": "*"}]}"#;
    assert!(passes(keeps_put));
    let denies_put = r#"{"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "kms:*", "Resource": "*"},
        {"Effect": "Deny", "Principal": "*", "Action": "kms:Put*", "Resource": "*"}]}"#;
    assert!(!passes(denies_put));
    let only_alice = r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::111122223333:user/alice"}, "Action": "kms:*",
        "Resource": "*"}}"#;
    assert!(!passes(only_alice));
    // KMS's words for the refusal (REC).
    assert_eq!(
        LOCKOUT_MESSAGE,
        "The new key policy will not allow you to update the key policy in the future."
    );
}

#[test]
fn principals_come_from_identity_arns_only() {
    // aws:PrincipalArn lists the request context values: IAM role and user
    // ARNs, `arn:aws:sts::123456789012:federated-user/user-name`, and
    // `arn:aws:iam::123456789012:root`.
    let user = Principal::from_arn("arn:aws:iam::123456789012:user/user-name").expect("user");
    assert_eq!((user.account(), user.partition()), ("123456789012", "aws"));
    assert!(Principal::from_arn("arn:aws:sts::123456789012:federated-user/user-name").is_some());
    assert_eq!(
        Principal::from_arn("arn:aws:iam::123456789012:root"),
        Some(Principal::account_root("aws", "123456789012"))
    );
    for not_identity in [KEY_ARN, "arn:aws:iam::1234:root", "123456789012", ""] {
        assert_eq!(Principal::from_arn(not_identity), None, "{not_identity}");
    }
}

#[test]
fn a_policy_parses_from_str_as_well() {
    let policy: KeyPolicy = default_key_policy("aws", ACCOUNT).parse().expect("parses");
    assert_eq!(policy, parse(&default_key_policy("aws", ACCOUNT)));
}
