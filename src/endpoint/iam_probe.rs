//! Whether a target serves IAM and STS and enforces identity policies, the
//! ABAC scenarios' capability (`@requires.iam`). Asked once per run of any
//! target but the run's own stub:
//!
//! 1. STS `GetCallerIdentity` (makes nothing): an answer that is not STS
//!    XML means the target serves no STS.
//! 2. A role allowed nothing (recorded in the ledger before it is made,
//!    deleted after) calls KMS `ListKeys`, a permission only an identity
//!    policy can give (contract row 193): a 200 means identity policies are
//!    not enforced, and the scenarios could not fail on a wrong ABAC.
//!
//! With a role brought along (`--abac-role-arn`) the run makes none: it
//! assumes that role with a session policy that denies everything and asks
//! for `ListKeys` as it. A role that cannot be assumed ends the run before
//! any scenario (on every target, the run's own stub included: the user
//! asked for that role).

use serde_json::json;

use super::iam_roles::{ROLE_PATH, delete_role, own_account_trust, role_name};
use super::ledger::{Ledger, key_marker};
use crate::wire::{
    Client, Credentials, ErrorCode, Operation, QueryAnswer, QueryOperation, WireError,
};

/// The session policy of the brought role's probe: nothing is allowed.
pub(super) const ALLOWS_NOTHING: &str =
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}"#;

/// Why a brought role cannot be used.
#[derive(Debug)]
pub(super) enum BroughtRoleError {
    /// The target stopped answering.
    Transport(WireError),
    /// STS would not hand out the role's credentials: what it answered.
    NotAssumable(String),
}

/// `None` when the target serves IAM and STS and enforces identity
/// policies; otherwise what it answered. The probe's role is described as
/// run `run_id`'s, so `cleanup` can tell it apart.
///
/// # Errors
/// The transport failure: the target stopped answering.
pub(super) async fn iam(
    client: &Client,
    ledger: &Ledger,
    run_id: &str,
    settle: std::time::Duration,
) -> Result<Option<String>, WireError> {
    let caller = client.query(QueryOperation::GetCallerIdentity, &[]).await?;
    let Some(account) = caller
        .document
        .as_ref()
        .filter(|_| caller.is_success())
        .and_then(|d| d.text_of("Account"))
        .map(str::to_owned)
    else {
        return Ok(Some(answered(QueryOperation::GetCallerIdentity, &caller)));
    };
    let partition = caller
        .document
        .as_ref()
        .and_then(|d| d.text_of("Arn"))
        .and_then(|arn| arn.split(':').nth(1))
        .unwrap_or("aws")
        .to_owned();
    let name = role_name();
    ledger.role(&name);
    let trust = own_account_trust(&partition, &account);
    let description = key_marker(run_id, "the @requires.iam probe");
    let created = client
        .query(
            QueryOperation::CreateRole,
            &[
                ("RoleName", &name),
                ("Path", ROLE_PATH),
                ("AssumeRolePolicyDocument", &trust),
                ("Description", &description),
            ],
        )
        .await?;
    let verdict = match created.document.as_ref().and_then(|d| d.text_of("Arn")) {
        Some(arn) if created.is_success() => match assume(client, arn, None, settle).await? {
            Ok(credentials) => lists_keys(client, credentials).await?,
            Err(refused) => Some(answered(QueryOperation::AssumeRole, &refused)),
        },
        _ => Some(answered(QueryOperation::CreateRole, &created)),
    };
    if delete_role(client, &name).await.is_ok() {
        ledger.role_deleted(&name);
    }
    Ok(verdict)
}

/// Checks that the brought role `arn` can be assumed, and whether the
/// target enforces what its session may do: assumed with a session policy
/// that allows nothing, it asks for `ListKeys`. `None` when it is refused.
///
/// # Errors
/// The role cannot be assumed (after IAM's settle time), or the target
/// stopped answering.
pub(super) async fn brought_role(
    client: &Client,
    arn: &str,
    settle: std::time::Duration,
) -> Result<Option<String>, BroughtRoleError> {
    let assumed = assume(client, arn, Some(ALLOWS_NOTHING), settle)
        .await
        .map_err(BroughtRoleError::Transport)?;
    match assumed {
        Ok(credentials) => lists_keys(client, credentials)
            .await
            .map_err(BroughtRoleError::Transport),
        Err(refused) => Err(BroughtRoleError::NotAssumable(format!(
            "cannot assume --abac-role-arn {arn}: AssumeRole answered {}",
            refused.describe()
        ))),
    }
}

/// `AssumeRole` of `arn` (with `policy` as the session policy), sent again
/// while STS refuses it with `AccessDenied` and `settle` lasts: a role just
/// made may not be assumable for seconds (contract row 200). The session's
/// credentials, or the last refusal.
async fn assume(
    client: &Client,
    arn: &str,
    policy: Option<&str>,
    settle: std::time::Duration,
) -> Result<Result<Credentials, QueryAnswer>, WireError> {
    let started = std::time::Instant::now();
    let mut pause = std::time::Duration::from_millis(100);
    let mut members = vec![
        ("RoleArn", arn),
        ("RoleSessionName", "kms-conformance-probe"),
    ];
    if let Some(policy) = policy {
        members.push(("Policy", policy));
    }
    loop {
        let answer = client.query(QueryOperation::AssumeRole, &members).await?;
        if let Some(credentials) = answer.credentials.clone().filter(|_| answer.is_success()) {
            return Ok(Ok(credentials));
        }
        let denied = answer
            .error()
            .is_some_and(|(code, _)| code == ErrorCode::AccessDenied);
        if !denied || started.elapsed() + pause > settle {
            return Ok(Err(answer));
        }
        tokio::time::sleep(pause).await;
        pause = (pause * 2).min(std::time::Duration::from_secs(2));
    }
}

/// Asks for `ListKeys` as a session allowed nothing: `None` when refused.
async fn lists_keys(
    client: &Client,
    credentials: Credentials,
) -> Result<Option<String>, WireError> {
    let exchange = client
        .as_caller(credentials)
        .call(Operation::ListKeys, &json!({}))
        .await?;
    Ok((exchange.status == 200).then(|| {
        "it does not enforce identity policies: a role allowed nothing was answered ListKeys \
         with HTTP 200"
            .to_owned()
    }))
}

fn answered(operation: QueryOperation, answer: &QueryAnswer) -> String {
    format!(
        "it answered {} with {}",
        operation.name(),
        answer.describe()
    )
}
