//! After every scenario, passed or failed: schedule the deletion of the keys
//! it made and delete its alias, recording both in the run's ledger.
//!
//! Cleanup requests are not part of the scenario's trail: they are not what
//! the scenario judged.

use super::world::{KmsWorld, Via};
use crate::cleanup::{delete_alias, schedule_deletion};

/// Cleans up the scenario's resources. What fails stays in the ledger, for
/// the run's final sweep and for `kms-conformance cleanup`.
pub async fn clean_up(world: &mut KmsWorld) {
    let context = world.context().clone();
    // The built-in stub is thrown away after the run; a target that stopped
    // answering has been reported, and the ledger keeps what it holds.
    if context.built_in_stub || context.target_down().is_some() {
        return;
    }
    if let Some(alias) = world.alias.take()
        && let Ok(client) = context.client(Via::Primary)
        && delete_alias(&client, &alias).await.is_ok()
    {
        context.ledger.alias_deleted(&alias, client.region());
    }
    let keys: Vec<_> = world
        .keys
        .values()
        .filter(|k| k.created && !k.deletion_scheduled)
        .cloned()
        .collect();
    for key in keys {
        if let Ok(client) = context.client(key.via)
            && schedule_deletion(&client, &key.id).await.is_ok()
        {
            context.ledger.scheduled(&key.arn);
        }
    }
}
