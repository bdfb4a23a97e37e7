//! Steps that judge the request under test: success, or which refusal.
//!
//! The outcome steps judge behaviour only (`suite::refusal` says where the
//! line runs); the last three judge one property of the error on the wire
//! each, for the scenarios that are about it.

use super::StepResult;
use crate::suite::evidence::step;
use crate::suite::refusal::{self, describe};
use crate::suite::template::expand;
use crate::suite::world::KmsWorld;
use crate::wire::ErrorCode;

/// `200` and a body a client of an operation without output reads as no
/// output: empty, or any JSON (botocore does not even parse it). The exact
/// body, empty with `{}` passing leniently, is the wire scenarios' to judge
/// ("the response body is empty", contract row 38).
fn succeeded_with_no_output(w: &mut KmsWorld) -> StepResult {
    let exchange = w.outcome()?;
    if exchange.status != 200 {
        return Err(format!("expected HTTP 200, got {}", describe(exchange)));
    }
    if exchange.body.is_empty() || exchange.json().is_some() {
        Ok(())
    } else {
        Err(format!(
            "expected no output (an empty body, or JSON), got {}",
            exchange.body_preview(300)
        ))
    }
}

step!(
    #[then("the call succeeds with no output")]
    // Success, as a client of an operation without output sees it: claimed
    // of any operation, even unpublished.
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
        match refusal::refused(exchange) {
            Ok(named) if named == one || named == other => Ok(()),
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
        // The text, wherever botocore finds it; the member's casing is the
        // step "the error body carries its text in "message"".
        let actual = refusal::message(exchange)?;
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
    /// A refusal whose status nobody has published (contract rows 35, 168
    /// and 169): any 4xx, never a 5xx, with its type in `__type`.
    #[then("the call is refused with a 4xx JSON error")]
    #[asserts(Unk)]
    fn refused_4xx(w: &mut KmsWorld) -> StepResult {
        refusal::refused_4xx(w.outcome()?).map(drop)
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
    /// The type is in the body, where boto reads it (contract row 42); a
    /// header that says otherwise is row 43's step below.
    #[then(r#"the error body names its type in "__type""#)]
    #[asserts(Doc)]
    fn type_in_body(w: &mut KmsWorld) -> StepResult {
        refusal::refused(w.outcome()?).map(drop)
    }
);

step!(
    /// The wire: the text's member, lowercase `message` (contract row 44).
    #[then(r#"the error body carries its text in "message""#)]
    // The message member's casing is recorded (row 44).
    #[asserts(Rec)]
    fn message_in_body(w: &mut KmsWorld) -> StepResult {
        refusal::message_member(w.outcome()?)
    }
);

step!(
    /// The wire: an `X-Amzn-Errortype` header agrees with `__type` (contract row 43).
    #[then(r#"any X-Amzn-Errortype header names the same error as "__type""#)]
    // That the header agrees with the body is inferred (row 43).
    #[asserts(Inf)]
    fn header_agrees(w: &mut KmsWorld) -> StepResult {
        refusal::header_agrees(w.outcome()?)
    }
);
