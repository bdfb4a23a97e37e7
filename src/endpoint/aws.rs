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
