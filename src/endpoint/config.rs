//! What to reach: the target, its regions, credentials and time limits,
//! resolved from the command line and the environment the way the AWS SDKs
//! resolve them.

use std::path::PathBuf;
use std::time::Duration;

pub(crate) use self::config_error::ConfigError;
use self::waits::Waits;
use super::aws::{guard_aws, is_aws_endpoint, regional_endpoint};
use super::iam_access::IamAccess;
use crate::credentials;
use crate::stub::StubOptions;
use crate::wire::{Client, Credentials, ForwardProxy, Limits, Quota, Quotas, RetryPolicy};

/// The second account's access key on the built-in stub, which maps a
/// 12-digit access key to that account.
const STUB_SECOND_ACCESS_KEY: &str = "444455556666";

/// Where the suite points.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// The built-in reference stub, started in-process, behaving as its
    /// options say.
    Stub(StubOptions),
    /// Any endpoint URL.
    Endpoint(String),
}

impl Target {
    /// How reports name it.
    #[must_use]
    pub fn describe(&self) -> String {
        match self {
            Self::Stub(_) => "the built-in stub".to_owned(),
            Self::Endpoint(url) => url.clone(),
        }
    }
}

/// What the command line says about the target; `None` falls back to the
/// environment, then to defaults.
#[derive(Clone, Debug, Default)]
pub struct TargetArgs {
    /// The endpoint URL, or `aws` for AWS's own endpoint in the region.
    /// Default: `$AWS_ENDPOINT_URL_KMS`, then `$AWS_ENDPOINT_URL`, then the
    /// built-in stub.
    pub endpoint: Option<String>,
    /// Force the built-in stub, with these options, even when
    /// `AWS_ENDPOINT_URL` is set.
    pub stub: Option<StubOptions>,
    /// The region to sign for. Default: `$AWS_REGION`, then
    /// `$AWS_DEFAULT_REGION`, then us-east-1.
    pub region: Option<String>,
    /// The region cross-region scenarios reach into; must differ from the
    /// region. Default: us-west-2 (us-east-1 when the region is us-west-2).
    pub other_region: Option<String>,
    /// Seconds allowed for one exchange. Default: 5 on the stub, 30
    /// elsewhere.
    pub timeout: Option<f64>,
    /// Seconds allowed for a read to show a write. Default: 1 on the stub,
    /// 20 on AWS, 5 elsewhere.
    pub settle: Option<f64>,
    /// Seconds allowed for a change to a key policy to show in what the
    /// target allows (contract row 132). Default: 1 on the stub, 330 on AWS
    /// (over the five minutes AWS documents), 5 elsewhere.
    pub auth_settle: Option<f64>,
    /// Consent to run against AWS itself.
    pub allow_aws: bool,
    /// The AWS accounts the run may touch.
    pub accounts: Vec<String>,
    /// Consent to make IAM roles on AWS for the ABAC scenarios.
    pub allow_iam_roles: bool,
    /// A role provisioned for the ABAC scenarios, used instead of making any.
    pub abac_role_arn: Option<String>,
    /// Where run ledgers are kept.
    pub run_dir: Option<PathBuf>,
    /// Pace requests under the quotas even where that is not the default
    /// (it is on AWS and on a throttling stub).
    pub pace: bool,
    /// Quotas that differ from KMS's defaults (`--quota CreateKey=20`).
    pub quotas: Vec<Quota>,
    /// How throttled calls are retried.
    pub retry: RetryPolicy,
    /// The shared-files profile to take credentials (and a region) from
    /// (`--profile`); default: `$AWS_PROFILE`, then `default`.
    pub profile: Option<String>,
    /// A forward proxy for every request (`--proxy URL`), less the hosts
    /// `NO_PROXY` lists. Default: `HTTP_PROXY`, `HTTPS_PROXY`, `NO_PROXY`
    /// for an endpoint, none for the built-in stub.
    pub proxy: Option<String>,
}

/// Everything needed to reach the target.
#[derive(Clone, Debug)]
pub struct TargetConfig {
    /// The stub or the endpoint the run reaches.
    pub target: Target,
    /// The region requests are signed for.
    pub region: String,
    /// The region cross-region scenarios reach into; never `region`.
    pub other_region: String,
    /// The caller's credentials: the environment's, `test`/`test` on the
    /// stub, or those placeholders (with a notice) on an emulator.
    pub credentials: Credentials,
    /// A second account's (`KMS_CONFORMANCE_SECOND_*`); always present on
    /// the stub. `None` skips the scenarios that need one.
    pub second_credentials: Option<Credentials>,
    /// Per-exchange bounds; `timeout` comes from [`TargetArgs::timeout`].
    pub limits: Limits,
    /// How long a read may take to show a write.
    pub settle: Duration,
    /// How long a key policy change may take to show in authorization.
    pub auth_settle: Duration,
    /// Whether the endpoint is AWS itself.
    pub aws: bool,
    /// On AWS, the accounts the credentials may belong to.
    pub accounts: Vec<String>,
    /// Where run ledgers are kept (`.kms-conformance/runs` by default).
    pub run_dir: PathBuf,
    /// One-line notices for the user (placeholder credentials, say).
    pub notices: Vec<String>,
    /// The quotas to pace requests under, when the run paces (see
    /// `pacing`); `None` sends every request as soon as it is made.
    pub pacing: Option<Quotas>,
    /// How throttled calls are retried.
    pub retry: RetryPolicy,
    /// The forward proxy requests go through, if any.
    pub forward_proxy: ForwardProxy,
    /// Where IAM and STS are, and the roles the ABAC scenarios may use.
    pub iam: IamAccess,
}

/// Whether and at what quotas a run paces: on AWS and against a stub that
/// throttles (at the stub's quotas), or when asked; elsewhere an emulator
/// answers as fast as asked, and pacing would only slow the run (64
/// scenarios creating keys at 5 a second take 20 s against the stub).
/// `--quota` overrides apply on top.
#[must_use]
pub(crate) fn pacing(target: &Target, aws: bool, args: &TargetArgs) -> Option<Quotas> {
    let stub_quotas = match target {
        Target::Stub(options) => options.quotas(),
        Target::Endpoint(_) => None,
    };
    if !(aws || args.pace || stub_quotas.is_some()) {
        return None;
    }
    let mut quotas = stub_quotas.unwrap_or_default();
    for quota in &args.quotas {
        quotas.set(quota);
    }
    Some(quotas)
}

/// The default folder for run ledgers, relative to where the suite runs.
pub(crate) const DEFAULT_RUN_DIR: &str = ".kms-conformance/runs";

impl TargetConfig {
    /// Resolves the target from `args` and the environment `env`.
    ///
    /// # Errors
    /// A one-line reason: an endpoint that is not a URL, AWS without credentials.
    pub fn resolve(
        args: &TargetArgs,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Self, ConfigError> {
        let var = |name: &str| env(name).filter(|v| !v.trim().is_empty());
        let region = region(args, &var)?;
        let endpoint = if args.stub.is_some() {
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
                regional_endpoint("kms", &region)
            } else {
                e
            }
        });
        let target = endpoint.map_or_else(
            || Target::Stub(args.stub.clone().unwrap_or_default()),
            Target::Endpoint,
        );
        let other_region = args.other_region.clone().unwrap_or_else(|| {
            if region == "us-west-2" {
                "us-east-1"
            } else {
                "us-west-2"
            }
            .to_owned()
        });
        if other_region == region {
            return Err(ConfigError::SameRegions(region));
        }
        let aws = matches!(&target, Target::Endpoint(url) if is_aws_endpoint(url));
        if aws {
            guard_aws(args)?;
        }
        let stub = matches!(target, Target::Stub(_));
        // A stub whose reads or authorization lag needs the time an
        // emulator gets.
        let lagging_stub = matches!(&target, Target::Stub(o)
            if !o.read_lag.is_zero() || !o.auth_lag.is_zero() || !o.iam_lag.is_zero());
        let Waits {
            limits,
            settle,
            auth_settle,
        } = Waits::resolve(args, stub && !lagging_stub, aws)?;

        let mut notices = Vec::new();
        let credentials = if stub {
            Credentials::new("test", "test", None)
        } else {
            caller_credentials(args, aws, &region, &var, &mut notices)?
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
        // The stub is in-process: a proxy the environment names is for the
        // world outside, and only --proxy sends to the stub through one.
        let forward_proxy = match (&args.proxy, &target) {
            (Some(url), _) => ForwardProxy::flag(url, &var).map_err(ConfigError::BadProxy)?,
            (None, Target::Stub(_)) => ForwardProxy::default(),
            (None, Target::Endpoint(_)) => ForwardProxy::from_env(&var),
        };
        if let Target::Endpoint(url) = &target {
            // Checked here so a bad URL is a usage error, not a failed run.
            Client::new(url, &region, credentials.clone(), limits)
                .map_err(ConfigError::BadEndpoint)?;
            notices.extend(forward_proxy.notice(url));
        }
        Ok(Self {
            iam: IamAccess::resolve(args, aws, &region, &var)?,
            pacing: pacing(&target, aws, args),
            retry: retry(args.retry, stub, settle),
            target,
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
            auth_settle,
            notices,
            forward_proxy,
        })
    }
}

/// The backoff after a fault from the built-in stub: it faults only when
/// told to (a deviation, `--transient-faults`), and the kill matrix runs
/// deviations that answer 500 to every error; the schedule is the
/// SDKs', only quicker.
const STUB_FAULT_BASE: Duration = Duration::from_millis(2);

/// `asked` (the flags' throttle retries), with a fresh key's
/// `NotFoundException` retried within the settle time (contract row 76),
/// and faults from the built-in stub retried at once.
fn retry(asked: RetryPolicy, stub: bool, settle: Duration) -> RetryPolicy {
    RetryPolicy {
        fresh_key_window: settle,
        fault_base: if stub {
            STUB_FAULT_BASE
        } else {
            asked.fault_base
        },
        ..asked
    }
}

/// The region: `--region`, `AWS_REGION`, `AWS_DEFAULT_REGION`, the
/// profile's, as the SDKs read it (the stub has no use for profiles), then
/// us-east-1.
fn region(args: &TargetArgs, var: &dyn Fn(&str) -> Option<String>) -> Result<String, ConfigError> {
    let named = args
        .region
        .clone()
        .or_else(|| var("AWS_REGION"))
        .or_else(|| var("AWS_DEFAULT_REGION"));
    let from_profile = match named {
        Some(region) => return Ok(region),
        None if args.stub.is_none() => credentials::profile_region(args.profile.as_deref(), var)
            .map_err(ConfigError::Credentials)?,
        None => None,
    };
    Ok(from_profile.unwrap_or_else(|| "us-east-1".to_owned()))
}

/// The caller's credentials on a target other than the stub: the chain's
/// (see [`credentials`]), or on an emulator the placeholders `test`/`test`.
fn caller_credentials(
    args: &TargetArgs,
    aws: bool,
    region: &str,
    var: &dyn Fn(&str) -> Option<String>,
    notices: &mut Vec<String>,
) -> Result<Credentials, ConfigError> {
    match credentials::resolve(args.profile.as_deref(), region, var)
        .map_err(ConfigError::Credentials)?
    {
        Some(found) => {
            notices.extend(credentials_notice(&found));
            Ok(found.credentials)
        }
        None if aws => Err(ConfigError::AwsWithoutCredentials),
        None => {
            notices.push(
                "no credentials in the environment or the shared files: signing with the \
                 emulator placeholder credentials test/test"
                    .to_owned(),
            );
            Ok(Credentials::new("test", "test", None))
        }
    }
}

/// Where the credentials came from, when it is not the environment, and
/// when they expire soon: never a credential.
fn credentials_notice(found: &credentials::Found) -> Option<String> {
    let soon = found.expires.is_some_and(|at| {
        at.duration_since(std::time::SystemTime::now())
            .map_or(true, |left| left < Duration::from_mins(15))
    });
    let source = &found.source;
    match (source.as_str(), soon) {
        ("the environment", false) => None,
        (_, true) => Some(format!(
            "credentials from {source}; they expire within 15 minutes, and a longer run fails \
             once they have"
        )),
        (_, false) => Some(format!("credentials from {source}")),
    }
}

mod config_error;
mod waits;

#[cfg(test)]
mod tests;
