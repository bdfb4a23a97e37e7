//! The HTTP adapter's seams: how a request is let in (its target routed,
//! its signature checked) and how the reply is written (its words, status,
//! body and headers), KMS's way unless something is plugged in.
//!
//! The model's seams (`model::Seams`) bend what KMS decides; these bend
//! only what goes on the wire, after the model answered, or before it is
//! asked. Each method takes KMS's answer as its last argument, `kms`, and
//! returns the one to use, as the model's do.
//!
//! | seam | what it decides | KMS |
//! |---|---|---|
//! | [`Requests`] | the operation an `X-Amz-Target` names; who an unsigned request is; whether a signature is verified | `TrentService.<Operation>` only (row 178); nobody; always (rows 168, 169) |
//! | [`Responses`] | whether a refusal is a crashed server's HTML page; the answer's words and members; the reply's status, body and headers | never; the model's answer, rendered by [`Reply::render`] |

use std::fmt::Debug;

use serde_json::Value;

use super::model::{Bends, Caller, KmsError, Output};
use crate::wire::{CONTENT_TYPE, Operation};

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

/// Every seam of the adapter; the default plugs nothing into any.
#[derive(Debug, Default)]
pub(crate) struct WireSeams {
    /// How a request is let in.
    pub(crate) requests: Bends<dyn Requests>,
    /// How the reply is written.
    pub(crate) responses: Bends<dyn Responses>,
}

#[cfg(test)]
impl WireSeams {
    /// Whether nothing is plugged into any seam.
    pub(crate) fn is_faithful(&self) -> bool {
        self.requests.is_empty() && self.responses.is_empty()
    }
}

/// How a request is let in: routed by its target, and authenticated.
pub(crate) trait Requests: Debug + Send + Sync {
    /// The operation `target`, an `X-Amz-Target`, names. KMS: the one
    /// named after `TrentService.`, and none under any other prefix (row
    /// 178) or for a name it does not have.
    fn operation(&self, _target: &str, kms: Option<Operation>) -> Option<Operation> {
        kms
    }

    /// Who a request without an `Authorization` header is. KMS: nobody;
    /// it is `MissingAuthenticationTokenException`.
    fn unsigned(&self, kms: Result<Caller, KmsError>) -> Result<Caller, KmsError> {
        kms
    }

    /// Whether a request's signature is computed again and compared. KMS:
    /// always (rows 168 and 169).
    fn verifies(&self, kms: bool) -> bool {
        kms
    }
}

impl Bends<dyn Requests> {
    pub(crate) fn operation(&self, target: &str, kms: Option<Operation>) -> Option<Operation> {
        self.fold(kms, |b, answer| b.operation(target, answer))
    }

    pub(crate) fn unsigned(&self, kms: Result<Caller, KmsError>) -> Result<Caller, KmsError> {
        self.fold(kms, Requests::unsigned)
    }

    pub(crate) fn verifies(&self, kms: bool) -> bool {
        self.fold(kms, Requests::verifies)
    }
}

/// What a reply answers before it is written: a body the adapter could not
/// read, or the answer.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Answered<'a> {
    /// A request body that is not JSON.
    NotJson,
    /// The answer's error.
    Error(&'a KmsError),
}

/// How the reply is written.
pub(crate) trait Responses: Debug + Send + Sync {
    /// Whether `answered` is answered as a crashed server's HTML page
    /// instead. KMS: never; every answer is JSON.
    fn crashes(&self, _answered: Answered<'_>, kms: bool) -> bool {
        kms
    }

    /// The answer to `operation` (`None` when the target named no KMS
    /// operation), sent `input`, as it will be written: its members, error
    /// type, status and words. KMS: the model's answer.
    fn answer(
        &self,
        _operation: Option<Operation>,
        _input: &Value,
        kms: Result<Output, KmsError>,
    ) -> Result<Output, KmsError> {
        kms
    }

    /// The reply written for `answer`: status, body, content type, headers.
    /// KMS: [`Reply::render`].
    fn reply(&self, _answer: &Result<Output, KmsError>, _input: &Value, kms: Reply) -> Reply {
        kms
    }
}

impl Bends<dyn Responses> {
    pub(crate) fn crashes(&self, answered: Answered<'_>, kms: bool) -> bool {
        self.fold(kms, |b, crashes| b.crashes(answered, crashes))
    }

    pub(crate) fn answer(
        &self,
        operation: Option<Operation>,
        input: &Value,
        kms: Result<Output, KmsError>,
    ) -> Result<Output, KmsError> {
        self.fold(kms, |b, answer| b.answer(operation, input, answer))
    }

    pub(crate) fn reply(
        &self,
        answer: &Result<Output, KmsError>,
        input: &Value,
        kms: Reply,
    ) -> Reply {
        self.fold(kms, |b, reply| b.reply(answer, input, reply))
    }
}
