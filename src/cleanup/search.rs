//! Finding the suite's keys and aliases on the target itself, for when no
//! ledger names them: every key whose description carries the suite's
//! marker, every alias under the suite's prefix.

use serde_json::json;

use super::ALIAS_PREFIX;
use super::CleanupError;
use crate::wire::{Client, Operation, Pager};

/// Pages of 100 keys or aliases: more than any account holds.
const MAX_LISTING_PAGES: usize = 10_000;

/// A key the suite made, found by the marker in its description.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct MarkedKey {
    /// Its key ID, as `ScheduleKeyDeletion` takes it.
    pub(super) key_id: String,
    /// Its key ARN.
    pub(super) arn: String,
    /// Whether it is a multi-Region replica, deleted before its primary
    /// (contract row 146).
    pub(super) replica: bool,
}

/// Keys whose description starts with `marker` and that are not pending
/// deletion yet (a primary pending its replicas' deletion counts as
/// pending).
pub(super) async fn marked_keys(
    client: &Client,
    marker: &str,
) -> Result<Vec<MarkedKey>, CleanupError> {
    let mut keys = Vec::new();
    for (key_id, arn) in list_keys(client).await? {
        let exchange = client
            .call(Operation::DescribeKey, &json!({ "KeyId": key_id }))
            .await?;
        let Some(metadata) = exchange
            .json()
            .filter(|_| exchange.status == 200)
            .map(|b| b["KeyMetadata"].clone())
        else {
            continue;
        };
        let ours = metadata["Description"]
            .as_str()
            .is_some_and(|d| d.starts_with(marker));
        let customer = metadata["KeyManager"] == "CUSTOMER";
        let pending = ["PendingDeletion", "PendingReplicaDeletion"]
            .iter()
            .any(|s| metadata["KeyState"] == *s);
        if ours && customer && !pending {
            let replica = is_replica(&metadata, &arn);
            keys.push(MarkedKey {
                key_id,
                arn,
                replica,
            });
        }
    }
    Ok(keys)
}

/// Whether `KeyMetadata` describes a multi-Region replica: its primary is
/// another key. The primary's ARN decides rather than `MultiRegionKeyType`,
/// which an emulator may get wrong for both keys of a set (contract row 160).
fn is_replica(metadata: &serde_json::Value, arn: &str) -> bool {
    let config = &metadata["MultiRegionConfiguration"];
    match config["PrimaryKey"]["Arn"].as_str() {
        Some(primary) => primary != arn,
        None => config["MultiRegionKeyType"] == "REPLICA",
    }
}

/// Every key of the caller in the client's region: `(key id, arn)`.
async fn list_keys(client: &Client) -> Result<Vec<(String, String)>, CleanupError> {
    Ok(list_all(client, Operation::ListKeys, "Keys")
        .await?
        .iter()
        .filter_map(|key| {
            Some((
                key["KeyId"].as_str()?.to_owned(),
                key["KeyArn"].as_str()?.to_owned(),
            ))
        })
        .collect())
}

/// The aliases the suite made, in the client's region.
pub(super) async fn suite_aliases(client: &Client) -> Result<Vec<String>, CleanupError> {
    Ok(list_all(client, Operation::ListAliases, "Aliases")
        .await?
        .iter()
        .filter_map(|alias| {
            alias["AliasName"]
                .as_str()
                .filter(|n| n.starts_with(ALIAS_PREFIX))
                .map(str::to_owned)
        })
        .collect())
}

/// Every item of a paged KMS listing (`operation` answering `member`,
/// `Truncated` and `NextMarker`).
async fn list_all(
    client: &Client,
    operation: Operation,
    member: &str,
) -> Result<Vec<serde_json::Value>, CleanupError> {
    let mut items = Vec::new();
    let mut pager = Pager::new(json!({ "Limit": 100 }), MAX_LISTING_PAGES);
    while let Some(input) = pager.next_input() {
        let exchange = client.call(operation, &input).await?;
        let body = exchange
            .json()
            .filter(|_| exchange.status == 200)
            .ok_or_else(|| {
                CleanupError::Refused(format!(
                    "{operation} in {}: HTTP {} {}",
                    client.region(),
                    exchange.status,
                    exchange.body_preview(200)
                ))
            })?;
        items.extend(body[member].as_array().into_iter().flatten().cloned());
        pager.advance(&body).map_err(|e| {
            CleanupError::Refused(format!("{operation} in {}: {e}", client.region()))
        })?;
    }
    Ok(items)
}

#[cfg(test)]
mod tests;
