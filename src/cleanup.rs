//! Leaving nothing behind on a target: scheduling the deletion of the keys
//! the suite made (the shortest window, 7 days) and deleting its aliases.
//!
//! Used after every scenario, at the end of every run for whatever the
//! ledger still holds (a scenario interrupted by Ctrl-C, an after hook that
//! could not run), and by `kms-conformance cleanup` for earlier runs.

use std::path::{Path, PathBuf};

use serde_json::json;

use crate::endpoint::ledger::{
    self, DESCRIPTION_MARKER, Entry, LedgerError, Outstanding, OutstandingAlias, OutstandingKey,
};
use crate::endpoint::{Callers, NoSecondAccount, RunContext, Via};
use crate::wire::{Client, Pager, WireError};

/// Days before a scheduled key is deleted: the shortest KMS allows.
pub const PENDING_WINDOW_DAYS: u64 = 7;

/// Why something could not be cleaned up.
#[derive(Debug)]
pub enum CleanupError {
    /// The target did not answer: going on would wait out a dead target.
    Transport(WireError),
    /// The target answered with a refusal (or a listing it could not page).
    Refused(String),
    /// The resource belongs to the second account, and this run has none:
    /// nothing was asked of the target.
    NoCaller(NoSecondAccount),
    /// The ledger could not be read or updated.
    Ledger(LedgerError),
}

impl std::fmt::Display for CleanupError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Transport(error) => error.fmt(f),
            Self::Refused(refusal) => f.write_str(refusal),
            Self::NoCaller(error) => write!(f, "made by the second account: {error}"),
            Self::Ledger(error) => error.fmt(f),
        }
    }
}

impl std::error::Error for CleanupError {}

impl From<NoSecondAccount> for CleanupError {
    fn from(error: NoSecondAccount) -> Self {
        Self::NoCaller(error)
    }
}

impl From<LedgerError> for CleanupError {
    fn from(error: LedgerError) -> Self {
        Self::Ledger(error)
    }
}

impl From<WireError> for CleanupError {
    fn from(error: WireError) -> Self {
        Self::Transport(error)
    }
}

/// Schedules `key_id`'s deletion. A key already pending deletion, or gone,
/// counts as done.
///
/// # Errors
/// The transport failure, or what the target answered instead.
pub async fn schedule_deletion(client: &Client, key_id: &str) -> Result<(), CleanupError> {
    let input = json!({ "KeyId": key_id, "PendingWindowInDays": PENDING_WINDOW_DAYS });
    let exchange = client
        .call("ScheduleKeyDeletion", &input)
        .await
        .map_err(CleanupError::Transport)?;
    let error_type = exchange.error_type().unwrap_or_default();
    let message = exchange.error_message().unwrap_or_default();
    let already = error_type == "KMSInvalidStateException" && message.contains("pending deletion");
    if exchange.status == 200 || already || error_type == "NotFoundException" {
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
pub async fn delete_alias(client: &Client, alias: &str) -> Result<(), CleanupError> {
    let exchange = client
        .call("DeleteAlias", &json!({ "AliasName": alias }))
        .await
        .map_err(CleanupError::Transport)?;
    if exchange.status == 200 || exchange.error_type().as_deref() == Some("NotFoundException") {
        Ok(())
    } else {
        Err(CleanupError::Refused(format!(
            "DeleteAlias {alias}: HTTP {} {}",
            exchange.status,
            exchange.body_preview(200)
        )))
    }
}

/// What a sweep did.
#[derive(Debug, Default)]
pub struct Sweep {
    /// Keys whose deletion is now scheduled, and aliases now deleted.
    pub done: usize,
    /// What could not be cleaned up, one line each.
    pub failures: Vec<String>,
}

/// Cleans up everything `context`'s ledger still holds. A target that does
/// not answer ends the sweep: the ledger keeps the rest for
/// `kms-conformance cleanup`.
pub async fn sweep(context: &RunContext) -> Sweep {
    let mut sweep = Sweep::default();
    let Outstanding { keys, aliases } = context.ledger.outstanding();
    if context.target_down().is_some() {
        if !keys.is_empty() || !aliases.is_empty() {
            sweep.failures.push(format!(
                "{} keys and {} aliases: the target had stopped answering",
                keys.len(),
                aliases.len()
            ));
        }
        return sweep;
    }
    for OutstandingAlias {
        owner,
        region,
        alias,
        ..
    } in aliases
    {
        let done = match context.client(owner) {
            Ok(client) => delete_alias(&client, &alias).await,
            Err(error) => Err(error.into()),
        };
        match done {
            Ok(()) => {
                context.ledger.alias_deleted(&alias, &region);
                sweep.done += 1;
            }
            Err(error) => {
                if sweep.failed(&format!("alias {alias} in {region}"), &error) {
                    return sweep;
                }
            }
        }
    }
    for OutstandingKey {
        owner, key_id, arn, ..
    } in keys
    {
        match context.client(owner) {
            Ok(client) => {
                if !sweep.schedule(context, &client, &key_id, &arn).await {
                    return sweep;
                }
            }
            Err(error) => {
                sweep.failed(&format!("key {arn}"), &error.into());
            }
        }
    }
    sweep
}

impl Sweep {
    /// Schedules one key's deletion and notes it in the ledger; `false`
    /// when the target has stopped answering.
    async fn schedule(
        &mut self,
        context: &RunContext,
        client: &Client,
        key_id: &str,
        arn: &str,
    ) -> bool {
        match schedule_deletion(client, key_id).await {
            Ok(()) => {
                context.ledger.scheduled(arn);
                self.done += 1;
                true
            }
            Err(error) => !self.failed(&format!("key {arn}"), &error),
        }
    }

    /// Records that `what` was not cleaned up; `true` when the reason means
    /// the target is gone.
    fn failed(&mut self, what: &str, error: &CleanupError) -> bool {
        let gone = matches!(error, CleanupError::Transport(_));
        self.failures.push(format!("{what}: {error}"));
        gone
    }
}

/// After an interrupted run: keys whose creation was under way when the run
/// stopped exist on the target but never reached the ledger. They carry the
/// run's id in their description; schedule their deletion too.
pub async fn sweep_unrecorded(context: &RunContext) -> Sweep {
    let marker = format!("{DESCRIPTION_MARKER}{} ", context.run_id);
    let mut sweep = Sweep::default();
    for via in context.callers.vias() {
        // `vias()` names only the callers this run has.
        let Ok(client) = context.client(via) else {
            continue;
        };
        let keys = match marked_keys(&client, &marker).await {
            Ok(keys) => keys,
            Err(error) => {
                sweep
                    .failures
                    .push(format!("keys made as the run stopped: {error}"));
                return sweep;
            }
        };
        for (key_id, arn) in keys {
            if !sweep.schedule(context, &client, &key_id, &arn).await {
                return sweep;
            }
        }
    }
    sweep
}

/// Something an earlier run left behind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Leftover {
    /// A key not pending deletion.
    Key {
        /// The caller that owns the key, and so may schedule its deletion.
        via: Via,
        /// The key's ID, as `ScheduleKeyDeletion` takes it.
        key_id: String,
        /// The key's ARN, as ledgers and reports name it.
        arn: String,
        /// The ledger that recorded the key; `None` when only the marker in
        /// its description found it.
        ledger: Option<PathBuf>,
    },
    /// An alias the suite made.
    Alias {
        /// The caller that owns the alias.
        via: Via,
        /// The region the alias lives in: alias names are per region.
        region: String,
        /// The full name, `alias/kms-conformance/...`.
        alias: String,
        /// The ledger that recorded the alias; `None` when only its
        /// [`ALIAS_PREFIX`] found it.
        ledger: Option<PathBuf>,
    },
}

impl Leftover {
    /// `key arn:aws:kms:...` or `alias alias/kms-conformance/...`.
    #[must_use]
    pub fn describe(&self) -> String {
        match self {
            Self::Key { arn, .. } => format!("key {arn}"),
            Self::Alias { alias, region, .. } => format!("alias {alias} in {region}"),
        }
    }
}

/// Pages of 100 keys or aliases: more than any account holds.
const MAX_LISTING_PAGES: usize = 10_000;

/// The alias names the suite makes start with this.
pub const ALIAS_PREFIX: &str = "alias/kms-conformance/";

/// What earlier runs left on the target behind `callers`: everything the
/// ledgers under `run_dir` still hold for this endpoint, and every key whose
/// description carries the suite's marker (a ledger lost with its machine
/// does not hide them), with the suite's aliases.
///
/// # Errors
/// A transport failure or a listing the target refused.
pub async fn find_leftovers(
    callers: &Callers,
    run_dir: &Path,
) -> Result<Vec<Leftover>, CleanupError> {
    let endpoint = callers.primary.endpoint();
    let mut found = Vec::new();
    for (path, entries) in ledger::read_all(run_dir)? {
        let outstanding = Outstanding::of(&entries);
        for key in outstanding.keys {
            if key.endpoint == endpoint {
                found.push(Leftover::Key {
                    via: key.owner,
                    key_id: key.key_id,
                    arn: key.arn,
                    ledger: Some(path.clone()),
                });
            }
        }
        for alias in outstanding.aliases {
            if alias.endpoint == endpoint {
                found.push(Leftover::Alias {
                    via: alias.owner,
                    region: alias.region,
                    alias: alias.alias,
                    ledger: Some(path.clone()),
                });
            }
        }
    }
    for via in callers.vias() {
        let client = callers.client(via)?;
        for (key_id, arn) in marked_keys(&client, DESCRIPTION_MARKER).await? {
            if !found
                .iter()
                .any(|f| matches!(f, Leftover::Key { arn: a, .. } if *a == arn))
            {
                found.push(Leftover::Key {
                    via,
                    key_id,
                    arn,
                    ledger: None,
                });
            }
        }
        for alias in suite_aliases(&client).await? {
            let region = client.region().to_owned();
            let known = found.iter().any(|f| matches!(f, Leftover::Alias { alias: a, region: r, .. } if *a == alias && *r == region));
            if !known {
                found.push(Leftover::Alias {
                    via,
                    region,
                    alias,
                    ledger: None,
                });
            }
        }
    }
    Ok(found)
}

/// Keys whose description starts with `marker` and that are not pending
/// deletion yet: `(key id, arn)`.
async fn marked_keys(client: &Client, marker: &str) -> Result<Vec<(String, String)>, CleanupError> {
    let mut keys = Vec::new();
    for (key_id, arn) in list_keys(client).await? {
        let exchange = client
            .call("DescribeKey", &json!({ "KeyId": key_id }))
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
        let pending = metadata["KeyState"] == "PendingDeletion";
        if ours && customer && !pending {
            keys.push((key_id, arn));
        }
    }
    Ok(keys)
}

/// Every key of the caller in the client's region: `(key id, arn)`.
async fn list_keys(client: &Client) -> Result<Vec<(String, String)>, CleanupError> {
    Ok(list_all(client, "ListKeys", "Keys")
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
async fn suite_aliases(client: &Client) -> Result<Vec<String>, CleanupError> {
    Ok(list_all(client, "ListAliases", "Aliases")
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
    operation: &str,
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

/// Cleans up one leftover, recording it in its ledger.
///
/// # Errors
/// What the target answered instead, or the transport failure.
pub async fn remove(callers: &Callers, leftover: &Leftover) -> Result<(), CleanupError> {
    let client = |via: Via| callers.client(via).map_err(CleanupError::from);
    let record =
        |path: &Path, entry: Entry| ledger::append(path, &[entry]).map_err(CleanupError::from);
    match leftover {
        Leftover::Key {
            via,
            key_id,
            arn,
            ledger,
        } => {
            schedule_deletion(&client(*via)?, key_id).await?;
            if let Some(path) = ledger {
                record(path, Entry::Scheduled { arn: arn.clone() })?;
            }
        }
        Leftover::Alias {
            via,
            region,
            alias,
            ledger,
        } => {
            delete_alias(&client(*via)?, alias).await?;
            if let Some(path) = ledger {
                record(
                    path,
                    Entry::AliasDeleted {
                        alias: alias.clone(),
                        region: region.clone(),
                    },
                )?;
            }
        }
    }
    Ok(())
}
