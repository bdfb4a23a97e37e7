//! Steps about key states: changing them (through KMS, or the stub's
//! control operation when the state cannot be reached otherwise) and
//! waiting until reads show the change.

use serde_json::{Value, json};

use super::StepResult;
use super::key_steps::{member, read_metadata};
use crate::endpoint::Via;
use crate::report::time_spent::WaitCause;
use crate::stub::http::CONTROL_PREFIX;
use crate::suite::evidence::step;
use crate::suite::poll::{self, Attempt};
use crate::suite::world::{KeyRole, KmsWorld};
use crate::wire::{Operation, WireRequest};

/// Sends a key-state operation that must succeed.
async fn change_state(w: &mut KmsWorld, operation: Operation, input: Value) -> StepResult {
    let exchange = w.call(Via::Primary, operation, input).await?;
    if exchange.status == 200 {
        Ok(())
    } else {
        Err(format!(
            "{operation} failed: {} {}",
            exchange.status,
            exchange.body_preview(300)
        ))
    }
}

step!(
    #[given("the key is scheduled for deletion")]
    #[setup]
    async fn scheduled_for_deletion(w: &mut KmsWorld) -> StepResult {
        let key = w.key(KeyRole::Main)?.id.clone();
        change_state(
            w,
            Operation::ScheduleKeyDeletion,
            json!({ "KeyId": key, "PendingWindowInDays": 7 }),
        )
        .await?;
        w.mark_deletion(KeyRole::Main, true);
        wait_for_state(w, KeyRole::Main, "PendingDeletion").await
    }
);

step!(
    #[given("the key's deletion is cancelled")]
    #[setup]
    async fn deletion_cancelled(w: &mut KmsWorld) -> StepResult {
        let key = w.key(KeyRole::Main)?.id.clone();
        change_state(w, Operation::CancelKeyDeletion, json!({ "KeyId": key })).await?;
        w.mark_deletion(KeyRole::Main, false);
        // A primary comes back from PendingReplicaDeletion (contract row 144).
        wait_for_state_change(w, &["PendingDeletion", "PendingReplicaDeletion"]).await
    }
);

step!(
    #[given("the key is disabled")]
    #[setup]
    async fn disabled(w: &mut KmsWorld) -> StepResult {
        let key = w.key(KeyRole::Main)?.id.clone();
        change_state(w, Operation::DisableKey, json!({ "KeyId": key })).await?;
        wait_for_state(w, KeyRole::Main, "Disabled").await
    }
);

step!(
    #[given("the key is enabled again")]
    #[setup]
    async fn enabled_again(w: &mut KmsWorld) -> StepResult {
        let key = w.key(KeyRole::Main)?.id.clone();
        change_state(w, Operation::EnableKey, json!({ "KeyId": key })).await?;
        wait_for_state(w, KeyRole::Main, "Enabled").await
    }
);

step!(
    /// Uses the stub's control operation; only scenarios tagged
    /// `@requires.state-control` reach this step.
    #[given(expr = "the key is forced into the {string} state")]
    #[setup]
    async fn forced_into_state(w: &mut KmsWorld, state: String) -> StepResult {
        if !w.context().target_is_own_stub {
            return Err("this target cannot force key states".to_owned());
        }
        let key = w.key(KeyRole::Main)?.id.clone();
        let input = json!({ "KeyId": key, "KeyState": state });
        let request = WireRequest::under_target(
            format!("{CONTROL_PREFIX}SetKeyState"),
            input.to_string().into_bytes(),
        );
        let exchange = w.send(Via::Primary, request).await?;
        if exchange.status != 200 {
            return Err(format!(
                "the stub refused to set the state: {}",
                exchange.body_preview(300)
            ));
        }
        wait_for_state(w, KeyRole::Main, &state).await
    }
);

step!(
    #[given(expr = "{key} is in the {string} state")]
    #[then(expr = "{key} is in the {string} state")]
    #[asserts(Doc)]
    async fn in_state(w: &mut KmsWorld, role: KeyRole, state: String) -> StepResult {
        wait_for_state(w, role, &state).await
    }
);

step!(
    /// `DescribeKey` read until it shows the key in `state`, and that read
    /// judged whole (contract row 218): `Enabled` true only in the `Enabled`
    /// state, a `DeletionDate` only while `PendingDeletion`. One answer
    /// judged against itself: a lagging read shows an older state, but
    /// never one that disagrees with itself.
    #[then(
        expr = "DescribeKey describes the key as {string}, its Enabled flag and DeletionDate agreeing"
    )]
    #[asserts(Doc)]
    async fn described_as(w: &mut KmsWorld, state: String) -> StepResult {
        let settle = w.settle();
        let metadata = poll::until(
            w,
            WaitCause::ReadsToShow,
            settle,
            async |w| match read_metadata(w, KeyRole::Main).await {
                Ok(metadata) if metadata.get("KeyState") == Some(&json!(state)) => {
                    Attempt::Settled(metadata)
                }
                Ok(metadata) => Attempt::NotYet(format!(
                    "the key should be {state} but DescribeKey says {}",
                    metadata.get("KeyState").unwrap_or(&Value::Null)
                )),
                Err(error) => Attempt::NotYet(format!("the key could not be described: {error}")),
            },
        )
        .await?;
        view_agrees(&metadata)
    }
);

/// A `KeyMetadata` whose `Enabled` and `DeletionDate` agree with its
/// `KeyState` (contract row 218).
///
/// # Errors
/// What disagrees.
fn view_agrees(metadata: &Value) -> StepResult {
    let state = member(metadata, "KeyState")?;
    let enabled = metadata
        .get("Enabled")
        .and_then(Value::as_bool)
        .ok_or_else(|| format!("KeyMetadata has no boolean \"Enabled\": {metadata}"))?;
    if enabled != (state == "Enabled") {
        return Err(format!(
            "DescribeKey says KeyState {state} with Enabled {enabled}: Enabled is true in the \
             Enabled state and false in every other"
        ));
    }
    let dated = metadata.get("DeletionDate").is_some_and(|d| !d.is_null());
    let pending = state == "PendingDeletion";
    if dated != pending {
        return Err(format!(
            "DescribeKey says KeyState {state} {} a DeletionDate: a key has one exactly while it \
             is PendingDeletion",
            if dated { "with" } else { "without" }
        ));
    }
    Ok(())
}

step!(
    #[when("I schedule the key's deletion")]
    #[sends(Operation::ScheduleKeyDeletion)]
    async fn schedule_deletion(w: &mut KmsWorld) -> StepResult {
        let key = w.key(KeyRole::Main)?.id.clone();
        let request = WireRequest::operation(
            Operation::ScheduleKeyDeletion,
            &json!({ "KeyId": key, "PendingWindowInDays": 7 }),
        );
        let succeeded = w.act(Via::Primary, request).await?.status == 200;
        if succeeded {
            w.mark_deletion(KeyRole::Main, true);
        }
        Ok(())
    }
);

/// The state of `role`'s key per `DescribeKey`, asked in its own region.
pub(super) async fn read_state(w: &mut KmsWorld, role: KeyRole) -> Result<String, String> {
    member(&read_metadata(w, role).await?, "KeyState")
}

/// Waits, within the settle time, until `role`'s key is in the state `want`.
pub(super) async fn wait_for_state(w: &mut KmsWorld, role: KeyRole, want: &str) -> StepResult {
    let settle = w.settle();
    let name = role.phrase();
    poll::until(
        w,
        WaitCause::ReadsToShow,
        settle,
        async |w| match read_state(w, role).await {
            Ok(seen) if seen == want => Attempt::Settled(()),
            Ok(seen) => match answered_by_last_write(w, role, &seen) {
                Some(write) => Attempt::Final(format!(
                    "{name} should be {want} but is {seen}, the state {write} answered: \
                 no read lag explains that, so there is nothing to wait for"
                )),
                None => Attempt::NotYet(format!("{name} should be {want} but is {seen}")),
            },
            Err(error) => Attempt::NotYet(format!("{name}'s state could not be read: {error}")),
        },
    )
    .await
}

/// Key states that change only when a client changes them. (`Creating`,
/// `Updating`, `Unavailable` and `PendingReplicaDeletion` can end on their
/// own.)
const STABLE_STATES: [&str; 4] = ["Enabled", "Disabled", "PendingImport", "PendingDeletion"];

/// The operation that last wrote `role`'s key, when it answered with the
/// key's state, that state is `seen`, and only reads were sent since.
///
/// A lagging read shows an older state of the key; one that shows the
/// stable state the key's latest write itself reported is up to date, and
/// polling until the settle time runs out cannot change it. Against a
/// target that is consistent (every emulator), this is what keeps a wrong
/// state from costing the whole settle time. Only `CreateKey` answers a state.
fn answered_by_last_write(w: &KmsWorld, role: KeyRole, seen: &str) -> Option<Operation> {
    let key = w.key(role).ok()?;
    let write = w.trail.iter().rev().find(|e| {
        !matches!(
            e.called(),
            Some(Operation::DescribeKey | Operation::ListResourceTags)
        )
    })?;
    if write.called() != Some(Operation::CreateKey) || write.status != 200 {
        return None;
    }
    let body = write.json()?;
    let metadata = body.get("KeyMetadata")?;
    let answered = metadata.get("KeyState")?.as_str()?;
    let same_key = metadata.get("KeyId")?.as_str()? == key.id;
    (same_key && answered == seen && STABLE_STATES.contains(&answered))
        .then_some(Operation::CreateKey)
}

/// Waits, within the settle time, until the main key is in none of the
/// states `away_from`.
async fn wait_for_state_change(w: &mut KmsWorld, away_from: &[&str]) -> StepResult {
    let settle = w.settle();
    poll::until(
        w,
        WaitCause::ReadsToShow,
        settle,
        async |w| match read_state(w, KeyRole::Main).await {
            Ok(seen) if !away_from.contains(&seen.as_str()) => Attempt::Settled(()),
            Ok(seen) => Attempt::NotYet(format!("the key is still {seen}")),
            Err(error) => Attempt::NotYet(format!("the key's state could not be read: {error}")),
        },
    )
    .await
}

#[cfg(test)]
mod tests;
