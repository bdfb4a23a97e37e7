//! Leaving nothing behind: every key a scenario made is scheduled for
//! deletion (the shortest window, 7 days) and its alias deleted, whether the
//! scenario passed or failed.
//!
//! Cleanup requests are not part of the scenario's trail: they are not what
//! the scenario judged.

use serde_json::json;

use super::world::{KmsWorld, Via};

/// Schedules deletion of the scenario's keys and deletes its alias.
/// Failures are ignored: a key may already be pending deletion, and a
/// target that stopped answering has been reported already.
pub async fn clean_up(world: &mut KmsWorld) {
    let context = world.context();
    if context.built_in_stub || context.target_down().is_some() {
        return;
    }
    if let Some(alias) = world.alias.take()
        && let Ok(client) = world.client(Via::Primary)
    {
        let _ = client
            .call("DeleteAlias", &json!({ "AliasName": alias }))
            .await;
    }
    let keys: Vec<_> = world
        .keys
        .values()
        .filter(|k| k.created && !k.deletion_scheduled)
        .cloned()
        .collect();
    for key in keys {
        if let Ok(client) = world.client(key.via) {
            let input = json!({ "KeyId": key.id, "PendingWindowInDays": 7 });
            let _ = client.call("ScheduleKeyDeletion", &input).await;
        }
    }
}
