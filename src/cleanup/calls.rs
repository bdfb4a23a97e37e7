//! The two calls that clean up one resource: scheduling a key's deletion
//! and deleting an alias. Both take "already done" for done, so a cleanup
//! that is repeated, or races another, does not fail.

use serde_json::json;

use super::CleanupError;
use crate::endpoint::iam_roles::{self, RoleDeletion};
use crate::wire::{Client, ErrorCode, Operation};

/// Days before a scheduled key is deleted: the shortest KMS allows.
pub(crate) const PENDING_WINDOW_DAYS: u64 = 7;

/// Schedules `key_id`'s deletion. A key already pending deletion (or a
/// primary pending its replicas' deletion), or gone, counts as done.
///
/// # Errors
/// The transport failure, or what the target answered instead.
pub(crate) async fn schedule_deletion(client: &Client, key_id: &str) -> Result<(), CleanupError> {
    let input = json!({ "KeyId": key_id, "PendingWindowInDays": PENDING_WINDOW_DAYS });
    let exchange = client
        .call(Operation::ScheduleKeyDeletion, &input)
        .await
        .map_err(CleanupError::Transport)?;
    let error_code = exchange.error_code();
    let message = exchange.error_message().unwrap_or_default();
    let already = error_code == Some(ErrorCode::KmsInvalidStateException)
        && (message.contains("pending deletion") || message.contains("pending replica deletion"));
    if exchange.status == 200 || already || error_code == Some(ErrorCode::NotFoundException) {
        Ok(())
    } else {
        Err(CleanupError::Refused(format!(
            "ScheduleKeyDeletion {key_id}: HTTP {} {}",
            exchange.status,
            exchange.body_preview(200)
        )))
    }
}

/// Deletes `alias`; an alias already gone counts as done.
///
/// # Errors
/// The transport failure, or what the target answered instead.
pub(crate) async fn delete_alias(client: &Client, alias: &str) -> Result<(), CleanupError> {
    let exchange = client
        .call(Operation::DeleteAlias, &json!({ "AliasName": alias }))
        .await
        .map_err(CleanupError::Transport)?;
    if exchange.status == 200 || exchange.error_code() == Some(ErrorCode::NotFoundException) {
        Ok(())
    } else {
        Err(CleanupError::Refused(format!(
            "DeleteAlias {alias}: HTTP {} {}",
            exchange.status,
            exchange.body_preview(200)
        )))
    }
}

/// Deletes the IAM role `name`, its inline policies first (`DeleteRole`
/// refuses a role that has any, contract row 197). A role or policy
/// already gone counts as done.
///
/// # Errors
/// The transport failure, or what IAM answered instead.
pub(crate) async fn delete_role(client: &Client, name: &str) -> Result<(), CleanupError> {
    iam_roles::delete_role(client, name)
        .await
        .map_err(|e| match e {
            RoleDeletion::Transport(error) => CleanupError::Transport(error),
            RoleDeletion::Refused(refusal) => CleanupError::Refused(refusal),
        })
}
