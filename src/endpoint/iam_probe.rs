//! Whether a target serves IAM and STS so that the ABAC scenarios can make
//! and assume roles, their capability (`@requires.iam`). Asked once per run
//! of any target but the run's own stub:
//!
//! 1. STS `GetCallerIdentity` (makes nothing): an answer that is not STS
//!    XML means the target serves no STS.
//! 2. A role allowed nothing (recorded in the ledger before it is made,
//!    deleted after) is made and assumed: a target that refuses either
//!    cannot run the scenarios.
//!
//! Whether the target then enforces identity policies is not asked here:
//! that is what the scenarios judge. KMS must consult the caller's identity
//! policies (contract rows 184 to 193), so a target that lets the suite make
//! and assume a role and then ignores the role's policies fails them; a
//! skip would hide that fault (moto and LocalStack, rows 204 and 205).
//!
//! With a role brought along (`--abac-role-arn`) the run makes none: it
//! assumes that role with a session policy that denies everything. A role
//! that cannot be assumed ends the run before any scenario (on every
//! target, the run's own stub included: the user asked for that role).

use super::iam_roles::{ROLE_PATH, delete_role, own_account_trust, role_name};
use super::ledger::{Ledger, key_marker};
use crate::wire::{Client, Credentials, ErrorCode, QueryAnswer, QueryOperation, WireError};

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
            Ok(_) => None,
            Err(refused) => Some(answered(QueryOperation::AssumeRole, &refused)),
        },
        _ => Some(answered(QueryOperation::CreateRole, &created)),
    };
    if delete_role(client, &name).await.is_ok() {
        ledger.role_deleted(&name);
    }
    Ok(verdict)
}

/// Checks that the brought role `arn` can be assumed, with a session
/// policy that allows nothing.
///
/// # Errors
/// The role cannot be assumed (after IAM's settle time), or the target
/// stopped answering.
pub(super) async fn brought_role(
    client: &Client,
    arn: &str,
    settle: std::time::Duration,
) -> Result<(), BroughtRoleError> {
    let assumed = assume(client, arn, Some(ALLOWS_NOTHING), settle)
        .await
        .map_err(BroughtRoleError::Transport)?;
    match assumed {
        Ok(_) => Ok(()),
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

fn answered(operation: QueryOperation, answer: &QueryAnswer) -> String {
    format!(
        "it answered {} with {}",
        operation.name(),
        answer.describe()
    )
}
