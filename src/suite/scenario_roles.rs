//! The IAM roles a scenario makes and calls KMS as (the ABAC scenarios,
//! contract rows 184 to 191): each is created under `/kms-conformance/` with
//! a run-unique name and a trust policy for the caller's own account only,
//! recorded in the ledger before it is created, given the scenario's
//! identity policy, and assumed; its session's client signs as the role.
//! With `--abac-role-arn` the scenario makes no role: it assumes the one
//! brought along, the identity policy passed as the session policy.
//!
//! IAM and STS exchanges are not part of the scenario's trail: they are not
//! what the scenario judges, they carry credentials (redacted, see
//! `wire::query_client`), and snapshots hold KMS exchanges only.

use std::fmt;

use super::poll::{self, Attempt};
use super::world::KmsWorld;
use crate::endpoint::Via;
use crate::endpoint::iam_roles::{ROLE_PATH, own_account_trust, role_name};
use crate::endpoint::ledger::key_marker;
use crate::report::time_spent::WaitCause;
use crate::wire::{Client, ErrorCode, QueryAnswer, QueryOperation};

/// The name of the one inline policy a role gets.
const POLICY_NAME: &str = "kms-conformance-abac";

/// A role the scenario made and assumed.
pub(crate) struct ScenarioRole {
    /// Its name.
    pub name: String,
    /// Its ARN, as `CreateRole` answered it (with its path).
    pub arn: String,
    /// Its session's ARN, as `AssumeRole` answered it: what a refusal names
    /// (contract row 191).
    pub session_arn: String,
    /// A client that signs as the role's session.
    pub client: Client,
}

impl fmt::Debug for ScenarioRole {
    /// Never the client: it holds the session's credentials.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ScenarioRole")
            .field("name", &self.name)
            .field("arn", &self.arn)
            .field("session_arn", &self.session_arn)
            .finish_non_exhaustive()
    }
}

/// Why an IAM or STS call failed, in one line.
fn failed(operation: QueryOperation, answer: &QueryAnswer) -> String {
    format!("{}: {}", operation.name(), answer.describe())
}

/// Creates the role `label` with `policy` as its identity policy, assumes
/// it, and keeps it in the World for the steps that call as it. With a
/// role brought along (`--abac-role-arn`), assumes that role with `policy`
/// as the session policy instead: the session may then do what both allow
/// (contract row 216), and the suite never changes the role.
///
/// # Errors
/// What IAM or STS answered when a call failed, or the transport failure.
pub(crate) async fn make_role(w: &mut KmsWorld, label: &str, policy: &str) -> Result<(), String> {
    if w.roles.contains_key(label) {
        return Err(format!("the scenario already has a role {label:?}"));
    }
    let admin = w.client(Via::Primary)?;
    let context = w.context().clone();
    if let Some(arn) = &context.brought_role {
        let name = arn.rsplit('/').next().unwrap_or_default().to_owned();
        let role = assume(w, &admin, label, (name, arn.clone()), Some(policy)).await?;
        w.roles.insert(label.to_owned(), role);
        return Ok(());
    }
    let (Some(partition), Some(account)) = (w.partition.clone(), w.account.clone()) else {
        return Err(
            "a role trusts the caller's account, learnt from a key: make a key first".into(),
        );
    };
    let name = role_name();
    // Before CreateRole: a creation that goes unanswered is still cleaned up.
    context.ledger.role(&name);
    let trust = own_account_trust(&partition, &account);
    // The key marker's form: `cleanup` tells the suite's roles apart by it.
    let description = key_marker(&context.run_id, &w.scenario);
    let description: String = description.chars().take(1000).collect();
    let created = query(
        &admin,
        QueryOperation::CreateRole,
        &[
            ("RoleName", &name),
            ("Path", ROLE_PATH),
            ("AssumeRolePolicyDocument", &trust),
            ("Description", &description),
        ],
    )
    .await?;
    let arn = created
        .document
        .as_ref()
        .and_then(|d| d.text_of("Arn"))
        .ok_or_else(|| format!("CreateRole answered no role ARN: {}", created.describe()))?
        .to_owned();
    w.role_names.push(name.clone());
    query(
        &admin,
        QueryOperation::PutRolePolicy,
        &[
            ("RoleName", &name),
            ("PolicyName", POLICY_NAME),
            ("PolicyDocument", policy),
        ],
    )
    .await?;
    let role = assume(w, &admin, label, (name, arn), None).await?;
    w.roles.insert(label.to_owned(), role);
    Ok(())
}

/// Assumes the role `(name, arn)` for `label`, with `session_policy` when
/// given, sending `AssumeRole` again while STS refuses it within the
/// settle time: IAM is eventually consistent, and a new role may be
/// refused for a while (contract row 200).
async fn assume(
    w: &mut KmsWorld,
    admin: &Client,
    label: &str,
    (name, arn): (String, String),
    session_policy: Option<&str>,
) -> Result<ScenarioRole, String> {
    let session = format!("kms-conformance-{label}");
    let mut members = vec![
        ("RoleArn", arn.as_str()),
        ("RoleSessionName", session.as_str()),
    ];
    if let Some(policy) = session_policy {
        members.push(("Policy", policy));
    }
    let settle = w.settle();
    let assumed = poll::until(w, WaitCause::ReadsToShow, settle, async |_| {
        match admin.query(QueryOperation::AssumeRole, &members).await {
            Ok(answer) if answer.is_success() => Attempt::Settled(answer),
            Ok(answer)
                if answer
                    .error()
                    .is_some_and(|(code, _)| code == ErrorCode::AccessDenied) =>
            {
                Attempt::NotYet(failed(QueryOperation::AssumeRole, &answer))
            }
            Ok(answer) => Attempt::Final(failed(QueryOperation::AssumeRole, &answer)),
            Err(error) => Attempt::Final(format!("AssumeRole: {error}")),
        }
    })
    .await?;
    let credentials = assumed
        .credentials
        .ok_or("AssumeRole answered no credentials")?;
    let session_arn = assumed
        .document
        .as_ref()
        .and_then(|d| d.find("AssumedRoleUser"))
        .and_then(|u| u.text_of("Arn"))
        .ok_or("AssumeRole answered no AssumedRoleUser ARN")?
        .to_owned();
    Ok(ScenarioRole {
        name,
        arn,
        session_arn,
        client: admin.as_caller(credentials),
    })
}

/// Calls `operation`, failing on anything but a 200.
async fn query(
    client: &Client,
    operation: QueryOperation,
    members: &[(&str, &str)],
) -> Result<QueryAnswer, String> {
    let answer = client
        .query(operation, members)
        .await
        .map_err(|e| format!("{}: {e}", operation.name()))?;
    if answer.is_success() {
        Ok(answer)
    } else {
        Err(failed(operation, &answer))
    }
}
