//! Steps about keys: making them, and their aliases. Their states are in
//! `key_states`.

use cucumber::gherkin::Step;
use serde_json::{Value, json};

use super::{StepResult, table_tags};
use crate::report::time_spent::WaitCause;
use crate::suite::evidence::step;
use std::sync::Arc;

use crate::cleanup::{ALIAS_PREFIX, adopt_strays};
use crate::endpoint::Via;
use crate::endpoint::ledger::key_description;
use crate::suite::poll::{self, Attempt};
use crate::suite::tag_listing::{TagPair, sorted};
use crate::suite::world::{KeyRole, KmsWorld, TrackedKey};
use crate::wire::{Exchange, Operation, WireRequest};

/// Creates a key as `via` with the `CreateKey` members `extra` besides its
/// description and tags, and tracks it as `role`, then waits until the
/// target lists its tags: the scenario starts from a state it can see.
async fn create_key(
    w: &mut KmsWorld,
    role: KeyRole,
    extra: Value,
    tags: Vec<TagPair>,
) -> StepResult {
    let sent = send_create_key(w, role, extra, &tags, false).await;
    key_metadata(sent?, Operation::CreateKey.name())?;
    w.expect_tags(role, &tags)
        .await
        .map_err(|e| format!("the new key never showed the tags it was created with: {e}"))
}

/// Sends `CreateKey` as [`create_key`] does, as the call under test when
/// `under_test`. A key it made is in the ledger and tracked as `role`
/// before this returns, so cleanup reaches it even when the scenario
/// expected the call to be refused.
async fn send_create_key<'w>(
    w: &'w mut KmsWorld,
    role: KeyRole,
    extra: Value,
    tags: &[TagPair],
    under_test: bool,
) -> Result<&'w Exchange, String> {
    let via = Via::from(role);
    let context = Arc::clone(w.context());
    let description = key_description(&context.run_id, &w.scenario);
    let mut input = json!({ "Description": description });
    if let (Value::Object(input), Value::Object(extra)) = (&mut input, extra) {
        input.extend(extra);
    }
    if !tags.is_empty() {
        let tags: Vec<Value> = tags
            .iter()
            .map(|(k, v)| json!({ "TagKey": k, "TagValue": v }))
            .collect();
        input["Tags"] = json!(tags);
    }
    // In flight until the key is in the ledger: an interrupted run waits
    // for it before it sweeps.
    let creation = context.creations.begin();
    let request = WireRequest::operation(Operation::CreateKey, &input);
    let sent = if under_test {
        w.act(via, request).await
    } else {
        w.send(via, request).await
    };
    // Sent again after a throttle or a transient answer, or on a new
    // connection after the first broke: an attempt whose answer was lost
    // may have made a key.
    let retried = match &sent {
        Ok(exchange) => exchange.retries() > 0 || exchange.resent.is_some(),
        // A transport failure: the key may exist all the same.
        Err(_) => context.target_down().is_some(),
    };
    if retried {
        context.creation_unsure();
    }
    let exchange = sent?;
    if under_test && exchange.status != 200 {
        // Refused: no key was made, and the Then steps judge the answer.
        return w.outcome();
    }
    let metadata = key_metadata(exchange, Operation::CreateKey.name())?;
    let id = member(&metadata, "KeyId")?;
    let arn = member(&metadata, "Arn")?;
    // Into the ledger before anything else can fail: the key exists now.
    let region = w.client(via)?.region().to_owned();
    context.ledger.created(via, &region, &id, &arn);
    drop(creation);
    if retried && !context.target_is_own_stub {
        adopt_strays(&context, via, &w.scenario)
            .await
            .map_err(|e| {
                format!("CreateKey was retried, and what else it made cannot be told: {e}")
            })?;
    }
    if via == Via::SecondAccount {
        check_second_account(w, &arn)?;
    } else {
        w.learn_identity(&arn);
    }
    w.track(
        role,
        TrackedKey {
            id,
            arn,
            via,
            baseline: tags.to_vec(),
            confirmed: None,
            confirmed_at: None,
            barriers: 0,
            created: true,
            deletion_scheduled: false,
        },
    );
    w.trail
        .last()
        .ok_or_else(|| "CreateKey left no exchange".to_owned())
}

/// A second account that is really the first would make every cross-account
/// verdict meaningless; say so instead.
fn check_second_account(w: &KmsWorld, arn: &str) -> StepResult {
    let account = arn.split(':').nth(4).unwrap_or_default();
    match &w.account {
        Some(own) if own == account => Err(format!(
            "the second account's key landed in the caller's own account {own}: the target \
             does not tell the two callers apart, so cross-account behaviour cannot be judged"
        )),
        _ => Ok(()),
    }
}

/// The `KeyMetadata` of a successful `CreateKey` or `DescribeKey`.
pub(super) fn key_metadata(exchange: &Exchange, what: &str) -> Result<Value, String> {
    exchange
        .json()
        .filter(|_| exchange.status == 200)
        .and_then(|body| body.get("KeyMetadata").cloned())
        .ok_or_else(|| {
            format!(
                "{what} failed: {} {}",
                exchange.status,
                exchange.body_preview(300)
            )
        })
}

/// `role`'s `KeyMetadata` per a `DescribeKey` asked in the key's own region.
pub(super) async fn read_metadata(w: &mut KmsWorld, role: KeyRole) -> Result<Value, String> {
    let key = w.key(role)?.clone();
    let exchange = w
        .call(key.via, Operation::DescribeKey, json!({ "KeyId": key.id }))
        .await?;
    key_metadata(exchange, Operation::DescribeKey.name())
}

/// A string member of a `KeyMetadata`.
pub(super) fn member(metadata: &Value, name: &str) -> Result<String, String> {
    metadata
        .get(name)
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| format!("KeyMetadata has no string {name:?}: {metadata}"))
}

step!(
    #[given("a key with the tags:")]
    #[setup]
    async fn key_with_tags(w: &mut KmsWorld, step: &Step) -> StepResult {
        let tags = table_tags(w, step)?;
        create_key(w, KeyRole::Main, json!({}), tags).await
    }
);

step!(
    /// Another key of the caller's, in the same account and region as the key:
    /// what a change that names the key must not reach (contract row 176).
    #[given("a second key with the tags:")]
    #[setup]
    async fn second_key_with_tags(w: &mut KmsWorld, step: &Step) -> StepResult {
        let tags = table_tags(w, step)?;
        create_key(w, KeyRole::Second, json!({}), tags).await
    }
);

step!(
    #[given("a key with no tags")]
    #[setup]
    async fn key_without_tags(w: &mut KmsWorld) -> StepResult {
        create_key(w, KeyRole::Main, json!({}), Vec::new()).await
    }
);

step!(
    #[given(expr = "a key with {int} tags")]
    #[setup]
    async fn key_with_many_tags(w: &mut KmsWorld, count: usize) -> StepResult {
        let tags = (1..=count)
            .map(|i| (format!("tag-{i:02}"), format!("value-{i:02}")))
            .collect();
        create_key(w, KeyRole::Main, json!({}), tags).await
    }
);

step!(
    /// `CreateKey` as the call under test: whether it checks tags as
    /// `TagResource` does (contract rows 66 and 67). A key it wrongly makes is
    /// tracked, so cleanup schedules its deletion.
    #[when("I create a key with the tags:")]
    #[sends(Operation::CreateKey)]
    async fn create_key_under_test(w: &mut KmsWorld, step: &Step) -> StepResult {
        let tags = table_tags(w, step)?;
        send_create_key(w, KeyRole::Main, json!({}), &tags, true)
            .await
            .map(drop)
    }
);

step!(
    #[when(expr = "I create a key with {int} tags")]
    #[sends(Operation::CreateKey)]
    async fn create_key_with_many_under_test(w: &mut KmsWorld, count: usize) -> StepResult {
        let tags: Vec<TagPair> = (1..=count)
            .map(|i| (format!("tag-{i:02}"), format!("value-{i:02}")))
            .collect();
        send_create_key(w, KeyRole::Main, json!({}), &tags, true)
            .await
            .map(drop)
    }
);

step!(
    #[given("a key with origin EXTERNAL and the tags:")]
    #[setup]
    async fn external_key_with_tags(w: &mut KmsWorld, step: &Step) -> StepResult {
        let tags = table_tags(w, step)?;
        create_key(w, KeyRole::Main, json!({ "Origin": "EXTERNAL" }), tags).await
    }
);

step!(
    /// A multi-Region primary key (contract row 135); its replicas are made by
    /// the steps in `multi_region_steps`.
    #[given("a multi-Region key with the tags:")]
    #[setup]
    async fn multi_region_key_with_tags(w: &mut KmsWorld, step: &Step) -> StepResult {
        let tags = table_tags(w, step)?;
        create_key(w, KeyRole::Main, json!({ "MultiRegion": true }), tags).await
    }
);

step!(
    #[given("a key in the other region with the tags:")]
    #[setup]
    async fn other_region_key(w: &mut KmsWorld, step: &Step) -> StepResult {
        let tags = table_tags(w, step)?;
        create_key(w, KeyRole::OtherRegion, json!({}), tags).await
    }
);

step!(
    #[given("a key in the second account with the tags:")]
    #[setup]
    async fn second_account_key(w: &mut KmsWorld, step: &Step) -> StepResult {
        let tags = table_tags(w, step)?;
        create_key(w, KeyRole::SecondAccount, json!({}), tags).await
    }
);

step!(
    /// `DescribeKey alias/aws/s3`, which makes KMS create the key if need be.
    #[given("the AWS managed key for S3")]
    #[setup]
    async fn aws_managed_key(w: &mut KmsWorld) -> StepResult {
        let exchange = w
            .call(
                Via::Primary,
                Operation::DescribeKey,
                json!({ "KeyId": "alias/aws/s3" }),
            )
            .await?;
        let metadata = key_metadata(exchange, "DescribeKey alias/aws/s3")?;
        let manager = metadata
            .get("KeyManager")
            .and_then(Value::as_str)
            .unwrap_or("absent");
        if manager != "AWS" {
            return Err(format!(
                "the key behind alias/aws/s3 says KeyManager {manager}, not AWS"
            ));
        }
        let id = member(&metadata, "KeyId")?;
        let arn = member(&metadata, "Arn")?;
        w.learn_identity(&arn);
        w.track(
            KeyRole::Main,
            TrackedKey {
                id,
                arn,
                via: Via::Primary,
                baseline: Vec::new(),
                confirmed: None,
                confirmed_at: None,
                barriers: 0,
                created: false,
                deletion_scheduled: false,
            },
        );
        // KMS may have created the key just now; its tags may take a moment to read.
        let settle = w.settle();
        let baseline = poll::until(w, WaitCause::ReadsToShow, settle, async |w| {
            match w.read_tags(KeyRole::Main).await {
                Ok(tags) => Attempt::Settled(tags),
                Err(error) => {
                    Attempt::NotYet(format!("the managed key's tags could not be read: {error}"))
                }
            }
        })
        .await?;
        if let Some(key) = w.keys.get_mut(&KeyRole::Main) {
            key.confirmed = Some(sorted(&baseline));
            key.confirmed_at = Some(std::time::Instant::now());
            key.baseline = baseline;
        }
        Ok(())
    }
);

step!(
    #[given("an alias for the key")]
    #[setup]
    async fn alias_for_key(w: &mut KmsWorld) -> StepResult {
        let key = w.key(KeyRole::Main)?.clone();
        let name = format!("{ALIAS_PREFIX}{}", uuid::Uuid::new_v4().simple());
        let exchange = w
            .call(
                Via::Primary,
                Operation::CreateAlias,
                json!({ "AliasName": name, "TargetKeyId": key.id }),
            )
            .await?;
        let (status, resent) = (exchange.status, exchange.resent.is_some());
        let refusal = (status != 200).then(|| exchange.body_preview(300));
        // Sent again on a new connection, it may have been made by the
        // first attempt (and refused as existing by the second): the
        // ledger holds it either way, and deleting one that is not there
        // counts as done.
        if status == 200 || resent {
            let region = w.client(Via::Primary)?.region().to_owned();
            w.context().ledger.alias(Via::Primary, &region, &name);
        }
        if let Some(body) = refusal {
            return Err(format!("CreateAlias failed: {status} {body}"));
        }
        w.alias = Some(name.clone());
        // The alias must resolve before a scenario can show it is refused.
        let settle = w.settle();
        poll::until(w, WaitCause::ReadsToShow, settle, async |w| {
            let exchange = match w
                .call(
                    Via::Primary,
                    Operation::DescribeKey,
                    json!({ "KeyId": name }),
                )
                .await
            {
                Ok(exchange) => exchange,
                Err(error) => return Attempt::NotYet(format!("DescribeKey {name}: {error}")),
            };
            let resolved = exchange
                .json()
                .and_then(|b| b["KeyMetadata"]["KeyId"].as_str().map(str::to_owned));
            if resolved.as_deref() == Some(key.id.as_str()) {
                Attempt::Settled(())
            } else {
                Attempt::NotYet(format!(
                    "DescribeKey {name} does not resolve to the key: HTTP {} {}",
                    exchange.status,
                    exchange.body_preview(200)
                ))
            }
        })
        .await
    }
);
