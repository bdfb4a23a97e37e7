//! The target: the built-in stub, or an endpoint that speaks KMS JSON 1.1.
//!
//! Resolves region, endpoint and credentials the way the AWS SDKs do
//! (flags first, then `AWS_ENDPOINT_URL_KMS`, `AWS_ENDPOINT_URL`,
//! `AWS_REGION`, `AWS_DEFAULT_REGION`, `AWS_ACCESS_KEY_ID`...), then
//! connects: starts the stub if need be, and checks the target answers like
//! KMS before any scenario runs.

use std::sync::Arc;
use std::time::Duration;

use serde_json::json;

use crate::stub::{Stub, StubOptions};
use crate::suite::RunContext;
use crate::wire::{Client, Credentials, Limits};

/// The second account's access key on the built-in stub, which maps a
/// 12-digit access key to that account.
const STUB_SECOND_ACCESS_KEY: &str = "444455556666";

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
    /// One-line notices for the user (placeholder credentials, say).
    pub notices: Vec<String>,
}

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
        let endpoint = if args.stub {
            None
        } else {
            args.endpoint
                .clone()
                .or_else(|| var("AWS_ENDPOINT_URL_KMS"))
                .or_else(|| var("AWS_ENDPOINT_URL"))
        };
        let target = endpoint.map_or(Target::Stub, Target::Endpoint);
        let region = args
            .region
            .clone()
            .or_else(|| var("AWS_REGION"))
            .or_else(|| var("AWS_DEFAULT_REGION"))
            .unwrap_or_else(|| "us-east-1".to_owned());
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
}

/// Starts the stub if need be, builds the clients and checks, with one
/// harmless read, that the target answers like KMS.
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
    let primary = Client::new(
        &endpoint,
        &config.region,
        config.credentials.clone(),
        config.limits,
    )
    .map_err(ConnectError)?;
    let other_endpoint = endpoint_in_region(&endpoint, &config.region, &config.other_region);
    let other_region = primary
        .at_endpoint(&other_endpoint)
        .in_region(&config.other_region);
    let second_account = config
        .second_credentials
        .clone()
        .map(|c| primary.as_caller(c));
    preflight(&primary).await?;
    let context = RunContext::new(
        primary.clone(),
        other_region,
        second_account,
        config.settle,
        stub.is_some(),
        run_id.to_owned(),
    );
    Ok(Connection {
        context: Arc::new(context),
        stub,
        endpoint: primary.endpoint().to_owned(),
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
async fn preflight(client: &Client) -> Result<(), ConnectError> {
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
        _ => Ok(()),
    }
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
