//! Each condition key the stub supplies, and what its absence means.
//!
//! Quotes are from the KMS Developer Guide ("Controlling access to tags",
//! tag-permissions; "Using tags to control access to KMS keys",
//! tag-authorization; "Using policy conditions", policy-conditions), the
//! IAM User Guide ("Controlling access to AWS resources using resource
//! tags", `access_tags`; "AWS global condition context keys",
//! reference_policies_condition-keys) and contract §6.

use super::{ACCOUNT, Context, Decision, check, decide, many, one, root};
use crate::stub::policy::{Principal, StatementRef};

/// The default key policy's statement, then `statement`.
fn with_default(statement: &str) -> String {
    format!(
        r#"{{"Version": "2012-10-17", "Statement": [
            {{"Sid": "Enable IAM User Permissions", "Effect": "Allow",
              "Principal": {{"AWS": "arn:aws:iam::{ACCOUNT}:root"}},
              "Action": "kms:*", "Resource": "*"}},
            {statement}]}}"#
    )
}

#[test]
fn tag_keys_can_forbid_removing_one_tag() {
    // Contract §6: "a key policy can forbid removing one tag (Deny
    // kms:UntagResource if ForAnyValue:StringEquals aws:TagKeys ["owner"])
    // while other tags stay removable."
    let policy = with_default(
        r#"{"Sid": "KeepOwner", "Effect": "Deny", "Principal": "*",
            "Action": "kms:UntagResource", "Resource": "*",
            "Condition": {"ForAnyValue:StringEquals": {"aws:TagKeys": ["owner"]}}}"#,
    );
    let untag = |keys: &[&str]| {
        let context = Context::for_principal(&root()).with_tag_keys(keys.iter().copied());
        decide(&policy, "kms:UntagResource", &root(), &context)
    };
    let keep_owner = StatementRef {
        index: 1,
        sid: Some("KeepOwner".into()),
    };
    let default = StatementRef {
        index: 0,
        sid: Some("Enable IAM User Permissions".into()),
    };
    assert_eq!(
        untag(&["owner", "cost"]),
        Decision::ExplicitDeny(keep_owner)
    );
    assert_eq!(untag(&["cost"]), Decision::Allowed(default.clone()));
    // Values are case-sensitive under StringEquals: "Owner" is another key.
    assert_eq!(untag(&["Owner"]), Decision::Allowed(default));
}

#[test]
fn tag_keys_under_for_all_values_limit_which_tags_may_change() {
    // tag-permissions, IAMPolicyManageTags: `"ForAllValues:StringEquals":
    // {"aws:TagKeys": "Project"}` allows TagResource and UntagResource "only
    // for tags with a Project tag key"; "The ForAllValues operator also
    // returns true if there are no tags in the request".
    check(
        r#"{"ForAllValues:StringEquals": {"aws:TagKeys": "Project"}}"#,
        &[
            ("Project", many("aws:TagKeys", &["Project"]), true),
            (
                "Project, Owner",
                many("aws:TagKeys", &["Project", "Owner"]),
                false,
            ),
            ("missing", Context::new(), true),
        ],
    );
}

#[test]
fn request_tags_limit_the_values_a_request_may_set() {
    // access_tags, "Controlling access during AWS requests": `"StringEquals":
    // {"aws:RequestTag/environment": ["preprod", "production"]},
    // "ForAllValues:StringEquals": {"aws:TagKeys": "environment"}`: "You can
    // attach tags only if the tag contains the environment key and the
    // preprod or production values"; "This stops users from including other
    // keys, such as accidentally using Environment instead of environment."
    let condition = r#"{"StringEquals": {"aws:RequestTag/environment": ["preprod", "production"]},
                        "ForAllValues:StringEquals": {"aws:TagKeys": "environment"}}"#;
    let request = |tags: &[(&str, &str)]| {
        Context::new()
            .with_request_tags(tags.iter().copied())
            .with_tag_keys(tags.iter().map(|(k, _)| *k))
    };
    check(
        condition,
        &[
            ("preprod", request(&[("environment", "preprod")]), true),
            ("dev", request(&[("environment", "dev")]), false),
            ("Environment", request(&[("Environment", "preprod")]), false),
            (
                "extra key",
                request(&[("environment", "preprod"), ("team", "a")]),
                false,
            ),
            // UntagResource carries no aws:RequestTag: the key is missing.
            ("missing", Context::new(), false),
        ],
    );
}

#[test]
fn resource_tags_grant_access_by_tag() {
    // tag-authorization, IAMPolicyWithResourceTag: `"StringEquals":
    // {"aws:ResourceTag/Project": "Alpha"}` allows "only on KMS keys ... that
    // have a "Project"="Alpha" tag"; "If the tag is deleted from that KMS
    // key or the tag value is changed, the principal no longer has
    // permission".
    let tags = |tags: &[(&str, &str)]| Context::new().with_resource_tags(tags.iter().copied());
    check(
        r#"{"StringEquals": {"aws:ResourceTag/Project": "Alpha"}}"#,
        &[
            ("Alpha", tags(&[("Project", "Alpha")]), true),
            ("Beta", tags(&[("Project", "Beta")]), false),
            ("untagged", tags(&[]), false),
        ],
    );
}

#[test]
fn resource_tags_deny_by_tag_or_by_its_absence() {
    // tag-authorization: "it prohibits the principals from using any AWS
    // KMS operations on KMS keys with a "Type"="Reserved" tag or no "Type"
    // tag": IAMDenyOnTag `"StringEquals": {"aws:ResourceTag/Type":
    // "Reserved"}` and IAMDenyNoTag `"Null": {"aws:ResourceTag/Type":
    // "true"}`.
    let policy = with_default(
        r#"{"Sid": "IAMDenyOnTag", "Effect": "Deny", "Principal": "*", "Action": "kms:*",
            "Resource": "*", "Condition": {"StringEquals": {"aws:ResourceTag/Type": "Reserved"}}},
           {"Sid": "IAMDenyNoTag", "Effect": "Deny", "Principal": "*", "Action": "kms:*",
            "Resource": "*", "Condition": {"Null": {"aws:ResourceTag/Type": "true"}}}"#,
    );
    let denied_by = |tags: &[(&str, &str)]| {
        let context = Context::new().with_resource_tags(tags.iter().copied());
        match decide(&policy, "kms:Encrypt", &root(), &context) {
            Decision::ExplicitDeny(statement) => statement.sid,
            Decision::Allowed(_) | Decision::ImplicitDeny => None,
        }
    };
    assert_eq!(
        denied_by(&[("Type", "Reserved")]).as_deref(),
        Some("IAMDenyOnTag")
    );
    assert_eq!(denied_by(&[]).as_deref(), Some("IAMDenyNoTag"));
    assert_eq!(denied_by(&[("Type", "Normal")]), None);
}

#[test]
fn the_tag_key_in_a_resource_tag_condition_ignores_case() {
    // access_tags: "If a user named richard-roe attempts to start an Amazon
    // EC2 instance, the instance must be tagged Owner=richard-roe or
    // owner=richard-roe ... The tag key Owner matches both Owner and owner
    // because condition key names are not case-sensitive."
    let condition = r#"{"StringEquals": {"aws:ResourceTag/Owner": "richard-roe"}}"#;
    let tagged = |key: &str, value: &str| Context::new().with_resource_tags([(key, value)]);
    check(
        condition,
        &[
            ("Owner", tagged("Owner", "richard-roe"), true),
            ("owner", tagged("owner", "richard-roe"), true),
            ("value case", tagged("owner", "Richard-Roe"), false),
        ],
    );
    // "matches a resource tag key named either TagKey1 or tagkey1, but not
    // both": with both, the first given decides (UNK which AWS takes).
    let both = Context::new().with_resource_tags([("Owner", "richard-roe"), ("owner", "x")]);
    check(condition, &[("both", both, true)]);
}

#[test]
fn principal_arn_names_the_root_user_alone() {
    // condition-keys, aws:PrincipalArn: "When you specify the root user ARN
    // as the value for the aws:PrincipalArn condition key, it limits
    // permissions only for the root user of the AWS account."
    let condition = r#"{"StringEquals": {"aws:PrincipalArn": "arn:aws:iam::111122223333:root"}}"#;
    let alice = Principal::from_arn("arn:aws:iam::111122223333:user/alice").expect("an IAM ARN");
    check(
        condition,
        &[
            ("root", Context::for_principal(&root()), true),
            ("alice", Context::for_principal(&alice), false),
            ("missing", Context::new(), false),
        ],
    );
}

#[test]
fn principal_account_names_the_caller_account() {
    // condition-keys, aws:PrincipalAccount: "Use this key to compare the
    // account to which the requesting principal belongs with the account
    // identifier that you specify in the policy."
    let other = Principal::account_root("aws", "444455556666");
    check(
        r#"{"StringEquals": {"aws:PrincipalAccount": "111122223333"}}"#,
        &[
            ("same", Context::for_principal(&root()), true),
            ("other", Context::for_principal(&other), false),
            ("missing", Context::new(), false),
        ],
    );
}

#[test]
fn caller_account_with_everyone_allows_one_account() {
    // policy-conditions, kms:CallerAccount: "It combines a Principal element
    // that specifies all AWS identities with the kms:CallerAccount condition
    // key to effectively allow access to all identities in AWS account
    // 111122223333": `"Principal": {"AWS": "*"}`, `"StringEquals":
    // {"kms:CallerAccount": "111122223333", "kms:ViaService":
    // "ec2.us-west-2.amazonaws.com"}`.
    let policy = r#"{"Version": "2012-10-17", "Statement": {
        "Sid": "Allow access through EBS for all principals in the account that are authorized to use EBS",
        "Effect": "Allow", "Principal": {"AWS": "*"},
        "Condition": {"StringEquals": {"kms:CallerAccount": "111122223333",
                                       "kms:ViaService": "ec2.us-west-2.amazonaws.com"}},
        "Action": ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*",
                   "kms:CreateGrant", "kms:DescribeKey"],
        "Resource": "*"}}"#;
    let via_ebs = |who: &Principal| {
        Context::for_principal(who).with("kms:ViaService", "ec2.us-west-2.amazonaws.com")
    };
    let other = Principal::account_root("aws", "444455556666");
    let allowed = |who: &Principal, context: &Context| {
        decide(policy, "kms:Decrypt", who, context).is_allowed()
    };
    assert!(allowed(&root(), &via_ebs(&root())));
    assert!(!allowed(&other, &via_ebs(&other)));
    // Without kms:ViaService in the request the StringEquals fails.
    assert!(!allowed(&root(), &Context::for_principal(&root())));
    // Nor without kms:CallerAccount (CreateKey, ListKeys: "exists for all
    // AWS KMS operations except for these").
    assert!(!allowed(
        &root(),
        &one("kms:ViaService", "ec2.us-west-2.amazonaws.com")
    ));
}
