//! Why a target cannot be resolved from the options and the environment:
//! a usage error, stated in one line (exit 2).

use crate::credentials::CredentialsError;
use crate::wire::ClientError;

/// A target that cannot be resolved from the options and the environment:
/// a usage error, stated in one line.
#[derive(Clone, Debug, PartialEq)]
pub enum ConfigError {
    /// `--timeout`/`--settle`/`--auth-settle` out of range.
    NotSeconds {
        /// The flag, without dashes.
        flag: &'static str,
        /// What was given.
        value: f64,
    },
    /// `--other-region` equal to the region.
    SameRegions(String),
    /// AWS itself without `--allow-aws`.
    AwsWithoutConsent,
    /// `--allow-aws` without `--account`.
    AwsWithoutAccounts,
    /// An `--account` that is not 12 digits.
    NotAnAccount(String),
    /// AWS without credentials in the environment or the shared files.
    AwsWithoutCredentials,
    /// A credential source is configured but fails.
    Credentials(CredentialsError),
    /// An endpoint that is not a usable URL.
    BadEndpoint(ClientError),
    /// A `--proxy` that is not a usable URL.
    BadProxy(String),
    /// `AWS_ENDPOINT_URL_IAM` or `AWS_ENDPOINT_URL_STS` that is not a usable URL.
    BadServiceEndpoint {
        /// The variable.
        variable: &'static str,
        /// Why its URL cannot be used.
        error: ClientError,
    },
    /// An `--abac-role-arn` that is no IAM role's ARN, or on AWS not one
    /// the run may use: why, in one line.
    BadRoleArn(String),
    /// `--abac-role-arn` with `--allow-iam-roles`.
    RolesTwice,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NotSeconds { flag, value } => write!(
                f,
                "--{flag} {value} is not a number of seconds between 0 and 3600"
            ),
            Self::SameRegions(region) => {
                write!(f, "--other-region must differ from the region ({region})")
            }
            Self::AwsWithoutConsent => f.write_str(
                "the endpoint is AWS itself: pass --allow-aws and --account ACCOUNT_ID to let the \
                 suite create keys there (it schedules their deletion, 7 days, when done)",
            ),
            Self::AwsWithoutAccounts => f.write_str(
                "--allow-aws needs --account ACCOUNT_ID: the accounts these credentials may belong to",
            ),
            Self::NotAnAccount(bad) => write!(f, "--account {bad} is not a 12-digit AWS account ID"),
            Self::AwsWithoutCredentials => f.write_str(
                "AWS endpoints need credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, \
                 or name a profile (--profile, AWS_PROFILE) of ~/.aws/config",
            ),
            Self::Credentials(error) => error.fmt(f),
            Self::BadEndpoint(error) => error.fmt(f),
            Self::BadProxy(why) | Self::BadRoleArn(why) => f.write_str(why),
            Self::BadServiceEndpoint { variable, error } => write!(f, "{variable}: {error}"),
            Self::RolesTwice => f.write_str(
                "--abac-role-arn brings the role the ABAC scenarios use, so the suite makes none: \
                 --allow-iam-roles has nothing to allow; pass one of them",
            ),
        }
    }
}

impl std::error::Error for ConfigError {}
