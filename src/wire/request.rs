//! A request as a scenario wants it sent, wrong on purpose where it must
//! be (no `Authorization`, a wrong secret, a body that is not JSON), and how
//! what was sent is recorded.

use serde_json::Value;

use super::exchange::REDACTED;
use super::{CONTENT_TYPE, Operation, TARGET_PREFIX, redact};

/// A request to send: the parts a scenario may want to get wrong on purpose.
#[derive(Clone, Debug)]
pub struct WireRequest {
    /// The whole `X-Amz-Target` value; `None` sends no such header.
    pub target: Option<String>,
    /// `None` sends no `Content-Type`.
    pub content_type: Option<String>,
    /// The body, sent byte for byte.
    pub body: Vec<u8>,
    /// Whether to sign it; an unsigned request carries no `Authorization`.
    pub signed: bool,
    /// Whether to sign it with [`WRONG_SECRET`] instead of the caller's
    /// secret (same access key, same session token): a request the target
    /// must refuse.
    pub wrong_secret: bool,
    /// Further headers, sent as given (and signed with the rest when the
    /// request is signed): an odd `Authorization` on an unsigned request, say.
    pub headers: Vec<(String, String)>,
}

impl WireRequest {
    /// A well-formed call of `operation` with `input` as its JSON body.
    #[must_use]
    pub fn operation(operation: Operation, input: &Value) -> Self {
        Self::raw(operation, input.to_string().into_bytes())
    }

    /// A call of `operation` whose body is `body`, whatever it holds.
    #[must_use]
    pub fn raw(operation: Operation, body: Vec<u8>) -> Self {
        Self::under_target(operation.target(), body)
    }

    /// A request whose `X-Amz-Target` is `target`, whatever it names
    /// (another service's prefix, an operation KMS does not have), with
    /// `body`: what a scenario sends wrong on purpose.
    #[must_use]
    pub fn under_target(target: impl Into<String>, body: Vec<u8>) -> Self {
        Self {
            target: Some(target.into()),
            content_type: Some(CONTENT_TYPE.to_owned()),
            body,
            signed: true,
            wrong_secret: false,
            headers: Vec::new(),
        }
    }

    /// The operation name its `X-Amz-Target` carries after KMS's prefix,
    /// listed in [`Operation`] or not.
    #[must_use]
    pub fn operation_name(&self) -> Option<&str> {
        self.target.as_deref()?.strip_prefix(TARGET_PREFIX)
    }

    /// The KMS operation its `X-Amz-Target` calls, when it names one.
    #[must_use]
    pub fn called(&self) -> Option<Operation> {
        Operation::from_target(self.target.as_deref()?)
    }

    /// The same request, sent with no `Authorization` header.
    #[must_use]
    pub fn unsigned(self) -> Self {
        Self {
            signed: false,
            ..self
        }
    }

    /// The same request, signed with a secret that is not the caller's.
    #[must_use]
    pub fn with_wrong_secret(self) -> Self {
        Self {
            signed: true,
            wrong_secret: true,
            ..self
        }
    }
}

/// The secret a request sent `WireRequest::with_wrong_secret` is signed
/// with: no caller's, and never a credential worth hiding.
pub const WRONG_SECRET: &str = "kms-conformance-wrong-secret";

/// What a recorded request signed with [`WRONG_SECRET`] shows for its
/// signature, so a reader (and a replay) can tell it was wrong on purpose.
pub const WRONG_SIGNATURE: &str = "<redacted; signed with a wrong secret on purpose>";

/// The sent headers as recorded, credentials redacted; a signature made
/// with [`WRONG_SECRET`] on purpose says so.
pub(super) fn recorded(
    headers: Vec<(String, String)>,
    wrong_secret: bool,
) -> Vec<(String, String)> {
    headers
        .into_iter()
        .map(redact::header)
        .map(|(name, value)| {
            if wrong_secret && name == "authorization" {
                let marked = format!("Signature={WRONG_SIGNATURE}");
                let value = value.replace(&format!("Signature={REDACTED}"), &marked);
                (name, value)
            } else {
                (name, value)
            }
        })
        .collect()
}
