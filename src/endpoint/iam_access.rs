//! How a run reaches IAM and STS, and which IAM roles the ABAC scenarios
//! (`@requires.iam`) call KMS as.
//!
//! **Where.** Emulators and the stub serve IAM and STS on the KMS endpoint
//! (they route by the signature's scope). AWS does not: IAM has one global
//! endpoint per partition, signed for one region, and STS one per region
//! (contract row 214). `AWS_ENDPOINT_URL_IAM` and `AWS_ENDPOINT_URL_STS`
//! point either elsewhere, as they do for the AWS SDKs (a service's own
//! setting wins over the global `AWS_ENDPOINT_URL`, contract row 215); the
//! global one names the target here (`config`), and IAM and STS follow the
//! target, since a run that sends KMS to one place and IAM to another
//! would make roles nobody's KMS calls could use.
//!
//! **Which roles.** On AWS, making IAM roles in somebody's account is a
//! bigger step than making keys: it takes `--allow-iam-roles` on top of
//! `--allow-aws`. Without it the ABAC scenarios are skipped, naming the
//! switch. `--abac-role-arn` brings a role provisioned beforehand instead:
//! the suite never changes or deletes it, and passes each scenario's
//! identity policy as the session policy of `AssumeRole` (contract row
//! 216). Off AWS `--allow-iam-roles` asks for nothing more and is ignored,
//! as `--allow-aws` is.

use super::aws::{Partition, regional_endpoint};
use super::config::{ConfigError, TargetArgs};
use crate::wire::{Client, Credentials, Limits, QueryRoute, QueryRoutes};

/// Why the ABAC scenarios are skipped on AWS without consent.
pub(crate) const NO_CONSENT: &str = "on AWS the suite makes IAM roles for these scenarios only with \
    --allow-iam-roles, or uses a role provisioned for them, --abac-role-arn ARN \
    (docs/authorization.md)";

/// Which roles the ABAC scenarios call KMS as.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum AbacRoles {
    /// A role of the run's own per scenario, made under `/kms-conformance/`
    /// and deleted when the scenario ends.
    #[default]
    Make,
    /// The user's role (`--abac-role-arn`), assumed with each scenario's
    /// identity policy as the session policy; never changed or deleted.
    Bring(String),
    /// On AWS without `--allow-iam-roles`: none; the scenarios are skipped.
    NoConsent,
}

/// How the run reaches IAM and STS, and which roles it may use.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IamAccess {
    /// Where IAM and STS calls go when not to the target's endpoint.
    pub routes: QueryRoutes,
    /// The roles the ABAC scenarios call KMS as.
    pub roles: AbacRoles,
}

impl IamAccess {
    /// From the options, whether the target is AWS, the region and the
    /// environment `var`.
    ///
    /// # Errors
    /// A service endpoint that is not a URL, a role ARN that is no IAM
    /// role's (or on AWS, not of an allowed account), or both switches.
    pub fn resolve(
        args: &TargetArgs,
        aws: bool,
        region: &str,
        var: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Self, ConfigError> {
        let roles = match (&args.abac_role_arn, args.allow_iam_roles) {
            (Some(_), true) => return Err(ConfigError::RolesTwice),
            (Some(arn), false) => {
                check_role_arn(arn, aws, region, &args.accounts)
                    .map_err(ConfigError::BadRoleArn)?;
                AbacRoles::Bring(arn.clone())
            }
            (None, false) if aws => AbacRoles::NoConsent,
            (None, _) => AbacRoles::Make,
        };
        Ok(Self {
            routes: routes(aws, region, var)?,
            roles,
        })
    }
}

/// IAM's and STS's routes: a service's own setting, else on AWS the
/// partition's IAM endpoint and the region's STS endpoint, else none (the
/// target serves them).
fn routes(
    aws: bool,
    region: &str,
    var: &dyn Fn(&str) -> Option<String>,
) -> Result<QueryRoutes, ConfigError> {
    let configured = |variable: &'static str| -> Result<Option<QueryRoute>, ConfigError> {
        var(variable)
            .map(|endpoint| {
                Client::new(
                    &endpoint,
                    region,
                    Credentials::new("", "", None),
                    Limits::default(),
                )
                .map_err(|error| ConfigError::BadServiceEndpoint { variable, error })?;
                Ok(QueryRoute {
                    endpoint,
                    region: region.to_owned(),
                })
            })
            .transpose()
    };
    let iam = configured("AWS_ENDPOINT_URL_IAM")?.or_else(|| {
        aws.then(|| {
            let (endpoint, region) = Partition::of(region).iam_endpoint();
            QueryRoute {
                endpoint: endpoint.to_owned(),
                region: region.to_owned(),
            }
        })
    });
    let sts = configured("AWS_ENDPOINT_URL_STS")?.or_else(|| {
        aws.then(|| QueryRoute {
            endpoint: regional_endpoint("sts", region),
            region: region.to_owned(),
        })
    });
    Ok(QueryRoutes { iam, sts })
}

/// `arn:<partition>:iam::<account>:role/<path><name>`; on AWS of the
/// region's partition and an allowed account.
fn check_role_arn(arn: &str, aws: bool, region: &str, accounts: &[String]) -> Result<(), String> {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let [arn_prefix, partition, "iam", "", account, resource] = parts.as_slice() else {
        return Err(format!(
            "--abac-role-arn {arn} is not an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME)"
        ));
    };
    let name = resource
        .strip_prefix("role/")
        .and_then(|rest| rest.rsplit('/').next())
        .unwrap_or_default();
    let name_ok = (1..=64).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_+=,.@-".contains(c));
    let account_ok = account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit());
    if *arn_prefix != "arn" || !name_ok || !account_ok {
        return Err(format!(
            "--abac-role-arn {arn} is not an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME)"
        ));
    }
    if aws && *partition != Partition::of(region).name() {
        return Err(format!(
            "--abac-role-arn {arn} is in the partition {partition}, the region {region} in {}",
            Partition::of(region).name()
        ));
    }
    if aws && !accounts.iter().any(|a| a == account) {
        return Err(format!(
            "--abac-role-arn {arn} belongs to AWS account {account}, which --account does not list"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests;
