//! Steps about authorization: waiting until a key policy is in force, and
//! the refusal it gives (contract §6).
//!
//! A policy put with `PutKeyPolicy` may take a while to show in what the
//! target allows; on AWS, changes can take up to five minutes to affect
//! authorization (contract row 132). A scenario that needs its policy in
//! force first probes it with a call the policy refuses and that changes
//! nothing either way: untagging a tag key the key does not have. The probe
//! polls with its own budget, `--auth-settle`, apart from `--settle`; a
//! throttled probe says nothing about the policy and is tried again.

use std::sync::LazyLock;

use regex::Regex;
use serde_json::json;

use super::StepResult;
use crate::endpoint::Via;
use crate::report::time_spent::WaitCause;
use crate::suite::evidence::step;
use crate::suite::poll::{self, Attempt};
use crate::suite::template::expand;
use crate::suite::world::{KeyRole, KmsWorld};
use crate::wire::{ErrorCode, Exchange, Operation};

/// Where the caller's ARN goes in an expected message.
const CALLER_ARN: &str = "<caller ARN>";

/// A 400 with a JSON error body naming its type.
fn is_json_refusal(exchange: &Exchange) -> bool {
    exchange.status == 400 && exchange.error_code().is_some_and(|c| !c.name().is_empty())
}

step!(
    #[given(regex = r#"^the key policy is in force: untagging "([^"]+)" is refused$"#)]
    #[setup]
    async fn policy_in_force(w: &mut KmsWorld, probe: String) -> StepResult {
        let key = w.key(KeyRole::Main)?.clone();
        if key.baseline.iter().any(|(k, _)| *k == probe) {
            return Err(format!(
                "the probe would remove the key's tag {probe:?} if the policy were not in force: \
             probe with a tag key the key does not have"
            ));
        }
        let budget = w.context().auth_settle;
        poll::until(w, WaitCause::PolicyInForce, budget, async |w| {
        let input = json!({ "KeyId": key.id, "TagKeys": [probe] });
        let exchange = match w.call(Via::Primary, Operation::UntagResource, input).await {
            Ok(exchange) => exchange,
            Err(error) => return Attempt::NotYet(format!("UntagResource: {error}")),
        };
        if exchange.error_code() == Some(ErrorCode::ThrottlingException) {
            // Over the quota (contract row 149) is no answer about the policy.
            Attempt::NotYet(format!("untagging {probe:?} was throttled"))
        } else if is_json_refusal(exchange) {
            Attempt::Settled(())
        } else if exchange.status == 200 {
            Attempt::NotYet(format!(
                "untagging {probe:?} still succeeds: the key policy put above is not in force \
                 (--auth-settle bounds this wait)"
            ))
        } else {
            Attempt::Final(format!(
                "probing the key policy, untagging {probe:?} was answered HTTP {} {}, not a 400 \
                 JSON refusal",
                exchange.status,
                exchange.body_preview(300)
            ))
        }
    })
    .await
    }
);

/// `^` + `beginning`, `<caller ARN>` standing for an IAM or STS ARN in
/// `account` (any account when unknown), the rest literal.
fn beginning_pattern(beginning: &str, account: Option<&str>) -> Regex {
    static ANY_ACCOUNT: &str = r"[0-9]{12}";
    let account = account.map_or_else(|| ANY_ACCOUNT.to_owned(), regex::escape);
    let arn = format!(r"arn:[a-z-]+:(?:iam|sts)::{account}:[^\s]+");
    let literal: Vec<String> = beginning.split(CALLER_ARN).map(regex::escape).collect();
    Regex::new(&format!("^{}", literal.join(&arn))).expect("escaped text is a valid regex")
}

step!(
    #[then(expr = "the call fails with {word} and the message begins {string}")]
    // Exact message text, if only its beginning: only a recording shows it.
    #[asserts(Rec)]
    #[expect(
        clippy::needless_pass_by_value,
        reason = "cucumber hands a step its captures as owned values"
    )]
    fn fails_with_message_beginning(
        w: &mut KmsWorld,
        error_type: String,
        beginning: String,
    ) -> StepResult {
        static SPACES: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\s+").expect("valid regex"));
        let beginning = expand(w, &beginning)?;
        let pattern = beginning_pattern(&beginning, w.account.as_deref());
        let exchange = w.outcome()?;
        if exchange.status != 400 || exchange.error_code() != Some(ErrorCode::named(&error_type)) {
            return Err(format!(
                "expected HTTP 400 {error_type}, got HTTP {} {}",
                exchange.status,
                exchange.body_preview(300)
            ));
        }
        match exchange.error_message() {
            Some(message) if pattern.is_match(&message) => Ok(()),
            Some(message) => Err(format!(
                "expected a message beginning {:?} ({CALLER_ARN} an IAM or STS ARN of the caller's \
             account), got {:?}",
                SPACES.replace_all(&beginning, " "),
                message
            )),
            None => Err(format!(
                "expected a message beginning {beginning:?}, got no message: HTTP {} {}",
                exchange.status,
                exchange.body_preview(300)
            )),
        }
    }
);

#[cfg(test)]
mod tests;
