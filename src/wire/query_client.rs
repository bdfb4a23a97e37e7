//! The Query protocol client: an IAM or STS operation, its members
//! form-encoded, signed for its service, paced and retried like a KMS call,
//! and recorded as an [`Exchange`] with every credential redacted.
//!
//! An `AssumeRole` answer hands out a role session's credentials: they are
//! taken out of the answer ([`QueryAnswer::credentials`]) and replaced by
//! [`REDACTED`](super::REDACTED) in what is recorded, so no trace, report or results file
//! can hold them (the request's session token and signature are redacted
//! as any request's are).

use std::sync::Arc;
use std::time::Instant;

use super::form::{FORM_CONTENT_TYPE, encode_form};
use super::query_operation::QueryOperation;
use super::query_routes::QueryRoutes;
use super::xml_document::XmlElement;
use super::{Client, Credentials, ErrorCode, Exchange, WireError, WireRequest, redact};

/// The elements of an answer that hold a credential: a session's secret,
/// its token, and its access key ID (half a credential).
const CREDENTIAL_ELEMENTS: [&str; 3] = ["SecretAccessKey", "SessionToken", "AccessKeyId"];

/// What a Query call got back.
pub struct QueryAnswer {
    /// The exchange as recorded: credentials in the answer redacted.
    pub exchange: Exchange,
    /// The answer's XML, as recorded (credentials redacted); `None` when
    /// the body is not XML.
    pub document: Option<XmlElement>,
    /// The credentials the answer handed out (`AssumeRole`), whole: never
    /// print them.
    pub credentials: Option<Credentials>,
}

impl std::fmt::Debug for QueryAnswer {
    /// The exchange's status only: the credentials must not show.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("QueryAnswer")
            .field("status", &self.exchange.status)
            .field("credentials", &self.credentials.is_some())
            .finish_non_exhaustive()
    }
}

impl QueryAnswer {
    /// Whether the service answered 200.
    #[must_use]
    pub fn is_success(&self) -> bool {
        self.exchange.status == 200
    }

    /// The error code and message of a Query error answer
    /// (`<ErrorResponse><Error><Code/><Message/>`).
    #[must_use]
    pub fn error(&self) -> Option<(ErrorCode, String)> {
        query_error(self.document.as_ref()?)
    }

    /// `HTTP 404 NoSuchEntity (Role x not found)`, or the body when it is
    /// no Query error: for a line that says why a call failed.
    #[must_use]
    pub fn describe(&self) -> String {
        match self.error() {
            Some((code, message)) => {
                format!("HTTP {} {code} ({message})", self.exchange.status)
            }
            None => format!(
                "HTTP {} {}",
                self.exchange.status,
                self.exchange.body_preview(200)
            ),
        }
    }
}

/// The code and message of a Query error document.
fn query_error(document: &XmlElement) -> Option<(ErrorCode, String)> {
    let error = document.find("Error")?;
    let code = error.text_of("Code")?;
    let message = error.text_of("Message").unwrap_or_default();
    Some((ErrorCode::named(code), message.to_owned()))
}

/// Whether an answer is a Query throttle: `Throttling` (contract row 201).
fn is_query_throttle(exchange: &Exchange, document: Option<&XmlElement>) -> bool {
    exchange.status == 400
        && document
            .and_then(query_error)
            .is_some_and(|(code, _)| code == ErrorCode::Throttling)
}

impl Client {
    /// The same client, sending IAM and STS calls where `routes` say
    /// (AWS serves each at an endpoint of its own, contract row 214).
    #[must_use]
    pub fn routing_queries(self, routes: QueryRoutes) -> Self {
        Self {
            query_routes: Arc::new(routes),
            ..self
        }
    }

    /// Calls the IAM or STS `operation` with `members` (besides `Action`
    /// and `Version`), signed for its service: at the service's route when
    /// it has one ([`Self::routing_queries`]), else at this client's
    /// endpoint in its region; paced, and sent again after a throttle.
    ///
    /// # Errors
    /// A [`WireError`] when no complete HTTP response came back, or when
    /// the run is stopping and the call would make something.
    pub async fn query(
        &self,
        operation: QueryOperation,
        members: &[(&str, &str)],
    ) -> Result<QueryAnswer, WireError> {
        match self.query_routes.of(operation.service()) {
            Some(route) => {
                self.at_endpoint(&route.endpoint)
                    .in_region(&route.region)
                    .query_here(operation, members)
                    .await
            }
            None => self.query_here(operation, members).await,
        }
    }

    /// [`Self::query`] at this client's own endpoint, in its region.
    async fn query_here(
        &self,
        operation: QueryOperation,
        members: &[(&str, &str)],
    ) -> Result<QueryAnswer, WireError> {
        let service = operation.service();
        let pairs = [("Action", operation.name()), ("Version", service.version())]
            .into_iter()
            .chain(members.iter().copied());
        let request = WireRequest {
            target: None,
            content_type: Some(FORM_CONTENT_TYPE.to_owned()),
            body: encode_form(pairs).into_bytes(),
            signed: true,
            wrong_secret: false,
            headers: Vec::new(),
        };
        let action = operation.action();
        let caller = self.credentials.access_key_id();
        let started = Instant::now();
        let mut retries = 0;
        loop {
            if let Some(pacer) = &self.pacer {
                pacer.wait_turn(caller, &self.region, &action).await;
            }
            if let Some(halt) = &self.halt
                && halt.is_pulled()
                && makes_something(operation)
            {
                return Err(WireError::HaltedQuery { operation });
            }
            let mut exchange = self.send_once_to(&request, service.signing_name()).await?;
            exchange.operation = Some(action.clone());
            let answer = redacted(exchange);
            let throttled = is_query_throttle(&answer.exchange, answer.document.as_ref());
            if let Some(pacer) = &self.pacer {
                if throttled {
                    pacer.throttled(caller, &self.region, &action);
                } else {
                    pacer.answered(caller, &self.region, &action);
                }
            }
            if throttled && let Some(pause) = self.retry.pause(retries, started.elapsed()) {
                retries += 1;
                tokio::time::sleep(pause).await;
                continue;
            }
            let mut answer = answer;
            answer.exchange.throttled = retries;
            return Ok(answer);
        }
    }
}

/// The calls a stopping run no longer sends: those that make something it
/// would have to clean up (a role, a policy, a session).
fn makes_something(operation: QueryOperation) -> bool {
    matches!(
        operation,
        QueryOperation::CreateRole | QueryOperation::PutRolePolicy | QueryOperation::AssumeRole
    )
}

/// The answer with the credentials it hands out taken out of what is
/// recorded.
fn redacted(mut exchange: Exchange) -> QueryAnswer {
    let raw = XmlElement::parse(&exchange.body);
    let handed_out: Vec<String> = raw
        .iter()
        .flat_map(|doc| {
            CREDENTIAL_ELEMENTS
                .iter()
                .filter_map(|name| doc.text_of(name))
        })
        .filter(|value| !value.is_empty())
        .flat_map(|value| {
            let escaped = quick_xml::escape::escape(value).into_owned();
            [value.to_owned(), escaped]
        })
        .collect();
    let credentials = raw.as_ref().and_then(|doc| {
        let credentials = doc.find("Credentials")?;
        Some(Credentials::new(
            credentials.text_of("AccessKeyId")?,
            credentials.text_of("SecretAccessKey")?,
            credentials.text_of("SessionToken").map(str::to_owned),
        ))
    });
    if !handed_out.is_empty() {
        let placeholder = quick_xml::escape::escape(super::REDACTED);
        exchange.body = redact::scrub_as(&exchange.body, &handed_out, &placeholder);
    }
    let document = if handed_out.is_empty() {
        raw
    } else {
        XmlElement::parse(&exchange.body)
    };
    QueryAnswer {
        exchange,
        document,
        credentials,
    }
}

#[cfg(test)]
mod tests;
