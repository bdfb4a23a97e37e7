//! What the barrier writes to show that a read reflects the call: the
//! sentinel tag, or, on a key with no room for it, one of the key's own
//! tags with a fresh value.

use serde_json::json;

use super::{SENTINEL_KEY, is_sentinel};
use crate::report::time_spent::WaitCause;
use crate::suite::poll::{self, Attempt};
use crate::suite::tag_listing::TagPair;
use crate::suite::world::{KeyRole, KmsWorld};
use crate::wire::{ErrorCode, Exchange, Operation};

/// At most 50 user tags per key (contract row 64).
const TAG_LIMIT: usize = 50;

/// What the barrier writes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Mark {
    /// The sentinel tag, [`SENTINEL_KEY`], with a value fresh for the key.
    Sentinel,
    /// One of the key's own tags (as it was), given a fresh value that is
    /// put back after the read.
    Overwrite(TagPair),
}

impl Mark {
    /// The mark for a key holding `tags` after a call that named the tag
    /// keys `named`: the sentinel where, with it, the key still has room
    /// for one more tag; otherwise the last of the key's own tags (in
    /// sorted order) that the call did not name, so the call's own effect
    /// on a tag is never what the mark hides; `None` when it named every one.
    pub(crate) fn for_key(tags: &[TagPair], named: &[String]) -> Option<Self> {
        if tags.len() + 2 <= TAG_LIMIT {
            return Some(Self::Sentinel);
        }
        tags.iter()
            .filter(|tag| !is_sentinel(tag) && !named.contains(&tag.0))
            .max()
            .map(|tag| Self::Overwrite(tag.clone()))
    }
}

/// A mark as written: the tag key and its fresh value, and the value an
/// overwritten tag had before.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Shown {
    key: String,
    value: String,
    before: Option<String>,
}

impl Shown {
    /// Whether a listing shows the mark.
    pub(crate) fn is_in(&self, listed: &[TagPair]) -> bool {
        listed
            .iter()
            .any(|(k, v)| *k == self.key && *v == self.value)
    }

    /// A listing as the key's own tags: the sentinel left out, and an
    /// overwritten tag with the value it had before.
    pub(crate) fn left_out(&self, listed: Vec<TagPair>) -> Vec<TagPair> {
        listed
            .into_iter()
            .filter(|tag| !is_sentinel(tag))
            .map(|(k, v)| match &self.before {
                Some(before) if k == self.key && v == self.value => (k, before.clone()),
                _ => (k, v),
            })
            .collect()
    }

    /// A mark as if written, for the barrier's unit tests.
    #[cfg(test)]
    pub(crate) fn for_tests(key: &str, value: &str, before: Option<&str>) -> Self {
        Self {
            key: key.to_owned(),
            value: value.to_owned(),
            before: before.map(str::to_owned),
        }
    }

    /// `kms-conformance-barrier=3`.
    pub(crate) fn describe(&self) -> String {
        format!("{}={}", self.key, self.value)
    }
}

/// Writes `mark` to `role`'s key. Right after a cancelled deletion
/// (`after_cancel`), a refusal that names the key's state is the
/// cancellation not showing yet (contract row 76): the write is tried
/// again within the settle time. What the key now shows, or why the target
/// refused the write.
///
/// # Errors
/// When the target stopped answering.
pub(crate) async fn write_mark(
    w: &mut KmsWorld,
    role: KeyRole,
    mark: &Mark,
    after_cancel: bool,
) -> Result<Result<Shown, String>, String> {
    let key = w.key(role)?.clone();
    let count = {
        let tracked = w
            .keys
            .get_mut(&role)
            .ok_or("the barrier's key went missing")?;
        tracked.barriers += 1;
        tracked.barriers
    };
    let shown = match mark {
        Mark::Sentinel => Shown {
            key: SENTINEL_KEY.to_owned(),
            value: count.to_string(),
            before: None,
        },
        Mark::Overwrite((tag_key, before)) => Shown {
            key: tag_key.clone(),
            value: format!("{SENTINEL_KEY}-{count}"),
            before: Some(before.clone()),
        },
    };
    let input = json!({
        "KeyId": key.id,
        "Tags": [{ "TagKey": shown.key, "TagValue": shown.value }],
    });
    let budget = if after_cancel {
        w.settle()
    } else {
        std::time::Duration::ZERO
    };
    // The refusal as answered, without what the wait adds to it.
    let mut refused = None;
    let written = poll::until(w, WaitCause::Barrier, budget, async |w| {
        let exchange = match w.call(key.via, Operation::TagResource, input.clone()).await {
            Ok(exchange) => exchange,
            Err(error) => return Attempt::Final(format!("TagResource: {error}")),
        };
        if exchange.status == 200 {
            return Attempt::Settled(());
        }
        let refusal = format!(
            "TagResource refused the barrier tag ({})",
            answered(exchange)
        );
        refused = Some(refusal.clone());
        if after_cancel && exchange.error_code() == Some(ErrorCode::KmsInvalidStateException) {
            Attempt::NotYet(refusal)
        } else {
            Attempt::Final(refusal)
        }
    })
    .await;
    match written {
        Ok(()) => Ok(Ok(shown)),
        Err(error) if w.abandoned => Err(error),
        Err(error) => Ok(Err(refused.unwrap_or(error))),
    }
}

/// `HTTP 400 KMSInvalidStateException`: what a refusal of the barrier's
/// write answered, short enough to group the scenarios it slowed by.
pub(crate) fn answered(exchange: &Exchange) -> String {
    match exchange.error_code() {
        Some(code) => format!("HTTP {} {}", exchange.status, code.name()),
        None => format!("HTTP {}", exchange.status),
    }
}
