//! Steps about multi-Region keys (contract §7): replicating the main key
//! into the run's other region, untagging the replica there, and what
//! `DescribeKey` says of the set. The primary is "the key", made by "a
//! multi-Region key with the tags:" (`keys`); its replica is "the replica",
//! which lives in the other region and is always addressed there.

use std::sync::{Arc, LazyLock};

use cucumber::gherkin::Step;
use regex::Regex;
use serde_json::{Value, json};

use super::key_state_steps::{read_state, wait_for_state};
use super::key_steps::{member, read_metadata};
use super::tag_steps::{tag_keys, untag};
use super::{StepResult, table_tags};
use crate::endpoint::Via;
use crate::endpoint::ledger::key_description;
use crate::report::time_spent::WaitCause;
use crate::suite::evidence::step;
use crate::suite::poll::{self, Attempt};
use crate::suite::tag_listing::TagPair;
use crate::suite::template::expand;
use crate::suite::world::{KeyRole, KmsWorld, TrackedKey};
use crate::wire::{Operation, WireRequest};

/// `ReplicateKey` of the main key into the other region: the request under
/// test when `under_test`, a set-up call that must succeed otherwise. The
/// replica goes into the ledger, with its primary, the moment it exists.
async fn replicate(w: &mut KmsWorld, tags: Option<Vec<TagPair>>, under_test: bool) -> StepResult {
    let primary = w.key(KeyRole::Main)?.clone();
    let region = w.client(Via::OtherRegion)?.region().to_owned();
    // The replica's description is its own (contract row 139): it carries
    // the marker that lets cleanup find it in its region.
    let description = key_description(&w.context().run_id, &w.scenario);
    let mut input = json!({
        "KeyId": primary.id,
        "ReplicaRegion": region,
        "Description": description,
    });
    if let Some(tags) = &tags {
        let tags: Vec<Value> = tags
            .iter()
            .map(|(k, v)| json!({ "TagKey": k, "TagValue": v }))
            .collect();
        input["Tags"] = json!(tags);
    }
    let request = WireRequest::operation(Operation::ReplicateKey, &input);
    let context = Arc::clone(w.context());
    let exchange = if under_test {
        w.act(Via::Primary, request).await?
    } else {
        w.send(Via::Primary, request).await?
    };
    if exchange.resent.is_some() {
        // The first attempt may have made a replica unseen: the run's
        // sweep looks for the run's marker in every caller's region.
        context.creation_unsure();
    }
    let replica = exchange
        .json()
        .filter(|_| exchange.status == 200)
        .and_then(|body| body.get("ReplicaKeyMetadata").cloned());
    let Some(metadata) = replica else {
        // A refusal under test is for the Then steps to judge.
        return if under_test {
            Ok(())
        } else {
            Err(format!(
                "ReplicateKey failed: {} {}",
                exchange.status,
                exchange.body_preview(300)
            ))
        };
    };
    let id = member(&metadata, "KeyId")?;
    let arn = member(&metadata, "Arn")?;
    let ledger = Arc::clone(&w.context().ledger);
    ledger.replica(Via::OtherRegion, &region, &id, &arn, &primary.arn);
    w.track(
        KeyRole::Replica,
        TrackedKey {
            id,
            arn,
            via: Via::OtherRegion,
            baseline: tags.unwrap_or_default(),
            created: true,
            deletion_scheduled: false,
            confirmed: None,
            confirmed_at: None,
            barriers: 0,
        },
    );
    Ok(())
}

step!(
    /// The replica exists (perhaps still `Creating`) and its region shows the
    /// tags it was made with: a fresh replica has none (contract row 140).
    #[given("the key has a replica in the other region")]
    #[setup]
    async fn has_replica(w: &mut KmsWorld) -> StepResult {
        replicate(w, None, false).await?;
        w.expect_tags(KeyRole::Replica, &[])
            .await
            .map_err(|e| format!("the new replica never showed in its region untagged: {e}"))
    }
);

step!(
    /// The tags are added with `TagResource` in the replica's region rather than
    /// sent with `ReplicateKey`, so that a scenario about what untagging a
    /// replica does cannot fail on how a target handles `ReplicateKey`'s `Tags`
    /// (a scenario of its own judges that).
    #[given("the key has a replica in the other region with the tags:")]
    #[setup]
    async fn has_tagged_replica(w: &mut KmsWorld, step: &Step) -> StepResult {
        let tags = table_tags(w, step)?;
        has_replica(w).await?;
        let replica = w.key(KeyRole::Replica)?.clone();
        let sent: Vec<Value> = tags
            .iter()
            .map(|(k, v)| json!({ "TagKey": k, "TagValue": v }))
            .collect();
        let exchange = w
            .call(
                replica.via,
                Operation::TagResource,
                json!({ "KeyId": replica.id, "Tags": sent }),
            )
            .await?;
        if exchange.status != 200 {
            return Err(format!(
                "TagResource on the replica failed: {} {}",
                exchange.status,
                exchange.body_preview(300)
            ));
        }
        if let Some(key) = w.keys.get_mut(&KeyRole::Replica) {
            key.baseline.clone_from(&tags);
        }
        w.expect_tags(KeyRole::Replica, &tags)
            .await
            .map_err(|e| format!("the replica never showed the tags it was given: {e}"))
    }
);

step!(
    #[when("I replicate the key to the other region")]
    #[sends(Operation::ReplicateKey)]
    async fn replicate_key(w: &mut KmsWorld) -> StepResult {
        replicate(w, None, true).await
    }
);

step!(
    #[when("I replicate the key to the other region with the tags:")]
    #[sends(Operation::ReplicateKey)]
    async fn replicate_key_with_tags(w: &mut KmsWorld, step: &Step) -> StepResult {
        let tags = table_tags(w, step)?;
        replicate(w, Some(tags), true).await
    }
);

step!(
    /// Schedules the deletion of the main key while it has a replica and waits
    /// until it is pending deletion of either kind: whether it is
    /// `PendingReplicaDeletion`, as AWS makes it, is for a scenario's Then
    /// steps to judge (contract row 142).
    #[given("the key is scheduled for deletion while it has a replica")]
    #[setup]
    async fn primary_scheduled(w: &mut KmsWorld) -> StepResult {
        let key = w.key(KeyRole::Main)?.clone();
        schedule(w, &key).await?;
        w.mark_deletion(KeyRole::Main, true);
        let settle = w.settle();
        poll::until(
            w,
            WaitCause::ReadsToShow,
            settle,
            async |w| match read_state(w, KeyRole::Main).await {
                Ok(state)
                    if matches!(state.as_str(), "PendingDeletion" | "PendingReplicaDeletion") =>
                {
                    Attempt::Settled(())
                }
                Ok(state) => {
                    Attempt::NotYet(format!("the key should be pending deletion but is {state}"))
                }
                Err(error) => Attempt::NotYet(error),
            },
        )
        .await
    }
);

step!(
    #[given("the replica is scheduled for deletion")]
    #[setup]
    async fn replica_scheduled(w: &mut KmsWorld) -> StepResult {
        let replica = w.key(KeyRole::Replica)?.clone();
        schedule(w, &replica).await?;
        w.mark_deletion(KeyRole::Replica, true);
        wait_for_state(w, KeyRole::Replica, "PendingDeletion").await
    }
);

/// `ScheduleKeyDeletion` of `key` in its own region, which must succeed.
async fn schedule(w: &mut KmsWorld, key: &TrackedKey) -> StepResult {
    let input = json!({ "KeyId": key.id, "PendingWindowInDays": 7 });
    let exchange = w
        .call(key.via, Operation::ScheduleKeyDeletion, input)
        .await?;
    if exchange.status == 200 {
        Ok(())
    } else {
        Err(format!(
            "ScheduleKeyDeletion failed: {} {}",
            exchange.status,
            exchange.body_preview(300)
        ))
    }
}

step!(
    #[when(regex = r"^I untag the replica(?: by its (key ID|key ARN))?, removing (.+)$")]
    #[sends(Operation::UntagResource)]
    async fn untag_replica(w: &mut KmsWorld, naming: String, removing: String) -> StepResult {
        let replica = w.key(KeyRole::Replica)?.clone();
        let key_id = if naming == "key ARN" {
            replica.arn
        } else {
            replica.id
        };
        let tag_keys = tag_keys(w, KeyRole::Replica, &removing)?;
        untag(w, replica.via, key_id, tag_keys).await
    }
);

step!(
    /// Untags the replica the moment its region can describe it, in whatever
    /// state it is then (contract row 141: `Creating` or `Enabled`).
    #[when(regex = r"^I untag the replica as soon as it can be described, removing (.+)$")]
    #[sends(Operation::UntagResource)]
    async fn untag_new_replica(w: &mut KmsWorld, removing: String) -> StepResult {
        let replica = w.key(KeyRole::Replica)?.clone();
        let settle = w.settle();
        poll::until(w, WaitCause::ReadsToShow, settle, async |w| {
            match w
                .call(
                    replica.via,
                    Operation::DescribeKey,
                    json!({ "KeyId": replica.id }),
                )
                .await
            {
                Ok(exchange) if exchange.status == 200 => Attempt::Settled(()),
                Ok(exchange) => Attempt::NotYet(format!(
                    "the replica cannot be described: {} {}",
                    exchange.status,
                    exchange.body_preview(200)
                )),
                Err(error) => Attempt::NotYet(format!("the replica cannot be described: {error}")),
            }
        })
        .await?;
        let tag_keys = tag_keys(w, KeyRole::Replica, &removing)?;
        untag(w, replica.via, replica.id, tag_keys).await
    }
);

step!(
    /// The replica's key ARN, sent to the primary's region (contract row 21).
    #[when(regex = r"^I untag the key by the replica's key ARN, removing (.+)$")]
    #[sends(Operation::UntagResource)]
    async fn untag_replica_arn_here(w: &mut KmsWorld, removing: String) -> StepResult {
        let arn = w.key(KeyRole::Replica)?.arn.clone();
        let tag_keys = tag_keys(w, KeyRole::Main, &removing)?;
        untag(w, Via::Primary, arn, tag_keys).await
    }
);

step!(
    #[when(expr = "I describe {key}")]
    #[sends(Operation::DescribeKey)]
    async fn describe(w: &mut KmsWorld, role: KeyRole) -> StepResult {
        let key = w.key(role)?.clone();
        let request = WireRequest::operation(Operation::DescribeKey, &json!({ "KeyId": key.id }));
        w.act(key.via, request).await.map(drop)
    }
);

step!(
    /// The documented mark of a multi-Region key: its key ID begins with
    /// `mrk-` (contract row 135).
    #[then("the key's ID is a multi-Region key ID")]
    #[asserts(Doc)]
    fn multi_region_key_id(w: &mut KmsWorld) -> StepResult {
        let id = &w.key(KeyRole::Main)?.id;
        if id.starts_with("mrk-") {
            Ok(())
        } else {
            Err(format!(
                "the key ID {id:?} does not begin with mrk-, the mark of a multi-Region key"
            ))
        }
    }
);

step!(
    /// The form every published multi-Region key ID has: `mrk-` and 32
    /// lowercase hex digits (contract row 135, from examples only).
    #[then("the key's ID is mrk- and 32 hex digits")]
    // The 32 hex digits are inferred from AWS's examples and recordings.
    #[asserts(Inf)]
    fn multi_region_key_id_form(w: &mut KmsWorld) -> StepResult {
        static MRK: LazyLock<Regex> =
            LazyLock::new(|| Regex::new("^mrk-[0-9a-f]{32}$").expect("valid regex"));
        let id = &w.key(KeyRole::Main)?.id;
        if MRK.is_match(id) {
            Ok(())
        } else {
            Err(format!("the key ID {id:?} is not mrk- and 32 hex digits"))
        }
    }
);

step!(
    #[then("the replica has the key's key ID in the other region")]
    #[asserts(Doc)]
    fn replica_identity(w: &mut KmsWorld) -> StepResult {
        let expected = expand(
            w,
            "arn:{partition}:kms:{other-region}:{account}:key/{key-id}",
        )?;
        let key_id = w.key(KeyRole::Main)?.id.clone();
        let replica = w.key(KeyRole::Replica)?;
        if replica.id == key_id && replica.arn == expected {
            Ok(())
        } else {
            Err(format!(
                "the replica should be {key_id} at {expected} but is {} at {}",
                replica.id, replica.arn
            ))
        }
    }
);

step!(
    /// `DescribeKey` of `role`'s key, in its region, shows a multi-Region key of
    /// type `kind` whose primary is the main key and whose replicas are the
    /// scenario's (contract row 135), waiting within the settle time for the
    /// set to show a replica just made.
    #[then(expr = "{key} is described as a multi-Region {word} key")]
    #[asserts(Doc)]
    async fn described_as(w: &mut KmsWorld, role: KeyRole, kind: String) -> StepResult {
        // A scenario without that key fails at once, not after the settle time.
        w.key(role)?;
        let primary = w.key(KeyRole::Main)?.arn.clone();
        let region = w.context().callers.primary.region().to_owned();
        let replicas: Vec<Value> = match w.keys.get(&KeyRole::Replica) {
            Some(replica) => {
                let other = w.context().callers.other_region.region().to_owned();
                vec![json!({ "Arn": replica.arn, "Region": other })]
            }
            None => Vec::new(),
        };
        let expected = json!({
            "MultiRegion": true,
            "MultiRegionKeyType": kind,
            "PrimaryKey": { "Arn": primary, "Region": region },
            "ReplicaKeys": replicas,
        });
        let settle = w.settle();
        poll::until(w, WaitCause::ReadsToShow, settle, async |w| {
            let metadata = match read_metadata(w, role).await {
                Ok(metadata) => metadata,
                Err(error) => return Attempt::NotYet(error),
            };
            let config = &metadata["MultiRegionConfiguration"];
            let seen = json!({
                "MultiRegion": metadata["MultiRegion"],
                "MultiRegionKeyType": config["MultiRegionKeyType"],
                "PrimaryKey": config["PrimaryKey"],
                "ReplicaKeys": config["ReplicaKeys"],
            });
            if seen == expected {
                Attempt::Settled(())
            } else {
                Attempt::NotYet(format!(
                    "{} should be described as {expected} but is {seen}",
                    role.phrase()
                ))
            }
        })
        .await
    }
);
