//! Steps that judge the request under test: success, or which refusal.

use serde_json::Value;

use super::StepResult;
use crate::suite::evidence::step;
use crate::suite::refusal::{self, describe};
use crate::suite::template::expand;
use crate::suite::world::KmsWorld;
use crate::wire::ErrorCode;

/// `200` and a body that is empty; `{}` passes leniently and is noted.
fn succeeded_with_no_output(w: &mut KmsWorld) -> StepResult {
    let exchange = w.outcome()?;
    if exchange.status != 200 {
        return Err(format!("expected HTTP 200, got {}", describe(exchange)));
    }
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

step!(
    #[then("the call succeeds with no output")]
    // Success in the only form the protocol gives an operation without
    // output (contract row 38): claimed of any operation, even unpublished.
    #[asserts(Unk)]
    fn succeeds_with_no_output(w: &mut KmsWorld) -> StepResult {
        succeeded_with_no_output(w)
    }
);

step!(
    #[then("the call succeeds")]
    #[asserts(Unk)]
    fn succeeds(w: &mut KmsWorld) -> StepResult {
        let exchange = w.outcome()?;
        if exchange.status == 200 && exchange.json_object().is_some() {
            Ok(())
        } else {
            Err(format!(
                "expected HTTP 200 with a JSON object, got {}",
                describe(exchange)
            ))
        }
    }
);

step!(
    #[then(expr = "the call fails with {word}")]
    // An error type: documented, or recorded.
    #[asserts(Doc)]
    #[expect(
        clippy::needless_pass_by_value,
        reason = "cucumber hands a step its captures as owned values"
    )]
    fn fails_with(w: &mut KmsWorld, error_type: String) -> StepResult {
        refusal::refused_with(w.outcome()?, &ErrorCode::named(&error_type))
    }
);

step!(
    #[then(expr = "the call fails with {word} or {word}")]
    #[asserts(Doc)]
    #[expect(
        clippy::needless_pass_by_value,
        reason = "cucumber hands a step its captures as owned values"
    )]
    fn fails_with_either(w: &mut KmsWorld, one: String, other: String) -> StepResult {
        let exchange = w.outcome()?;
        let (one, other) = (ErrorCode::named(&one), ErrorCode::named(&other));
        let as_one = refusal::refused_with(exchange, &one);
        let as_other = refusal::refused_with(exchange, &other);
        match exchange.body_error_code() {
            _ if as_one.is_ok() || as_other.is_ok() => Ok(()),
            // The right type, wrong in another way: say how.
            Some(named) if named == one => as_one,
            Some(named) if named == other => as_other,
            _ => Err(format!(
                "expected HTTP 400 {one} or {other} named in \"__type\", got {}",
                describe(exchange)
            )),
        }
    }
);

step!(
    #[then(expr = "the call fails with {word} and the message {string}")]
    // Exact message text: only a recording shows it.
    #[asserts(Rec)]
    #[expect(
        clippy::needless_pass_by_value,
        reason = "cucumber hands a step its captures as owned values"
    )]
    fn fails_with_message(w: &mut KmsWorld, error_type: String, message: String) -> StepResult {
        let message = expand(w, &message)?;
        let exchange = w.outcome()?;
        let error_type = ErrorCode::named(&error_type);
        refusal::refused_with(exchange, &error_type)?;
        let actual = refusal::message(exchange, &error_type)?;
        if actual == message {
            Ok(())
        } else {
            Err(format!("expected the message {message:?}, got {actual:?}"))
        }
    }
);

step!(
    #[then("the call is refused with a 400 JSON error")]
    #[asserts(Unk)]
    fn refused(w: &mut KmsWorld) -> StepResult {
        refusal::refused(w.outcome()?).map(drop)
    }
);

step!(
    #[then("the call either succeeds with no output or is refused with a 400 JSON error")]
    #[asserts(Unk)]
    fn succeeds_or_refused(w: &mut KmsWorld) -> StepResult {
        if w.outcome()?.status == 200 {
            succeeded_with_no_output(w)
        } else {
            refusal::refused(w.outcome()?).map(drop)
        }
    }
);

step!(
    #[then(r#"the error body names its type in "__type""#)]
    #[asserts(Doc)]
    fn type_in_body(w: &mut KmsWorld) -> StepResult {
        let exchange = w.outcome()?;
        let resolved = exchange.error_code();
        match exchange.body_error_code() {
            Some(in_body) if Some(&in_body) == resolved.as_ref() => Ok(()),
            Some(in_body) => Err(format!(
                "\"__type\" says {in_body} but the response resolves to {}",
                resolved.map(|r| r.to_string()).unwrap_or_default()
            )),
            None => Err(format!(
                "the error body has no \"__type\" (boto reads only that): {}",
                exchange.body_preview(300)
            )),
        }
    }
);

step!(
    #[then(r#"the error body carries its text in "message""#)]
    // The message member's casing is recorded (row 44).
    #[asserts(Rec)]
    fn message_in_body(w: &mut KmsWorld) -> StepResult {
        let exchange = w.outcome()?;
        match exchange
            .json_object()
            .and_then(|b| b.get("message").cloned())
        {
            Some(Value::String(_)) => Ok(()),
            _ => Err(format!(
                "the error body has no string \"message\" (modeled KMS errors use lowercase): {}",
                exchange.body_preview(300)
            )),
        }
    }
);

step!(
    #[then(r#"any X-Amzn-Errortype header names the same error as "__type""#)]
    // That the header agrees with the body is inferred (row 43).
    #[asserts(Inf)]
    fn header_agrees(w: &mut KmsWorld) -> StepResult {
        let exchange = w.outcome()?;
        let Some(header) = exchange.header("x-amzn-errortype") else {
            return Ok(());
        };
        let from_header = ErrorCode::from_wire(header);
        match exchange.body_error_code() {
            Some(in_body) if in_body == from_header => Ok(()),
            other => Err(format!(
                "X-Amzn-Errortype says {from_header} but \"__type\" says {}: SDKs and boto would disagree",
                other.map_or_else(|| "nothing".to_owned(), |c| c.to_string())
            )),
        }
    }
);
