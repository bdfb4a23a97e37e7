//! The writes a scenario's read-your-writes barriers make
//! (`suite::barrier`), worked out from its steps: which checks are made
//! behind a barrier, on which key, and what the barrier writes there.
//!
//! The sketch follows what each step does to the tags a key is known to
//! have, as the World does (`TrackedKey::confirmed`): a check whose expected
//! tags are the ones last confirmed is made behind a barrier. A check that
//! runs only when the call under test was refused is counted as if it were:
//! the count is what a faithful target that refuses costs, at most.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::endpoint::Via;
use crate::suite::barrier::{Mark, Plan, plan};
use crate::suite::tag_listing::{TagPair, sorted};
use crate::suite::world::{KeyRole, TrackedKey};
use crate::wire::Operation;

/// A step's text and its table's tags, when it has a `TagKey | TagValue` table.
#[derive(Clone, Copy, Debug)]
pub(crate) struct StepText<'a> {
    /// The step, without its keyword.
    pub text: &'a str,
    /// The tags its table lists.
    pub table: Option<&'a [TagPair]>,
}

/// What one scenario's steps made of its keys so far.
#[derive(Debug, Default)]
pub(super) struct Sketch {
    keys: BTreeMap<KeyRole, TrackedKey>,
}

impl Sketch {
    /// Follows `step`; the writes of the barrier it makes, if it is a check
    /// made behind one, with the key they go to.
    pub(super) fn step(&mut self, step: StepText<'_>) -> Vec<(KeyRole, Via, Operation)> {
        static CHECK: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"^(.+?)(?: has exactly the tags:| has no tags|'s tags are unchanged)$")
                .expect("valid regex")
        });
        let table = step.table.map(<[TagPair]>::to_vec).unwrap_or_default();
        if let Some((role, via, created)) = made(step.text) {
            let tags = many(step.text).unwrap_or(table);
            let confirmed = (!step.text.starts_with("I replicate")).then(|| sorted(&tags));
            self.keys.insert(role, key(via, tags, confirmed, created));
            return Vec::new();
        }
        match step.text {
            "the key is tagged with:" => {
                if let Some(key) = self.keys.get_mut(&KeyRole::Main) {
                    for (tag_key, value) in table {
                        key.baseline.retain(|(k, _)| *k != tag_key);
                        key.baseline.push((tag_key, value));
                    }
                    key.confirmed = Some(sorted(&key.baseline));
                }
                return Vec::new();
            }
            "the key is scheduled for deletion"
            | "the key is scheduled for deletion while it has a replica"
            | "I schedule the key's deletion" => self.pending(KeyRole::Main, true),
            "the replica is scheduled for deletion" => self.pending(KeyRole::Replica, true),
            "the key's deletion is cancelled" => self.pending(KeyRole::Main, false),
            "if it was refused, the key's tags are unchanged" => {
                return self.check(KeyRole::Main, None);
            }
            _ => {}
        }
        // The lasting check (`suite::lasting`) judges again, behind a
        // barrier, the tags the check before it saw.
        let lasting = step
            .text
            .strip_prefix("a settle time after that was first seen, ")
            .map(|rest| rest.replacen(" still has ", " has ", 1));
        let text = lasting.as_deref().unwrap_or(step.text);
        let Some(role) = CHECK
            .captures(text)
            .and_then(|c| c[1].parse::<KeyRole>().ok())
        else {
            return Vec::new();
        };
        let expected = if text.ends_with("has no tags") {
            Some(Vec::new())
        } else if text.ends_with("has exactly the tags:") {
            Some(table)
        } else {
            None
        };
        self.check(role, expected)
    }

    fn pending(&mut self, role: KeyRole, pending: bool) {
        if let Some(key) = self.keys.get_mut(&role) {
            key.deletion_scheduled = pending;
        }
    }

    /// A check that `role`'s key has `expected` (its baseline when `None`).
    fn check(
        &mut self,
        role: KeyRole,
        expected: Option<Vec<TagPair>>,
    ) -> Vec<(KeyRole, Via, Operation)> {
        let Some(key) = self.keys.get_mut(&role) else {
            return Vec::new();
        };
        let want = sorted(&expected.unwrap_or_else(|| key.baseline.clone()));
        let behind_barrier = key.confirmed.as_ref() == Some(&want);
        key.confirmed = Some(want);
        if !behind_barrier {
            return Vec::new();
        }
        let via = key.via;
        let Plan::Barrier { cancel, mark } = plan(key, None) else {
            return Vec::new();
        };
        let mut writes = vec![(role, via, Operation::TagResource)];
        if mark != Mark::Sentinel {
            // The tag's own value, put back.
            writes.push((role, via, Operation::TagResource));
        }
        if cancel {
            writes.push((role, via, Operation::CancelKeyDeletion));
            writes.push((role, via, Operation::ScheduleKeyDeletion));
        }
        writes
    }
}

/// The key a step makes: its role, caller, and whether the run created it.
fn made(step: &str) -> Option<(KeyRole, Via, bool)> {
    let main = (KeyRole::Main, Via::Primary, true);
    let replica = (KeyRole::Replica, Via::OtherRegion, true);
    Some(match step {
        "a key with the tags:"
        | "a key with no tags"
        | "a key with origin EXTERNAL and the tags:"
        | "a multi-Region key with the tags:" => main,
        "a second key with the tags:" => (KeyRole::Second, Via::Primary, true),
        "a key in the other region with the tags:" => {
            (KeyRole::OtherRegion, Via::OtherRegion, true)
        }
        "a key in the second account with the tags:" => {
            (KeyRole::SecondAccount, Via::SecondAccount, true)
        }
        "the AWS managed key for S3" => (KeyRole::Main, Via::Primary, false),
        "the key has a replica in the other region"
        | "the key has a replica in the other region with the tags:"
        | "I replicate the key to the other region"
        | "I replicate the key to the other region with the tags:" => replica,
        _ if many(step).is_some() => main,
        _ => return None,
    })
}

/// The tags of "a key with 50 tags".
fn many(step: &str) -> Option<Vec<TagPair>> {
    static MANY: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^a key with (\d+) tags$").expect("valid regex"));
    let count: usize = MANY.captures(step)?[1].parse().ok()?;
    Some(
        (1..=count)
            .map(|i| (format!("tag-{i:02}"), format!("value-{i:02}")))
            .collect(),
    )
}

fn key(via: Via, tags: Vec<TagPair>, confirmed: Option<Vec<TagPair>>, created: bool) -> TrackedKey {
    TrackedKey {
        id: String::new(),
        arn: String::new(),
        via,
        baseline: tags,
        confirmed,
        confirmed_at: None,
        barriers: 0,
        created,
        deletion_scheduled: false,
    }
}
