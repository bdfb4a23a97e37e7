//! Steps about IAM roles (the ABAC scenarios, contract rows 184 to 191):
//! making one with an identity policy, waiting until a tag change shows in
//! what it may do, and calling as it.
//!
//! A tag change may take up to five minutes to affect authorization, and
//! reads show it first (contract rows 132 and 188): whether a role may
//! untag is judged by polling, within `--auth-settle`, with a call that
//! changes nothing either way: untagging a tag key the key does not have.

use cucumber::gherkin::Step;
use serde_json::json;

use super::StepResult;
use super::tag_steps::tag_keys;
use crate::report::time_spent::WaitCause;
use crate::suite::evidence::step;
use crate::suite::policy_text::compact;
use crate::suite::poll::{self, Attempt};
use crate::suite::scenario_roles::make_role;
use crate::suite::template::expand;
use crate::suite::world::{KeyRole, KmsWorld};
use crate::wire::{Client, ErrorCode, Exchange, Operation, WireRequest};

/// The client that signs as the scenario's role `label`.
fn role_client(w: &KmsWorld, label: &str) -> Result<Client, String> {
    w.roles
        .get(label)
        .map(|role| role.client.clone())
        .ok_or_else(|| format!("the scenario has no role {label:?}: a Given step must make it"))
}

/// `" on the second key"` (or nothing) as the key it names.
fn key_named(on: &str) -> Result<KeyRole, String> {
    match on.strip_prefix(" on ") {
        Some(phrase) => phrase.parse(),
        None => Ok(KeyRole::Main),
    }
}

step!(
    #[given(regex = r#"^a role "([^"]+)" whose identity policy is:$"#)]
    #[setup]
    async fn role_with_policy(w: &mut KmsWorld, label: String, step: &Step) -> StepResult {
        let text = step
            .docstring
            .as_deref()
            .ok_or("the step needs the identity policy as a doc string (\"\"\" ... \"\"\")")?;
        let policy = compact(&expand(w, text)?);
        make_role(w, &label, &policy).await
    }
);

/// What one probe of the role's permission to untag saw.
enum Seen {
    Allowed,
    Refused(Option<ErrorCode>),
    Throttled,
    Other(String),
}

fn seen(exchange: &Exchange) -> Seen {
    let code = exchange.error_code();
    if exchange.status == 200 {
        Seen::Allowed
    } else if code == Some(ErrorCode::ThrottlingException) {
        Seen::Throttled
    } else if exchange.status == 400 && code.is_some() {
        Seen::Refused(code)
    } else {
        Seen::Other(format!(
            "HTTP {} {}",
            exchange.status,
            exchange.body_preview(300)
        ))
    }
}

/// Polls, within `--auth-settle`, until the role's untagging of `probe`
/// (a tag key the key does not have) is allowed, or refused with
/// `refusal`.
async fn until_role_untag(
    w: &mut KmsWorld,
    label: &str,
    probe: &str,
    on: KeyRole,
    refusal: Option<ErrorCode>,
) -> StepResult {
    let client = role_client(w, label)?;
    let key = w.key(on)?.clone();
    if key.baseline.iter().any(|(k, _)| k == probe) {
        return Err(format!(
            "the probe would remove the key's tag {probe:?}: probe with a tag key the key does \
             not have"
        ));
    }
    let budget = w.context().auth_settle;
    let wanted = refusal
        .as_ref()
        .map_or_else(|| "allowed".to_owned(), |c| format!("refused with {c}"));
    let request = WireRequest::operation(
        Operation::UntagResource,
        &json!({ "KeyId": key.id, "TagKeys": [probe] }),
    );
    poll::until(w, WaitCause::PolicyInForce, budget, async |w| {
        let answer = match w.send_with(&client, request.clone()).await {
            Ok(exchange) => seen(exchange),
            Err(error) => return Attempt::NotYet(format!("UntagResource: {error}")),
        };
        match (answer, &refusal) {
            (Seen::Allowed, None) => Attempt::Settled(()),
            (Seen::Refused(code), Some(want)) if code.as_ref() == Some(want) => {
                Attempt::Settled(())
            }
            (Seen::Throttled, _) => Attempt::NotYet(format!("untagging {probe:?} was throttled")),
            (Seen::Allowed, Some(_)) => Attempt::NotYet(format!(
                "the role {label:?} may still untag {probe:?} on {}; it should be {wanted} \
                 (--auth-settle bounds this wait)",
                on.phrase()
            )),
            (Seen::Refused(code), _) => Attempt::NotYet(format!(
                "the role {label:?} is still refused untagging {probe:?} on {} ({}); it should \
                 be {wanted} (--auth-settle bounds this wait)",
                on.phrase(),
                code.map(|c| c.to_string()).unwrap_or_default()
            )),
            (Seen::Other(answer), _) => Attempt::Final(format!(
                "the role {label:?} untagging {probe:?} was answered {answer}, neither a 200 nor \
                 a 400 JSON refusal"
            )),
        }
    })
    .await
}

step!(
    #[given(
        regex = r#"^within the authorization settle time the role "([^"]+)" may untag "([^"]+)"( on the second key)?$"#
    )]
    #[then(
        regex = r#"^within the authorization settle time the role "([^"]+)" may untag "([^"]+)"( on the second key)?$"#
    )]
    #[setup]
    async fn role_may_untag(
        w: &mut KmsWorld,
        label: String,
        probe: String,
        on: String,
    ) -> StepResult {
        let on = key_named(&on)?;
        until_role_untag(w, &label, &probe, on, None).await
    }
);

step!(
    #[given(
        regex = r#"^within the authorization settle time the role "([^"]+)" is refused untagging "([^"]+)"( on the second key)? with (\w+)$"#
    )]
    #[then(
        regex = r#"^within the authorization settle time the role "([^"]+)" is refused untagging "([^"]+)"( on the second key)? with (\w+)$"#
    )]
    // The error type a refusal has: documented (contract rows 129 and 190).
    #[asserts(Doc)]
    async fn role_refused_untag(
        w: &mut KmsWorld,
        label: String,
        probe: String,
        on: String,
        error_type: String,
    ) -> StepResult {
        let on = key_named(&on)?;
        let refusal = ErrorCode::named(&error_type);
        until_role_untag(w, &label, &probe, on, Some(refusal)).await
    }
);

step!(
    #[given(
        regex = r#"^within the authorization settle time the role "([^"]+)" may describe the key$"#
    )]
    #[setup]
    async fn role_may_describe(w: &mut KmsWorld, label: String) -> StepResult {
        let client = role_client(w, &label)?;
        let key = w.key(KeyRole::Main)?.clone();
        let budget = w.context().auth_settle;
        let request = WireRequest::operation(Operation::DescribeKey, &json!({ "KeyId": key.id }));
        poll::until(w, WaitCause::PolicyInForce, budget, async |w| {
            match w.send_with(&client, request.clone()).await.map(seen) {
                Ok(Seen::Allowed) => Attempt::Settled(()),
                Ok(Seen::Other(answer)) => Attempt::Final(format!(
                    "the role {label:?} describing the key was answered {answer}"
                )),
                Ok(_) => Attempt::NotYet(format!(
                    "the role {label:?} may not describe the key yet (--auth-settle bounds this \
                     wait)"
                )),
                Err(error) => Attempt::NotYet(format!("DescribeKey: {error}")),
            }
        })
        .await
    }
);

step!(
    #[when(regex = r#"^the role "([^"]+)" untags (the key|the second key), removing (.+)$"#)]
    #[sends(Operation::UntagResource)]
    async fn role_untags(
        w: &mut KmsWorld,
        label: String,
        key: KeyRole,
        removing: String,
    ) -> StepResult {
        let client = role_client(w, &label)?;
        let removing = removing.replace(" and ", ", ");
        let tag_keys = tag_keys(w, key, &removing)?;
        let key_id = w.key(key)?.id.clone();
        let request = WireRequest::operation(
            Operation::UntagResource,
            &json!({ "KeyId": key_id, "TagKeys": tag_keys }),
        );
        w.act_with(&client, request).await.map(drop)
    }
);
