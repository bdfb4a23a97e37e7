//! How to reach a target: the options every command that talks to one
//! shares (the run, `diff`, `cleanup`), and their resolution.

use std::path::PathBuf;

use super::pacing_flags::PacingArgs;
use crate::endpoint::{ConfigError, DEFAULT_RUN_DIR, TargetArgs, TargetConfig};
use crate::stub::StubOptions;

/// Region, waiting times, and consent for a real AWS account.
#[derive(clap::Args, Clone, Debug, Default)]
#[group(skip)]
pub(super) struct ReachArgs {
    /// Region to sign for. Default: `$AWS_REGION`, then `$AWS_DEFAULT_REGION`, then us-east-1.
    #[arg(long, value_name = "REGION")]
    pub region: Option<String>,

    /// A second region, for the cross-region scenarios. Default: us-west-2 (us-east-1 when the
    /// region is us-west-2).
    #[arg(long, value_name = "REGION")]
    pub other_region: Option<String>,

    /// Seconds allowed for one HTTP exchange. Default: 5 on the stub, 30 elsewhere.
    #[arg(long, value_name = "SECONDS")]
    pub timeout: Option<f64>,

    /// Seconds a read may take to show a write (eventual consistency).
    /// Default: 1 on the stub, 5 on emulators, 20 on AWS.
    #[arg(long, value_name = "SECONDS")]
    pub settle: Option<f64>,

    /// Seconds a key policy change may take to show in what the target
    /// allows (AWS: up to five minutes). Default: 1 on the stub, 5 on
    /// emulators, 330 on AWS.
    #[arg(long, value_name = "SECONDS")]
    pub auth_settle: Option<f64>,

    /// Allow an AWS endpoint (*.amazonaws.com). The suite then creates keys
    /// there, touches only those, and schedules their deletion (7 days).
    #[arg(long)]
    pub allow_aws: bool,

    /// An AWS account the credentials may belong to (repeatable); required
    /// with --allow-aws, checked before anything is created.
    #[arg(long = "account", value_name = "ACCOUNT_ID")]
    pub accounts: Vec<String>,

    /// Let the ABAC scenarios make IAM roles on AWS (under /kms-conformance/, trusting only
    /// the caller's account, deleted when each scenario ends). Without it, or
    /// --abac-role-arn, they are skipped there. Ignored off AWS.
    #[arg(long, conflicts_with = "abac_role_arn")]
    pub allow_iam_roles: bool,

    /// An IAM role provisioned for the ABAC scenarios (docs/authorization.md says which
    /// trust and permission policies it needs): each scenario assumes it with its identity
    /// policy as the session policy. The suite never changes or deletes it.
    #[arg(long, value_name = "ARN")]
    pub abac_role_arn: Option<String>,

    /// Where each run's ledger of created keys is kept, for `cleanup`.
    #[arg(long, value_name = "DIR", env = "KMS_CONFORMANCE_RUN_DIR", default_value = DEFAULT_RUN_DIR)]
    pub run_dir: PathBuf,

    /// The profile of ~/.aws/config and ~/.aws/credentials to take
    /// credentials and region from (static keys, `credential_process`, web
    /// identity, SSO). Default: `$AWS_PROFILE`, then the environment's keys,
    /// then the profile `default`.
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,

    /// Send every request through this forward proxy (http://HOST:PORT,
    /// credentials as http://USER:PASSWORD@HOST:PORT), less the hosts
    /// `$NO_PROXY` lists. Default: `$HTTPS_PROXY`, `$HTTP_PROXY` and
    /// `$NO_PROXY`, as the AWS SDKs read them, for an endpoint; none for the
    /// built-in stub.
    #[arg(long, value_name = "URL")]
    pub proxy: Option<String>,

    #[command(flatten)]
    pub pacing: PacingArgs,
}

impl ReachArgs {
    /// The target at `endpoint` (`None`: the environment's, then the
    /// built-in stub; `stub` forces the stub), as these options and the
    /// process environment say.
    ///
    /// # Errors
    /// A usage error, in one line.
    pub(super) fn resolve(
        &self,
        endpoint: Option<String>,
        stub: bool,
    ) -> Result<TargetConfig, ConfigError> {
        self.resolve_in(endpoint, stub, &|name| std::env::var(name).ok())
    }

    /// As [`Self::resolve`], forcing the built-in stub with `stub`'s options
    /// when given (`--throttle`, `--aws-like`).
    ///
    /// # Errors
    /// A usage error, in one line.
    pub(super) fn resolve_stub_as(
        &self,
        endpoint: Option<String>,
        stub: Option<StubOptions>,
    ) -> Result<TargetConfig, ConfigError> {
        TargetConfig::resolve(&self.target_args(endpoint, stub), &|name| {
            std::env::var(name).ok()
        })
    }

    /// As [`Self::resolve`], in the environment `env` (a matrix target's own).
    ///
    /// # Errors
    /// A usage error, in one line.
    pub(super) fn resolve_in(
        &self,
        endpoint: Option<String>,
        stub: bool,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<TargetConfig, ConfigError> {
        TargetConfig::resolve(
            &self.target_args(endpoint, stub.then(StubOptions::default)),
            env,
        )
    }

    fn target_args(&self, endpoint: Option<String>, stub: Option<StubOptions>) -> TargetArgs {
        TargetArgs {
            endpoint,
            stub,
            region: self.region.clone(),
            other_region: self.other_region.clone(),
            timeout: self.timeout,
            settle: self.settle,
            auth_settle: self.auth_settle,
            allow_aws: self.allow_aws,
            accounts: self.accounts.clone(),
            allow_iam_roles: self.allow_iam_roles,
            abac_role_arn: self.abac_role_arn.clone(),
            run_dir: Some(self.run_dir.clone()),
            pace: self.pacing.pace,
            quotas: self.pacing.quotas.clone(),
            retry: self.pacing.retry(),
            profile: self.profile.clone(),
            proxy: self.proxy.clone(),
        }
    }
}
