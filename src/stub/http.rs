//! The wiremock adapter: HTTP in, [`Model`] call, `awsJson1_1` response out.
//!
//! Caller identity comes from the SigV4 `Authorization` header, parsed by
//! [`Authorization`]: the region from the credential scope, the account from
//! the access key (see [`account_for`]; a role session's is its role's). The
//! signature is verified with the access key's secret before the model sees
//! the request (`signature`). How a request is routed and authenticated, and
//! how the reply is written, are the adapter's seams (`http_seams`).
//!
//! A request whose scope names IAM or STS goes to the Query protocol
//! adapter instead (`query_protocol`), as moto routes them: the stub serves
//! KMS, IAM and STS on one endpoint.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::SystemTime;

use serde_json::Value;
use wiremock::{Request, Respond, ResponseTemplate};

use super::http_seams::{Answered, Reply, Requests, WireSeams};
use super::identity::Identities;
use super::model::{Bends, Call, Caller, KmsError, Model, Output};
use super::query_protocol;
use super::secrets::Secrets;
use super::signature::{Keys, authenticate};
use super::tap::{Tap, TappedRequest, TappedResponse};
use crate::wire::{Authorization, AuthorizationError, ErrorCode, Operation, QueryService};

/// The `X-Amz-Target` prefix of the stub's own control operations.
pub(crate) const CONTROL_PREFIX: &str = "KmsConformanceStub.";

/// The account of a caller whose access key is not a 12-digit account ID.
pub(crate) const DEFAULT_ACCOUNT: &str = "111122223333";

/// The account an access key belongs to. As in LocalStack, an access key
/// of twelve digits is the account ID itself, so a client can act as any
/// account; every other access key belongs to [`DEFAULT_ACCOUNT`].
#[must_use]
pub(crate) fn account_for(access_key_id: &str) -> String {
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
    /// Where the stub is bent on the wire; nothing plugged in for KMS.
    pub seams: Arc<WireSeams>,
    /// Where every exchange served is recorded, when asked for.
    pub tap: Option<Tap>,
    /// The secret of each access key, to verify signatures with.
    pub secrets: Secrets,
    /// IAM and STS: roles, and the sessions whose keys sign requests.
    pub identities: Arc<Mutex<Identities>>,
}

impl Respond for KmsResponder {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let reply = self.reply(request);
        if let Some(tap) = &self.tap {
            tap.record(tapped_request(request), tapped_response(&reply));
        }
        let mut template =
            ResponseTemplate::new(reply.status).set_body_raw(reply.body, reply.content_type);
        // Appended, not inserted: a header a deviation repeats reaches the
        // client twice.
        for (name, value) in reply.headers {
            template = template.append_header(name, value.as_str());
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
    /// A body that is not JSON (kept apart: a crashed server's answer to
    /// it differs).
    NotJson(KmsError),
}

impl KmsResponder {
    fn keys(&self) -> Keys<'_> {
        Keys {
            secrets: &self.secrets,
            identities: &self.identities,
        }
    }

    fn reply(&self, request: &Request) -> Reply {
        if let Some(service) = query_service(request) {
            let caller = authenticate(
                request,
                self.keys(),
                service.signing_name(),
                &self.seams.requests,
            );
            return query_protocol::reply(service, caller, &request.body, &self.identities);
        }
        let responses = &self.seams.responses;
        let parsed = parse(request, self.keys(), &self.seams.requests);
        let (target, input, answer) = match parsed {
            Parsed::NotJson(_) if responses.crashes(Answered::NotJson, false) => {
                return Reply::html_500();
            }
            Parsed::Refused(error) | Parsed::NotJson(error) => {
                (String::new(), Value::Null, Err(error))
            }
            Parsed::Call {
                caller,
                target,
                input,
            } => {
                let answer = self.dispatch(&caller, &target, &input);
                (target, input, answer)
            }
        };
        if let Err(error) = &answer
            && responses.crashes(Answered::Error(error), false)
        {
            return Reply::html_500();
        }
        let answer = responses.answer(Operation::from_target(&target), &input, answer);
        let reply = Reply::render(&answer);
        responses.reply(&answer, &input, reply)
    }

    fn dispatch(&self, caller: &Caller, target: &str, input: &Value) -> Result<Output, KmsError> {
        // The lock is never held across an await: `respond` is synchronous.
        let mut model = self.model.lock().unwrap_or_else(PoisonError::into_inner);
        let operation = self
            .seams
            .requests
            .operation(target, Operation::from_target(target));
        if let Some(operation) = operation {
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

fn tapped_request(request: &Request) -> TappedRequest {
    let url = &request.url;
    TappedRequest {
        method: request.method.to_string(),
        path: url.query().map_or_else(
            || url.path().to_owned(),
            |query| format!("{}?{query}", url.path()),
        ),
        headers: request
            .headers
            .iter()
            .map(|(name, value)| {
                let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
                (name.as_str().to_owned(), value)
            })
            .collect(),
        body: request.body.clone(),
    }
}

fn tapped_response(reply: &Reply) -> TappedResponse {
    let mut headers = vec![("content-type".to_owned(), reply.content_type.to_owned())];
    headers.extend(
        reply
            .headers
            .iter()
            .map(|(name, value)| (name.to_ascii_lowercase(), value.clone())),
    );
    TappedResponse {
        status: reply.status,
        headers,
        body: reply.body.clone(),
    }
}

/// The Query protocol service a request's SigV4 scope names, if any.
fn query_service(request: &Request) -> Option<QueryService> {
    let authorization: Authorization = header(request, "authorization")?.parse().ok()?;
    QueryService::from_signing_name(&authorization.scope().service)
}

fn parse(request: &Request, keys: Keys<'_>, seam: &Bends<dyn Requests>) -> Parsed {
    let caller = match authenticate(request, keys, "kms", seam) {
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

/// The caller named by the `Authorization` header's credential scope,
/// which must be scoped to `service`.
pub(super) fn caller(authorization: Option<&str>, service: &str) -> Result<Caller, KmsError> {
    let Some(authorization) = authorization else {
        return Err(KmsError::client(
            ErrorCode::MissingAuthenticationTokenException,
            "Missing Authentication Token",
        ));
    };
    let authorization: Authorization = authorization.parse().map_err(|e| refusal(&e))?;
    let scope = authorization.scope();
    if scope.service != service {
        return Err(KmsError::client(
            ErrorCode::InvalidSignatureException,
            format!("Credential should be scoped to correct service: '{service}'."),
        ));
    }
    Ok(Caller::user(
        account_for(authorization.access_key_id()),
        scope.region.clone(),
    ))
}

/// How KMS refuses a malformed `Authorization`: AWS's wording where its
/// answers show it, never a value from the header.
fn refusal(error: &AuthorizationError) -> KmsError {
    let message = match error {
        AuthorizationError::Missing(missing) => missing
            .iter()
            .map(|p| format!("Authorization header requires '{}' parameter.", p.name()))
            .collect::<Vec<_>>()
            .join(" "),
        AuthorizationError::EmptyRegion => "Credential should be scoped to a valid region.".into(),
        other => sentence(&other.to_string()),
    };
    KmsError::client(ErrorCode::IncompleteSignatureException, message)
}

/// `the header is bad` as AWS words its messages: `The header is bad.`
fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    let first = chars.next().map(|c| c.to_ascii_uppercase());
    format!(
        "{}{}.",
        first.map(String::from).unwrap_or_default(),
        chars.as_str()
    )
}

/// An empty body is an empty input; anything else must be JSON.
fn parse_body(body: &[u8]) -> Result<Value, KmsError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Object(serde_json::Map::new()));
    }
    serde_json::from_slice(body)
        .map_err(|_| KmsError::serialization("The request body is not valid JSON"))
}

#[cfg(test)]
mod tests;
