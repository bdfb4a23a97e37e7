//! Checks that something did **not** change, made only on reads known to
//! reflect the call before them (contract row 152).
//!
//! AWS is eventually consistent (contract row 76): a read right after a
//! write may still show the state from before it. A positive check ("the
//! key now has exactly these tags") cannot pass on such a read, because the
//! state from before differs from what it waits for. A negative one ("the
//! key's tags are unchanged") can: the first stale read shows the tags from
//! before the call, whether or not the call removed any. So a check whose
//! expected tags are the ones a read last confirmed is made behind a
//! **read-your-writes barrier**:
//!
//! 1. after the call under test, the suite writes a sentinel tag,
//!    [`SENTINEL_KEY`] with a value fresh for the key, with `TagResource`;
//! 2. it reads until a listing shows the sentinel with that value: that
//!    read reflects the sentinel's write, and so the call before it;
//! 3. that read, the sentinel left out, must hold exactly the expected tags.
//!    If it does not, waiting cannot help: the check fails at once.
//!
//! Where no sentinel can be written (a key the run did not create, such as
//! the AWS managed key; a key pending deletion, which refuses `TagResource`,
//! contract row 49; a key that already holds 50 tags, contract row 64; or a
//! target that refuses the sentinel), the check waits out the whole settle
//! time instead and then reads once; on the run's own stub, whose reads lag
//! by a known amount, it waits out that lag.
//!
//! The sentinel stays on the key: every read the steps judge leaves it out
//! ([`KmsWorld::read_tags`]). Against a target that answers reads at once
//! the barrier costs one `TagResource` and one `ListResourceTags`.

use super::poll::{self, Attempt};
use super::tag_listing::{TagPair, show_tags, sorted};
use super::world::{KeyRole, KmsWorld, TrackedKey};
use crate::wire::Operation;
use serde_json::json;

/// The tag key of the barrier's sentinel. No scenario uses it, and no read
/// a step judges shows it.
pub const SENTINEL_KEY: &str = "kms-conformance-barrier";

/// At most 50 user tags per key (contract row 64): a key that holds them
/// all refuses the sentinel.
const TAG_LIMIT: usize = 50;

/// Whether `tag` is the barrier's sentinel.
#[must_use]
pub fn is_sentinel(tag: &TagPair) -> bool {
    tag.0 == SENTINEL_KEY
}

/// Why no sentinel can be written to `key`, or `None` when one can.
fn no_sentinel(key: &TrackedKey) -> Option<&'static str> {
    if !key.created {
        Some("the key is not one this run created, and the suite writes only to its own keys")
    } else if key.deletion_scheduled {
        Some("the key is pending deletion, which refuses TagResource (contract row 49)")
    } else if key.confirmed.as_ref().is_some_and(|t| t.len() >= TAG_LIMIT) {
        Some("the key already holds 50 tags (contract row 64)")
    } else {
        None
    }
}

/// Waits until a read known to reflect the last call shows that `role`'s
/// key has exactly `want` (sorted), the sentinel left out.
///
/// # Errors
/// What the key had instead, and on which read that was seen.
pub(super) async fn expect_unchanged(
    w: &mut KmsWorld,
    role: KeyRole,
    want: &[TagPair],
) -> Result<(), String> {
    let key = w.key(role)?.clone();
    let why_not = match no_sentinel(&key) {
        Some(why) => why.to_owned(),
        None => match write_sentinel(w, role, &key).await? {
            Ok(value) => return read_past_sentinel(w, role, want, &value).await,
            Err(refusal) => refusal,
        },
    };
    wait_out_settle(w, role, want, &why_not).await
}

/// Writes the sentinel with a value this key has not had; the value, or
/// why the target refused it.
async fn write_sentinel(
    w: &mut KmsWorld,
    role: KeyRole,
    key: &TrackedKey,
) -> Result<Result<String, String>, String> {
    let count = {
        let tracked = w
            .keys
            .get_mut(&role)
            .ok_or("the barrier's key went missing")?;
        tracked.barriers += 1;
        tracked.barriers
    };
    let value = count.to_string();
    let input = json!({
        "KeyId": key.id,
        "Tags": [{ "TagKey": SENTINEL_KEY, "TagValue": value }],
    });
    let exchange = w.call(key.via, Operation::TagResource, input).await?;
    if exchange.status == 200 {
        Ok(Ok(value))
    } else {
        Ok(Err(format!(
            "TagResource refused the barrier tag: HTTP {} {}",
            exchange.status,
            exchange.body_preview(200)
        )))
    }
}

/// Reads until a listing shows the sentinel's `value`, then judges that
/// listing.
async fn read_past_sentinel(
    w: &mut KmsWorld,
    role: KeyRole,
    want: &[TagPair],
    value: &str,
) -> Result<(), String> {
    let settle = w.settle();
    let phrase = role.phrase();
    poll::until(w, settle, async |w| {
        let listed = match w.read_listed_tags(role).await {
            Ok(listed) => listed,
            Err(error) => {
                return Attempt::NotYet(format!("{phrase}'s tags could not be read: {error}"));
            }
        };
        let shows_sentinel = listed.iter().any(|(k, v)| k == SENTINEL_KEY && v == value);
        let seen = sorted(&without_sentinel(listed));
        if !shows_sentinel {
            Attempt::NotYet(format!(
                "no read showed the barrier tag {SENTINEL_KEY}={value} written after the call, \
                 so none is known to reflect it ({phrase} last read as {})",
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

/// Waits the whole settle time (or the read lag, where the target's is
/// known), then reads once: after it, any read reflects the call (contract
/// row 152).
async fn wait_out_settle(
    w: &mut KmsWorld,
    role: KeyRole,
    want: &[TagPair],
    why: &str,
) -> Result<(), String> {
    let settle = w.settle();
    let catch_up = w
        .context()
        .known_read_lag
        .map_or(settle, |lag| lag.min(settle));
    tokio::time::sleep(catch_up).await;
    let seen = sorted(&w.read_tags(role).await?);
    if seen == want {
        Ok(())
    } else {
        Err(format!(
            "{} should still have exactly {} but has {}, read after waiting {:.1} s for reads \
             to catch up, because no barrier tag could be written: {why}",
            role.phrase(),
            show_tags(want),
            show_tags(&seen),
            catch_up.as_secs_f64()
        ))
    }
}

/// `tags` without the sentinel.
#[must_use]
pub fn without_sentinel(tags: Vec<TagPair>) -> Vec<TagPair> {
    tags.into_iter().filter(|t| !is_sentinel(t)).collect()
}
