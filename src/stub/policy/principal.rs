//! Who calls ([`Principal`]) and whom a statement names (`Principals`).
//!
//! In a key policy, an account principal (`"111122223333"` or
//! `arn:aws:iam::111122223333:root`) "delegates authority to the AWS
//! account" (IAM User Guide, `aws:PrincipalArn`): it names every principal
//! of that account, not only its root user. Any other ARN names one
//! principal, compared exactly; wildcards inside an ARN are invalid. A role
//! session is named by its session ARN or by its role's ARN (INF: IAM's
//! principal reference tells role principals from role session principals).

use serde_json::Value;

use super::document::{PolicyError, strings};

/// The principal making a request: an IAM or STS identity in one account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Principal {
    arn: String,
    partition: String,
    account: String,
    /// For a role session, its ARN (`arn:aws:sts::<account>:assumed-role/
    /// <role name>/<session name>`); `arn` is then the role's.
    session_arn: Option<String>,
}

impl Principal {
    /// The root user of `account`: `arn:<partition>:iam::<account>:root`.
    /// The stub's callers are these, one per account.
    #[must_use]
    pub(crate) fn account_root(partition: &str, account: &str) -> Self {
        Self {
            arn: format!("arn:{partition}:iam::{account}:root"),
            partition: partition.to_owned(),
            account: account.to_owned(),
            session_arn: None,
        }
    }

    /// A session of the role `role_arn` (with its path), known by
    /// `session_arn`: `aws:PrincipalArn` is the role's ARN (contract row
    /// 208), a refusal names the session. `None` unless both are IAM or STS
    /// ARNs of one account.
    #[must_use]
    pub(crate) fn role_session(role_arn: &str, session_arn: &str) -> Option<Self> {
        let role = Self::from_arn(role_arn)?;
        let session = IdentityArn::parse(session_arn)?;
        (session.account == role.account).then(|| Self {
            session_arn: Some(session_arn.to_owned()),
            ..role
        })
    }

    /// The principal an IAM or STS ARN names, such as
    /// `arn:aws:iam::111122223333:user/alice`; `None` for anything else.
    #[must_use]
    pub(crate) fn from_arn(arn: &str) -> Option<Self> {
        let parts = IdentityArn::parse(arn)?;
        Some(Self {
            arn: arn.to_owned(),
            partition: parts.partition.to_owned(),
            account: parts.account.to_owned(),
            session_arn: None,
        })
    }

    /// The principal's ARN, as `aws:PrincipalArn` gives it.
    #[must_use]
    pub(crate) fn arn(&self) -> &str {
        &self.arn
    }

    /// The ARN a refusal names the caller by: a role session's own ARN,
    /// any other principal's [`Self::arn`] (contract row 191).
    #[must_use]
    pub(crate) fn caller_arn(&self) -> &str {
        self.session_arn.as_deref().unwrap_or(&self.arn)
    }

    /// The principal's 12-digit account ID.
    #[must_use]
    pub(crate) fn account(&self) -> &str {
        &self.account
    }

    /// The principal's partition (`aws`, `aws-cn`, `aws-us-gov`).
    #[must_use]
    pub(crate) fn partition(&self) -> &str {
        &self.partition
    }
}

/// The parts of `arn:<partition>:<iam|sts>::<account>:<resource>`.
struct IdentityArn<'a> {
    partition: &'a str,
    account: &'a str,
    resource: &'a str,
}

impl<'a> IdentityArn<'a> {
    fn parse(arn: &'a str) -> Option<Self> {
        let mut parts = arn.splitn(6, ':');
        let (prefix, partition, service, region, account, resource) = (
            parts.next()?,
            parts.next()?,
            parts.next()?,
            parts.next()?,
            parts.next()?,
            parts.next()?,
        );
        let identity = prefix == "arn"
            && !partition.is_empty()
            && matches!(service, "iam" | "sts")
            && region.is_empty()
            && is_account_id(account)
            && !resource.is_empty();
        identity.then_some(Self {
            partition,
            account,
            resource,
        })
    }
}

fn is_account_id(text: &str) -> bool {
    text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit())
}

/// The `Principal` element of one statement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Principals {
    /// `"*"` or `{"AWS": "*"}`: everyone.
    Everyone,
    /// The listed principals; possibly none an IAM caller can be.
    Listed(Vec<Named>),
}

/// One principal a statement names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Named {
    /// Every principal of an account; `None` partition for a bare account ID.
    Account {
        partition: Option<String>,
        account: String,
    },
    /// One IAM or STS identity.
    Arn(String),
    /// A `Service`, `Federated` or `CanonicalUser` principal: never an IAM
    /// caller of this stub, but valid in a key policy.
    NotIam,
}

impl Principals {
    pub(super) fn parse(value: &Value) -> Result<Self, PolicyError> {
        let invalid = || PolicyError::InvalidPrincipal(value.to_string());
        let map = match value {
            Value::String(star) if star == "*" => return Ok(Self::Everyone),
            Value::Object(map) if !map.is_empty() => map,
            _ => return Err(invalid()),
        };
        let mut named = Vec::new();
        for (kind, ids) in map {
            let ids = strings(ids).ok_or_else(invalid)?;
            match kind.as_str() {
                "AWS" => {
                    for id in &ids {
                        if id == "*" {
                            return Ok(Self::Everyone);
                        }
                        named.push(Named::parse_aws(id).ok_or_else(invalid)?);
                    }
                }
                "Service" | "Federated" | "CanonicalUser" => named.push(Named::NotIam),
                _ => return Err(invalid()),
            }
        }
        Ok(Self::Listed(named))
    }

    /// Whether the statement applies to `principal`.
    pub(super) fn include(&self, principal: &Principal) -> bool {
        match self {
            Self::Everyone => true,
            Self::Listed(named) => named.iter().any(|one| one.is(principal)),
        }
    }

    /// Whether the statement names `principal` itself (everyone, its ARN,
    /// its session's), not only its account: a grant to the principal,
    /// which needs no identity policy (contract row 184).
    pub(super) fn name_directly(&self, principal: &Principal) -> bool {
        match self {
            Self::Everyone => true,
            Self::Listed(named) => named
                .iter()
                .any(|one| matches!(one, Named::Arn(_)) && one.is(principal)),
        }
    }
}

impl Named {
    fn parse_aws(id: &str) -> Option<Self> {
        if is_account_id(id) {
            return Some(Self::Account {
                partition: None,
                account: id.to_owned(),
            });
        }
        let arn = IdentityArn::parse(id)?;
        if id.contains(['*', '?']) {
            return None;
        }
        Some(if arn.resource == "root" {
            Self::Account {
                partition: Some(arn.partition.to_owned()),
                account: arn.account.to_owned(),
            }
        } else {
            Self::Arn(id.to_owned())
        })
    }

    fn is(&self, principal: &Principal) -> bool {
        match self {
            Self::Account { partition, account } => {
                account == principal.account()
                    && partition
                        .as_ref()
                        .is_none_or(|p| p == principal.partition())
            }
            Self::Arn(arn) => {
                arn == principal.arn() || principal.session_arn.as_deref() == Some(arn)
            }
            Self::NotIam => false,
        }
    }
}
