//! Keys coming and going: CreateKey, DescribeKey, ListKeys, EnableKey,
//! DisableKey, ScheduleKeyDeletion, CancelKeyDeletion and CreateAlias
//! (contract §3).

use std::time::Duration;

use serde_json::{Value, json};

use super::super::deviations::Deviation;
use super::error::{KmsError, Violations};
use super::input::Members;
use super::key::{Key, KeyAddr, KeyManager, KeyState, epoch_seconds};
use super::resolve::Aliases;

use super::{AliasAddr, Caller, Model, Output, PARTITION};

const DAY: Duration = Duration::from_secs(24 * 60 * 60);

impl Model {
    /// Stores a new key and returns its address.
    pub(super) fn insert_key(
        &mut self,
        account: &str,
        region: &str,
        description: String,
        manager: KeyManager,
        origin: &str,
        multi_region: bool,
    ) -> KeyAddr {
        let uuid = uuid::Uuid::new_v4();
        let id = if multi_region {
            format!("mrk-{}", uuid.simple())
        } else {
            uuid.to_string()
        };
        let addr = KeyAddr {
            account: account.to_owned(),
            region: region.to_owned(),
            id,
        };
        let awaits_material =
            origin == "EXTERNAL" && !self.deviates(Deviation::ExternalOriginEnabled);
        let key = Key {
            addr: addr.clone(),
            partition: PARTITION.to_owned(),
            description,
            state: if awaits_material {
                KeyState::PendingImport
            } else {
                KeyState::Enabled
            },
            manager,
            origin: origin.to_owned(),
            key_usage: "ENCRYPT_DECRYPT".to_owned(),
            key_spec: "SYMMETRIC_DEFAULT".to_owned(),
            multi_region,
            created: self.now,
            deletion_date: None,
            tags: Vec::new(),
            history: Vec::new(),
            first_tags: Vec::new(),
        };
        self.keys.insert(addr.clone(), key);
        self.commit(&addr);
        addr
    }

    pub(super) fn create_key(
        &mut self,
        caller: &Caller,
        input: &Members<'_>,
    ) -> Result<Output, KmsError> {
        let mut violations = Violations::default();
        let description = input.string("Description")?.unwrap_or_default();
        violations.length("description", description, 0, 8192);
        let origin = input.string("Origin")?.unwrap_or("AWS_KMS");
        let multi_region = input.boolean("MultiRegion")?.unwrap_or(false);
        let sent_tags = input.tags("Tags")?;
        let tags = sent_tags
            .as_deref()
            .map(|t| self.validate_new_tags("tags", t, &mut violations))
            .unwrap_or_default();
        violations.finish()?;
        match origin {
            "AWS_KMS" | "EXTERNAL" => {}
            "AWS_CLOUDHSM" | "EXTERNAL_KEY_STORE" => {
                return Err(KmsError::client(
                    "CustomKeyStoreNotFoundException",
                    "The built-in stub has no custom key stores",
                ));
            }
            other => {
                return Err(KmsError::client(
                    "ValidationException",
                    format!(
                        "1 validation error detected: Value '{other}' at 'origin' failed to satisfy \
                         constraint: Member must satisfy enum value set: \
                         [EXTERNAL_KEY_STORE, AWS_KMS, EXTERNAL, AWS_CLOUDHSM]"
                    ),
                ));
            }
        }
        self.check_tag_rules(&tags)?;
        let addr = self.insert_key(
            &caller.account,
            &caller.region,
            description.to_owned(),
            KeyManager::Customer,
            origin,
            multi_region,
        );
        let key = self.key_mut(&addr);
        key.first_tags.clone_from(&tags);
        key.tags = tags;
        let metadata = key.metadata();
        self.commit(&addr);
        Ok(Output::Json(json!({ "KeyMetadata": metadata })))
    }

    pub(super) fn describe_key(
        &mut self,
        caller: &Caller,
        input: &Members<'_>,
    ) -> Result<Output, KmsError> {
        let addr = self.validated_key(caller, "DescribeKey", input, Aliases::Accepted)?;
        let key = self.key(&addr);
        let revision = self
            .visible(&addr)
            .ok_or_else(|| KmsError::key_does_not_exist(&key.arn()))?;
        Ok(Output::Json(
            json!({ "KeyMetadata": key.metadata_as_of(&revision) }),
        ))
    }

    pub(super) fn list_keys(
        &mut self,
        caller: &Caller,
        input: &Members<'_>,
    ) -> Result<Output, KmsError> {
        let mut violations = Violations::default();
        let limit = input.integer("Limit")?.unwrap_or(100);
        violations.range("limit", limit, 1, 1000);
        violations.finish()?;
        let mine: Vec<&Key> = self
            .keys
            .values()
            .filter(|k| k.addr.account == caller.account && k.addr.region == caller.region)
            .collect();
        // A marker is an offset this stub handed out: one past the end (or
        // one no usize holds) was never handed out.
        let start: usize = match input.string("Marker")? {
            None => 0,
            Some(marker) => marker
                .parse()
                .ok()
                .filter(|start| *start <= mine.len())
                .ok_or_else(|| KmsError::client("InvalidMarkerException", "Invalid marker"))?,
        };
        let end = mine
            .len()
            .min(start + usize::try_from(limit).unwrap_or(1000));
        let page: Vec<Value> = mine[start..end]
            .iter()
            .map(|k| json!({ "KeyId": k.addr.id, "KeyArn": k.arn() }))
            .collect();
        let mut output = json!({ "Keys": page, "Truncated": end < mine.len() });
        if end < mine.len() {
            output["NextMarker"] = json!(end.to_string());
        }
        Ok(Output::Json(output))
    }

    pub(super) fn enable_key(
        &mut self,
        caller: &Caller,
        input: &Members<'_>,
    ) -> Result<Output, KmsError> {
        self.set_enabled(caller, "EnableKey", input, true)
    }

    pub(super) fn disable_key(
        &mut self,
        caller: &Caller,
        input: &Members<'_>,
    ) -> Result<Output, KmsError> {
        self.set_enabled(caller, "DisableKey", input, false)
    }

    fn set_enabled(
        &mut self,
        caller: &Caller,
        operation: &str,
        input: &Members<'_>,
        enabled: bool,
    ) -> Result<Output, KmsError> {
        let addr = self.validated_key(caller, operation, input, Aliases::Refused)?;
        let key = self.key_mut(&addr);
        check_customer_managed(caller, operation, key)?;
        match key.state {
            KeyState::Enabled | KeyState::Disabled | KeyState::Unavailable => {}
            refused => return Err(KmsError::invalid_state(&key.arn(), refused.refusal())),
        }
        key.state = if enabled {
            KeyState::Enabled
        } else {
            KeyState::Disabled
        };
        self.commit(&addr);
        Ok(Output::Empty)
    }

    pub(super) fn schedule_key_deletion(
        &mut self,
        caller: &Caller,
        input: &Members<'_>,
    ) -> Result<Output, KmsError> {
        let mut violations = Violations::default();
        let key_id = self.key_id_member(input, &mut violations)?;
        let days = input.integer("PendingWindowInDays")?.unwrap_or(30);
        violations.range("pendingWindowInDays", days, 7, 30);
        violations.finish()?;
        let Some(key_id) = key_id else {
            unreachable!("finish() fails without a KeyId")
        };
        let addr = self.resolve(caller, "ScheduleKeyDeletion", key_id, Aliases::Refused)?;
        let now = self.now;
        let key = self.key_mut(&addr);
        check_customer_managed(caller, "ScheduleKeyDeletion", key)?;
        if matches!(
            key.state,
            KeyState::PendingDeletion | KeyState::PendingReplicaDeletion | KeyState::Updating
        ) {
            return Err(KmsError::invalid_state(&key.arn(), key.state.refusal()));
        }
        let deletion_date = now + DAY * u32::try_from(days).unwrap_or(30);
        key.state = KeyState::PendingDeletion;
        key.deletion_date = Some(deletion_date);
        // The answer names the key by its ARN, whatever was sent (contract row 57, REC).
        let output = json!({
            "KeyId": key.arn(),
            "DeletionDate": epoch_seconds(deletion_date),
            "KeyState": "PendingDeletion",
            "PendingWindowInDays": days,
        });
        self.commit(&addr);
        Ok(Output::Json(output))
    }

    pub(super) fn cancel_key_deletion(
        &mut self,
        caller: &Caller,
        input: &Members<'_>,
    ) -> Result<Output, KmsError> {
        let addr = self.validated_key(caller, "CancelKeyDeletion", input, Aliases::Refused)?;
        let key = self.key_mut(&addr);
        if key.state != KeyState::PendingDeletion {
            return Err(KmsError::invalid_state(&key.arn(), "not pending deletion"));
        }
        // A cancelled key comes back Disabled, not Enabled (contract row 59, REC).
        key.state = KeyState::Disabled;
        key.deletion_date = None;
        let output = json!({ "KeyId": key.arn() });
        if self.deviates(Deviation::CancelDeletionEnables) {
            self.key_mut(&addr).state = KeyState::Enabled;
        }
        self.commit(&addr);
        Ok(Output::Json(output))
    }

    pub(super) fn create_alias(
        &mut self,
        caller: &Caller,
        input: &Members<'_>,
    ) -> Result<Output, KmsError> {
        let mut violations = Violations::default();
        let name = violations.required("aliasName", input.string("AliasName")?);
        if let Some(name) = name {
            violations.length("aliasName", name, 1, 256);
        }
        let target = violations.required("targetKeyId", input.string("TargetKeyId")?);
        if let Some(target) = target {
            violations.length("targetKeyId", target, 1, 2048);
        }
        violations.finish()?;
        let (Some(name), Some(target)) = (name, target) else {
            unreachable!("finish() fails when a required member is missing")
        };
        let valid_name = name.strip_prefix("alias/").is_some_and(|rest| {
            !rest.is_empty()
                && rest
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"/_-".contains(&b))
        });
        if !valid_name || name.starts_with("alias/aws/") {
            return Err(KmsError::client(
                "InvalidAliasNameException",
                format!("Alias name {name} is not valid or uses the reserved prefix alias/aws/"),
            ));
        }
        let addr = self.resolve(caller, "CreateAlias", target, Aliases::Refused)?;
        let key = self.key(&addr);
        if key.state.forbids_tagging() {
            return Err(KmsError::invalid_state(&key.arn(), key.state.refusal()));
        }
        let alias = AliasAddr {
            account: caller.account.clone(),
            region: caller.region.clone(),
            name: name.to_owned(),
        };
        if self.aliases.contains_key(&alias) {
            return Err(KmsError::client(
                "AlreadyExistsException",
                format!(
                    "An alias with the name arn:{PARTITION}:kms:{}:{}:{name} already exists",
                    caller.region, caller.account
                ),
            ));
        }
        self.aliases.insert(alias, addr.id);
        Ok(Output::Empty)
    }

    pub(super) fn delete_alias(
        &mut self,
        caller: &Caller,
        input: &Members<'_>,
    ) -> Result<Output, KmsError> {
        let mut violations = Violations::default();
        let name = violations.required("aliasName", input.string("AliasName")?);
        violations.finish()?;
        let Some(name) = name else {
            unreachable!("finish() fails without an AliasName")
        };
        let alias = AliasAddr {
            account: caller.account.clone(),
            region: caller.region.clone(),
            name: name.to_owned(),
        };
        if name.starts_with("alias/aws/") || self.aliases.remove(&alias).is_none() {
            return Err(KmsError::alias_not_found(&format!(
                "arn:{PARTITION}:kms:{}:{}:{name}",
                caller.region, caller.account
            )));
        }
        Ok(Output::Empty)
    }

    /// Every alias of the caller's account and region, in one page.
    pub(super) fn list_aliases(&self, caller: &Caller) -> Output {
        let aliases: Vec<Value> = self
            .aliases
            .iter()
            .filter(|(a, _)| a.account == caller.account && a.region == caller.region)
            .map(|(a, key_id)| {
                json!({
                    "AliasName": a.name,
                    "AliasArn": format!("arn:{PARTITION}:kms:{}:{}:{}", a.region, a.account, a.name),
                    "TargetKeyId": key_id,
                })
            })
            .collect();
        Output::Json(json!({ "Aliases": aliases, "Truncated": false }))
    }

    /// Validates `KeyId` and resolves it.
    fn validated_key(
        &mut self,
        caller: &Caller,
        operation: &str,
        input: &Members<'_>,
        aliases: Aliases,
    ) -> Result<KeyAddr, KmsError> {
        let mut violations = Violations::default();
        let key_id = self.key_id_member(input, &mut violations)?;
        violations.finish()?;
        let Some(key_id) = key_id else {
            unreachable!("finish() fails without a KeyId")
        };
        self.resolve(caller, operation, key_id, aliases)
    }
}

fn check_customer_managed(caller: &Caller, operation: &str, key: &Key) -> Result<(), KmsError> {
    if key.manager == KeyManager::Aws {
        return Err(KmsError::access_denied(
            &caller.account,
            operation,
            &key.arn(),
            "you cannot manage the life cycle of an AWS managed key",
        ));
    }
    Ok(())
}
