//! What a run will ask of its target, told before it starts: how many keys
//! it creates, and the least time the target's request quotas allow for its
//! writes (contract row 147) and the pace of writes to one key allows for
//! the busiest key (row 183). Counted from the parsed features, step by
//! step, so it follows the scenarios as they change; `src/suite/tests/estimate_accuracy.rs`
//! holds it to what a run against the stub really sends.
//!
//! The writes of the read-your-writes barriers (`suite::barrier`: sentinel
//! tags, and on a key pending deletion `CancelKeyDeletion` and the
//! `ScheduleKeyDeletion` that puts it back) are counted apart, as what a
//! target that answers reads at once costs; a positive check that meets a
//! stale read or a wrong answer writes one sentinel more.
//!
//! Only writes are counted: reads (`ListResourceTags`, `DescribeKey`) have
//! quotas in the thousands a second, which no run comes near.

mod barrier_sketch;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::time::Duration;

use cucumber::feature::Ext as _;
use cucumber::gherkin::{self, GherkinEnv};

use self::barrier_sketch::Sketch;
pub(crate) use self::barrier_sketch::StepText;
use super::features::{FeatureError, FeatureSource, Selection};
use super::tag_listing::TagPair;
use super::world::KeyRole;
use crate::endpoint::{Capability, Via};
use crate::wire::{Operation, Quotas};

/// The writes of a run, by caller and operation.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Estimate {
    /// Scenarios that will run.
    pub scenarios: usize,
    /// Keys they create.
    pub keys: usize,
    /// The scenarios' own write requests and their cleanup's, by the caller
    /// that sends them and the operation.
    pub writes: BTreeMap<(Via, Operation), usize>,
    /// The read-your-writes barriers' writes, the same way.
    pub barrier_writes: BTreeMap<(Via, Operation), usize>,
    /// The most writes one key takes in one scenario, barriers and cleanup
    /// included: paced one [`Quotas::key_writes`] interval apart.
    pub busiest_key: usize,
}

/// What one step writes, as its text says.
fn writes_of(step: &str) -> Vec<(Via, Operation)> {
    // Replicated first, then tagged in the replica's own region.
    if step == "the key has a replica in the other region with the tags:" {
        return vec![
            (Via::Primary, Operation::ReplicateKey),
            (Via::OtherRegion, Operation::TagResource),
        ];
    }
    // The burst of throttling.feature: one UntagResource per call.
    if let Some(count) = step
        .strip_prefix("I send ")
        .and_then(|rest| rest.split_once(" UntagResource calls at once"))
        .and_then(|(count, _)| count.parse().ok())
    {
        return vec![(Via::Primary, Operation::UntagResource); count];
    }
    let replica = step.starts_with("I untag the replica")
        || step.starts_with("the replica is scheduled")
        || step.starts_with("I untag the replica as soon as");
    let via = if replica || step.starts_with("a key in the other region") {
        Via::OtherRegion
    } else if step.starts_with("a key in the second account")
        || step.starts_with("the second account's")
    {
        Via::SecondAccount
    } else {
        Via::Primary
    };
    // An IAM role's identity policy: IAM writes, which no KMS quota counts.
    if step.starts_with("a role \"") {
        return Vec::new();
    }
    let operation = if step.starts_with("a key with")
        // CreateKey under test: refused when faithful, but a key to clean
        // up when wrongly accepted.
        || step.starts_with("I create a key with")
        || step.starts_with("a second key with")
        || step.starts_with("a key in the ")
        || step.starts_with("a multi-Region key")
    {
        Operation::CreateKey
    } else if step.starts_with("the key has a replica in the other region")
        || step.starts_with("I replicate the key")
    {
        Operation::ReplicateKey
    } else if step == "an alias for the key" {
        Operation::CreateAlias
    } else if step.starts_with("I send UntagResource under the target") {
        // Another service's prefix names no KMS operation (contract row
        // 178): no KMS quota counts it, and no operation is recorded for it.
        return Vec::new();
    } else if step.starts_with("I untag")
        || step.starts_with("I send UntagResource")
        // Waiting for a key policy: one refused UntagResource at least.
        || step.starts_with("the key policy is in force: untagging")
        // A role's untag, or its probe after a tag change (one at least),
        // paced as the caller's own: a role session shares its account's
        // KMS quota.
        || (step.starts_with("the role \"") && step.contains(" untags "))
        || (step.starts_with("within the authorization settle time the role \"")
            && step.contains(" untag"))
    {
        Operation::UntagResource
    } else if let Some(rest) = step.strip_prefix("I send the operation \"") {
        // A name no KMS operation has sends a request no quota counts.
        match rest.split('"').next().unwrap_or_default().parse() {
            Ok(operation) => operation,
            Err(_) => return Vec::new(),
        }
    } else if step.starts_with("I tag the key with") || step == "the key is tagged with:" {
        Operation::TagResource
    } else if step.ends_with(" policy is:") || step.starts_with("I put the key policy") {
        Operation::PutKeyPolicy
    } else if step.starts_with("the key is scheduled for deletion")
        || step == "I schedule the key's deletion"
        || step == "the replica is scheduled for deletion"
    {
        Operation::ScheduleKeyDeletion
    } else if step == "the key's deletion is cancelled" {
        Operation::CancelKeyDeletion
    } else if step == "the key is disabled" {
        Operation::DisableKey
    } else if step == "the key is enabled again" {
        Operation::EnableKey
    } else {
        return Vec::new();
    };
    vec![(via, operation)]
}

impl Estimate {
    /// The writes of the scenarios `selection` picks from `source` that a
    /// target with `capabilities` runs; `cleans_up` adds each scenario's
    /// cleanup (the built-in stub is thrown away instead).
    ///
    /// # Errors
    /// When a feature cannot be read or parsed.
    pub(crate) fn of(
        source: &FeatureSource,
        selection: &Selection,
        capabilities: &BTreeSet<Capability>,
        cleans_up: bool,
    ) -> Result<Self, FeatureError> {
        let mut estimate = Self::default();
        for (path, text) in source.load()? {
            let unparsable = |why: String| FeatureError::Unparsable {
                path: path.clone(),
                why,
            };
            let feature = gherkin::Feature::parse(&text, GherkinEnv::default())
                .map_err(|e| unparsable(format!("does not parse: {e}")))?
                .expand_examples()
                .map_err(|e| unparsable(e.to_string()))?;
            let plain = feature.scenarios.iter().map(|s| (None, s));
            let ruled = feature
                .rules
                .iter()
                .flat_map(|r| r.scenarios.iter().map(move |s| (Some(r), s)));
            for (rule, scenario) in plain.chain(ruled) {
                let tags = feature
                    .tags
                    .iter()
                    .chain(rule.iter().flat_map(|r| &r.tags))
                    .chain(&scenario.tags);
                let runnable = tags
                    .filter_map(|t| Capability::ALL.into_iter().find(|c| c.tag() == t))
                    .all(|c| capabilities.contains(&c));
                if runnable && selection.selects(&feature, rule, scenario) {
                    let steps: Vec<(&str, Option<Vec<TagPair>>)> = feature
                        .background
                        .iter()
                        .chain(rule.and_then(|r| r.background.as_ref()))
                        .flat_map(|b| &b.steps)
                        .chain(&scenario.steps)
                        .map(|s| (s.value.as_str(), table_tags(s)))
                        .collect();
                    estimate.add_scenario(
                        steps.iter().map(|(text, table)| StepText {
                            text,
                            table: table.as_deref(),
                        }),
                        cleans_up,
                    );
                }
            }
        }
        Ok(estimate)
    }

    pub(crate) fn add_scenario<'a>(
        &mut self,
        steps: impl Iterator<Item = StepText<'a>>,
        cleans_up: bool,
    ) {
        self.scenarios += 1;
        // What the scenario's own cleanup sends: one ScheduleKeyDeletion per
        // key whose deletion it did not leave scheduled, one DeleteAlias.
        let mut cleanup: Vec<(KeyRole, Via, Operation)> = Vec::new();
        let mut per_key: BTreeMap<KeyRole, usize> = BTreeMap::new();
        let mut sketch = Sketch::default();
        for step in steps {
            for (via, operation) in writes_of(step.text) {
                *self.writes.entry((via, operation)).or_default() += 1;
                let role = role_of(step.text, via);
                if !matches!(operation, Operation::CreateKey | Operation::ReplicateKey) {
                    *per_key.entry(role).or_default() += 1;
                }
                match operation {
                    Operation::CreateKey => {
                        self.keys += 1;
                        cleanup.push((role, via, Operation::ScheduleKeyDeletion));
                    }
                    // A replica is a key of its own, in the other region;
                    // making it changes its primary.
                    Operation::ReplicateKey => {
                        self.keys += 1;
                        *per_key.entry(KeyRole::Main).or_default() += 1;
                        cleanup.push((
                            KeyRole::Replica,
                            Via::OtherRegion,
                            Operation::ScheduleKeyDeletion,
                        ));
                    }
                    Operation::CreateAlias => cleanup.push((role, via, Operation::DeleteAlias)),
                    Operation::ScheduleKeyDeletion => {
                        if let Some(at) = cleanup
                            .iter()
                            .position(|c| (c.1, c.2) == (via, Operation::ScheduleKeyDeletion))
                        {
                            cleanup.remove(at);
                        }
                    }
                    Operation::CancelKeyDeletion => {
                        cleanup.push((KeyRole::Main, Via::Primary, Operation::ScheduleKeyDeletion));
                    }
                    _ => {}
                }
            }
            for (role, via, operation) in sketch.step(step) {
                *self.barrier_writes.entry((via, operation)).or_default() += 1;
                *per_key.entry(role).or_default() += 1;
            }
        }
        if cleans_up {
            for (role, via, operation) in cleanup {
                *self.writes.entry((via, operation)).or_default() += 1;
                if operation == Operation::ScheduleKeyDeletion {
                    *per_key.entry(role).or_default() += 1;
                }
            }
        }
        let busiest = per_key.into_values().max().unwrap_or_default();
        self.busiest_key = self.busiest_key.max(busiest);
    }

    /// Writes of `operation`, by every caller (for the estimate's tests).
    #[cfg(test)]
    #[must_use]
    pub(crate) fn count(&self, operation: Operation) -> usize {
        self.writes
            .iter()
            .filter(|((_, o), _)| *o == operation)
            .map(|(_, n)| n)
            .sum()
    }

    /// Barrier writes of `operation`, by every caller.
    #[must_use]
    pub(crate) fn barrier_count(&self, operation: Operation) -> usize {
        self.barrier_writes
            .iter()
            .filter(|((_, o), _)| *o == operation)
            .map(|(_, n)| n)
            .sum()
    }

    /// The least time `quotas` allow for the writes, the barriers'
    /// included: each caller's operation is a bucket of a second's worth of
    /// requests refilled at its quota, and the run takes at least as long
    /// as its fullest bucket, and as the writes to its busiest key one
    /// [`Quotas::key_writes`] interval apart.
    #[must_use]
    pub(crate) fn least_time(&self, quotas: &Quotas) -> LeastTime {
        let mut least = LeastTime::default();
        let mut all = self.writes.clone();
        for (bucket, count) in &self.barrier_writes {
            *all.entry(*bucket).or_default() += count;
        }
        for ((via, operation), count) in &all {
            let Some(rate) = quotas.rate(operation.name()) else {
                continue;
            };
            #[expect(clippy::cast_precision_loss, reason = "a few hundred requests")]
            let seconds = ((*count as f64 - rate.max(1.0)) / rate).max(0.0);
            let time = Duration::from_secs_f64(seconds);
            if time >= least.time {
                least = LeastTime {
                    time,
                    operation: Some(*operation),
                    via: Some(*via),
                    count: *count,
                    rate,
                };
            }
        }
        let rate = quotas.key_writes();
        if self.busiest_key > 1 && rate > 0.0 {
            #[expect(clippy::cast_precision_loss, reason = "a handful of writes")]
            let time = Duration::from_secs_f64((self.busiest_key - 1) as f64 / rate);
            if time > least.time {
                least = LeastTime {
                    time,
                    operation: None,
                    via: None,
                    count: self.busiest_key,
                    rate,
                };
            }
        }
        least
    }
}

/// Which key a write of `step`, sent as `via`, goes to.
fn role_of(step: &str, via: Via) -> KeyRole {
    match via {
        Via::OtherRegion if step.contains("replica") => KeyRole::Replica,
        Via::OtherRegion => KeyRole::OtherRegion,
        Via::SecondAccount => KeyRole::SecondAccount,
        Via::Primary if step.starts_with("a second key") => KeyRole::Second,
        Via::Primary => KeyRole::Main,
    }
}

/// The tags of a step's `TagKey | TagValue` table, if it has one.
fn table_tags(step: &gherkin::Step) -> Option<Vec<TagPair>> {
    let rows = &step.table.as_ref()?.rows;
    let (header, rows) = rows.split_first()?;
    (header.first().map(String::as_str) == Some("TagKey")).then(|| {
        rows.iter()
            .map(|row| {
                let cell = |i: usize| row.get(i).cloned().unwrap_or_default();
                (cell(0), cell(1))
            })
            .collect()
    })
}

/// The least time a run's writes need, and the bucket that decides it:
/// an operation's quota, or the pace of writes to the busiest key.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct LeastTime {
    /// The time.
    pub time: Duration,
    /// The operation of the fullest bucket; `None` when no write has a
    /// quota, or when the busiest key decides.
    pub operation: Option<Operation>,
    /// Its caller; `None` when no write has a quota, or the busiest key decides.
    pub via: Option<Via>,
    /// Its requests.
    pub count: usize,
    /// Its quota, requests per second.
    pub rate: f64,
}

impl fmt::Display for LeastTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = self.operation.map_or("writes to one key", Operation::name);
        write!(
            f,
            "{:.0} s ({} {what} at {}/s)",
            self.time.as_secs_f64().ceil(),
            self.count,
            self.rate
        )
    }
}

#[cfg(test)]
mod tests;
