//! What every answer of the faithful stub must look like, whatever it was
//! asked: the shape any `awsJson1_1` client can read.

use crate::stub::model::{KmsError, Model, Output};
use crate::wire::{CONTENT_TYPE, Exchange};
use proptest::prelude::*;
use serde_json::Value;

/// A model answer: output that is an object (or none), or a 4xx error
/// with a type and a message.
pub(crate) fn check_answer(answer: &Result<Output, KmsError>) -> Result<(), TestCaseError> {
    match answer {
        Ok(Output::Empty) => {}
        Ok(Output::Json(output)) => {
            prop_assert!(output.is_object(), "output is not an object: {output}");
        }
        Err(error) => {
            prop_assert!(
                (400..500).contains(&error.status),
                "status {} for {error:?}",
                error.status
            );
            prop_assert!(is_error_type(error.error_type.name()), "{error:?}");
            prop_assert!(!error.message.is_empty(), "{error:?}");
        }
    }
    Ok(())
}

/// `ValidationException`: a name a client can map to a class.
fn is_error_type(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric())
}

/// A response on the wire: the `awsJson1_1` content type and a request ID
/// always; 200 with an empty body or a JSON object, or a 4xx whose body is
/// a JSON object with a string `__type` and `message`. Never a 5xx.
pub(crate) fn check_exchange(exchange: &Exchange) -> Result<(), TestCaseError> {
    let shown = || {
        format!(
            "HTTP {} {:?} {}",
            exchange.status,
            exchange.headers,
            exchange.body_preview(300)
        )
    };
    prop_assert_eq!(
        exchange.header("content-type"),
        Some(CONTENT_TYPE),
        "{}",
        shown()
    );
    prop_assert!(
        exchange
            .header("x-amzn-requestid")
            .is_some_and(|id| !id.is_empty()),
        "no request ID: {}",
        shown()
    );
    match exchange.status {
        200 => prop_assert!(
            exchange.body.is_empty() || exchange.json_object().is_some(),
            "{}",
            shown()
        ),
        400..=499 => {
            let body = exchange.json_object();
            prop_assert!(body.is_some(), "{}", shown());
            let body = body.unwrap_or_default();
            let error_type = body.get("__type").and_then(Value::as_str);
            prop_assert!(error_type.is_some_and(is_error_type), "{}", shown());
            prop_assert!(
                body.get("message").is_some_and(Value::is_string),
                "{}",
                shown()
            );
        }
        _ => prop_assert!(false, "not 200 or 4xx: {}", shown()),
    }
    Ok(())
}

/// What the model must never hold, whatever it was sent: a key KMS would
/// have refused to let exist.
pub(crate) fn check_invariants(model: &Model) -> Result<(), TestCaseError> {
    for key in model.keys() {
        prop_assert!(
            key.tags.len() <= 50,
            "{} tags on {}",
            key.tags.len(),
            key.arn()
        );
        for (i, tag) in key.tags.iter().enumerate() {
            prop_assert!(
                !key.tags[..i].iter().any(|t| t.key == tag.key),
                "tag key {:?} twice on {}",
                tag.key,
                key.arn()
            );
            let length = tag.key.chars().count();
            prop_assert!((1..=128).contains(&length), "tag key {:?}", tag.key);
            prop_assert!(
                tag.value.chars().count() <= 256,
                "tag value {:?}",
                tag.value
            );
            prop_assert!(
                !tag.key.to_ascii_lowercase().starts_with("aws:"),
                "reserved tag key {:?}",
                tag.key
            );
        }
    }
    Ok(())
}
