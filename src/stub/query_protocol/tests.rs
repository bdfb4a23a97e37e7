//! IAM, STS and KMS on one stub, end to end over the wire: a role made,
//! given a policy, assumed, and its session's requests authorized.

use serde_json::{Value, json};

use super::super::{StubOptions, StubServer};
use crate::wire::{
    Client, Credentials, ErrorCode, Limits, Operation, QueryAnswer, QueryOperation, WireRequest,
};

const TRUST: &str = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
    "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "sts:AssumeRole"}]}"#;

fn client(stub: &StubServer) -> Client {
    Client::new(
        stub.uri(),
        "us-east-1",
        Credentials::new("test", "test", None),
        Limits::default(),
    )
    .expect("a client")
}

async fn query(
    client: &Client,
    operation: QueryOperation,
    members: &[(&str, &str)],
) -> QueryAnswer {
    client.query(operation, members).await.expect("an answer")
}

/// Makes role `name` with `policy` and assumes it: the session's client.
async fn role_session(client: &Client, name: &str, policy: Option<&str>) -> (Client, String) {
    let made = query(
        client,
        QueryOperation::CreateRole,
        &[
            ("RoleName", name),
            ("Path", "/kms-conformance/"),
            ("AssumeRolePolicyDocument", TRUST),
        ],
    )
    .await;
    assert!(made.is_success(), "{}", made.describe());
    let role_arn = made
        .document
        .as_ref()
        .and_then(|d| d.text_of("Arn"))
        .expect("the role's ARN")
        .to_owned();
    assert_eq!(
        role_arn,
        format!("arn:aws:iam::111122223333:role/kms-conformance/{name}")
    );
    if let Some(policy) = policy {
        let put = query(
            client,
            QueryOperation::PutRolePolicy,
            &[
                ("RoleName", name),
                ("PolicyName", "p"),
                ("PolicyDocument", policy),
            ],
        )
        .await;
        assert!(put.is_success(), "{}", put.describe());
    }
    let assumed = query(
        client,
        QueryOperation::AssumeRole,
        &[("RoleArn", &role_arn), ("RoleSessionName", "sess")],
    )
    .await;
    assert!(assumed.is_success(), "{}", assumed.describe());
    let session_arn = assumed
        .document
        .as_ref()
        .and_then(|d| d.text_of("Arn"))
        .expect("the session's ARN")
        .to_owned();
    // The session ARN leaves the role's path out (contract row 191).
    assert_eq!(
        session_arn,
        format!("arn:aws:sts::111122223333:assumed-role/{name}/sess")
    );
    let credentials = assumed.credentials.expect("credentials");
    (client.as_caller(credentials), session_arn)
}

async fn create_key(client: &Client, tags: Value) -> String {
    let made = client
        .call(Operation::CreateKey, &json!({ "Tags": tags }))
        .await
        .expect("an answer");
    made.json().expect("JSON")["KeyMetadata"]["KeyId"]
        .as_str()
        .expect("a key ID")
        .to_owned()
}

#[tokio::test]
async fn a_role_may_do_what_its_identity_policy_allows_and_is_refused_the_rest_by_its_session() {
    let stub = StubServer::start().await;
    let admin = client(&stub);
    let key_id = create_key(&admin, json!([{"TagKey": "env", "TagValue": "prod"}])).await;
    let key_arn = format!("arn:aws:kms:us-east-1:111122223333:key/{key_id}");
    let policy = format!(
        r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": "kms:DescribeKey", "Resource": "{key_arn}"}}]}}"#
    );
    let (reader, session_arn) = role_session(&admin, "reader", Some(&policy)).await;
    let described = reader
        .call(Operation::DescribeKey, &json!({ "KeyId": key_id }))
        .await
        .expect("an answer");
    assert_eq!(described.status, 200, "{}", described.body_preview(300));
    let untag = json!({ "KeyId": key_id, "TagKeys": ["env"] });
    let refused = reader
        .call(Operation::UntagResource, &untag)
        .await
        .expect("an answer");
    assert_eq!(refused.error_code(), Some(ErrorCode::AccessDeniedException));
    assert_eq!(
        refused.error_message().as_deref(),
        Some(
            format!(
                "User: {session_arn} is not authorized to perform: kms:UntagResource on resource: \
                 {key_arn} because no identity-based policy allows the kms:UntagResource action"
            )
            .as_str()
        )
    );
    // The stub's own user is an administrator: the default key policy lets it.
    let untagged = admin
        .call(Operation::UntagResource, &untag)
        .await
        .expect("an answer");
    assert_eq!(untagged.status, 200, "{}", untagged.body_preview(300));
}

#[tokio::test]
async fn list_keys_is_granted_by_identity_policies_only() {
    let stub = StubServer::start().await;
    let admin = client(&stub);
    let (nothing, session_arn) = role_session(&admin, "nothing", None).await;
    let refused = nothing
        .call(Operation::ListKeys, &json!({}))
        .await
        .expect("an answer");
    assert_eq!(refused.error_code(), Some(ErrorCode::AccessDeniedException));
    assert_eq!(
        refused.error_message().as_deref(),
        Some(
            format!(
                "User: {session_arn} is not authorized to perform: kms:ListKeys on resource: * \
                 because no identity-based policy allows the kms:ListKeys action"
            )
            .as_str()
        )
    );
    let lister = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:ListKeys", "Resource": "*"}]}"#;
    let (lister, _) = role_session(&admin, "lister", Some(lister)).await;
    for client in [&lister, &admin] {
        let answer = client
            .call(Operation::ListKeys, &json!({}))
            .await
            .expect("an answer");
        assert_eq!(answer.status, 200, "{}", answer.body_preview(300));
    }
}

#[tokio::test]
async fn a_session_key_needs_its_own_token_and_secret() {
    let stub = StubServer::start().await;
    let admin = client(&stub);
    let (session, _) = role_session(&admin, "tokens", None).await;
    let list = WireRequest::operation(Operation::ListKeys, &json!({}));
    let wrong_secret = session
        .send(list.clone().with_wrong_secret())
        .await
        .expect("an answer");
    assert_eq!(
        wrong_secret.error_code(),
        Some(ErrorCode::InvalidSignatureException)
    );
    let access_key = session.credentials().access_key_id().to_owned();
    let secret = session
        .credentials()
        .secrets()
        .next()
        .expect("a secret")
        .to_owned();
    for token in [None, Some("forged".to_owned())] {
        let forged = admin.as_caller(Credentials::new(access_key.clone(), secret.clone(), token));
        let answer = forged.send(list.clone()).await.expect("an answer");
        assert_eq!(
            answer.error_code(),
            Some(ErrorCode::UnrecognizedClientException),
            "{}",
            answer.body_preview(200)
        );
    }
}

#[tokio::test]
async fn a_role_is_assumable_only_by_whom_its_trust_policy_names_and_only_once_iam_shows_it() {
    let stub = StubServer::start_with(StubOptions {
        iam_lag: std::time::Duration::from_millis(300),
        ..StubOptions::default()
    })
    .await;
    let admin = client(&stub);
    let elsewhere = TRUST.replace("111122223333", "999999999999");
    let made = query(
        &admin,
        QueryOperation::CreateRole,
        &[
            ("RoleName", "strangers"),
            ("AssumeRolePolicyDocument", &elsewhere),
        ],
    )
    .await;
    let role_arn = made
        .document
        .as_ref()
        .and_then(|d| d.text_of("Arn"))
        .expect("an ARN")
        .to_owned();
    let assume = [("RoleArn", role_arn.as_str()), ("RoleSessionName", "sess")];
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    let refused = query(&admin, QueryOperation::AssumeRole, &assume).await;
    assert_eq!(refused.exchange.status, 403);
    assert_eq!(
        refused.error(),
        Some((
            ErrorCode::AccessDenied,
            format!(
                "User: arn:aws:iam::111122223333:user/kms-conformance is not authorized to \
                 perform: sts:AssumeRole on resource: {role_arn}"
            )
        ))
    );
    let fresh = query(
        &admin,
        QueryOperation::CreateRole,
        &[("RoleName", "fresh"), ("AssumeRolePolicyDocument", TRUST)],
    )
    .await;
    let fresh_arn = fresh
        .document
        .as_ref()
        .and_then(|d| d.text_of("Arn"))
        .expect("an ARN")
        .to_owned();
    let assume = [("RoleArn", fresh_arn.as_str()), ("RoleSessionName", "sess")];
    let early = query(&admin, QueryOperation::AssumeRole, &assume).await;
    assert_eq!(
        early.exchange.status, 403,
        "a new role is not assumable at once"
    );
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    let later = query(&admin, QueryOperation::AssumeRole, &assume).await;
    assert!(later.is_success(), "{}", later.describe());
}

#[tokio::test]
async fn roles_are_deleted_inline_policies_first_and_found_by_their_path() {
    let stub = StubServer::start().await;
    let admin = client(&stub);
    role_session(
        &admin,
        "tidy",
        Some(r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:ListKeys", "Resource": "*"}]}"#),
    )
    .await;
    let listed = query(
        &admin,
        QueryOperation::ListRoles,
        &[("PathPrefix", "/kms-conformance/")],
    )
    .await;
    let names: Vec<String> = listed
        .document
        .as_ref()
        .and_then(|d| d.find("Roles"))
        .map(|roles| {
            roles
                .children
                .iter()
                .filter_map(|m| m.text_of("RoleName"))
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(names, ["tidy"]);
    let conflict = query(&admin, QueryOperation::DeleteRole, &[("RoleName", "tidy")]).await;
    assert_eq!(
        conflict.error().map(|e| e.0),
        Some(ErrorCode::DeleteConflict)
    );
    assert_eq!(conflict.exchange.status, 409);
    let policies = query(
        &admin,
        QueryOperation::ListRolePolicies,
        &[("RoleName", "tidy")],
    )
    .await;
    assert_eq!(
        policies.document.as_ref().and_then(|d| d.text_of("member")),
        Some("p")
    );
    let deleted = query(
        &admin,
        QueryOperation::DeleteRolePolicy,
        &[("RoleName", "tidy"), ("PolicyName", "p")],
    )
    .await;
    assert!(deleted.is_success(), "{}", deleted.describe());
    let deleted = query(&admin, QueryOperation::DeleteRole, &[("RoleName", "tidy")]).await;
    assert!(deleted.is_success(), "{}", deleted.describe());
    let gone = query(&admin, QueryOperation::GetRole, &[("RoleName", "tidy")]).await;
    assert_eq!(gone.exchange.status, 404);
    assert_eq!(
        gone.error(),
        Some((
            ErrorCode::NoSuchEntity,
            "The role with name tidy cannot be found.".to_owned()
        ))
    );
}

#[tokio::test]
async fn who_calls_is_the_user_or_the_session() {
    let stub = StubServer::start().await;
    let admin = client(&stub);
    let me = query(&admin, QueryOperation::GetCallerIdentity, &[]).await;
    let document = me.document.expect("XML");
    assert_eq!(document.name, "GetCallerIdentityResponse");
    assert_eq!(document.text_of("Account"), Some("111122223333"));
    assert_eq!(
        document.text_of("Arn"),
        Some("arn:aws:iam::111122223333:user/kms-conformance")
    );
    let (session, session_arn) = role_session(&admin, "who", None).await;
    let them = query(&session, QueryOperation::GetCallerIdentity, &[]).await;
    assert_eq!(
        them.document.as_ref().and_then(|d| d.text_of("Arn")),
        Some(session_arn.as_str())
    );
}
