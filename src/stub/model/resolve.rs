//! From the `KeyId` a caller sent to the key it names, or KMS's refusal.
//!
//! The refusals follow the recorded `DescribeKey` answers (contract rows 17 to 22):
//! an unknown key is named by its full ARN in the caller's account and region,
//! a string that is no key ID is quoted back, an ARN of another region names
//! that region. A key found is then authorized by its key policy
//! (`authorize.rs`): no operation reaches a key its policy keeps it from.

use super::Model;
use super::authorize::Access;
use super::error::KmsError;
use super::key::{KeyAddr, is_key_uuid, is_multi_region_id, key_arn};
use super::seams::ArnScope;
use super::{Caller, PARTITION};

/// Whether an operation takes alias names and alias ARNs as `KeyId`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Aliases {
    /// `DescribeKey` and the cryptographic operations.
    Accepted,
    /// `UntagResource`, `TagResource`, `ListResourceTags` and the key-state
    /// operations take only a key ID or key ARN.
    Refused,
}

/// A parsed `arn:partition:kms:region:account:resource`.
struct Arn<'a> {
    region: &'a str,
    account: &'a str,
    resource: Resource<'a>,
}

enum Resource<'a> {
    Key(&'a str),
    Alias(&'a str),
}

fn parse_arn(text: &str) -> Option<Arn<'_>> {
    let parts: Vec<&str> = text.splitn(6, ':').collect();
    let [arn, partition, service, region, account, resource] = parts.as_slice() else {
        return None;
    };
    if *arn != "arn" || partition.is_empty() || *service != "kms" || region.is_empty() {
        return None;
    }
    if account.len() != 12 || !account.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let resource = if let Some(id) = resource.strip_prefix("key/") {
        if !is_key_uuid(id) && !is_multi_region_id(id) {
            return None;
        }
        Resource::Key(id)
    } else if let Some(name) = resource.strip_prefix("alias/") {
        if name.is_empty() {
            return None;
        }
        Resource::Alias(resource)
    } else {
        return None;
    };
    Some(Arn {
        region,
        account,
        resource,
    })
}

impl Model {
    /// The key `key_id` names for `caller`, once its key policy allows
    /// `access` (an [`Operation`](crate::wire::Operation), or an [`Access`] with the request's
    /// condition keys).
    pub(crate) fn resolve<'a>(
        &mut self,
        caller: &Caller,
        access: impl Into<Access<'a>>,
        key_id: &str,
        aliases: Aliases,
    ) -> Result<KeyAddr, KmsError> {
        let access = access.into();
        let addr = self.locate(caller, &access, key_id, aliases)?;
        self.authorize(caller, &access, &addr)?;
        Ok(addr)
    }

    /// The key `key_id` names for `caller` asking for `access`.
    fn locate(
        &mut self,
        caller: &Caller,
        access: &Access<'_>,
        key_id: &str,
        aliases: Aliases,
    ) -> Result<KeyAddr, KmsError> {
        let aliases = self.seams.identifiers.aliases(access.operation, aliases);
        if key_id.starts_with("arn:") {
            return self.resolve_arn(caller, access, key_id, aliases);
        }
        if key_id.starts_with("alias/") {
            if aliases == Aliases::Refused {
                return Err(KmsError::invalid_key_id(key_id));
            }
            return self.resolve_alias(&caller.account, &caller.region, key_id);
        }
        let is_key_id = is_key_uuid(key_id) || is_multi_region_id(key_id);
        if !self.seams.identifiers.is_key_id(key_id, is_key_id) {
            return Err(KmsError::invalid_key_id(key_id));
        }
        let addr = KeyAddr {
            account: caller.account.clone(),
            region: caller.region.clone(),
            id: key_id.to_owned(),
        };
        self.stored(&addr)
    }

    /// `addr` if a key is stored there: a key is looked for at its address
    /// alone, as the identifiers seam says.
    fn stored(&self, addr: &KeyAddr) -> Result<KeyAddr, KmsError> {
        let kms = self.keys.contains_key(addr).then(|| addr.clone());
        self.seams
            .identifiers
            .lookup(addr, &self.keys, kms)
            .ok_or_else(|| KmsError::key_does_not_exist(&key_arn(PARTITION, addr)))
    }

    fn resolve_arn<'a>(
        &mut self,
        caller: &'a Caller,
        access: &Access<'_>,
        text: &'a str,
        aliases: Aliases,
    ) -> Result<KeyAddr, KmsError> {
        let arn = parse_arn(text).ok_or_else(|| KmsError::invalid_arn(text))?;
        let scope = ArnScope {
            region: arn.region,
            account: arn.account,
        };
        let ArnScope { region, account } = self.seams.identifiers.arn_scope(caller, scope);
        if region != caller.region {
            return Err(KmsError::arn_in_other_region(region));
        }
        let addr = match arn.resource {
            Resource::Alias(name) => {
                if aliases == Aliases::Refused {
                    return Err(KmsError::invalid_key_id(text));
                }
                self.resolve_alias(account, region, name)?
            }
            Resource::Key(id) => KeyAddr {
                account: account.to_owned(),
                region: region.to_owned(),
                id: id.to_owned(),
            },
        };
        let addr = self.stored(&addr)?;
        if addr.account != caller.account && !self.seams.identifiers.cross_account(false) {
            // Tag and key-state operations are not cross-account (Developer
            // Guide: "Cross-account use: No"), whatever the key policy says.
            return Err(KmsError::access_denied(
                &caller.account,
                access.name(),
                &key_arn(PARTITION, &addr),
                "cross-account use of this operation is not supported",
            ));
        }
        Ok(addr)
    }
}
