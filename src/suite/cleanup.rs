//! Leaving nothing behind: every key a scenario made is scheduled for
//! deletion (the shortest window, 7 days) and its alias deleted, whether the
//! scenario passed or failed.
//!
//! Cleanup requests are not part of the scenario's trail: they are not what
//! the scenario judged.

use serde_json::{Value, json};

use super::world::{KmsWorld, Via};
use crate::wire::Client;

/// Schedules deletion of the scenario's keys and deletes its alias.
/// Refusals are ignored: a key may already be pending deletion. A transport
/// failure ends the cleanup and is reported to the run, so later scenarios
/// do not each wait out a dead target.
pub async fn clean_up(world: &mut KmsWorld) {
    let context = world.context();
    if context.built_in_stub || context.target_down().is_some() {
        return;
    }
    if let Some(alias) = world.alias.take()
        && let Ok(client) = world.client(Via::Primary)
        && !sent(
            world,
            &client,
            "DeleteAlias",
            &json!({ "AliasName": alias }),
        )
        .await
    {
        return;
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
            if !sent(world, &client, "ScheduleKeyDeletion", &input).await {
                return;
            }
        }
    }
}

/// Sends one cleanup call; `false` when the target did not answer.
async fn sent(world: &KmsWorld, client: &Client, operation: &str, input: &Value) -> bool {
    match client.call(operation, input).await {
        Ok(_) => true,
        Err(error) => {
            if error.is_transport() {
                world.context().report_target_down(&world.scenario, &error);
            }
            false
        }
    }
}
