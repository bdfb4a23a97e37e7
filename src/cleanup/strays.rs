//! Keys a run made without knowing: a `CreateKey` that was throttled, retried
//! or cut short may have made a key on an attempt whose answer the run
//! never saw (a throttled call has no effect on KMS, contract row 150, but
//! a target that gets this wrong, or an answer lost on the way, leaves one
//! behind). Each such key carries its scenario's marker in its description;
//! a scenario whose `CreateKey` was retried looks for them right away and
//! adopts them: into the ledger, then scheduled for deletion.

use super::CleanupError;
use super::calls::schedule_deletion;
use super::search::marked_keys;
use crate::endpoint::ledger::key_marker;
use crate::endpoint::{RunContext, Via};

/// Finds the keys `scenario` made as `via` that the ledger does not hold,
/// records them and schedules their deletion; how many it adopted.
///
/// # Errors
/// When the keys cannot be listed, or one cannot be scheduled for deletion
/// (it is in the ledger then, for the run's final sweep).
pub(crate) async fn adopt_strays(
    context: &RunContext,
    via: Via,
    scenario: &str,
) -> Result<usize, CleanupError> {
    let client = context.client(via)?;
    let marker = key_marker(&context.run_id, scenario);
    let mut adopted = 0;
    // CreateKey makes no replicas, so every stray is a key of its own.
    for key in marked_keys(&client, &marker).await? {
        if context.ledger.has_key(&key.arn) {
            continue;
        }
        context
            .ledger
            .created(via, client.region(), &key.key_id, &key.arn);
        schedule_deletion(&client, &key.key_id).await?;
        context.ledger.scheduled(&key.arn);
        adopted += 1;
    }
    Ok(adopted)
}
