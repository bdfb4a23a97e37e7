//! Making room for the barrier's write on a key pending deletion, and
//! putting the key back as it was once the check has passed: pending
//! deletion again, a tag's own value again.

use serde_json::json;

use super::marks::answered;
use crate::cleanup::PENDING_WINDOW_DAYS;
use crate::suite::tag_listing::TagPair;
use crate::suite::world::{KeyRole, KmsWorld};
use crate::wire::Operation;

/// Cancels the deletion of `role`'s key, which leaves it Disabled (contract
/// rows 53, 59 and 144), so that it takes `TagResource`. The ledger learns
/// first that the key is not scheduled: a run interrupted from here on
/// schedules it in its sweep, and one already pending counts as done there.
/// `Err` inside: why the target refused (the key stays unscheduled in the
/// ledger, so its cleanup schedules it, whatever state it is in).
///
/// # Errors
/// When the target stopped answering.
pub(super) async fn cancel_deletion(
    w: &mut KmsWorld,
    role: KeyRole,
) -> Result<Result<(), String>, String> {
    let key = w.key(role)?.clone();
    w.mark_deletion(role, false);
    let exchange = w
        .call(
            key.via,
            Operation::CancelKeyDeletion,
            json!({ "KeyId": key.id }),
        )
        .await?;
    if exchange.status == 200 {
        Ok(Ok(()))
    } else {
        Ok(Err(format!(
            "CancelKeyDeletion, to make room for the barrier tag, was refused ({})",
            answered(exchange)
        )))
    }
}

/// Schedules the deletion of `role`'s key again, after the barrier
/// cancelled it: the key is pending deletion (or replica deletion) for the
/// steps after, as before the check.
///
/// # Errors
/// When the target refuses (contract row 52: a Disabled key can be
/// scheduled) or stopped answering.
pub(super) async fn schedule_again(w: &mut KmsWorld, role: KeyRole) -> Result<(), String> {
    let key = w.key(role)?.clone();
    let input = json!({ "KeyId": key.id, "PendingWindowInDays": PENDING_WINDOW_DAYS });
    let exchange = w
        .call(key.via, Operation::ScheduleKeyDeletion, input)
        .await?;
    if exchange.status != 200 {
        return Err(format!(
            "the barrier cancelled {}'s deletion to write its tag, and ScheduleKeyDeletion \
             then refused to schedule it again (contract row 52): HTTP {} {}",
            role.phrase(),
            exchange.status,
            exchange.body_preview(200)
        ));
    }
    w.mark_deletion(role, true);
    Ok(())
}

/// Gives `tag` its own value back, after the barrier wrote another.
///
/// # Errors
/// When the target refuses or stopped answering.
pub(super) async fn restore_tag(
    w: &mut KmsWorld,
    role: KeyRole,
    tag: &TagPair,
) -> Result<(), String> {
    let key = w.key(role)?.clone();
    let input = json!({
        "KeyId": key.id,
        "Tags": [{ "TagKey": tag.0, "TagValue": tag.1 }],
    });
    let exchange = w.call(key.via, Operation::TagResource, input).await?;
    if exchange.status == 200 {
        Ok(())
    } else {
        Err(format!(
            "the barrier gave {}'s tag {:?} a value of its own, and TagResource then refused \
             to put back {:?}: HTTP {} {}",
            role.phrase(),
            tag.0,
            tag.1,
            exchange.status,
            exchange.body_preview(200)
        ))
    }
}
