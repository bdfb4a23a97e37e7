//! Checks of a key's tags made only on reads known to reflect the call
//! before them (contract row 152).
//!
//! AWS is eventually consistent (contract row 76): a read right after a
//! write may still show the state from before it. A negative check ("the
//! key's tags are unchanged") could pass on such a read, because the first
//! stale read shows the tags from before the call, whether or not the call
//! removed any. So a check whose expected tags are the ones a read last
//! confirmed is made behind a **read-your-writes barrier**:
//!
//! 1. after the call under test, the suite writes a *mark* with
//!    `TagResource`: the sentinel tag [`SENTINEL_KEY`] with a value fresh
//!    for the key;
//! 2. it reads until a listing shows the mark: that read reflects the
//!    mark's write, and so the call before it;
//! 3. that read, the mark left out, must hold exactly the expected tags. If
//!    it does not, waiting cannot help: the check fails at once.
//!
//! Where the sentinel cannot simply be added, the barrier makes room for
//! its write, and puts the key back as it was once the check has passed, so
//! that no later step judges what the barrier did:
//!
//! - a key pending deletion, or pending replica deletion, refuses
//!   `TagResource` (contract row 49): the barrier cancels the deletion
//!   first, which leaves the key Disabled (rows 53, 59 and 144), a state
//!   that takes it, and schedules the deletion again after the read. The
//!   ledger knows the key is not scheduled in between, so an interrupted
//!   run's sweep schedules it. A check that fails ends the scenario, whose
//!   cleanup schedules it then;
//! - a key whose tags leave no room for the sentinel and one more (a key
//!   holds at most 50, row 64; the sentinel must never be what makes a
//!   later `TagResource` of the scenario too many): the mark is one of the
//!   key's own tags, one the call under test did not name, given a fresh
//!   value (row 65: a tag key holds one value, so the count stays), and its
//!   value is put back after the read.
//!
//! Where no mark can be written at all, the check waits out the whole settle
//! time instead and then reads once (on the run's own stub, whose reads lag
//! by a known amount, that lag), and the run's summary names the scenario and
//! why: a key the run did not create, such as the AWS managed key, or a
//! target that refuses the barrier's own writes. The AWS managed key has no
//! tags (nobody can tag it), and an untag can only remove tags: there, the
//! check proves only that the key still reads as it did, which any read
//! shows, so it reads once and waits for nothing.
//!
//! A positive check ("the key has exactly these tags") cannot pass on a
//! stale read; it polls until a read shows what it expects, within the
//! settle time, and writes nothing (a mark would show in what a later step
//! judges of the key's listing).
//!
//! The sentinel stays on the key: every read the steps judge leaves it out
//! ([`KmsWorld::read_tags`]). Against a target that answers reads at once,
//! a negative check costs one `TagResource` and one `ListResourceTags`, and
//! on a key pending deletion a `CancelKeyDeletion` and a
//! `ScheduleKeyDeletion` more; a positive one costs nothing. Every write
//! the barrier makes to a key is paced with the key's other writes
//! (`wire::pacing`, contract §8).

mod key_back;
mod marks;

pub(crate) use self::marks::Mark;
use std::collections::BTreeSet;
use std::time::Instant;

use self::marks::{Shown, write_mark};
use super::poll::{self, Attempt};
use super::tag_listing::{TagPair, show_tags, sorted};
use super::world::{KeyRole, KmsWorld, TrackedKey};
use crate::report::time_spent::WaitCause;
use crate::wire::{Exchange, Operation};

/// The tag key of the barrier's sentinel. No scenario uses it, and no read
/// a step judges shows it.
pub(crate) const SENTINEL_KEY: &str = "kms-conformance-barrier";

/// Whether `tag` is the barrier's sentinel.
#[must_use]
pub(crate) fn is_sentinel(tag: &TagPair) -> bool {
    tag.0 == SENTINEL_KEY
}

/// `tags` without the sentinel.
#[must_use]
pub(crate) fn without_sentinel(tags: Vec<TagPair>) -> Vec<TagPair> {
    tags.into_iter().filter(|t| !is_sentinel(t)).collect()
}

/// How a check that nothing changed learns that a read reflects the call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Plan {
    /// Write `mark` and read until a listing shows it; with `cancel`, the
    /// key is pending deletion: cancel it first, schedule it again after.
    Barrier {
        /// Whether the key's deletion must be cancelled for the write.
        cancel: bool,
        /// What is written.
        mark: Mark,
    },
    /// The call under test cannot have changed what any read shows: one
    /// read judges.
    NothingToLose,
    /// No mark can be written, for this reason: wait out the settle time.
    WaitOut(String),
}

/// The plan for a check of `key`'s tags after `call`, the call under test.
pub(crate) fn plan(key: &TrackedKey, call: Option<&Exchange>) -> Plan {
    let tags = key.confirmed.as_ref().unwrap_or(&key.baseline);
    if !key.created {
        let only_removes = call.and_then(Exchange::called) == Some(Operation::UntagResource);
        return if tags.is_empty() && only_removes {
            Plan::NothingToLose
        } else {
            Plan::WaitOut(
                "the key is not one this run created, and the suite writes only to its own keys"
                    .to_owned(),
            )
        };
    }
    match Mark::for_key(tags, &named_by(call)) {
        Some(mark) => Plan::Barrier {
            cancel: key.deletion_scheduled,
            mark,
        },
        None => Plan::WaitOut(
            "the key has no room for the barrier tag, and the call under test named every tag \
             it has (contract row 64)"
                .to_owned(),
        ),
    }
}

/// The tag keys `call` named (`TagKeys`, or the keys of `Tags`).
fn named_by(call: Option<&Exchange>) -> Vec<String> {
    let Some(body) =
        call.and_then(|c| serde_json::from_slice::<serde_json::Value>(&c.request.body).ok())
    else {
        return Vec::new();
    };
    let tag_keys = body["TagKeys"].as_array().into_iter().flatten();
    let tags = body["Tags"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|t| &t["TagKey"]);
    tag_keys
        .chain(tags)
        .filter_map(|k| k.as_str().map(str::to_owned))
        .collect()
}

/// Waits until a read known to reflect the last call shows that `role`'s
/// key has exactly `want` (sorted), the barrier's marks left out.
///
/// # Errors
/// What the key had instead, and on which read that was seen; or a
/// refusal of what puts the key back after the barrier.
pub(super) async fn expect_unchanged(
    w: &mut KmsWorld,
    role: KeyRole,
    want: &[TagPair],
) -> Result<(), String> {
    expect_unchanged_but(w, role, want, &BTreeSet::new()).await
}

/// As [`expect_unchanged`], with the tags whose key is in `free` left out
/// of every read judged: a call that may or may not have taken effect (a
/// server fault, contract row 41) leaves its tag either way. `want` holds
/// none of them.
///
/// # Errors
/// As [`expect_unchanged`].
pub(super) async fn expect_unchanged_but(
    w: &mut KmsWorld,
    role: KeyRole,
    want: &[TagPair],
    free: &BTreeSet<String>,
) -> Result<(), String> {
    let key = w.key(role)?.clone();
    let began = Instant::now();
    let (cancel, mark) = match plan(&key, w.outcome().ok()) {
        Plan::NothingToLose => return read_once(w, role, want, free).await,
        Plan::WaitOut(why) => return wait_out_settle(w, role, want, free, &why, began).await,
        Plan::Barrier { cancel, mark } => (cancel, mark),
    };
    if cancel && let Err(why) = key_back::cancel_deletion(w, role).await? {
        return wait_out_settle(w, role, want, free, &why, began).await;
    }
    let shown = match write_mark(w, role, &mark, cancel).await? {
        Ok(shown) => shown,
        Err(refusal) => {
            if cancel {
                key_back::schedule_again(w, role).await?;
            }
            return wait_out_settle(w, role, want, free, &refusal, began).await;
        }
    };
    // A check that fails ends the scenario: its cleanup takes the key as
    // the barrier left it.
    read_past(w, role, want, free, &shown).await?;
    if let Mark::Overwrite(tag) = &mark {
        key_back::restore_tag(w, role, tag).await?;
    }
    if cancel {
        key_back::schedule_again(w, role).await?;
    }
    Ok(())
}

/// Polls until a read shows that `role`'s key has exactly `want` (sorted).
/// A stale read cannot pass this check, so it needs no barrier; and it
/// writes none, whatever it reads: a mark written here would show in what a
/// later step judges of the key's listing (and in the scenario's exchanges,
/// only when a read lagged).
///
/// # Errors
/// What the key had instead, when the wait ran out.
pub(super) async fn expect_shown(
    w: &mut KmsWorld,
    role: KeyRole,
    want: &[TagPair],
) -> Result<(), String> {
    let settle = w.settle();
    let phrase = role.phrase();
    poll::until(w, WaitCause::ReadsToShow, settle, async |w| {
        match w.read_tags(role).await {
            Ok(seen) if sorted(&seen) == want => Attempt::Settled(()),
            Ok(seen) => Attempt::NotYet(format!(
                "{phrase} should have exactly {} but has {}",
                show_tags(want),
                show_tags(&sorted(&seen)),
            )),
            Err(error) => Attempt::NotYet(format!("{phrase}'s tags could not be read: {error}")),
        }
    })
    .await
}

/// Reads until a listing shows `shown`, then judges that listing.
async fn read_past(
    w: &mut KmsWorld,
    role: KeyRole,
    want: &[TagPair],
    free: &BTreeSet<String>,
    shown: &Shown,
) -> Result<(), String> {
    let settle = w.settle();
    let phrase = role.phrase();
    poll::until(w, WaitCause::Barrier, settle, async |w| {
        let listed = match w.read_listed_tags(role).await {
            Ok(listed) => listed,
            Err(error) => {
                return Attempt::NotYet(format!("{phrase}'s tags could not be read: {error}"));
            }
        };
        let seen = held(&shown.left_out(listed.clone()), free);
        if !shown.is_in(&listed) {
            Attempt::NotYet(format!(
                "no read showed the barrier tag {} written after the call, so none is known to \
                 reflect it ({phrase} last read as {})",
                shown.describe(),
                show_tags(&seen)
            ))
        } else if seen == want {
            Attempt::Settled(())
        } else {
            Attempt::Final(format!(
                "{phrase} should still have exactly {} but has {}, in a read that already \
                 shows the barrier tag written after the call",
                show_tags(want),
                show_tags(&seen)
            ))
        }
    })
    .await
}

/// `seen`, sorted, without the tags whose key is in `free`.
fn held(seen: &[TagPair], free: &BTreeSet<String>) -> Vec<TagPair> {
    let judged: Vec<TagPair> = seen
        .iter()
        .filter(|(key, _)| !free.contains(key))
        .cloned()
        .collect();
    sorted(&judged)
}

/// One read judges: the call under test cannot have changed what it shows.
async fn read_once(
    w: &mut KmsWorld,
    role: KeyRole,
    want: &[TagPair],
    free: &BTreeSet<String>,
) -> Result<(), String> {
    let seen = held(&w.read_tags(role).await?, free);
    if seen == want {
        Ok(())
    } else {
        Err(format!(
            "{} should still have exactly {} but has {} (an untag cannot give a key tags, so \
             no read lag explains that)",
            role.phrase(),
            show_tags(want),
            show_tags(&seen)
        ))
    }
}

/// Waits until the whole settle time (or the read lag, where the target's
/// is known) has passed since `since`, after the call under test, then
/// reads once: after it, any read reflects the call (contract row 152).
/// The run's summary names the scenario and `why`.
async fn wait_out_settle(
    w: &mut KmsWorld,
    role: KeyRole,
    want: &[TagPair],
    free: &BTreeSet<String>,
    why: &str,
    since: Instant,
) -> Result<(), String> {
    if w.abandoned {
        return Err(why.to_owned());
    }
    let settle = w.settle();
    let catch_up = w
        .context()
        .known_read_lag
        .map_or(settle, |lag| lag.min(settle));
    let rest = catch_up.saturating_sub(since.elapsed());
    tokio::time::sleep(rest).await;
    w.time.waited(WaitCause::SettleOut, rest);
    if !catch_up.is_zero() {
        w.time.slowed.push(why.to_owned());
    }
    let seen = held(&w.read_tags(role).await?, free);
    if seen == want {
        Ok(())
    } else {
        Err(format!(
            "{} should still have exactly {} but has {}, read once {:.1} s had passed for reads \
             to catch up, because no barrier tag could be written: {why}",
            role.phrase(),
            show_tags(want),
            show_tags(&seen),
            catch_up.as_secs_f64()
        ))
    }
}

#[cfg(test)]
mod tests;
