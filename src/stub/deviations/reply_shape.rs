//! Bends of [`Responses`]' written reply: the body, status, content type
//! and headers of a success or an error, and the HTML page of a crashed
//! server.

use serde_json::{Value, json};

use crate::stub::http_seams::{Answered, Reply, Responses};
use crate::stub::model::{KmsError, Output};
use crate::wire::ErrorCode;

type Answer = Result<Output, KmsError>;

const REQUEST_ID: &str = "x-amzn-RequestId";

/// A success with no output, bent by `bend`.
fn empty_success(answer: &Answer, mut kms: Reply, bend: impl FnOnce(&mut Reply)) -> Reply {
    if matches!(answer, Ok(Output::Empty)) {
        bend(&mut kms);
    }
    kms
}

/// An error's reply, bent by `bend`.
fn error(answer: &Answer, mut kms: Reply, bend: impl FnOnce(&KmsError, &mut Reply)) -> Reply {
    if let Err(error) = answer {
        bend(error, &mut kms);
    }
    kms
}

/// `success-body-echo`: a success answers the request back as its body.
#[derive(Debug)]
pub(super) struct SuccessBodyEcho;

impl Responses for SuccessBodyEcho {
    fn reply(&self, answer: &Answer, input: &Value, kms: Reply) -> Reply {
        empty_success(answer, kms, |reply| {
            reply.body = input.to_string().into_bytes();
        })
    }
}

/// `success-body-empty-object`: a success answers `{}`.
#[derive(Debug)]
pub(super) struct SuccessBodyEmptyObject;

impl Responses for SuccessBodyEmptyObject {
    fn reply(&self, answer: &Answer, _input: &Value, kms: Reply) -> Reply {
        empty_success(answer, kms, |reply| reply.body = b"{}".to_vec())
    }
}

/// `success-envelope`: a success is wrapped as `{"success": true, ...}`.
#[derive(Debug)]
pub(super) struct SuccessEnvelope;

impl Responses for SuccessEnvelope {
    fn reply(&self, answer: &Answer, _input: &Value, kms: Reply) -> Reply {
        empty_success(answer, kms, |reply| {
            reply.body = br#"{"success": true, "data": null}"#.to_vec();
        })
    }
}

/// `success-status-204`: a success is HTTP 204 No Content.
#[derive(Debug)]
pub(super) struct SuccessStatus204;

impl Responses for SuccessStatus204 {
    fn reply(&self, answer: &Answer, _input: &Value, kms: Reply) -> Reply {
        empty_success(answer, kms, |reply| reply.status = 204)
    }
}

/// `success-content-type-json`: a success is labelled `application/json`.
#[derive(Debug)]
pub(super) struct SuccessContentTypeJson;

impl Responses for SuccessContentTypeJson {
    fn reply(&self, answer: &Answer, _input: &Value, mut kms: Reply) -> Reply {
        if answer.is_ok() {
            kms.content_type = "application/json";
        }
        kms
    }
}

/// An error whose type is only in `X-Amzn-Errortype`, its body holding the
/// message alone.
fn type_in_header_only(error: &KmsError, reply: &mut Reply) {
    reply
        .headers
        .push(("x-amzn-ErrorType", error.error_type.name().to_owned()));
    reply.body = json!({ "message": error.message }).to_string().into_bytes();
}

/// `error-type-only-in-header`: errors name their type in the header only.
#[derive(Debug)]
pub(super) struct ErrorTypeOnlyInHeader;

impl Responses for ErrorTypeOnlyInHeader {
    fn reply(&self, answer: &Answer, _input: &Value, kms: Reply) -> Reply {
        error(answer, kms, type_in_header_only)
    }
}

/// `unknown-operation-type-in-header`: an unknown target is refused with
/// its type in the header only, as a router in front of the handlers might.
#[derive(Debug)]
pub(super) struct UnknownOperationTypeInHeader;

impl Responses for UnknownOperationTypeInHeader {
    fn reply(&self, answer: &Answer, _input: &Value, kms: Reply) -> Reply {
        error(answer, kms, |error, reply| {
            if error.error_type == ErrorCode::UnknownOperationException {
                type_in_header_only(error, reply);
            }
        })
    }
}

/// `error-header-disagrees`: `X-Amzn-Errortype` names the Smithy shape
/// (`KeyNotFound`) while `__type` says `NotFoundException`.
#[derive(Debug)]
pub(super) struct ErrorHeaderDisagrees;

impl Responses for ErrorHeaderDisagrees {
    fn reply(&self, answer: &Answer, _input: &Value, kms: Reply) -> Reply {
        error(answer, kms, |error, reply| {
            let shape = error.error_type.without_exception_suffix().to_owned();
            reply.headers.push(("x-amzn-ErrorType", shape));
        })
    }
}

/// `error-envelope`: errors are `{"error": {"code": ..., "message": ...}}`.
#[derive(Debug)]
pub(super) struct ErrorEnvelope;

impl Responses for ErrorEnvelope {
    fn reply(&self, answer: &Answer, _input: &Value, kms: Reply) -> Reply {
        error(answer, kms, |error, reply| {
            let envelope =
                json!({ "error": { "code": error.error_type.name(), "message": error.message } });
            reply.body = envelope.to_string().into_bytes();
        })
    }
}

/// An error whose body carries `Message` instead of `message`.
fn capitalized(error: &KmsError, reply: &mut Reply) {
    reply.body = json!({ "__type": error.error_type.name(), "Message": error.message })
        .to_string()
        .into_bytes();
}

/// `error-message-capitalized`: errors carry `Message`.
#[derive(Debug)]
pub(super) struct ErrorMessageCapitalized;

impl Responses for ErrorMessageCapitalized {
    fn reply(&self, answer: &Answer, _input: &Value, kms: Reply) -> Reply {
        error(answer, kms, capitalized)
    }
}

/// `tag-exception-message-capitalized`: `TagException` carries `Message`.
#[derive(Debug)]
pub(super) struct TagExceptionMessageCapitalized;

impl Responses for TagExceptionMessageCapitalized {
    fn reply(&self, answer: &Answer, _input: &Value, kms: Reply) -> Reply {
        error(answer, kms, |error, reply| {
            if error.error_type == ErrorCode::TagException {
                capitalized(error, reply);
            }
        })
    }
}

/// `error-content-type-json`: errors are labelled `application/json`.
#[derive(Debug)]
pub(super) struct ErrorContentTypeJson;

impl Responses for ErrorContentTypeJson {
    fn reply(&self, answer: &Answer, _input: &Value, kms: Reply) -> Reply {
        error(answer, kms, |_, reply| {
            reply.content_type = "application/json";
        })
    }
}

/// Takes the request ID off `reply`.
fn without_request_id(reply: &mut Reply) {
    reply
        .headers
        .retain(|(name, _)| !name.eq_ignore_ascii_case(REQUEST_ID));
}

/// `error-no-request-id`: errors carry no `x-amzn-RequestId`.
#[derive(Debug)]
pub(super) struct ErrorNoRequestId;

impl Responses for ErrorNoRequestId {
    fn reply(&self, answer: &Answer, _input: &Value, kms: Reply) -> Reply {
        error(answer, kms, |_, reply| without_request_id(reply))
    }
}

/// `no-request-id`: no response carries `x-amzn-RequestId`.
#[derive(Debug)]
pub(super) struct NoRequestId;

impl Responses for NoRequestId {
    fn reply(&self, _answer: &Answer, _input: &Value, mut kms: Reply) -> Reply {
        without_request_id(&mut kms);
        kms
    }
}

/// `request-id-fixed`: a request ID made once, as a handler that builds its
/// headers at start-up would send: well-formed, but the same every time.
#[derive(Debug)]
pub(super) struct RequestIdFixed;

impl Responses for RequestIdFixed {
    fn reply(&self, _answer: &Answer, _input: &Value, mut kms: Reply) -> Reply {
        for (name, value) in &mut kms.headers {
            if name.eq_ignore_ascii_case(REQUEST_ID) {
                "5f0e7c1a-3b2d-4c8e-9a6f-1d2e3f4a5b6c".clone_into(value);
            }
        }
        kms
    }
}

/// `request-id-duplicated`: a second `x-amzn-RequestId` beside KMS's, as
/// a gateway in front of the handler adds its own; clients fold the two
/// into one value, `a, b`, which names no call.
#[derive(Debug)]
pub(super) struct RequestIdDuplicated;

impl Responses for RequestIdDuplicated {
    fn reply(&self, _answer: &Answer, _input: &Value, mut kms: Reply) -> Reply {
        if kms
            .headers
            .iter()
            .any(|(name, _)| name.eq_ignore_ascii_case(REQUEST_ID))
        {
            kms.headers
                .push((REQUEST_ID, uuid::Uuid::new_v4().to_string()));
        }
        kms
    }
}

/// `unknown-operation-500`: an unknown target crashes the server.
#[derive(Debug)]
pub(super) struct UnknownOperation500;

impl Responses for UnknownOperation500 {
    fn crashes(&self, answered: Answered<'_>, kms: bool) -> bool {
        let unknown = |e: &KmsError| e.error_type == ErrorCode::UnknownOperationException;
        kms || matches!(answered, Answered::Error(e) if unknown(e))
    }
}

/// `malformed-json-500`: a body that is not JSON crashes the server.
#[derive(Debug)]
pub(super) struct MalformedJson500;

impl Responses for MalformedJson500 {
    fn crashes(&self, answered: Answered<'_>, kms: bool) -> bool {
        kms || matches!(answered, Answered::NotJson)
    }
}
