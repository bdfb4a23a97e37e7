//! After every scenario, passed or failed: schedule the deletion of the keys
//! it made, delete its alias and its IAM roles (their inline policies
//! first), recording each in the run's ledger.
//!
//! Cleanup requests are not part of the scenario's trail: they are not what
//! the scenario judged.

use super::world::{KeyRole, KmsWorld};
use crate::cleanup::{CleanupError, delete_alias, delete_role, schedule_deletion};
use crate::endpoint::Via;

/// Cleans up the scenario's resources. A refusal leaves the resource in the
/// ledger, for the run's final sweep and for `kms-conformance cleanup`. A
/// transport failure ends the cleanup and is reported to the run, so later
/// scenarios do not each wait out a dead target.
pub(crate) async fn clean_up(world: &mut KmsWorld) {
    let context = world.context().clone();
    // The built-in stub is thrown away after the run; a target that stopped
    // answering has been reported, and the ledger keeps what it holds.
    if context.target_is_own_stub || context.target_down().is_some() {
        return;
    }
    if let Some(alias) = world.alias.take()
        && let Ok(client) = context.client(Via::Primary)
    {
        match delete_alias(&client, &alias).await {
            Ok(()) => context.ledger.alias_deleted(&alias, client.region()),
            Err(CleanupError::Transport(error)) => {
                return context.report_target_down(&world.scenario, &error);
            }
            // Left in the ledger: the run's final sweep tries again and
            // names what it could not clean up.
            Err(_) => {}
        }
    }
    for role in std::mem::take(&mut world.role_names) {
        match delete_role(&context.callers.primary, &role).await {
            Ok(()) => context.ledger.role_deleted(&role),
            Err(CleanupError::Transport(error)) => {
                return context.report_target_down(&world.scenario, &error);
            }
            // Left in the ledger, for the final sweep.
            Err(_) => {}
        }
    }
    // A replica goes before its primary (contract row 146).
    let mut keys: Vec<_> = world
        .keys
        .iter()
        .map(|(role, k)| (*role, k))
        .chain(world.replaced.iter().map(|k| (KeyRole::Main, k)))
        .filter(|(_, k)| k.created && !k.deletion_scheduled)
        .map(|(role, k)| (role, k.clone()))
        .collect();
    keys.sort_by_key(|(role, _)| *role != KeyRole::Replica);
    let keys = keys.into_iter().map(|(_, k)| k);
    for key in keys {
        // Left in the ledger: the final sweep says why it is not cleaned up.
        let Ok(client) = context.client(key.via) else {
            continue;
        };
        match schedule_deletion(&client, &key.id).await {
            Ok(()) => context.ledger.scheduled(&key.arn),
            Err(CleanupError::Transport(error)) => {
                return context.report_target_down(&world.scenario, &error);
            }
            Err(_) => {}
        }
    }
}
