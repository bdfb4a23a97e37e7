//! Reaching the target: starting the stub if need be, building the callers,
//! the pre-flight check that it answers like KMS, on AWS the check that the
//! caller's account is one the user allowed, and the probes of what it
//! offers (`probe`, `iam_probe`).

use std::sync::Arc;

use serde_json::json;

use super::aws::endpoint_in_region;
use super::callers::Callers;
use super::config::{Target, TargetConfig};
use super::iam_access::{AbacRoles, NO_CONSENT};
use super::iam_probe::{self, BroughtRoleError};
use super::ledger::{Ledger, LedgerError};
use super::probe;
use super::run_context::{Capability, RunContext};
use crate::stub::StubServer;
use crate::wire::{
    Client, ClientError, ErrorCode, Exchange, ExchangeTags, Operation, Pacer, WireError,
};

/// Why the suite cannot run against the target; each reads as one line
/// naming the endpoint and the cause.
#[derive(Debug)]
pub enum ConnectError {
    /// The endpoint URL cannot be used for a client.
    BadEndpoint(ClientError),
    /// The pre-flight request did not get an answer.
    Unreachable(WireError),
    /// It answered, but not like KMS (HTML, an empty body...).
    NotKms {
        /// What it answered, in one line.
        why: String,
        /// The pre-flight exchange, as the client saw it.
        exchange: Box<Exchange>,
    },
    /// It refused the credentials.
    CredentialsRefused {
        /// How it refused them, in one line.
        why: String,
        /// The pre-flight exchange, as the client saw it.
        exchange: Box<Exchange>,
    },
    /// On AWS: the credentials' account is not one the user allowed, or
    /// cannot be told.
    AccountNotAllowed(String),
    /// The run's ledger cannot be written: a run that could not be cleaned
    /// up after a crash must not start.
    Ledger(LedgerError),
    /// The ABAC scenarios were asked for but cannot run: the brought role
    /// cannot be assumed, or on AWS with `--allow-iam-roles` the caller
    /// cannot make and assume roles. Why, in one line.
    Iam(String),
}

impl std::fmt::Display for ConnectError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Unreachable(error) if error.is_timeout() => {
                write!(f, "{error} (--timeout SECONDS allows more)")
            }
            Self::Unreachable(error) => error.fmt(f),
            Self::Ledger(error) => error.fmt(f),
            Self::BadEndpoint(error) => error.fmt(f),
            Self::NotKms { why, .. }
            | Self::CredentialsRefused { why, .. }
            | Self::AccountNotAllowed(why)
            | Self::Iam(why) => f.write_str(why),
        }
    }
}

impl std::error::Error for ConnectError {}

impl ConnectError {
    /// The pre-flight exchange, when the target answered it and the answer
    /// ended the run (not like KMS, or a refusal of the credentials).
    #[must_use]
    pub fn preflight(&self) -> Option<&Exchange> {
        match self {
            Self::NotKms { exchange, .. } | Self::CredentialsRefused { exchange, .. } => {
                Some(exchange)
            }
            _ => None,
        }
    }
}

/// A target ready for scenarios: the run context, and the stub's server
/// when the target is the built-in one (it serves until dropped).
#[derive(Debug)]
pub struct Connection {
    /// What every scenario of the run shares.
    pub context: Arc<RunContext>,
    /// The built-in stub's server, when it is the target.
    pub server: Option<StubServer>,
    /// The endpoint the callers send to.
    pub endpoint: String,
    /// The caller's account, as the target named it in the pre-flight answer.
    pub account: Option<String>,
}

/// Starts the stub if need be, then `open`s the target and starts the
/// run's ledger (on disk for any target but the built-in stub).
///
/// # Errors
/// One line naming the endpoint and the cause.
pub async fn connect(config: &TargetConfig, run_id: &str) -> Result<Connection, ConnectError> {
    let (server, endpoint) = match &config.target {
        Target::Stub(options) => {
            let server = StubServer::start_with(options.clone()).await;
            let uri = server.uri().to_owned();
            (Some(server), uri)
        }
        Target::Endpoint(url) => (None, url.clone()),
    };
    let Opened { callers, account } = open(config, &endpoint).await?;
    let endpoint = callers.primary.endpoint().to_owned();
    let own_stub = server.is_some();
    let ledger = if own_stub {
        Ledger::in_memory(run_id, &endpoint)
    } else {
        Ledger::on_disk(&config.run_dir, run_id, &endpoint).map_err(ConnectError::Ledger)?
    };
    let mut context = RunContext::new(
        callers,
        config.settle,
        own_stub,
        run_id.to_owned(),
        Arc::new(ledger),
    )
    .with_auth_settle(config.auth_settle);
    // After the ledger: the probe may make a key to settle what it was told.
    if let Some(answer) = probe::multi_region(&context)
        .await
        .map_err(ConnectError::Unreachable)?
    {
        context = context.lacks(Capability::MultiRegion, answer);
    }
    if let Target::Stub(options) = &config.target {
        context.known_read_lag = Some(options.read_lag);
    }
    if let Some(answer) = iam_capability(&context, config).await? {
        context = context.lacks(Capability::Iam, answer);
    }
    if let AbacRoles::Bring(arn) = &config.iam.roles {
        context = context.bringing_role(arn.clone());
    }
    Ok(Connection {
        context: Arc::new(context),
        server,
        endpoint,
        account,
    })
}

/// Why the target lacks what the ABAC scenarios need (`iam_probe`), if it
/// does. The run's own stub never lacks it: a skip there would let a wrong
/// stub pass the kill matrix. On AWS, where the user gave consent or a
/// role, a probe that fails ends the run: it could not judge them.
///
/// # Errors
/// The brought role cannot be assumed, the probe failed on AWS, or the
/// target stopped answering.
async fn iam_capability(
    context: &RunContext,
    config: &TargetConfig,
) -> Result<Option<String>, ConnectError> {
    let client = &context.callers.primary;
    let lacking = match &config.iam.roles {
        AbacRoles::NoConsent => return Ok(Some(NO_CONSENT.to_owned())),
        AbacRoles::Bring(arn) => {
            iam_probe::brought_role(client, arn, config.settle)
                .await
                .map_err(|e| match e {
                    BroughtRoleError::Transport(error) => ConnectError::Unreachable(error),
                    BroughtRoleError::NotAssumable(why) => ConnectError::Iam(why),
                })?;
            None
        }
        AbacRoles::Make if context.target_is_own_stub => None,
        AbacRoles::Make => iam_probe::iam(client, &context.ledger, &context.run_id, config.settle)
            .await
            .map_err(ConnectError::Unreachable)?,
    };
    match lacking {
        _ if context.target_is_own_stub => Ok(None),
        Some(why) if config.aws => Err(ConnectError::Iam(format!(
            "the ABAC scenarios cannot run on this account: {why}"
        ))),
        lacking => Ok(lacking),
    }
}

/// A target checked and ready: its callers, and the caller's account.
#[derive(Debug)]
pub(crate) struct Opened {
    /// The run's clients, one per caller.
    pub callers: Callers,
    /// The caller's account, as the message of the pre-flight `DescribeKey`
    /// named it; `None` when it named none (emulators often do not).
    pub account: Option<String>,
}

/// Builds the callers for `endpoint`, checks with one harmless read that
/// it answers like KMS, and on AWS that the caller's account is allowed.
///
/// # Errors
/// One line naming the endpoint and the cause.
pub(crate) async fn open(config: &TargetConfig, endpoint: &str) -> Result<Opened, ConnectError> {
    open_named(config, endpoint, None).await
}

/// As [`open`], naming the pre-flight request with `tags` when given (the
/// proxy mode, which judges what reached its stub).
///
/// # Errors
/// One line naming the endpoint and the cause.
pub(crate) async fn open_named(
    config: &TargetConfig,
    endpoint: &str,
    tags: Option<ExchangeTags>,
) -> Result<Opened, ConnectError> {
    // One pacer for every caller: each keeps its own buckets, per access
    // key and region, as KMS counts per account and region.
    let pacer = config
        .pacing
        .clone()
        .map(|quotas| Arc::new(Pacer::new(quotas)));
    let primary = Client::through(
        endpoint,
        &config.region,
        config.credentials.clone(),
        config.limits,
        config.forward_proxy.clone(),
    )
    .map_err(ConnectError::BadEndpoint)?
    .paced(pacer)
    .retrying(config.retry)
    .routing_queries(config.iam.routes.clone());
    let other_endpoint = endpoint_in_region(endpoint, &config.region, &config.other_region);
    let other_region = primary
        .at_endpoint(&other_endpoint)
        .in_region(&config.other_region);
    let second_account = config
        .second_credentials
        .clone()
        .map(|c| primary.as_caller(c));
    let account = match tags {
        Some(tags) => preflight(&primary.clone().tagging(tags)).await?,
        None => preflight(&primary).await?,
    };
    if config.aws {
        check_account(account.as_deref(), &config.accounts)
            .map_err(ConnectError::AccountNotAllowed)?;
    }
    Ok(Opened {
        callers: Callers {
            primary,
            other_region,
            second_account,
        },
        account,
    })
}

/// Error types that mean "not with these credentials": every scenario
/// would fail for a reason that has nothing to do with `UntagResource`.
const CREDENTIAL_REFUSALS: [ErrorCode; 7] = [
    ErrorCode::UnrecognizedClientException,
    ErrorCode::InvalidSignatureException,
    ErrorCode::IncompleteSignatureException,
    ErrorCode::MissingAuthenticationTokenException,
    ErrorCode::ExpiredTokenException,
    ErrorCode::InvalidClientTokenId,
    ErrorCode::AccessDeniedException,
];

/// `DescribeKey` of a key nobody has: KMS answers a JSON document (a
/// `NotFoundException`, normally). Anything that is not JSON, or a refusal of
/// the credentials, means the scenarios cannot say anything about the target.
async fn preflight(client: &Client) -> Result<Option<String>, ConnectError> {
    let endpoint = client.endpoint();
    let probe = json!({ "KeyId": uuid::Uuid::new_v4().to_string() });
    let exchange = client
        .call(Operation::DescribeKey, &probe)
        .await
        .map_err(ConnectError::Unreachable)?;
    if exchange.json_object().is_none() {
        let content_type = exchange.header("content-type").unwrap_or("no content type");
        let body = if exchange.body.is_empty() {
            "an empty body".to_owned()
        } else {
            let what = if exchange.json().is_some() {
                "a JSON body that is not an object"
            } else {
                "a body that is not JSON"
            };
            format!("{what}: {}", exchange.body_preview(120))
        };
        return Err(ConnectError::NotKms {
            why: format!(
                "{endpoint} does not answer like KMS: DescribeKey got HTTP {} ({content_type}) with {body}",
                exchange.status,
            ),
            exchange: Box::new(exchange),
        });
    }
    match exchange.error_code() {
        Some(error_type) if CREDENTIAL_REFUSALS.contains(&error_type) => {
            Err(ConnectError::CredentialsRefused {
                why: format!(
                    "{endpoint} refused the credentials: HTTP {} {error_type}: {}",
                    exchange.status,
                    exchange.error_message().unwrap_or_default()
                ),
                exchange: Box::new(exchange),
            })
        }
        _ => Ok(exchange
            .error_message()
            .as_deref()
            .and_then(account_in_message)),
    }
}

/// On AWS, the caller's account must be one the user listed.
fn check_account(account: Option<&str>, allowed: &[String]) -> Result<(), String> {
    match account {
        Some(account) if allowed.iter().any(|a| a == account) => Ok(()),
        Some(account) => Err(format!(
            "the credentials belong to AWS account {account}, which --account does not list"
        )),
        None => Err(
            "cannot tell which AWS account the credentials belong to; refusing to touch it"
                .to_owned(),
        ),
    }
}

/// The account in `Key 'arn:aws:kms:<region>:<account>:key/<id>' does not
/// exist`: KMS names an unknown key by its ARN in the caller's account
/// (contract row 17), which tells the suite whose account it is in before it
/// changes anything.
fn account_in_message(message: &str) -> Option<String> {
    let arn = message.split('\'').nth(1)?;
    let account = arn.split(':').nth(4)?;
    (account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit())).then(|| account.to_owned())
}

#[cfg(test)]
mod tests;
