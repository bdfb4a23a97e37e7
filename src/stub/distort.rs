//! The deviations that only change what goes on the wire: the model's
//! answer is right, and this makes its words, status or shape wrong.

use serde_json::{Value, json};

use super::deviations::{Deviation, Deviations};
use super::model::{KmsError, Output};
use crate::wire::CONTENT_TYPE;

/// A response about to be sent.
#[derive(Debug, Clone)]
pub(crate) struct Reply {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
    pub headers: Vec<(&'static str, String)>,
}

impl Reply {
    /// The faithful rendering: 200 with an empty body for no output, JSON
    /// otherwise; errors as `{"__type", "message"}`; always a request ID.
    pub(crate) fn render(result: &Result<Output, KmsError>) -> Self {
        let (status, body) = match result {
            Ok(Output::Empty) => (200, Vec::new()),
            Ok(Output::Json(value)) => (200, value.to_string().into_bytes()),
            Err(error) => (error.status, error.body().to_string().into_bytes()),
        };
        Self {
            status,
            content_type: CONTENT_TYPE,
            body,
            headers: vec![("x-amzn-RequestId", uuid::Uuid::new_v4().to_string())],
        }
    }

    /// The HTML error page a crashed web framework answers with.
    pub(crate) fn html_500() -> Self {
        Self {
            status: 500,
            content_type: "text/html; charset=utf-8",
            body: b"<!doctype html>\n<title>500 Internal Server Error</title>\n<h1>Internal Server Error</h1>\n".to_vec(),
            headers: Vec::new(),
        }
    }
}

/// Bends the model's answer to `operation` (sent `input`) as `deviations` say.
pub(crate) fn result(
    deviations: &Deviations,
    operation: &str,
    input: &Value,
    result: &mut Result<Output, KmsError>,
) {
    let has = |d| deviations.has(d);
    let sent_key_id = input
        .get("KeyId")
        .and_then(Value::as_str)
        .unwrap_or_default();
    match result {
        Ok(Output::Json(output)) => {
            if has(Deviation::ScheduleDeletionEchoesId) && operation == "ScheduleKeyDeletion" {
                output["KeyId"] = json!(sent_key_id);
            }
            if has(Deviation::ManagedKeyIsCustomer) && output["KeyMetadata"]["KeyManager"] == "AWS"
            {
                output["KeyMetadata"]["KeyManager"] = json!("CUSTOMER");
            }
            if operation == "ListResourceTags" {
                list_shape(deviations, output);
            }
        }
        Ok(Output::Empty) => {}
        Err(error) => error_words(deviations, operation, sent_key_id, error),
    }
}

fn list_shape(deviations: &Deviations, output: &mut Value) {
    let empty = output["Tags"].as_array().is_some_and(Vec::is_empty);
    if empty && deviations.has(Deviation::ListTagsNullWhenEmpty) {
        output["Tags"] = Value::Null;
    }
    if empty
        && deviations.has(Deviation::ListTagsAbsentWhenEmpty)
        && let Some(map) = output.as_object_mut()
    {
        map.remove("Tags");
    }
    if deviations.has(Deviation::ListNextMarkerNull) && output.get("NextMarker").is_none() {
        output["NextMarker"] = Value::Null;
    }
}

fn error_words(deviations: &Deviations, operation: &str, sent_key_id: &str, error: &mut KmsError) {
    let has = |d| deviations.has(d);
    let kind = error.error_type.clone();
    let id_sent = has(Deviation::StateMessageUsesIdSent)
        || (has(Deviation::UntagStateMessageUsesIdSent) && operation == "UntagResource");
    if kind == "KMSInvalidStateException"
        && id_sent
        && let Some((arn, rest)) = error.message.split_once(' ')
        && arn.starts_with("arn:")
    {
        error.message = format!("{sent_key_id} {rest}");
    }
    if kind == "NotFoundException"
        && error.message.starts_with("Key 'arn:")
        && has(Deviation::NotFoundNamesIdSent)
    {
        error.message = format!("Key '{sent_key_id}' does not exist");
    }
    if has(Deviation::InvalidKeyIdUnquoted)
        && let Some(quoted) = error.message.strip_prefix("Invalid keyId '")
    {
        error.message = format!(
            "Invalid keyId {}",
            quoted.strip_suffix('\'').unwrap_or(quoted)
        );
    }
    if kind == "ValidationException"
        && matches!(operation, "TagResource" | "CreateKey")
        && has(Deviation::TagValidationMessageDiffers)
    {
        "Tag keys must be at most 128 characters long".clone_into(&mut error.message);
    }
    if kind == "NotFoundException" && has(Deviation::NotFoundIsInvalidArn) {
        "InvalidArnException".clone_into(&mut error.error_type);
    }
    if kind == "InvalidArnException" && has(Deviation::MalformedArn500) {
        *error = KmsError {
            status: 500,
            error_type: "InternalFailure".to_owned(),
            message: format!("unhandled: {}", error.message),
        };
        return;
    }
    if kind == "NotFoundException" && has(Deviation::NotFoundIs404) {
        error.status = 404;
    }
    if kind == "KMSInvalidStateException" && has(Deviation::InvalidStateIs409) {
        error.status = 409;
    }
    if error.status == 400 && has(Deviation::ErrorsAre500) {
        error.status = 500;
    }
}

/// Bends the rendered response: status, body shape, headers.
pub(crate) fn reply(
    deviations: &Deviations,
    result: &Result<Output, KmsError>,
    input: &Value,
    reply: &mut Reply,
) {
    let has = |d| deviations.has(d);
    match result {
        Ok(output) => {
            if matches!(output, Output::Empty) {
                if has(Deviation::SuccessBodyEcho) {
                    reply.body = input.to_string().into_bytes();
                }
                if has(Deviation::SuccessBodyEmptyObject) {
                    reply.body = b"{}".to_vec();
                }
                if has(Deviation::SuccessEnvelope) {
                    reply.body = br#"{"success": true, "data": null}"#.to_vec();
                }
                if has(Deviation::SuccessStatus204) {
                    reply.status = 204;
                }
            }
            if has(Deviation::SuccessContentTypeJson) {
                reply.content_type = "application/json";
            }
        }
        Err(error) => {
            if has(Deviation::ErrorTypeOnlyInHeader) {
                reply
                    .headers
                    .push(("x-amzn-ErrorType", error.error_type.clone()));
                reply.body = json!({ "message": error.message }).to_string().into_bytes();
            }
            if has(Deviation::ErrorHeaderDisagrees) {
                let shape = error.error_type.trim_end_matches("Exception").to_owned();
                reply.headers.push(("x-amzn-ErrorType", shape));
            }
            if has(Deviation::ErrorEnvelope) {
                let envelope =
                    json!({ "error": { "code": error.error_type, "message": error.message } });
                reply.body = envelope.to_string().into_bytes();
            }
            let capitalized = has(Deviation::ErrorMessageCapitalized)
                || (has(Deviation::TagExceptionMessageCapitalized)
                    && error.error_type == "TagException");
            if capitalized {
                reply.body = json!({ "__type": error.error_type, "Message": error.message })
                    .to_string()
                    .into_bytes();
            }
            if has(Deviation::UnknownOperationTypeInHeader)
                && error.error_type == "UnknownOperationException"
            {
                reply
                    .headers
                    .push(("x-amzn-ErrorType", error.error_type.clone()));
                reply.body = json!({ "message": error.message }).to_string().into_bytes();
            }
            if has(Deviation::ErrorContentTypeJson) {
                reply.content_type = "application/json";
            }
            if has(Deviation::ErrorNoRequestId) {
                reply
                    .headers
                    .retain(|(name, _)| !name.eq_ignore_ascii_case("x-amzn-RequestId"));
            }
        }
    }
    if has(Deviation::NoRequestId) {
        reply
            .headers
            .retain(|(name, _)| !name.eq_ignore_ascii_case("x-amzn-RequestId"));
    }
    if has(Deviation::RequestIdFixed) {
        // A UUID made once, as a handler that builds its headers at start-up
        // would send: well-formed, but the same on every response.
        for (name, value) in &mut reply.headers {
            if name.eq_ignore_ascii_case("x-amzn-RequestId") {
                "5f0e7c1a-3b2d-4c8e-9a6f-1d2e3f4a5b6c".clone_into(value);
            }
        }
    }
}
