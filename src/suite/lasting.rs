//! A state that lasts, not one a read caught in passing (contract row 211).
//!
//! Every other check reads right after the call it judges, so a removal
//! undone a moment later passes them all. [`expect_lasting`] reads the key
//! again a while after a check last saw it, behind the read-your-writes
//! barrier, so that the read reflects every write up to then.

use std::time::{Duration, Instant};

use super::barrier;
use super::tag_listing::{TagPair, show_tags, sorted};
use super::world::{KeyRole, KmsWorld};
use crate::report::time_spent::WaitCause;

/// Waits until `after` has passed since `role`'s key was last seen to have
/// exactly `expected`, then checks, behind the barrier, that it still has
/// them.
///
/// # Errors
/// When no earlier check saw the key with `expected`, or what the key has
/// instead.
pub(super) async fn expect_lasting(
    w: &mut KmsWorld,
    role: KeyRole,
    expected: &[TagPair],
    after: Duration,
) -> Result<(), String> {
    let want = sorted(expected);
    let key = w.key(role)?;
    let seen_at = match (&key.confirmed, key.confirmed_at) {
        (Some(confirmed), Some(at)) if *confirmed == want => at,
        (Some(confirmed), _) => {
            return Err(format!(
                "the check before this one saw {} with {}, not {}: this step judges that \
                 what a check saw lasts",
                role.phrase(),
                show_tags(confirmed),
                show_tags(&want)
            ));
        }
        (None, _) => {
            return Err(format!(
                "no check before this one saw {}'s tags: this step judges that what a check \
                 saw lasts",
                role.phrase()
            ));
        }
    };
    let remaining = (seen_at + after).saturating_duration_since(Instant::now());
    tokio::time::sleep(remaining).await;
    w.time.waited(WaitCause::Lasting, remaining);
    barrier::expect_unchanged(w, role, &want)
        .await
        .map_err(|e| format!("{:.1} s after it was first seen: {e}", after.as_secs_f64()))
}
