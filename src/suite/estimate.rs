//! What a run will ask of its target, told before it starts: how many keys
//! it creates, and the least time the target's request quotas allow for its
//! writes (contract row 147). Counted from the parsed features, step by
//! step, so it follows the scenarios as they change; `tests/estimate.rs`
//! holds it to what a run against the stub really sends.
//!
//! Only writes are counted: reads (`ListResourceTags`, `DescribeKey`) have
//! quotas in the thousands a second, which no run comes near.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::time::Duration;

use cucumber::feature::Ext as _;
use cucumber::gherkin::{self, GherkinEnv};

use super::features::{FeatureError, FeatureSource, Selection};
use crate::endpoint::{Capability, Via};
use crate::wire::{Operation, Quotas};

/// The writes of a run, by caller and operation.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Estimate {
    /// Scenarios that will run.
    pub scenarios: usize,
    /// Keys they create.
    pub keys: usize,
    /// Write requests, by the caller that sends them and the operation.
    pub writes: BTreeMap<(Via, Operation), usize>,
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
    pub fn of(
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
                    let steps = feature
                        .background
                        .iter()
                        .chain(rule.and_then(|r| r.background.as_ref()))
                        .flat_map(|b| &b.steps)
                        .chain(&scenario.steps);
                    estimate.add_scenario(steps.map(|s| s.value.as_str()), cleans_up);
                }
            }
        }
        Ok(estimate)
    }

    fn add_scenario<'a>(&mut self, steps: impl Iterator<Item = &'a str>, cleans_up: bool) {
        self.scenarios += 1;
        // What the scenario's own cleanup sends: one ScheduleKeyDeletion per
        // key whose deletion it did not leave scheduled, one DeleteAlias.
        let mut cleanup: Vec<(Via, Operation)> = Vec::new();
        for step in steps {
            for (via, operation) in writes_of(step) {
                *self.writes.entry((via, operation)).or_default() += 1;
                match operation {
                    Operation::CreateKey => {
                        self.keys += 1;
                        cleanup.push((via, Operation::ScheduleKeyDeletion));
                    }
                    // A replica is a key of its own, in the other region.
                    Operation::ReplicateKey => {
                        self.keys += 1;
                        cleanup.push((Via::OtherRegion, Operation::ScheduleKeyDeletion));
                    }
                    Operation::CreateAlias => cleanup.push((via, Operation::DeleteAlias)),
                    Operation::ScheduleKeyDeletion => {
                        if let Some(at) = cleanup
                            .iter()
                            .position(|c| *c == (via, Operation::ScheduleKeyDeletion))
                        {
                            cleanup.remove(at);
                        }
                    }
                    Operation::CancelKeyDeletion => {
                        cleanup.push((Via::Primary, Operation::ScheduleKeyDeletion));
                    }
                    _ => {}
                }
            }
        }
        if cleans_up {
            for write in cleanup {
                *self.writes.entry(write).or_default() += 1;
            }
        }
    }

    /// Writes of `operation`, by every caller.
    #[must_use]
    pub fn count(&self, operation: Operation) -> usize {
        self.writes
            .iter()
            .filter(|((_, o), _)| *o == operation)
            .map(|(_, n)| n)
            .sum()
    }

    /// The least time `quotas` allow for the writes: each caller's
    /// operation is a bucket of a second's worth of requests refilled at
    /// its quota, and the run takes at least as long as its fullest bucket.
    #[must_use]
    pub fn least_time(&self, quotas: &Quotas) -> LeastTime {
        let mut least = LeastTime::default();
        for ((via, operation), count) in &self.writes {
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
        least
    }
}

/// The least time a run's writes need, and the bucket that decides it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LeastTime {
    /// The time.
    pub time: Duration,
    /// The operation of the fullest bucket; `None` when no write has a quota.
    pub operation: Option<Operation>,
    /// Its caller; `None` when no write has a quota.
    pub via: Option<Via>,
    /// Its requests.
    pub count: usize,
    /// Its quota, requests per second.
    pub rate: f64,
}

impl fmt::Display for LeastTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:.0} s ({} {} at {}/s)",
            self.time.as_secs_f64().ceil(),
            self.count,
            self.operation.map_or("", Operation::name),
            self.rate
        )
    }
}

#[cfg(test)]
mod tests;
