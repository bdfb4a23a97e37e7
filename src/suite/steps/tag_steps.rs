//! Steps about tags: untagging, tagging, and what a key's tags must be.

use std::sync::LazyLock;

use cucumber::gherkin::Step;
use regex::Regex;
use serde_json::{Value, json};

use super::{StepResult, table_tags};
use crate::endpoint::Via;
use crate::report::time_spent::WaitCause;
use crate::suite::evidence::step;
use crate::suite::lasting;
use crate::suite::poll::{self, Attempt};
use crate::suite::tag_listing::{TagPair, show_tags};
use crate::suite::template::expand;
use crate::suite::world::{KeyRole, KmsWorld};
use crate::wire::{ErrorCode, Operation, WireRequest};

/// How an untag step names its key.
#[derive(Clone, Copy, Debug)]
enum Naming {
    KeyId,
    KeyArn,
    AliasName,
    AliasArn,
}

/// `"a", "b"`, `no tag keys`, or `every tag it has`.
pub(super) fn tag_keys(w: &mut KmsWorld, role: KeyRole, text: &str) -> Result<Vec<String>, String> {
    static QUOTED_LIST: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r#"^"[^"]*"(, "[^"]*")*$"#).expect("valid regex"));
    static QUOTED: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r#""([^"]*)""#).expect("valid regex"));
    match text {
        "no tag keys" => Ok(Vec::new()),
        "every tag it has" => Ok(w
            .key(role)?
            .baseline
            .iter()
            .map(|(k, _)| k.clone())
            .collect()),
        _ if QUOTED_LIST.is_match(text) => QUOTED
            .captures_iter(text)
            .map(|c| expand(w, &c[1]))
            .collect(),
        _ => Err(format!(
            "cannot read the tag keys {text:?}: write \"a\", \"b\" or `no tag keys`"
        )),
    }
}

/// Sends the `UntagResource` under test as `via`.
pub(super) async fn untag(
    w: &mut KmsWorld,
    via: Via,
    key_id: String,
    tag_keys: Vec<String>,
) -> StepResult {
    let request = WireRequest::operation(
        Operation::UntagResource,
        &json!({ "KeyId": key_id, "TagKeys": tag_keys }),
    );
    w.act(via, request).await.map(drop)
}

step!(
    #[when(
        regex = r"^I untag (the key|the other region's key|the second account's key)(?: by its (key ID|key ARN|alias name|alias ARN))?( from the other region)?, removing (.+)$"
    )]
    #[sends(Operation::UntagResource)]
    async fn untag_key(
        w: &mut KmsWorld,
        role: KeyRole,
        naming: String,
        from_other_region: String,
        removing: String,
    ) -> StepResult {
        let naming = match naming.as_str() {
            "key ARN" => Naming::KeyArn,
            "alias name" => Naming::AliasName,
            "alias ARN" => Naming::AliasArn,
            _ => Naming::KeyId,
        };
        let key = w.key(role)?.clone();
        let key_id = match naming {
            Naming::KeyId => key.id,
            Naming::KeyArn => key.arn,
            Naming::AliasName => expand(w, "{alias-name}")?,
            Naming::AliasArn => expand(w, "{alias-arn}")?,
        };
        let tag_keys = tag_keys(w, role, &removing)?;
        // The caller sends from its own region unless told otherwise, whichever
        // key it names: naming another region's or account's key is the point.
        let via = if from_other_region.is_empty() {
            Via::Primary
        } else {
            Via::OtherRegion
        };
        untag(w, via, key_id, tag_keys).await
    }
);

step!(
    #[when(regex = r"^I untag the key by an ARN naming another account, removing (.+)$")]
    #[sends(Operation::UntagResource)]
    async fn untag_foreign_arn(w: &mut KmsWorld, removing: String) -> StepResult {
        let arn = expand(
            w,
            "arn:{partition}:kms:{region}:{foreign-account}:key/{key-id}",
        )?;
        let tag_keys = tag_keys(w, KeyRole::Main, &removing)?;
        untag(w, Via::Primary, arn, tag_keys).await
    }
);

step!(
    #[when(regex = r#"^I untag the key ID "(.*)", removing (.+)$"#)]
    #[sends(Operation::UntagResource)]
    async fn untag_key_id(w: &mut KmsWorld, key_id: String, removing: String) -> StepResult {
        let key_id = expand(w, &key_id)?;
        let tag_keys = tag_keys(w, KeyRole::Main, &removing)?;
        untag(w, Via::Primary, key_id, tag_keys).await
    }
);

step!(
    /// A request the target cannot authenticate (contract rows 168 and 169).
    #[when(
        regex = r"^I untag the key with a request (signed with the wrong secret|that carries no Authorization header), removing (.+)$"
    )]
    #[sends(Operation::UntagResource)]
    async fn untag_unauthenticated(w: &mut KmsWorld, how: String, removing: String) -> StepResult {
        let key_id = w.key(KeyRole::Main)?.id.clone();
        let tag_keys = tag_keys(w, KeyRole::Main, &removing)?;
        let request = WireRequest::operation(
            Operation::UntagResource,
            &json!({ "KeyId": key_id, "TagKeys": tag_keys }),
        );
        let request = if how == "signed with the wrong secret" {
            request.with_wrong_secret()
        } else {
            request.unsigned()
        };
        w.act(Via::Primary, request).await.map(drop)
    }
);

step!(
    #[when("I tag the key with:")]
    #[sends(Operation::TagResource)]
    async fn tag_key(w: &mut KmsWorld, step: &Step) -> StepResult {
        let request = tag_request(w, step)?;
        w.act(Via::Primary, request).await.map(drop)
    }
);

step!(
    /// `TagResource` right after an untag made room under the 50-tag limit
    /// (contract row 64). A refusal for the limit (`TagException`) may be
    /// the untag not in effect yet: AWS is eventually consistent, and what
    /// a write counts may lag as a read does (row 76). So a `TagException`
    /// is sent again until the settle time runs out, and the last answer is
    /// the one judged; a removal never counted fails all the same.
    #[when("once the untag is in effect, I tag the key with:")]
    #[sends(Operation::TagResource)]
    async fn tag_key_after_untag(w: &mut KmsWorld, step: &Step) -> StepResult {
        let request = tag_request(w, step)?;
        let settle = w.settle();
        let mut unsent = None;
        let sent = poll::until(w, WaitCause::ReadsToShow, settle, async |w| {
            match w.act(Via::Primary, request.clone()).await {
                Ok(e) if e.error_code() == Some(ErrorCode::TagException) => {
                    Attempt::NotYet(format!(
                        "TagResource was refused with TagException: {}",
                        e.body_preview(200)
                    ))
                }
                Ok(_) => Attempt::Settled(()),
                Err(error) => {
                    unsent = Some(error.clone());
                    Attempt::Final(error)
                }
            }
        })
        .await;
        // A refusal that outlasted the settle time is the answer the Then
        // steps judge; only a call that could not be sent ends the step.
        match (sent, unsent) {
            (Err(_), Some(error)) => Err(error),
            (Err(error), None) if w.abandoned => Err(error),
            _ => Ok(()),
        }
    }
);

step!(
    #[when(expr = "I tag the key with {int} new tags")]
    #[sends(Operation::TagResource)]
    async fn tag_key_with_many(w: &mut KmsWorld, count: usize) -> StepResult {
        let key = w.key(KeyRole::Main)?.id.clone();
        let tags: Vec<Value> = (1..=count)
            .map(
                |i| json!({ "TagKey": format!("new-{i:02}"), "TagValue": format!("value-{i:02}") }),
            )
            .collect();
        let request = WireRequest::operation(
            Operation::TagResource,
            &json!({ "KeyId": key, "Tags": tags }),
        );
        w.act(Via::Primary, request).await.map(drop)
    }
);

step!(
    #[then(expr = "{key} has exactly the tags:")]
    #[asserts(Unk)]
    async fn has_exactly(w: &mut KmsWorld, role: KeyRole, step: &Step) -> StepResult {
        let expected = table_tags(w, step)?;
        w.expect_tags(role, &expected).await
    }
);

step!(
    /// A removal that lasts (contract row 211): the key is read again, behind
    /// the barrier, a settle time after the check before this one saw it.
    /// The settle time is the wait after which any read must show a write,
    /// so a tag back by then was not a read lagging: the removal was undone.
    #[then(expr = "a settle time after that was first seen, {key} still has exactly the tags:")]
    #[asserts(Inf)]
    async fn still_has_exactly(w: &mut KmsWorld, role: KeyRole, step: &Step) -> StepResult {
        let expected = table_tags(w, step)?;
        let settle = w.settle();
        lasting::expect_lasting(w, role, &expected, settle).await
    }
);

step!(
    #[then(expr = "{key} has no tags")]
    #[asserts(Unk)]
    async fn has_no_tags(w: &mut KmsWorld, role: KeyRole) -> StepResult {
        w.expect_tags(role, &[]).await
    }
);

step!(
    #[then(expr = "{key}'s tags are unchanged")]
    #[asserts(Unk)]
    async fn unchanged(w: &mut KmsWorld, role: KeyRole) -> StepResult {
        let baseline = w.key(role)?.baseline.clone();
        w.expect_tags(role, &baseline).await
    }
);

step!(
    #[then("if it succeeded, the key has exactly the tags:")]
    #[asserts(Unk)]
    async fn if_succeeded_has_exactly(w: &mut KmsWorld, step: &Step) -> StepResult {
        if w.outcome()?.status != 200 {
            return Ok(());
        }
        let expected = table_tags(w, step)?;
        w.expect_tags(KeyRole::Main, &expected).await
    }
);

step!(
    #[then("if it was refused, the key's tags are unchanged")]
    #[asserts(Unk)]
    async fn if_refused_unchanged(w: &mut KmsWorld) -> StepResult {
        if w.outcome()?.status == 200 {
            return Ok(());
        }
        let baseline = w.key(KeyRole::Main)?.baseline.clone();
        w.expect_tags(KeyRole::Main, &baseline).await
    }
);

step!(
    #[then(expr = "the key has {int} tags, including {string} and not {string}")]
    #[asserts(Unk)]
    async fn has_count_including(
        w: &mut KmsWorld,
        count: usize,
        present: String,
        absent: String,
    ) -> StepResult {
        let settle = w.settle();
        poll::until(w, WaitCause::ReadsToShow, settle, async |w| {
        let tags: Vec<TagPair> = match w.read_tags(KeyRole::Main).await {
            Ok(tags) => tags,
            Err(error) => return Attempt::NotYet(format!("the key's tags could not be read: {error}")),
        };
        let has = |name: &str| tags.iter().any(|(k, _)| k == name);
        if tags.len() == count && has(&present) && !has(&absent) {
            Attempt::Settled(())
        } else {
            Attempt::NotYet(format!(
                "the key should have {count} tags including {present:?} and not {absent:?}, but has {}",
                show_tags(&tags)
            ))
        }
    })
    .await
    }
);

step!(
    /// Tags the key as part of the scenario's setup: its expected tags grow
    /// by them (an existing key's value is overwritten), once a read shows them.
    #[given("the key is tagged with:")]
    #[setup]
    async fn key_is_tagged(w: &mut KmsWorld, step: &Step) -> StepResult {
        let added = table_tags(w, step)?;
        let key = w.key(KeyRole::Main)?.clone();
        let tags: Vec<Value> = added
            .iter()
            .map(|(k, v)| json!({ "TagKey": k, "TagValue": v }))
            .collect();
        let input = json!({ "KeyId": key.id, "Tags": tags });
        let exchange = w.call(key.via, Operation::TagResource, input).await?;
        if exchange.status != 200 {
            return Err(format!(
                "TagResource failed: {} {}",
                exchange.status,
                exchange.body_preview(300)
            ));
        }
        let mut baseline = key.baseline;
        for (tag_key, value) in added {
            baseline.retain(|(k, _)| *k != tag_key);
            baseline.push((tag_key, value));
        }
        if let Some(tracked) = w.keys.get_mut(&KeyRole::Main) {
            tracked.baseline.clone_from(&baseline);
        }
        w.expect_tags(KeyRole::Main, &baseline).await
    }
);

/// `TagResource` on the scenario's key with the step's table of tags.
fn tag_request(w: &mut KmsWorld, step: &Step) -> Result<WireRequest, String> {
    let key = w.key(KeyRole::Main)?.id.clone();
    let tags: Vec<Value> = table_tags(w, step)?
        .into_iter()
        .map(|(k, v)| json!({ "TagKey": k, "TagValue": v }))
        .collect();
    Ok(WireRequest::operation(
        Operation::TagResource,
        &json!({ "KeyId": key, "Tags": tags }),
    ))
}
