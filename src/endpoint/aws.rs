//! AWS itself, told apart from every other endpoint: the suite creates keys
//! there and schedules their deletion, so it is reached only with consent
//! and an account allow-list; and each of its endpoints serves one region.

use super::config::{ConfigError, TargetArgs};

/// Whether `url` is an AWS endpoint (`*.amazonaws.com`, `*.amazonaws.com.cn`, `*.api.aws`).
#[must_use]
pub(crate) fn is_aws_endpoint(url: &str) -> bool {
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

/// An AWS partition, as a region names it: each has its own domain, and
/// IAM one global endpoint of its own (contract row 214).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Partition {
    /// `aws`: the commercial regions.
    Aws,
    /// `aws-cn`: `cn-north-1`, `cn-northwest-1`.
    China,
    /// `aws-us-gov`: `us-gov-west-1`, `us-gov-east-1`.
    GovCloud,
}

impl Partition {
    /// The partition of `region` (`cn-...` and `us-gov-...` have their own).
    #[must_use]
    pub(crate) fn of(region: &str) -> Self {
        if region.starts_with("cn-") {
            Self::China
        } else if region.starts_with("us-gov-") {
            Self::GovCloud
        } else {
            Self::Aws
        }
    }

    /// Its name in an ARN: `aws`, `aws-cn`, `aws-us-gov`.
    #[must_use]
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Aws => "aws",
            Self::China => "aws-cn",
            Self::GovCloud => "aws-us-gov",
        }
    }

    /// The domain of its regional endpoints.
    #[must_use]
    pub(crate) fn domain(self) -> &'static str {
        match self {
            Self::China => "amazonaws.com.cn",
            Self::Aws | Self::GovCloud => "amazonaws.com",
        }
    }

    /// IAM's one endpoint in the partition, and the region requests to it
    /// are signed for (the AWS SDKs' endpoint data: `aws-global`,
    /// `aws-cn-global`, `aws-us-gov-global`).
    #[must_use]
    pub(crate) fn iam_endpoint(self) -> (&'static str, &'static str) {
        match self {
            Self::Aws => ("https://iam.amazonaws.com/", "us-east-1"),
            Self::China => ("https://iam.cn-north-1.amazonaws.com.cn/", "cn-north-1"),
            Self::GovCloud => ("https://iam.us-gov.amazonaws.com/", "us-gov-west-1"),
        }
    }
}

/// `https://<service>.<region>.<partition's domain>/`: a regional endpoint.
#[must_use]
pub(crate) fn regional_endpoint(service: &str, region: &str) -> String {
    format!(
        "https://{service}.{region}.{}/",
        Partition::of(region).domain()
    )
}

/// An AWS regional endpoint moved to `to` (`kms.us-east-1.amazonaws.com` →
/// `kms.us-west-2.amazonaws.com`); any other endpoint serves every region.
#[must_use]
pub(crate) fn endpoint_in_region(endpoint: &str, from: &str, to: &str) -> String {
    if !is_aws_endpoint(endpoint) {
        return endpoint.to_owned();
    }
    endpoint.replacen(&format!(".{from}."), &format!(".{to}."), 1)
}

/// AWS itself only with consent and an account allow-list: the suite
/// creates, untags and schedules the deletion of keys there.
pub(super) fn guard_aws(args: &TargetArgs) -> Result<(), ConfigError> {
    if !args.allow_aws {
        return Err(ConfigError::AwsWithoutConsent);
    }
    if args.accounts.is_empty() {
        return Err(ConfigError::AwsWithoutAccounts);
    }
    if let Some(bad) = args
        .accounts
        .iter()
        .find(|a| a.len() != 12 || !a.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(ConfigError::NotAnAccount(bad.clone()));
    }
    Ok(())
}

#[cfg(test)]
mod tests;
