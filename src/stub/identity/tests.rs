use std::collections::BTreeMap;
use std::time::{Duration, SystemTime};

use super::*;

const ACCOUNT: &str = "111122223333";
const TRUST: &str = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
    "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "sts:AssumeRole"}]}"#;

fn at(seconds: u64) -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000 + seconds)
}

fn call(
    identities: &mut Identities,
    caller: &Caller,
    operation: QueryOperation,
    members: &[(&str, &str)],
    when: SystemTime,
) -> Result<QueryOutput, IamError> {
    let members: BTreeMap<String, String> = members
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    identities.handle(&QueryCall {
        caller,
        operation,
        members: &members,
        at: when,
    })
}

fn user() -> Caller {
    Caller::user(ACCOUNT, "us-east-1")
}

/// Makes role `name` with inline policy `policy` at `when`, assumes it with
/// `session_policy`: the session's caller.
fn session(
    identities: &mut Identities,
    name: &str,
    policy: &str,
    session_policy: Option<&str>,
    when: SystemTime,
) -> Caller {
    let admin = user();
    call(
        identities,
        &admin,
        QueryOperation::CreateRole,
        &[("RoleName", name), ("AssumeRolePolicyDocument", TRUST)],
        when,
    )
    .expect("made");
    call(
        identities,
        &admin,
        QueryOperation::PutRolePolicy,
        &[
            ("RoleName", name),
            ("PolicyName", "p"),
            ("PolicyDocument", policy),
        ],
        when,
    )
    .expect("put");
    let arn = format!("arn:aws:iam::{ACCOUNT}:role/{name}");
    let mut members = vec![("RoleArn", arn.as_str()), ("RoleSessionName", "s1")];
    if let Some(policy) = session_policy {
        members.push(("Policy", policy));
    }
    let Ok(QueryOutput::Session(view)) = call(
        identities,
        &admin,
        QueryOperation::AssumeRole,
        &members,
        when,
    ) else {
        panic!("assumed")
    };
    Caller {
        account: ACCOUNT.to_owned(),
        region: "us-east-1".to_owned(),
        identity: identities
            .identity(&view.access_key_id, when)
            .expect("a session"),
    }
}

const ALL_KMS: &str = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:*", "Resource": "*"}]}"#;

#[test]
fn role_names_are_unique_regardless_of_case() {
    let mut identities = Identities::default();
    let admin = user();
    let make = |identities: &mut Identities, name: &str| {
        call(
            identities,
            &admin,
            QueryOperation::CreateRole,
            &[("RoleName", name), ("AssumeRolePolicyDocument", TRUST)],
            at(0),
        )
    };
    assert!(make(&mut identities, "Reader").is_ok());
    let again = make(&mut identities, "READER").expect_err("taken");
    assert_eq!(
        (again.code, again.status),
        (ErrorCode::EntityAlreadyExists, 409)
    );
}

#[test]
fn a_missing_or_malformed_member_is_refused_as_a_query_service_refuses_it() {
    let mut identities = Identities::default();
    let admin = user();
    let missing = call(
        &mut identities,
        &admin,
        QueryOperation::CreateRole,
        &[("RoleName", "r")],
        at(0),
    )
    .expect_err("refused");
    assert_eq!(
        (missing.code.clone(), missing.status),
        (ErrorCode::ValidationError, 400)
    );
    assert!(
        missing.message.contains("'assumeRolePolicyDocument'"),
        "{}",
        missing.message
    );
    let malformed = call(
        &mut identities,
        &admin,
        QueryOperation::CreateRole,
        &[("RoleName", "r"), ("AssumeRolePolicyDocument", "{not json")],
        at(0),
    )
    .expect_err("refused");
    assert_eq!(malformed.code, ErrorCode::MalformedPolicyDocument);
    assert_eq!(malformed.message, "Syntax errors in policy.");
    let with_resource = TRUST.replace(
        r#""Action": "sts:AssumeRole""#,
        r#""Action": "sts:AssumeRole", "Resource": "*""#,
    );
    let refused = call(
        &mut identities,
        &admin,
        QueryOperation::CreateRole,
        &[
            ("RoleName", "r"),
            ("AssumeRolePolicyDocument", &with_resource),
        ],
        at(0),
    )
    .expect_err("refused");
    assert_eq!(refused.code, ErrorCode::MalformedPolicyDocument);
    let bad_path = call(
        &mut identities,
        &admin,
        QueryOperation::CreateRole,
        &[
            ("RoleName", "r"),
            ("Path", "no-slashes"),
            ("AssumeRolePolicyDocument", TRUST),
        ],
        at(0),
    )
    .expect_err("refused");
    assert_eq!(bad_path.code, ErrorCode::ValidationError);
}

#[test]
fn a_role_sessions_policies_are_those_iam_applies_after_its_lag() {
    let mut identities = Identities::new(Duration::from_secs(2));
    let admin = user();
    call(
        &mut identities,
        &admin,
        QueryOperation::CreateRole,
        &[("RoleName", "r"), ("AssumeRolePolicyDocument", TRUST)],
        at(0),
    )
    .expect("made");
    let arn = format!("arn:aws:iam::{ACCOUNT}:role/r");
    let assume = [("RoleArn", arn.as_str()), ("RoleSessionName", "s1")];
    assert!(
        call(
            &mut identities,
            &admin,
            QueryOperation::AssumeRole,
            &assume,
            at(1)
        )
        .is_err(),
        "not yet visible"
    );
    let Ok(QueryOutput::Session(view)) = call(
        &mut identities,
        &admin,
        QueryOperation::AssumeRole,
        &assume,
        at(2),
    ) else {
        panic!("assumed once visible")
    };
    call(
        &mut identities,
        &admin,
        QueryOperation::PutRolePolicy,
        &[
            ("RoleName", "r"),
            ("PolicyName", "p"),
            ("PolicyDocument", ALL_KMS),
        ],
        at(10),
    )
    .expect("put");
    let policies = |when| match identities.identity(&view.access_key_id, when) {
        Some(CallerIdentity::Session(session)) => session.policies.len(),
        other => panic!("{other:?}"),
    };
    assert_eq!(policies(at(11)), 0, "the change is not applied yet");
    assert_eq!(policies(at(12)), 1);
}

#[test]
fn a_session_of_a_deleted_role_keeps_no_permission_even_from_a_new_role_of_its_name() {
    let mut identities = Identities::default();
    let admin = user();
    let caller = session(&mut identities, "r", ALL_KMS, None, at(0));
    let CallerIdentity::Session(first) = &caller.identity else {
        panic!("a session")
    };
    assert_eq!(first.policies.len(), 1);
    call(
        &mut identities,
        &admin,
        QueryOperation::DeleteRolePolicy,
        &[("RoleName", "r"), ("PolicyName", "p")],
        at(1),
    )
    .expect("deleted");
    call(
        &mut identities,
        &admin,
        QueryOperation::DeleteRole,
        &[("RoleName", "r")],
        at(1),
    )
    .expect("deleted");
    session(&mut identities, "r", ALL_KMS, None, at(2));
    let mut held = Vec::new();
    for (access_key, session) in &identities.sessions {
        if let Some(CallerIdentity::Session(now)) = identities.identity(access_key, at(3)) {
            held.push((session.role_created, now.policies.len()));
        }
    }
    held.sort();
    assert_eq!(held, [(at(0), 0), (at(2), 1)]);
}

#[test]
fn a_role_session_may_call_iam_only_as_its_policies_allow() {
    let mut identities = Identities::default();
    let caller = session(&mut identities, "r", ALL_KMS, None, at(0));
    let refused = call(
        &mut identities,
        &caller,
        QueryOperation::CreateRole,
        &[("RoleName", "x"), ("AssumeRolePolicyDocument", TRUST)],
        at(1),
    )
    .expect_err("refused");
    assert_eq!(
        (refused.code.clone(), refused.status),
        (ErrorCode::AccessDenied, 403)
    );
    assert_eq!(
        refused.message,
        format!(
            "User: arn:aws:sts::{ACCOUNT}:assumed-role/r/s1 is not authorized to perform: \
             iam:CreateRole on resource: arn:aws:iam::{ACCOUNT}:role/x because no \
             identity-based policy allows the iam:CreateRole action"
        )
    );
    let me = call(
        &mut identities,
        &caller,
        QueryOperation::GetCallerIdentity,
        &[],
        at(1),
    )
    .expect("no permission needed");
    assert!(
        matches!(me, QueryOutput::CallerIdentity { ref arn, .. } if arn.ends_with("assumed-role/r/s1")),
        "{me:?}"
    );
}

#[test]
fn a_session_policy_is_kept_with_the_session() {
    let mut identities = Identities::default();
    let deny_all = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*"}]}"#;
    let caller = session(&mut identities, "r", ALL_KMS, Some(deny_all), at(0));
    assert!(caller.identity.session_policy().is_some());
    let refused = session_with_bad_policy(&mut identities);
    assert_eq!(refused.code, ErrorCode::MalformedPolicyDocument);
}

fn session_with_bad_policy(identities: &mut Identities) -> IamError {
    let arn = format!("arn:aws:iam::{ACCOUNT}:role/r");
    call(identities, &user(), QueryOperation::AssumeRole, &[("RoleArn", &arn), ("RoleSessionName", "s2"), ("Policy", r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}]}"#)], at(1)).expect_err("a session policy names no principal")
}

#[test]
fn roles_are_listed_by_path_a_page_at_a_time() {
    let mut identities = Identities::default();
    let admin = user();
    for (name, path) in [
        ("a", "/kms-conformance/"),
        ("b", "/other/"),
        ("c", "/kms-conformance/"),
        ("d", "/kms-conformance/"),
    ] {
        call(
            &mut identities,
            &admin,
            QueryOperation::CreateRole,
            &[
                ("RoleName", name),
                ("Path", path),
                ("AssumeRolePolicyDocument", TRUST),
            ],
            at(0),
        )
        .expect("made");
    }
    let page = |identities: &mut Identities, marker: Option<&str>| {
        let mut members = vec![("PathPrefix", "/kms-conformance/"), ("MaxItems", "2")];
        members.extend(marker.map(|m| ("Marker", m)));
        match call(
            identities,
            &admin,
            QueryOperation::ListRoles,
            &members,
            at(1),
        )
        .expect("listed")
        {
            QueryOutput::Roles { roles, marker } => (
                roles.into_iter().map(|r| r.name).collect::<Vec<_>>(),
                marker,
            ),
            other => panic!("{other:?}"),
        }
    };
    let (first, marker) = page(&mut identities, None);
    assert_eq!(first, ["a", "c"]);
    let (second, end) = page(&mut identities, marker.as_deref());
    assert_eq!(second, ["d"]);
    assert_eq!(end, None);
}
