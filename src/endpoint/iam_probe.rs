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
//! On AWS the suite makes no IAM role yet (the consent switch and the
//! bring-your-own-role mode are still to build): the scenarios are skipped
//! there with that reason.

use serde_json::json;

use super::iam_roles::{ROLE_PATH, delete_role, own_account_trust, role_name};
use super::ledger::Ledger;
use crate::wire::{Client, Operation, QueryAnswer, QueryOperation, WireError};

/// Why the ABAC scenarios are skipped on AWS for now.
pub(super) const NOT_ON_AWS: &str = "this suite does not create IAM roles on AWS yet \
    (the --allow-iam-roles and --abac-role-arn switches are still to build)";

/// `None` when the target serves IAM and STS and enforces identity
/// policies; otherwise what it answered.
///
/// # Errors
/// The transport failure: the target stopped answering.
pub(super) async fn iam(client: &Client, ledger: &Ledger) -> Result<Option<String>, WireError> {
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
    let created = client
        .query(
            QueryOperation::CreateRole,
            &[
                ("RoleName", &name),
                ("Path", ROLE_PATH),
                ("AssumeRolePolicyDocument", &trust),
            ],
        )
        .await?;
    let verdict = match created.document.as_ref().and_then(|d| d.text_of("Arn")) {
        Some(arn) if created.is_success() => allowed_nothing(client, arn).await?,
        _ => Some(answered(QueryOperation::CreateRole, &created)),
    };
    if delete_role(client, &name).await.is_ok() {
        ledger.role_deleted(&name);
    }
    Ok(verdict)
}

/// Assumes the role `arn` (allowed nothing) and asks for `ListKeys` as it.
async fn allowed_nothing(client: &Client, arn: &str) -> Result<Option<String>, WireError> {
    let assumed = client
        .query(
            QueryOperation::AssumeRole,
            &[
                ("RoleArn", arn),
                ("RoleSessionName", "kms-conformance-probe"),
            ],
        )
        .await?;
    let Some(credentials) = assumed.credentials.clone().filter(|_| assumed.is_success()) else {
        return Ok(Some(answered(QueryOperation::AssumeRole, &assumed)));
    };
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
