//! Steps about the wire: raw requests and the shape of responses.

use cucumber::gherkin::Step;
use serde_json::Value;

use super::StepResult;
use crate::endpoint::Via;
use crate::suite::evidence::step;
use crate::suite::refusal;
use crate::suite::template::expand;
use crate::suite::world::KmsWorld;
use crate::wire::{CONTENT_TYPE, Exchange, Operation, TARGET_PREFIX, WireRequest};

fn docstring(step: &Step) -> Result<&str, String> {
    step.docstring
        .as_deref()
        .map(|d| d.strip_prefix('\n').unwrap_or(d))
        .ok_or_else(|| "the step needs a \"\"\" body".to_owned())
}

step!(
    #[when("I send UntagResource with the body:")]
    #[sends(Operation::UntagResource)]
    async fn send_untag_body(w: &mut KmsWorld, step: &Step) -> StepResult {
        let body = expand(w, docstring(step)?)?;
        w.act(
            Via::Primary,
            WireRequest::raw(Operation::UntagResource, body.into_bytes()),
        )
        .await
        .map(drop)
    }
);

step!(
    #[when(expr = "I send the operation {string} with the body:")]
    // The action under test, but its text names the operation: none the
    // lint can know.
    #[setup]
    async fn send_operation_body(w: &mut KmsWorld, operation: String, step: &Step) -> StepResult {
        let body = expand(w, docstring(step)?)?;
        w.act(
            Via::Primary,
            WireRequest::under_target(format!("{TARGET_PREFIX}{operation}"), body.into_bytes()),
        )
        .await
        .map(drop)
    }
);

step!(
    /// `UntagResource`'s body under an `X-Amz-Target` given whole: another
    /// service's prefix, say (contract row 178).
    #[when(expr = "I send UntagResource under the target {string} with the body:")]
    // The action under test, but the target it names decides the operation:
    // none the lint can know.
    #[setup]
    async fn send_under_target(w: &mut KmsWorld, target: String, step: &Step) -> StepResult {
        let body = expand(w, docstring(step)?)?;
        let request = WireRequest::under_target(target, body.into_bytes());
        w.act(Via::Primary, request).await.map(drop)
    }
);

step!(
    #[then(expr = "the response's Content-Type is {string}")]
    #[asserts(Doc)]
    #[expect(
        clippy::needless_pass_by_value,
        reason = "cucumber hands a step its captures as owned values"
    )]
    fn content_type(w: &mut KmsWorld, expected: String) -> StepResult {
        refusal::labelled(w.outcome()?, &expected)
    }
);

step!(
    /// The body of a success of an operation without output (contract rows
    /// 38, 60 and 121): empty; `{}` passes leniently (clients parse both)
    /// and is noted, and fails under `--strict`. The other scenarios take
    /// any body a client reads as no output.
    #[then("the response body is empty")]
    #[asserts(Doc)]
    fn body_empty(w: &mut KmsWorld) -> StepResult {
        let exchange = w.outcome()?;
        if exchange.body.is_empty() {
            return Ok(());
        }
        if exchange.json_object().is_some_and(|body| body.is_empty()) && !w.strict {
            let note = format!(
                "{} answered {{}} instead of an empty body (accepted: clients parse both)",
                exchange.operation.as_deref().unwrap_or("the call")
            );
            w.lenient.push(note);
            return Ok(());
        }
        Err(format!(
            "expected an empty body (the operation has no output), got {}",
            exchange.body_preview(300)
        ))
    }
);

/// Every error answer of the scenario so far, setup and reads included:
/// `check` of each, and at least one to judge.
fn every_error(w: &KmsWorld, check: fn(&Exchange) -> Result<(), String>) -> StepResult {
    let errors: Vec<&Exchange> = w.trail.iter().filter(|e| e.status >= 400).collect();
    if errors.is_empty() {
        return Err("no response of the scenario was an error to judge".to_owned());
    }
    for exchange in errors {
        let operation = exchange.operation.as_deref().unwrap_or("(no X-Amz-Target)");
        check(exchange).map_err(|why| format!("the error to {operation} is {why}"))?;
    }
    Ok(())
}

step!(
    /// Errors are labelled as successes are (contract row 166): every
    /// error of the scenario, whichever layer of the target answered it.
    #[then(expr = "every error so far is labelled {string}")]
    // An error's label is inferred from the protocol's server tests (row 166).
    #[asserts(Inf)]
    #[expect(
        clippy::needless_pass_by_value,
        reason = "cucumber hands a step its captures as owned values"
    )]
    fn errors_labelled(w: &mut KmsWorld, expected: String) -> StepResult {
        if expected != CONTENT_TYPE {
            return Err(format!("this step knows KMS's label only, {CONTENT_TYPE}"));
        }
        every_error(w, refusal::labelled_as_kms)
    }
);

step!(
    /// Every error of the scenario carries a request ID (contract row 167).
    #[then("every error so far carries a request ID")]
    // Its presence only, inferred from row 40.
    #[asserts(Inf)]
    fn errors_carry_request_ids(w: &mut KmsWorld) -> StepResult {
        every_error(w, refusal::carries_request_id)
    }
);

step!(
    #[then("the response carries a UUID request ID")]
    #[asserts(Doc)]
    fn request_id(w: &mut KmsWorld) -> StepResult {
        let exchange = w.outcome()?;
        match refusal::one_request_id(exchange).map_err(|why| format!("the response has {why}"))? {
            Some(id) if uuid::Uuid::try_parse(id).is_ok() && id.len() == 36 => Ok(()),
            Some(id) => Err(format!("x-amzn-RequestId {id:?} is not a UUID")),
            None => Err("the response has no x-amzn-RequestId header".to_owned()),
        }
    }
);

step!(
    /// No two responses of the scenario, setup and reads included, share a
    /// request ID (contract row 179); a response with several
    /// `x-amzn-RequestId` headers has each compared. How many a response
    /// carries is left to the steps that require exactly one.
    #[then("every response so far carries a request ID of its own")]
    // Each request ID names one response: inferred from row 40.
    #[asserts(Inf)]
    fn request_ids_unique(w: &mut KmsWorld) -> StepResult {
        let mut seen = std::collections::BTreeMap::new();
        let mut carrying = 0;
        for (index, exchange) in w.trail.iter().enumerate() {
            let mut ids = exchange.header_values("x-amzn-requestid");
            ids.sort_unstable();
            ids.dedup();
            carrying += usize::from(!ids.is_empty());
            for id in ids {
                if let Some(first) = seen.insert(id.to_owned(), index) {
                    return Err(format!(
                        "responses {} and {} of the scenario both carry x-amzn-RequestId {id:?}",
                        first + 1,
                        index + 1
                    ));
                }
            }
        }
        if carrying < 2 {
            return Err("fewer than two responses carried a request ID to compare".to_owned());
        }
        Ok(())
    }
);

step!(
    #[then(expr = "the response's {string} is {string}")]
    #[asserts(Doc)]
    #[expect(
        clippy::needless_pass_by_value,
        reason = "cucumber hands a step its captures as owned values"
    )]
    fn member_is(w: &mut KmsWorld, member: String, expected: String) -> StepResult {
        let expected = expand(w, &expected)?;
        let exchange = w.outcome()?;
        let body = exchange.json_object().ok_or_else(|| {
            format!(
                "the response is not a JSON object: {}",
                exchange.body_preview(300)
            )
        })?;
        match body.get(&member) {
            Some(Value::String(actual)) if *actual == expected => Ok(()),
            Some(actual) => Err(format!(
                "expected {member:?} to be {expected:?}, got {actual}"
            )),
            None => Err(format!("the response has no {member:?}")),
        }
    }
);
