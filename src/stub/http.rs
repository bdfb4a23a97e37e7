//! The wiremock adapter: HTTP in, [`Model`] call, `awsJson1_1` response out.
//!
//! Caller identity comes from the SigV4 `Authorization` header, parsed by
//! [`Authorization`]: the region from the credential scope, the account from
//! the access key (see [`account_for`]). The signature is verified with the
//! access key's secret before the model sees the request (`signature`). How
//! a request is routed and authenticated, and how the reply is written, are
//! the adapter's seams (`http_seams`).

use std::sync::{Arc, Mutex, PoisonError};
use std::time::SystemTime;

use serde_json::Value;
use wiremock::{Request, Respond, ResponseTemplate};

use super::http_seams::{Answered, Reply, Requests, WireSeams};
use super::model::{Bends, Call, Caller, KmsError, Model, Output};
use super::secrets::Secrets;
use super::signature::authenticate;
use super::tap::{Tap, TappedRequest, TappedResponse};
use crate::wire::{Authorization, AuthorizationError, ErrorCode, Operation};

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
    /// Where the stub is bent on the wire; nothing plugged in for KMS.
    pub seams: Arc<WireSeams>,
    /// Where every exchange served is recorded, when asked for.
    pub tap: Option<Tap>,
    /// The secret of each access key, to verify signatures with.
    pub secrets: Secrets,
}

impl Respond for KmsResponder {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let reply = self.reply(request);
        if let Some(tap) = &self.tap {
            tap.record(tapped_request(request), tapped_response(&reply));
        }
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
    /// A body that is not JSON (kept apart: a crashed server's answer to
    /// it differs).
    NotJson(KmsError),
}

impl KmsResponder {
    fn reply(&self, request: &Request) -> Reply {
        let responses = &self.seams.responses;
        let parsed = parse(request, &self.secrets, &self.seams.requests);
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

fn parse(request: &Request, secrets: &Secrets, seam: &Bends<dyn Requests>) -> Parsed {
    let caller = match authenticate(request, secrets, seam) {
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
pub(super) fn caller(authorization: Option<&str>) -> Result<Caller, KmsError> {
    let Some(authorization) = authorization else {
        return Err(KmsError::client(
            ErrorCode::MissingAuthenticationTokenException,
            "Missing Authentication Token",
        ));
    };
    let authorization: Authorization = authorization.parse().map_err(|e| refusal(&e))?;
    let scope = authorization.scope();
    if scope.service != "kms" {
        return Err(KmsError::client(
            ErrorCode::InvalidSignatureException,
            "Credential should be scoped to correct service: 'kms'.",
        ));
    }
    Ok(Caller {
        account: account_for(authorization.access_key_id()),
        region: scope.region.clone(),
    })
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
mod tests {
    use serde_json::json;

    use super::*;
    use crate::stub::deviations::{Deviation, Deviations};

    fn refused(authorization: Option<&str>) -> KmsError {
        caller(authorization).expect_err("refused")
    }

    /// A responder over a fresh model, bent by `deviations`.
    fn responder(deviations: &Deviations) -> KmsResponder {
        let seams = deviations.seams();
        KmsResponder {
            model: Arc::new(Mutex::new(Model::default().with_seams(seams.model))),
            seams: Arc::new(seams.wire),
            tap: None,
            secrets: Secrets::default(),
        }
    }

    fn dispatched(responder: &KmsResponder, target: &str) -> Result<Output, KmsError> {
        let caller = Caller {
            account: DEFAULT_ACCOUNT.to_owned(),
            region: "us-east-1".to_owned(),
        };
        responder.dispatch(&caller, target, &json!({}))
    }

    #[test]
    fn row_35_an_unknown_operation_is_refused() {
        let target = "TrentService.UntagResources";
        let error = dispatched(&responder(&Deviations::none()), target).expect_err("refused");
        assert_eq!(
            (error.status, error.error_type),
            (400, ErrorCode::UnknownOperationException)
        );
        assert_eq!(error.message, format!("Unknown operation {target}"));
    }

    #[test]
    fn a_target_is_routed_by_its_prefix_unless_a_deviation_ignores_it() {
        let kms = responder(&Deviations::none());
        let ignored = responder(&Deviation::TargetPrefixIgnored.into());
        let other_service = "DynamoDB_20120810.ListKeys";
        let unknown = |answer: Result<Output, KmsError>| {
            answer
                .expect_err("refused")
                .message
                .strip_prefix("Unknown operation ")
                .map(str::to_owned)
        };
        // KMS: another service's prefix names no operation; the refusal
        // names the target as sent.
        assert_eq!(
            unknown(dispatched(&kms, other_service)),
            Some(other_service.to_owned())
        );
        assert!(dispatched(&ignored, other_service).is_ok());
        // Ignoring the prefix still leaves a name KMS does not have unknown.
        let nonsense = "DynamoDB_20120810.UntagResources";
        assert_eq!(
            unknown(dispatched(&ignored, nonsense)),
            Some(nonsense.to_owned())
        );
        // The stub's own control operation is still its own (an empty input
        // names no key state), not a KMS operation.
        let control = dispatched(&ignored, &format!("{CONTROL_PREFIX}SetKeyState"));
        assert_eq!(
            control.expect_err("refused").error_type,
            ErrorCode::ValidationException
        );
    }

    #[test]
    fn the_caller_is_the_scope_region_and_the_access_key_account() {
        let signed = |access_key: &str| {
            format!(
                "AWS4-HMAC-SHA256 Credential={access_key}/20260101/eu-west-1/kms/aws4_request, \
                 SignedHeaders=host;x-amz-date, Signature=0123"
            )
        };
        let expected = |account: &str| Caller {
            account: account.to_owned(),
            region: "eu-west-1".to_owned(),
        };
        assert_eq!(
            caller(Some(&signed("444455556666"))),
            Ok(expected("444455556666"))
        );
        assert_eq!(
            caller(Some(&signed("AKIDEXAMPLE"))),
            Ok(expected(DEFAULT_ACCOUNT))
        );
    }

    #[test]
    fn a_request_without_authorization_is_unauthenticated() {
        let error = refused(None);
        assert_eq!(
            error.error_type,
            ErrorCode::MissingAuthenticationTokenException
        );
    }

    #[test]
    fn missing_parameters_are_named_as_aws_names_them() {
        let error = refused(Some(
            "AWS4-HMAC-SHA256 Credential=444455556666/20260101/us-west-2/kms/aws4_request",
        ));
        assert_eq!(error.error_type, ErrorCode::IncompleteSignatureException);
        assert_eq!(
            error.message,
            "Authorization header requires 'Signature' parameter. \
             Authorization header requires 'SignedHeaders' parameter."
        );
    }

    #[test]
    fn a_scope_of_another_service_is_an_invalid_signature() {
        let error = refused(Some(
            "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/s3/aws4_request, \
             SignedHeaders=host, Signature=00",
        ));
        assert_eq!(error.error_type, ErrorCode::InvalidSignatureException);
        assert_eq!(
            error.message,
            "Credential should be scoped to correct service: 'kms'."
        );
    }

    #[test]
    fn other_malformations_are_one_sentence_without_the_header() {
        for (authorization, message) in [
            (
                "Basic QUtJRENBTkFSWTpzZWNyZXQ=",
                "The Authorization header is not AWS4-HMAC-SHA256.",
            ),
            (
                "AWS4-HMAC-SHA256 Credential=AKIDCANARY/20260101//kms/aws4_request, \
                 SignedHeaders=host, Signature=00",
                "Credential should be scoped to a valid region.",
            ),
            (
                "AWS4-HMAC-SHA256 Credential=AKIDCANARY/2026/us-east-1/kms/aws4_request, \
                 SignedHeaders=host, Signature=00",
                "The credential scope's date is not YYYYMMDD.",
            ),
        ] {
            let error = refused(Some(authorization));
            assert_eq!(error.error_type, ErrorCode::IncompleteSignatureException);
            assert_eq!(error.message, message);
        }
    }
}
