//! A run cleaning up after itself: what its ledger still holds when it ends,
//! and, after an interruption, the keys it made that never reached the
//! ledger.

use super::CleanupError;
use super::calls::{delete_alias, delete_role, schedule_deletion};
use super::search::marked_keys;
use crate::endpoint::RunContext;
use crate::endpoint::ledger::{DESCRIPTION_MARKER, Outstanding, OutstandingAlias, OutstandingKey};
use crate::wire::Client;

/// What a sweep did.
#[derive(Debug, Default)]
pub(crate) struct Sweep {
    /// Keys whose deletion is now scheduled, and aliases now deleted.
    pub done: usize,
    /// What could not be cleaned up, one line each.
    pub failures: Vec<String>,
}

/// The end of a run on a target other than the built-in stub: [`sweep()`],
/// and with `unrecorded` (after an interruption, or a `CreateKey` that was
/// retried or went unanswered) [`sweep_unrecorded`] too. Says nothing: the
/// caller reports what it did.
pub(crate) async fn sweep_run(context: &RunContext, unrecorded: bool) -> Sweep {
    let mut done = sweep(context).await;
    if unrecorded {
        let unrecorded = sweep_unrecorded(context).await;
        done.done += unrecorded.done;
        done.failures.extend(unrecorded.failures);
    }
    done
}

/// Cleans up everything `context`'s ledger still holds, multi-Region
/// replicas before the other keys ([`Outstanding`] orders them so). A
/// target that does not answer ends the sweep: the ledger keeps the rest
/// for `kms-conformance cleanup`.
pub(crate) async fn sweep(context: &RunContext) -> Sweep {
    let mut sweep = Sweep::default();
    let Outstanding {
        keys,
        aliases,
        roles,
    } = context.ledger.outstanding();
    if context.target_down().is_some() {
        if !keys.is_empty() || !aliases.is_empty() || !roles.is_empty() {
            sweep.failures.push(format!(
                "{} keys, {} aliases and {} IAM roles: the target had stopped answering",
                keys.len(),
                aliases.len(),
                roles.len()
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
    for role in roles.into_iter().map(|r| r.name) {
        match delete_role(&context.callers.primary, &role).await {
            Ok(()) => {
                context.ledger.role_deleted(&role);
                sweep.done += 1;
            }
            Err(error) => {
                if sweep.failed(&format!("IAM role {role}"), &error) {
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
/// run's id in their description; schedule their deletion too, every
/// caller's replicas before any primary (contract row 146).
pub(crate) async fn sweep_unrecorded(context: &RunContext) -> Sweep {
    let marker = format!("{DESCRIPTION_MARKER}{} ", context.run_id);
    let mut sweep = Sweep::default();
    let mut found = Vec::new();
    for via in context.callers.vias() {
        // `vias()` names only the callers this run has.
        let Ok(client) = context.client(via) else {
            continue;
        };
        match marked_keys(&client, &marker).await {
            Ok(keys) => found.extend(keys.into_iter().map(|key| (client.clone(), key))),
            Err(error) => {
                sweep
                    .failures
                    .push(format!("keys made as the run stopped: {error}"));
                return sweep;
            }
        }
    }
    found.sort_by_key(|(_, key)| !key.replica);
    for (client, key) in found {
        if !sweep
            .schedule(context, &client, &key.key_id, &key.arn)
            .await
        {
            return sweep;
        }
    }
    sweep
}
