//! Steps about key policies: putting one in force, putting one under test,
//! and reading what the key has (contract §6).

use cucumber::gherkin::Step;
use serde_json::{Value, json};

use super::StepResult;
use crate::endpoint::Via;
use crate::report::time_spent::WaitCause;
use crate::suite::evidence::step;
use crate::suite::policy_text::{compact, same_policy, shown};
use crate::suite::poll::{self, Attempt};
use crate::suite::template::expand;
use crate::suite::world::{KeyRole, KmsWorld};
use crate::wire::{Exchange, Operation, WireRequest};

/// The step's doc string, templates expanded, as it goes on the wire.
fn policy_of_step(w: &mut KmsWorld, step: &Step) -> Result<String, String> {
    let text = step
        .docstring
        .as_deref()
        .ok_or("the step needs the key policy as a doc string (\"\"\" ... \"\"\")")?;
    Ok(compact(&expand(w, text)?))
}

/// `PolicyName` is sent although it is optional (contract rows 121 and
/// 155): what these steps test is the policy, not the default name, which
/// a scenario of its own checks.
const POLICY_NAME: &str = "default";

fn put_key_policy(key_id: &str, policy: &str, bypass: bool) -> WireRequest {
    let mut input = json!({ "KeyId": key_id, "PolicyName": POLICY_NAME, "Policy": policy });
    if bypass {
        input["BypassPolicyLockoutSafetyCheck"] = json!(true);
    }
    WireRequest::operation(Operation::PutKeyPolicy, &input)
}

/// The `Policy` of a successful `GetKeyPolicy`, or what is wrong with it.
fn policy_in(exchange: &Exchange) -> Result<String, String> {
    let body = exchange.json().filter(|_| exchange.status == 200);
    match body
        .as_ref()
        .and_then(|b| b.get("Policy"))
        .and_then(Value::as_str)
    {
        Some(policy) => Ok(policy.to_owned()),
        None => Err(format!(
            "GetKeyPolicy answered {} {}",
            exchange.status,
            exchange.body_preview(300)
        )),
    }
}

/// Reads the key's policy until `wanted` holds for it, within the settle time.
async fn await_policy(w: &mut KmsWorld, wanted: &str, what: &str) -> Result<String, String> {
    let key_id = w.key(KeyRole::Main)?.id.clone();
    let settle = w.settle();
    poll::until(w, WaitCause::ReadsToShow, settle, async |w| {
        let input = json!({ "KeyId": key_id, "PolicyName": POLICY_NAME });
        let exchange = match w.call(Via::Primary, Operation::GetKeyPolicy, input).await {
            Ok(exchange) => exchange,
            Err(error) => return Attempt::NotYet(format!("GetKeyPolicy: {error}")),
        };
        match policy_in(exchange) {
            Ok(policy) if wanted.is_empty() || same_policy(&policy, wanted) => {
                Attempt::Settled(policy)
            }
            Ok(policy) => Attempt::NotYet(format!(
                "the key policy should be {what} ({}) but is {}",
                shown(wanted),
                shown(&policy)
            )),
            Err(error) => Attempt::NotYet(error),
        }
    })
    .await
}

step!(
    /// Puts a policy in force as setup, sent by the key's owner.
    #[given(expr = "{key} policy is:")]
    #[setup]
    async fn key_policy_is(w: &mut KmsWorld, role: KeyRole, step: &Step) -> StepResult {
        let policy = policy_of_step(w, step)?;
        let key = w.key(role)?.clone();
        let exchange = w
            .send(key.via, put_key_policy(&key.id, &policy, false))
            .await?;
        if exchange.status == 200 {
            Ok(())
        } else {
            Err(format!(
                "PutKeyPolicy failed: {} {}",
                exchange.status,
                exchange.body_preview(300)
            ))
        }
    }
);

/// Reads the policy the call under test may change, then sends it.
async fn put_under_test(w: &mut KmsWorld, step: &Step, bypass: bool) -> StepResult {
    let policy = policy_of_step(w, step)?;
    let before = await_policy(w, "", "readable")
        .await
        .map_err(|e| format!("the key policy before the call could not be read: {e}"))?;
    w.policies.before = Some(before);
    w.policies.sent = Some(policy.clone());
    let key_id = w.key(KeyRole::Main)?.id.clone();
    w.act(Via::Primary, put_key_policy(&key_id, &policy, bypass))
        .await
        .map(drop)
}

step!(
    #[when("I put the key policy:")]
    #[sends(Operation::PutKeyPolicy)]
    async fn put_policy(w: &mut KmsWorld, step: &Step) -> StepResult {
        put_under_test(w, step, false).await
    }
);

step!(
    #[when("I put the key policy, bypassing the lockout safety check:")]
    #[sends(Operation::PutKeyPolicy)]
    async fn put_policy_bypassing(w: &mut KmsWorld, step: &Step) -> StepResult {
        put_under_test(w, step, true).await
    }
);

step!(
    #[then("the key policy is the one I put")]
    #[asserts(Doc)]
    async fn policy_is_the_one_put(w: &mut KmsWorld) -> StepResult {
        let sent = w
            .policies
            .sent
            .clone()
            .ok_or("no When step put a key policy")?;
        await_policy(w, &sent, "the one put").await.map(drop)
    }
);

step!(
    #[then("the key policy is unchanged")]
    // A refused PutKeyPolicy changes nothing (row 129).
    #[asserts(Unk)]
    async fn policy_unchanged(w: &mut KmsWorld) -> StepResult {
        let before = w
            .policies
            .before
            .clone()
            .ok_or("no When step read the key policy before putting one")?;
        await_policy(w, &before, "the one from before the call")
            .await
            .map(drop)
    }
);
