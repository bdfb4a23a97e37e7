//! Aliases: `CreateAlias`, `DeleteAlias`, `ListAliases`, and what an alias name
//! resolves to (contract §3).
//!
//! An alias is a name for a key in one account and region. `alias/aws/<service>`
//! names an AWS managed key, which KMS makes the first time it is asked for.

use std::sync::Arc;

use serde_json::{Value, json};

use super::create::Origin;
use super::error::KmsError;
use super::key::{KeyAddr, KeyManager};
use super::key_policy::StoredPolicy;
use super::resolve::Aliases;
use super::validate::Validator;
use super::{Caller, Model, Output, PARTITION};
use crate::wire::{ErrorCode, Operation};

/// Where an alias lives.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct AliasAddr {
    pub(super) account: String,
    pub(super) region: String,
    pub(super) name: String,
}

impl AliasAddr {
    /// `name` in the caller's account and region.
    fn of(caller: &Caller, name: &str) -> Self {
        Self {
            account: caller.account.clone(),
            region: caller.region.clone(),
            name: name.to_owned(),
        }
    }

    fn arn(&self) -> String {
        format!(
            "arn:{PARTITION}:kms:{}:{}:{}",
            self.region, self.account, self.name
        )
    }
}

/// The input of `CreateAlias`.
#[derive(Clone, Copy, Debug)]
pub(super) struct CreateAlias<'a> {
    pub(super) name: &'a str,
    pub(super) target_key_id: &'a str,
}

impl<'a> CreateAlias<'a> {
    pub(super) fn validate(mut v: Validator<'a, '_>) -> Result<Self, KmsError> {
        let name = v.string("AliasName")?;
        let name = v.required("aliasName", name);
        if let Some(name) = name {
            v.length("aliasName", name, 1, 256);
        }
        let target = v.string("TargetKeyId")?;
        let target = v.required("targetKeyId", target);
        if let Some(target) = target {
            v.length("targetKeyId", target, 1, 2048);
        }
        v.finish(name.zip(target).map(|(name, target_key_id)| Self {
            name,
            target_key_id,
        }))
    }
}

/// The input of `DeleteAlias`.
#[derive(Clone, Copy, Debug)]
pub(super) struct DeleteAlias<'a> {
    pub(super) name: &'a str,
}

impl<'a> DeleteAlias<'a> {
    pub(super) fn validate(mut v: Validator<'a, '_>) -> Result<Self, KmsError> {
        let name = v.string("AliasName")?;
        let name = v.required("aliasName", name);
        v.finish(name.map(|name| Self { name }))
    }
}

/// `alias/` and letters, digits, `/`, `_` and `-`.
fn is_alias_name(name: &str) -> bool {
    name.strip_prefix("alias/").is_some_and(|rest| {
        !rest.is_empty()
            && rest
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"/_-".contains(&b))
    })
}

impl Model {
    pub(super) fn create_alias(
        &mut self,
        caller: &Caller,
        input: CreateAlias<'_>,
    ) -> Result<Output, KmsError> {
        let name = input.name;
        if !is_alias_name(name) || name.starts_with("alias/aws/") {
            return Err(KmsError::client(
                ErrorCode::InvalidAliasNameException,
                format!("Alias name {name} is not valid or uses the reserved prefix alias/aws/"),
            ));
        }
        let addr = self.resolve(
            caller,
            Operation::CreateAlias,
            input.target_key_id,
            Aliases::Refused,
        )?;
        self.check_state(&Operation::CreateAlias.into(), self.key(&addr))?;
        let alias = AliasAddr::of(caller, name);
        if self.aliases.contains_key(&alias) {
            return Err(KmsError::client(
                ErrorCode::AlreadyExistsException,
                format!("An alias with the name {} already exists", alias.arn()),
            ));
        }
        self.aliases.insert(alias, addr.id);
        Ok(Output::Empty)
    }

    pub(super) fn delete_alias(
        &mut self,
        caller: &Caller,
        input: DeleteAlias<'_>,
    ) -> Result<Output, KmsError> {
        let alias = AliasAddr::of(caller, input.name);
        if input.name.starts_with("alias/aws/") || self.aliases.remove(&alias).is_none() {
            return Err(KmsError::alias_not_found(&alias.arn()));
        }
        Ok(Output::Empty)
    }

    /// Every alias of the caller's account and region, in one page. It
    /// reads no member (not `KeyId`, `Limit` or `Marker`), so it has no input.
    pub(super) fn list_aliases(&self, caller: &Caller) -> Output {
        let aliases: Vec<Value> = self
            .aliases
            .iter()
            .filter(|(a, _)| a.account == caller.account && a.region == caller.region)
            .map(|(a, key_id)| {
                json!({
                    "AliasName": a.name,
                    "AliasArn": a.arn(),
                    "TargetKeyId": key_id,
                })
            })
            .collect();
        Output::Json(json!({ "Aliases": aliases, "Truncated": false }))
    }

    /// `alias/name` in `account` and `region`; `alias/aws/<service>` names an
    /// AWS managed key, which KMS creates the first time it is asked for.
    pub(super) fn resolve_alias(
        &mut self,
        account: &str,
        region: &str,
        name: &str,
    ) -> Result<KeyAddr, KmsError> {
        let alias = AliasAddr {
            account: account.to_owned(),
            region: region.to_owned(),
            name: name.to_owned(),
        };
        if let Some(id) = self.aliases.get(&alias) {
            return Ok(KeyAddr {
                account: alias.account,
                region: alias.region,
                id: id.clone(),
            });
        }
        let Some(service) = name.strip_prefix("alias/aws/").filter(|s| !s.is_empty()) else {
            return Err(KmsError::alias_not_found(&alias.arn()));
        };
        let description = format!(
            "Default key that protects my {} resources when no other key is defined",
            service.to_uppercase()
        );
        let addr = self.insert_key(
            account,
            region,
            description,
            KeyManager::Aws,
            Origin::AwsKms,
            false,
        );
        // AWS's policy for its managed keys refuses tagging (contract row 32).
        let policy = self
            .seams
            .key_policies
            .managed_key_policy(account, StoredPolicy::aws_managed(account, region, service));
        let key = self.key_mut(&addr);
        key.policy = Arc::clone(&policy);
        // Made on demand, but as far as any caller can tell it was
        // always there: even a lagging read sees it.
        for revision in &mut key.history {
            revision.at = std::time::SystemTime::UNIX_EPOCH;
            revision.policy = Arc::clone(&policy);
        }
        self.aliases.insert(alias, addr.id.clone());
        Ok(addr)
    }
}
