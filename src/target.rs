//! The target: the built-in stub, or an endpoint that speaks KMS JSON 1.1.
//!
//! Resolves region, endpoint and credentials the way the AWS SDKs do
//! (flags first, then `AWS_ENDPOINT_URL_KMS`, `AWS_ENDPOINT_URL`,
//! `AWS_REGION`, `AWS_DEFAULT_REGION`, `AWS_ACCESS_KEY_ID`...), then
//! connects: starts the stub if need be, and checks the target answers like
//! KMS before any scenario runs.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use serde_json::json;

use crate::ledger::Ledger;
use crate::stub::{Stub, StubOptions};
use crate::suite::{Callers, RunContext};
use crate::wire::{Client, Credentials, Limits};

/// The second account's access key on the built-in stub, which maps a
/// 12-digit access key to that account.
const STUB_SECOND_ACCESS_KEY: &str = "444455556666";

/// Which of the run's callers sends a request (and so owns what it makes).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Via {
    /// The caller in the target region.
    Primary,
    /// The same caller signing for the other region.
    OtherRegion,
    /// The second account's caller.
    SecondAccount,
}

/// Where the suite points.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// The built-in reference stub, started in-process.
    Stub,
    /// Any endpoint URL.
    Endpoint(String),
}

impl Target {
    /// How reports name it.
    #[must_use]
    pub fn describe(&self) -> String {
        match self {
            Self::Stub => "the built-in stub".to_owned(),
            Self::Endpoint(url) => url.clone(),
        }
    }
}

/// What the command line says about the target; `None` falls back to the
/// environment, then to defaults.
#[derive(Clone, Debug, Default)]
pub struct TargetArgs {
    pub endpoint: Option<String>,
    /// Force the built-in stub even when `AWS_ENDPOINT_URL` is set.
    pub stub: bool,
    pub region: Option<String>,
    pub other_region: Option<String>,
    /// Seconds allowed for one exchange.
    pub timeout: Option<f64>,
    /// Seconds allowed for a read to show a write.
    pub settle: Option<f64>,
    /// Consent to run against AWS itself.
    pub allow_aws: bool,
    /// The AWS accounts the run may touch.
    pub accounts: Vec<String>,
    /// Where run ledgers are kept.
    pub run_dir: Option<PathBuf>,
}

/// Everything needed to reach the target.
#[derive(Clone, Debug)]
pub struct TargetConfig {
    pub target: Target,
    /// How the built-in stub behaves, when it is the target.
    pub stub: StubOptions,
    pub region: String,
    pub other_region: String,
    pub credentials: Credentials,
    pub second_credentials: Option<Credentials>,
    pub limits: Limits,
    pub settle: Duration,
    /// Whether the endpoint is AWS itself.
    pub aws: bool,
    /// On AWS, the accounts the credentials may belong to.
    pub accounts: Vec<String>,
    /// Where run ledgers are kept (`.kms-conformance/runs` by default).
    pub run_dir: PathBuf,
    /// One-line notices for the user (placeholder credentials, say).
    pub notices: Vec<String>,
}

/// The default folder for run ledgers, relative to where the suite runs.
pub const DEFAULT_RUN_DIR: &str = ".kms-conformance/runs";

/// Whether `url` is an AWS endpoint (`*.amazonaws.com`, `*.amazonaws.com.cn`, `*.api.aws`).
#[must_use]
pub fn is_aws_endpoint(url: &str) -> bool {
    reqwest::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
        .is_some_and(|host| {
            let host = host.trim_end_matches('.');
            host.ends_with(".amazonaws.com")
                || host.ends_with(".amazonaws.com.cn")
                || host.ends_with(".api.aws")
        })
}

/// An AWS regional endpoint moved to `to` (`kms.us-east-1.amazonaws.com` →
/// `kms.us-west-2.amazonaws.com`); any other endpoint serves every region.
#[must_use]
pub fn endpoint_in_region(endpoint: &str, from: &str, to: &str) -> String {
    if !is_aws_endpoint(endpoint) {
        return endpoint.to_owned();
    }
    endpoint.replacen(&format!(".{from}."), &format!(".{to}."), 1)
}

fn seconds(name: &str, value: Option<f64>, default: Duration) -> Result<Duration, String> {
    match value {
        None => Ok(default),
        Some(s) if s.is_finite() && s > 0.0 && s < 3600.0 => Ok(Duration::from_secs_f64(s)),
        Some(s) => Err(format!(
            "--{name} {s} is not a number of seconds between 0 and 3600"
        )),
    }
}

impl TargetConfig {
    /// Resolves the target from `args` and the environment `env`.
    ///
    /// # Errors
    /// A one-line reason: an endpoint that is not a URL, AWS without credentials.
    pub fn resolve(
        args: &TargetArgs,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Self, String> {
        let var = |name: &str| env(name).filter(|v| !v.trim().is_empty());
        let region = args
            .region
            .clone()
            .or_else(|| var("AWS_REGION"))
            .or_else(|| var("AWS_DEFAULT_REGION"))
            .unwrap_or_else(|| "us-east-1".to_owned());
        let endpoint = if args.stub {
            None
        } else {
            args.endpoint
                .clone()
                .or_else(|| var("AWS_ENDPOINT_URL_KMS"))
                .or_else(|| var("AWS_ENDPOINT_URL"))
        };
        // `--endpoint aws` is AWS's regional endpoint for the region.
        let endpoint = endpoint.map(|e| {
            if e == "aws" {
                format!("https://kms.{region}.amazonaws.com/")
            } else {
                e
            }
        });
        let target = endpoint.map_or(Target::Stub, Target::Endpoint);
        let other_region = args.other_region.clone().unwrap_or_else(|| {
            if region == "us-west-2" {
                "us-east-1"
            } else {
                "us-west-2"
            }
            .to_owned()
        });
        if other_region == region {
            return Err(format!(
                "--other-region must differ from the region ({region})"
            ));
        }
        let aws = matches!(&target, Target::Endpoint(url) if is_aws_endpoint(url));
        if aws {
            guard_aws(args)?;
        }
        let stub = target == Target::Stub;
        let defaults = if stub {
            (5.0, 1.0)
        } else if aws {
            (30.0, 20.0)
        } else {
            (30.0, 5.0)
        };
        let limits = Limits {
            timeout: seconds("timeout", args.timeout, Duration::from_secs_f64(defaults.0))?,
            ..Limits::default()
        };
        let settle = seconds("settle", args.settle, Duration::from_secs_f64(defaults.1))?;

        let mut notices = Vec::new();
        let credentials = match (var("AWS_ACCESS_KEY_ID"), var("AWS_SECRET_ACCESS_KEY")) {
            _ if stub => Credentials::new("test", "test", None),
            (Some(key), Some(secret)) => Credentials::new(key, secret, var("AWS_SESSION_TOKEN")),
            _ if aws => {
                return Err(
                    "AWS endpoints need credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY".to_owned()
                );
            }
            _ => {
                notices.push(
                    "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY are not set: signing with the emulator \
                     placeholder credentials test/test"
                        .to_owned(),
                );
                Credentials::new("test", "test", None)
            }
        };
        let second_credentials = match (
            var("KMS_CONFORMANCE_SECOND_ACCESS_KEY_ID"),
            var("KMS_CONFORMANCE_SECOND_SECRET_ACCESS_KEY"),
        ) {
            _ if stub => Some(Credentials::new(STUB_SECOND_ACCESS_KEY, "test", None)),
            (Some(key), Some(secret)) => Some(Credentials::new(
                key,
                secret,
                var("KMS_CONFORMANCE_SECOND_SESSION_TOKEN"),
            )),
            _ => None,
        };
        if let Target::Endpoint(url) = &target {
            // Checked here so a bad URL is a usage error, not a failed run.
            Client::new(url, &region, credentials.clone(), limits)?;
        }
        Ok(Self {
            target,
            stub: StubOptions::default(),
            aws,
            accounts: args.accounts.clone(),
            run_dir: args
                .run_dir
                .clone()
                .unwrap_or_else(|| PathBuf::from(DEFAULT_RUN_DIR)),
            region,
            other_region,
            credentials,
            second_credentials,
            limits,
            settle,
            notices,
        })
    }
}

/// AWS itself only with consent and an account allow-list: the suite
/// creates, untags and schedules the deletion of keys there.
fn guard_aws(args: &TargetArgs) -> Result<(), String> {
    if !args.allow_aws {
        return Err(
            "the endpoint is AWS itself: pass --allow-aws and --account ACCOUNT_ID to let the suite create \
             keys there (it schedules their deletion, 7 days, when done)"
                .to_owned(),
        );
    }
    if args.accounts.is_empty() {
        return Err(
            "--allow-aws needs --account ACCOUNT_ID: the accounts these credentials may belong to"
                .to_owned(),
        );
    }
    if let Some(bad) = args
        .accounts
        .iter()
        .find(|a| a.len() != 12 || !a.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(format!("--account {bad} is not a 12-digit AWS account ID"));
    }
    Ok(())
}

/// Why the suite cannot run against the target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectError(pub String);

impl std::fmt::Display for ConnectError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConnectError {}

/// A target ready for scenarios: the run context, and the stub when the
/// target is the built-in one (it serves until dropped).
#[derive(Debug)]
pub struct Connection {
    pub context: Arc<RunContext>,
    pub stub: Option<Stub>,
    pub endpoint: String,
    /// The caller's account, as the target named it in the pre-flight answer.
    pub account: Option<String>,
}

/// Starts the stub if need be, then [`open`]s the target and starts the
/// run's ledger (on disk for any target but the built-in stub).
///
/// # Errors
/// One line naming the endpoint and the cause.
pub async fn connect(config: &TargetConfig, run_id: &str) -> Result<Connection, ConnectError> {
    let stub = match config.target {
        Target::Stub => Some(Stub::start_with(config.stub.clone()).await),
        Target::Endpoint(_) => None,
    };
    let endpoint = match (&config.target, &stub) {
        (Target::Endpoint(url), _) => url.clone(),
        (Target::Stub, Some(stub)) => stub.uri().to_owned(),
        (Target::Stub, None) => unreachable!("the stub was started above"),
    };
    let Opened { callers, account } = open(config, &endpoint).await?;
    let endpoint = callers.primary.endpoint().to_owned();
    let ledger = if stub.is_some() {
        Ledger::in_memory(run_id, &endpoint)
    } else {
        Ledger::on_disk(&config.run_dir, run_id, &endpoint).map_err(ConnectError)?
    };
    let context = RunContext::new(
        callers,
        config.settle,
        stub.is_some(),
        run_id.to_owned(),
        Arc::new(ledger),
    );
    Ok(Connection {
        context: Arc::new(context),
        stub,
        endpoint,
        account,
    })
}

/// A target checked and ready: its callers, and the caller's account.
#[derive(Debug)]
pub struct Opened {
    pub callers: Callers,
    pub account: Option<String>,
}

/// Builds the callers for `endpoint`, checks with one harmless read that
/// it answers like KMS, and on AWS that the caller's account is allowed.
///
/// # Errors
/// One line naming the endpoint and the cause.
pub async fn open(config: &TargetConfig, endpoint: &str) -> Result<Opened, ConnectError> {
    let primary = Client::new(
        endpoint,
        &config.region,
        config.credentials.clone(),
        config.limits,
    )
    .map_err(ConnectError)?;
    let other_endpoint = endpoint_in_region(endpoint, &config.region, &config.other_region);
    let other_region = primary
        .at_endpoint(&other_endpoint)
        .in_region(&config.other_region);
    let second_account = config
        .second_credentials
        .clone()
        .map(|c| primary.as_caller(c));
    let account = preflight(&primary).await?;
    if config.aws {
        check_account(account.as_deref(), &config.accounts).map_err(ConnectError)?;
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
/// would fail for a reason that has nothing to do with UntagResource.
const CREDENTIAL_REFUSALS: [&str; 7] = [
    "UnrecognizedClientException",
    "InvalidSignatureException",
    "IncompleteSignatureException",
    "MissingAuthenticationTokenException",
    "ExpiredTokenException",
    "InvalidClientTokenId",
    "AccessDeniedException",
];

/// `DescribeKey` of a key nobody has: KMS answers a JSON document (a
/// NotFoundException, normally). Anything that is not JSON, or a refusal of
/// the credentials, means the scenarios cannot say anything about the target.
async fn preflight(client: &Client) -> Result<Option<String>, ConnectError> {
    let endpoint = client.endpoint();
    let probe = json!({ "KeyId": uuid::Uuid::new_v4().to_string() });
    let exchange = client.call("DescribeKey", &probe).await.map_err(|e| {
        ConnectError(if e.is_timeout() {
            format!("{e} (--timeout SECONDS allows more)")
        } else {
            e.to_string()
        })
    })?;
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
        return Err(ConnectError(format!(
            "{endpoint} does not answer like KMS: DescribeKey got HTTP {} ({content_type}) with {body}",
            exchange.status,
        )));
    }
    match exchange.error_type() {
        Some(error_type) if CREDENTIAL_REFUSALS.contains(&error_type.as_str()) => {
            Err(ConnectError(format!(
                "{endpoint} refused the credentials: HTTP {} {error_type}: {}",
                exchange.status,
                exchange.error_message().unwrap_or_default()
            )))
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
/// (spec row 17), which tells the suite whose account it is in before it
/// changes anything.
fn account_in_message(message: &str) -> Option<String> {
    let arn = message.split('\'').nth(1)?;
    let account = arn.split(':').nth(4)?;
    (account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit())).then(|| account.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(args: &TargetArgs, vars: &[(&str, &str)]) -> Result<TargetConfig, String> {
        let vars: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        TargetConfig::resolve(args, &move |name| {
            vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
        })
    }

    #[test]
    fn no_endpoint_means_the_stub() {
        let config = resolve(&TargetArgs::default(), &[]).expect("resolves");
        assert_eq!(config.target, Target::Stub);
        assert_eq!(config.region, "us-east-1");
        assert_eq!(config.other_region, "us-west-2");
        assert!(config.second_credentials.is_some());
        assert!(config.notices.is_empty());
    }

    #[test]
    fn endpoint_and_region_come_from_the_environment_like_the_sdks() {
        let config = resolve(
            &TargetArgs::default(),
            &[
                ("AWS_ENDPOINT_URL", "http://127.0.0.1:1/"),
                ("AWS_ENDPOINT_URL_KMS", "http://127.0.0.1:4566"),
                ("AWS_DEFAULT_REGION", "eu-west-1"),
            ],
        )
        .expect("resolves");
        assert_eq!(
            config.target,
            Target::Endpoint("http://127.0.0.1:4566".into())
        );
        assert_eq!(config.region, "eu-west-1");
        assert_eq!(
            config.notices.len(),
            1,
            "placeholder credentials are announced"
        );
        assert!(config.second_credentials.is_none());
    }

    #[test]
    fn flags_win_over_the_environment() {
        let args = TargetArgs {
            endpoint: Some("http://127.0.0.1:5000".into()),
            region: Some("us-west-2".into()),
            ..TargetArgs::default()
        };
        let config = resolve(
            &args,
            &[
                ("AWS_ENDPOINT_URL", "http://x:1"),
                ("AWS_REGION", "eu-west-1"),
            ],
        )
        .expect("resolves");
        assert_eq!(
            config.target,
            Target::Endpoint("http://127.0.0.1:5000".into())
        );
        assert_eq!(config.region, "us-west-2");
        assert_eq!(config.other_region, "us-east-1");
    }

    #[test]
    fn aws_without_credentials_is_refused() {
        let args = TargetArgs {
            endpoint: Some("https://kms.us-east-1.amazonaws.com".into()),
            allow_aws: true,
            accounts: vec!["111122223333".into()],
            ..TargetArgs::default()
        };
        let error = resolve(&args, &[]).expect_err("refused");
        assert!(error.contains("AWS_ACCESS_KEY_ID"), "{error}");
    }

    #[test]
    fn a_bad_endpoint_is_a_usage_error() {
        let args = TargetArgs {
            endpoint: Some("not a url".into()),
            ..TargetArgs::default()
        };
        assert!(resolve(&args, &[]).is_err());
    }

    #[test]
    fn aws_needs_consent_and_an_allow_list() {
        let with = |allow_aws: bool, accounts: &[&str]| {
            let args = TargetArgs {
                endpoint: Some("aws".into()),
                allow_aws,
                accounts: accounts.iter().map(|a| (*a).to_owned()).collect(),
                ..TargetArgs::default()
            };
            resolve(
                &args,
                &[
                    ("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE"),
                    ("AWS_SECRET_ACCESS_KEY", "secret"),
                ],
            )
        };
        assert!(
            with(false, &["111122223333"])
                .expect_err("no consent")
                .contains("--allow-aws")
        );
        assert!(
            with(true, &[])
                .expect_err("no allow-list")
                .contains("--account")
        );
        assert!(
            with(true, &["1234"])
                .expect_err("not an account")
                .contains("12-digit")
        );
        let config = with(true, &["111122223333"]).expect("allowed");
        assert_eq!(
            config.target,
            Target::Endpoint("https://kms.us-east-1.amazonaws.com/".into())
        );
        assert!(config.aws);
    }

    #[test]
    fn the_callers_account_must_be_listed_and_known() {
        let allowed = vec!["111122223333".to_owned()];
        assert!(check_account(Some("111122223333"), &allowed).is_ok());
        assert!(
            check_account(Some("444455556666"), &allowed)
                .expect_err("not listed")
                .contains("444455556666")
        );
        assert!(check_account(None, &allowed).is_err());
    }

    #[test]
    fn the_account_is_read_from_a_not_found_answer() {
        let message = "Key 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab' does not exist";
        assert_eq!(account_in_message(message).as_deref(), Some("111122223333"));
        assert_eq!(account_in_message("Invalid keyId 'x'"), None);
        assert_eq!(account_in_message("nothing quoted"), None);
    }

    #[test]
    fn aws_regional_endpoints_move_with_the_region() {
        assert_eq!(
            endpoint_in_region(
                "https://kms.us-east-1.amazonaws.com/",
                "us-east-1",
                "us-west-2"
            ),
            "https://kms.us-west-2.amazonaws.com/"
        );
        assert_eq!(
            endpoint_in_region("http://127.0.0.1:4566/", "us-east-1", "us-west-2"),
            "http://127.0.0.1:4566/"
        );
        assert!(!is_aws_endpoint("http://amazonaws.com.evil.example/"));
    }
}
