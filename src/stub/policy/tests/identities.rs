use std::sync::Arc;

use super::super::{Decisions, PolicyError, PolicyKind, Refusal, Verdict, decide_all};
use super::*;

const ROLE: &str = "arn:aws:iam::111122223333:role/kms-conformance/r";
const SESSION: &str = "arn:aws:sts::111122223333:assumed-role/r/s";

fn session() -> Principal {
    Principal::role_session(ROLE, SESSION).expect("a session")
}

fn identity(text: &str) -> Arc<KeyPolicy> {
    Arc::new(KeyPolicy::parse_identity(text).unwrap_or_else(|e| panic!("{e}\n{text}")))
}

fn request<'a>(principal: &'a Principal, context: &'a Context) -> Request<'a> {
    Request {
        action: "kms:UntagResource",
        key_arn: KEY_ARN,
        principal,
        context,
    }
}

/// "IAM policies that allow permissions have no effect" without the key
/// policy's permission; "You can use an IAM policy to deny a permission to
/// a KMS key without permission from a key policy" (Key policies, DOC).
#[test]
fn the_key_policy_delegates_to_identity_policies_and_a_deny_anywhere_wins() {
    let principal = session();
    let context = Context::for_principal(&principal);
    let request = request(&principal, &context);
    let default_policy = parse(&super::super::default_key_policy("aws", ACCOUNT));
    let allow = identity(
        r#"{"Statement": {"Effect": "Allow", "Action": "kms:UntagResource", "Resource": "*"}}"#,
    );
    let deny = identity(r#"{"Statement": {"Effect": "Deny", "Action": "kms:*", "Resource": "*"}}"#);
    let verdict =
        |resource: &KeyPolicy, identities: &[Arc<KeyPolicy>], session: Option<&KeyPolicy>| {
            let decision = resource.evaluate(&request);
            Decisions {
                resource_names_caller: decision.is_allowed()
                    && resource.allowing_directly(&request).is_some(),
                resource: decision,
                identity: decide_all(identities, &request),
                session: session.map(|p| p.evaluate(&request)),
            }
            .verdict()
        };
    assert_eq!(
        verdict(&default_policy, &[Arc::clone(&allow)], None),
        Verdict::Allowed
    );
    assert_eq!(
        verdict(&default_policy, &[], None),
        Verdict::Refused(Refusal::NoAllow(PolicyKind::IdentityBased))
    );
    assert_eq!(
        verdict(
            &default_policy,
            &[Arc::clone(&allow), Arc::clone(&deny)],
            None
        ),
        Verdict::Refused(Refusal::ExplicitDeny(PolicyKind::IdentityBased))
    );
    let to_the_role = parse(&format!(
        r#"{{"Statement": {{"Effect": "Allow", "Principal": {{"AWS": "{ROLE}"}}, "Action": "kms:*", "Resource": "*"}}}}"#
    ));
    assert_eq!(
        verdict(&to_the_role, &[], None),
        Verdict::Allowed,
        "a grant to the role itself"
    );
    let to_another = parse(
        r#"{"Statement": {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": "kms:*", "Resource": "*"}}"#,
    );
    assert_eq!(
        verdict(&to_another, std::slice::from_ref(&allow), None),
        Verdict::Refused(Refusal::NoAllow(PolicyKind::ResourceBased))
    );
    let nothing = identity(
        r#"{"Statement": {"Effect": "Allow", "Action": "kms:DescribeKey", "Resource": "*"}}"#,
    );
    assert_eq!(
        verdict(&default_policy, &[allow], Some(&nothing)),
        Verdict::Refused(Refusal::NoAllow(PolicyKind::Session)),
        "a session policy narrows"
    );
}

#[test]
fn refusals_say_which_kind_of_policy_is_to_blame() {
    assert_eq!(
        Refusal::NoAllow(PolicyKind::IdentityBased).reason("kms:UntagResource"),
        "because no identity-based policy allows the kms:UntagResource action"
    );
    assert_eq!(
        Refusal::ExplicitDeny(PolicyKind::ResourceBased).reason("kms:UntagResource"),
        "with an explicit deny in a resource-based policy"
    );
}

/// `aws:PrincipalArn` is the role's ARN; a refusal names the session, and
/// a key policy may name either.
#[test]
fn a_role_session_is_its_role_to_conditions_and_itself_to_refusals() {
    let principal = session();
    assert_eq!(principal.arn(), ROLE);
    assert_eq!(principal.caller_arn(), SESSION);
    assert_eq!(principal.account(), ACCOUNT);
    let context = Context::for_principal(&principal);
    for named in [ROLE, SESSION] {
        let policy = parse(&format!(
            r#"{{"Statement": {{"Effect": "Allow", "Principal": {{"AWS": "{named}"}}, "Action": "kms:*", "Resource": "*"}}}}"#
        ));
        assert!(
            policy
                .allowing_directly(&request(&principal, &context))
                .is_some(),
            "{named}"
        );
    }
    assert!(Principal::role_session(ROLE, "arn:aws:sts::444455556666:assumed-role/r/s").is_none());
}

#[test]
fn an_identity_policy_names_no_principal_and_a_trust_policy_no_resource() {
    let with_principal =
        r#"{"Statement": {"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}}"#;
    assert_eq!(
        KeyPolicy::parse_identity(with_principal),
        Err(PolicyError::Malformed(
            "Policy document should not specify a principal.".to_owned()
        ))
    );
    let with_resource = r#"{"Statement": [{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "sts:AssumeRole", "Resource": "*"}]}"#;
    assert_eq!(
        KeyPolicy::parse_trust(with_resource),
        Err(PolicyError::Malformed(
            "Has prohibited field Resource.".to_owned()
        ))
    );
    assert!(KeyPolicy::parse_trust(&with_resource.replace(r#", "Resource": "*""#, "")).is_ok());
    assert!(matches!(
        KeyPolicy::parse_identity("{not json"),
        Err(PolicyError::NotJson(_))
    ));
}

/// `aws:ResourceTag/<k>` in an identity policy (Use tags to control access
/// to KMS keys, DOC): the documented Allow and Deny shapes.
#[test]
fn resource_tags_decide_the_documented_allow_and_deny() {
    let principal = session();
    let alpha = Context::for_principal(&principal).with_resource_tags([("Project", "Alpha")]);
    let untagged = Context::for_principal(&principal);
    let allow = identity(
        r#"{"Statement": {"Effect": "Allow", "Action": "kms:*", "Resource": "*",
        "Condition": {"StringEquals": {"aws:ResourceTag/Project": "Alpha"}}}}"#,
    );
    assert!(allow.evaluate(&request(&principal, &alpha)).is_allowed());
    assert_eq!(
        allow.evaluate(&request(&principal, &untagged)),
        Decision::ImplicitDeny
    );
    let deny_untagged = identity(
        r#"{"Statement": {"Sid": "IAMDenyNoTag", "Effect": "Deny", "Action": "kms:*", "Resource": "*",
        "Condition": {"Null": {"aws:ResourceTag/Project": "true"}}}}"#,
    );
    assert!(matches!(
        deny_untagged.evaluate(&request(&principal, &untagged)),
        Decision::ExplicitDeny(_)
    ));
    assert_eq!(
        deny_untagged.evaluate(&request(&principal, &alpha)),
        Decision::ImplicitDeny
    );
}
