//! The IAM roles a run makes (the ABAC scenarios and the `@requires.iam`
//! probe): where they live, what they are called, whom they trust, and how
//! one is deleted, its inline policies first.

use crate::wire::{Client, ErrorCode, QueryAnswer, QueryOperation, WireError};

/// The path every role the suite makes lives under, so `cleanup` can find them.
pub(crate) const ROLE_PATH: &str = "/kms-conformance/";

/// A run-unique role name (at most 64 characters, IAM's limit).
#[must_use]
pub(crate) fn role_name() -> String {
    format!(
        "kms-conformance-{}",
        &uuid::Uuid::new_v4().simple().to_string()[..16]
    )
}

/// The trust policy of every role the suite makes: the caller's own account only.
#[must_use]
pub(crate) fn own_account_trust(partition: &str, account: &str) -> String {
    format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"AWS":"arn:{partition}:iam::{account}:root"}},"Action":"sts:AssumeRole"}}]}}"#
    )
}

/// Why a role could not be deleted.
#[derive(Debug)]
pub(crate) enum RoleDeletion {
    /// The target did not answer.
    Transport(WireError),
    /// What IAM answered instead.
    Refused(String),
}

/// Deletes the IAM role `name`, its inline policies first (`DeleteRole`
/// refuses a role that has any, contract row 197). A role or policy
/// already gone counts as done.
///
/// # Errors
/// The transport failure, or what IAM answered instead.
pub(crate) async fn delete_role(client: &Client, name: &str) -> Result<(), RoleDeletion> {
    let listed = client
        .query(QueryOperation::ListRolePolicies, &[("RoleName", name)])
        .await
        .map_err(RoleDeletion::Transport)?;
    if is_gone(&listed) {
        return Ok(());
    }
    let policies: Vec<String> = match (&listed.document, listed.is_success()) {
        (Some(document), true) => document
            .find("PolicyNames")
            .map(|names| {
                names
                    .children_named("member")
                    .map(|m| m.text.clone())
                    .collect()
            })
            .unwrap_or_default(),
        _ => return Err(refused(QueryOperation::ListRolePolicies, name, &listed)),
    };
    for policy in &policies {
        let deleted = client
            .query(
                QueryOperation::DeleteRolePolicy,
                &[("RoleName", name), ("PolicyName", policy)],
            )
            .await
            .map_err(RoleDeletion::Transport)?;
        if !deleted.is_success() && !is_gone(&deleted) {
            return Err(refused(QueryOperation::DeleteRolePolicy, name, &deleted));
        }
    }
    let deleted = client
        .query(QueryOperation::DeleteRole, &[("RoleName", name)])
        .await
        .map_err(RoleDeletion::Transport)?;
    if deleted.is_success() || is_gone(&deleted) {
        Ok(())
    } else {
        Err(refused(QueryOperation::DeleteRole, name, &deleted))
    }
}

/// IAM's `NoSuchEntity`: the role or policy is gone already.
fn is_gone(answer: &QueryAnswer) -> bool {
    answer
        .error()
        .is_some_and(|(code, _)| code == ErrorCode::NoSuchEntity)
}

fn refused(operation: QueryOperation, role: &str, answer: &QueryAnswer) -> RoleDeletion {
    RoleDeletion::Refused(format!(
        "{} {role}: {}",
        operation.name(),
        answer.describe()
    ))
}
