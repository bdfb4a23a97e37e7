//! The wiremock adapter: HTTP in, [`Model`] call, awsJson1_1 response out.
//!
//! Caller identity comes from the SigV4 credential scope
//! (`Credential=<access key>/<date>/<region>/kms/aws4_request`): the region
//! from the scope, the account from the access key (see [`account_for`]).
//! Signatures are not verified: the stub knows no secrets.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::SystemTime;

use serde_json::Value;
use wiremock::{Request, Respond, ResponseTemplate};

use super::deviations::{Deviation, Deviations};
use super::distort::{self, Reply};
use super::model::{Call, Caller, KmsError, Model, Output};
use crate::wire::TARGET_PREFIX;

/// The `X-Amz-Target` prefix of the stub's own control operations.
pub const CONTROL_PREFIX: &str = "KmsConformanceStub.";

/// The account of a caller whose access key is not a 12-digit account ID.
pub const DEFAULT_ACCOUNT: &str = "111122223333";

/// The account an access key belongs to. As in LocalStack, an access key
/// of twelve digits is the account ID itself, so a client can act as any
/// account; every other access key belongs to [`DEFAULT_ACCOUNT`].
#[must_use]
pub fn account_for(access_key_id: &str) -> String {
    if access_key_id.len() == 12 && access_key_id.bytes().all(|b| b.is_ascii_digit()) {
        access_key_id.to_owned()
    } else {
        DEFAULT_ACCOUNT.to_owned()
    }
}

/// Answers every request from the shared model.
#[derive(Debug, Clone)]
pub(crate) struct KmsResponder {
    pub model: Arc<Mutex<Model>>,
    pub deviations: Deviations,
}

impl Respond for KmsResponder {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let reply = self.reply(request);
        let mut template =
            ResponseTemplate::new(reply.status).set_body_raw(reply.body, reply.content_type);
        for (name, value) in reply.headers {
            template = template.insert_header(name, value.as_str());
        }
        template
    }
}

/// What the adapter made of a request before the model saw it.
enum Parsed {
    Call {
        caller: Caller,
        target: String,
        input: Value,
    },
    Refused(KmsError),
    /// A body that is not JSON (kept apart for `malformed-json-500`).
    NotJson(KmsError),
}

impl KmsResponder {
    fn reply(&self, request: &Request) -> Reply {
        let (target, input, mut result) = match parse(request) {
            Parsed::Refused(error) => (String::new(), Value::Null, Err(error)),
            Parsed::NotJson(_) if self.deviations.has(Deviation::MalformedJson500) => {
                return Reply::html_500();
            }
            Parsed::NotJson(error) => (String::new(), Value::Null, Err(error)),
            Parsed::Call {
                caller,
                target,
                input,
            } => {
                let result = self.dispatch(&caller, &target, &input);
                (target, input, result)
            }
        };
        let unknown = matches!(&result, Err(e) if e.error_type == "UnknownOperationException");
        if unknown && self.deviations.has(Deviation::UnknownOperation500) {
            return Reply::html_500();
        }
        let operation = target.strip_prefix(TARGET_PREFIX).unwrap_or_default();
        distort::result(&self.deviations, operation, &input, &mut result);
        let mut reply = Reply::render(&result);
        distort::reply(&self.deviations, &result, &input, &mut reply);
        reply
    }

    fn dispatch(&self, caller: &Caller, target: &str, input: &Value) -> Result<Output, KmsError> {
        // The lock is never held across an await: `respond` is synchronous.
        let mut model = self.model.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(operation) = target.strip_prefix(TARGET_PREFIX) {
            model.handle(&Call {
                caller,
                operation,
                input,
                at: SystemTime::now(),
            })
        } else if target == format!("{CONTROL_PREFIX}SetKeyState") {
            model.set_key_state(caller, input)
        } else {
            Err(KmsError::unknown_operation(target))
        }
    }
}

fn parse(request: &Request) -> Parsed {
    let caller = match caller(request) {
        Ok(caller) => caller,
        Err(error) => return Parsed::Refused(error),
    };
    let target = header(request, "x-amz-target")
        .unwrap_or_default()
        .to_owned();
    match parse_body(&request.body) {
        Ok(input) => Parsed::Call {
            caller,
            target,
            input,
        },
        Err(error) => Parsed::NotJson(error),
    }
}

fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}

/// The caller named by the `Authorization` header's credential scope.
fn caller(request: &Request) -> Result<Caller, KmsError> {
    let Some(authorization) = header(request, "authorization") else {
        return Err(KmsError::client(
            "MissingAuthenticationTokenException",
            "Missing Authentication Token",
        ));
    };
    let scope = authorization
        .strip_prefix("AWS4-HMAC-SHA256 Credential=")
        .and_then(|rest| rest.split(',').next())
        .ok_or_else(|| {
            KmsError::client(
                "IncompleteSignatureException",
                "Authorization header requires a 'Credential' parameter",
            )
        })?;
    let parts: Vec<&str> = scope.split('/').collect();
    let [access_key, _date, region, service, "aws4_request"] = parts.as_slice() else {
        return Err(KmsError::client(
            "IncompleteSignatureException",
            "Credential should be <access key>/<date>/<region>/<service>/aws4_request",
        ));
    };
    if *service != "kms" {
        return Err(KmsError::client(
            "InvalidSignatureException",
            "Credential should be scoped to correct service: 'kms'.",
        ));
    }
    Ok(Caller {
        account: account_for(access_key),
        region: (*region).to_owned(),
    })
}

/// An empty body is an empty input; anything else must be JSON.
fn parse_body(body: &[u8]) -> Result<Value, KmsError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Object(serde_json::Map::new()));
    }
    serde_json::from_slice(body)
        .map_err(|_| KmsError::serialization("The request body is not valid JSON"))
}
