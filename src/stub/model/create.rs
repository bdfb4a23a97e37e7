//! `CreateKey`, and the one way keys come to be (an AWS managed key too).

use serde_json::json;

use super::error::KmsError;
use super::key::{Key, KeyAddr, KeyManager, KeyState, Tag};
use super::key_policy::{NewPolicy, StoredPolicy};
use super::validate::Validator;
use super::{Caller, Model, Output, PARTITION};
use crate::wire::{ErrorCode, Operation};

/// Where a key's material comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Origin {
    AwsKms,
    External,
    AwsCloudHsm,
    ExternalKeyStore,
}

impl Origin {
    const ALL: [Self; 4] = [
        Self::AwsKms,
        Self::External,
        Self::AwsCloudHsm,
        Self::ExternalKeyStore,
    ];

    /// The name on the wire (`AWS_KMS`).
    fn name(self) -> &'static str {
        match self {
            Self::AwsKms => "AWS_KMS",
            Self::External => "EXTERNAL",
            Self::AwsCloudHsm => "AWS_CLOUDHSM",
            Self::ExternalKeyStore => "EXTERNAL_KEY_STORE",
        }
    }
}

/// The input of `CreateKey`.
#[derive(Debug)]
pub(super) struct CreateKey<'a> {
    pub(super) description: &'a str,
    pub(super) origin: Origin,
    pub(super) multi_region: bool,
    pub(super) tags: Vec<Tag>,
    /// `Policy` and `BypassPolicyLockoutSafetyCheck`; the default key
    /// policy when absent (contract row 120).
    pub(super) policy: Option<NewPolicy<'a>>,
}

impl<'a> CreateKey<'a> {
    pub(super) fn validate(mut v: Validator<'a, '_>) -> Result<Self, KmsError> {
        let description = v.string("Description")?.unwrap_or_default();
        v.length("description", description, 0, 8192);
        let origin = v.string("Origin")?.unwrap_or("AWS_KMS");
        let multi_region = v.boolean("MultiRegion")?.unwrap_or(false);
        let policy = NewPolicy::read(&mut v)?;
        let tags = v
            .tags("Tags")?
            .map(|sent| v.new_tags("tags", &sent))
            .unwrap_or_default();
        let tags = v.finish(Some(tags))?;
        // Reported alone, after the other constraints.
        let origin = Origin::ALL
            .into_iter()
            .find(|o| o.name() == origin)
            .ok_or_else(|| {
                KmsError::client(
                    ErrorCode::ValidationException,
                    format!(
                        "1 validation error detected: Value '{origin}' at 'origin' failed to \
                         satisfy constraint: Member must satisfy enum value set: \
                         [EXTERNAL_KEY_STORE, AWS_KMS, EXTERNAL, AWS_CLOUDHSM]"
                    ),
                )
            })?;
        Ok(Self {
            description,
            origin,
            multi_region,
            tags,
            policy,
        })
    }
}

impl Model {
    /// Stores a new key and returns its address.
    pub(super) fn insert_key(
        &mut self,
        account: &str,
        region: &str,
        description: String,
        manager: KeyManager,
        origin: Origin,
        multi_region: bool,
    ) -> KeyAddr {
        let uuid = uuid::Uuid::new_v4();
        // `mrk-` and 32 hex digits (contract row 135).
        let id = if multi_region {
            format!("mrk-{}", uuid.simple())
        } else {
            uuid.to_string()
        };
        let id = self.seams.identifiers.new_key_id(multi_region, &uuid, id);
        let addr = KeyAddr {
            account: account.to_owned(),
            region: region.to_owned(),
            id,
        };
        // A key of EXTERNAL origin waits for its key material (contract row 29).
        let state = if origin == Origin::External {
            KeyState::PendingImport
        } else {
            KeyState::Enabled
        };
        let state = self.seams.lifecycle.first_state(state);
        let key = Key {
            addr: addr.clone(),
            partition: PARTITION.to_owned(),
            description,
            state,
            manager,
            origin: origin.name().to_owned(),
            key_usage: "ENCRYPT_DECRYPT".to_owned(),
            key_spec: "SYMMETRIC_DEFAULT".to_owned(),
            primary_region: multi_region.then(|| region.to_owned()),
            created: self.now,
            deletion_date: None,
            pending_window_days: None,
            tags: Vec::new(),
            policy: StoredPolicy::default_for(account),
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
        input: CreateKey<'_>,
    ) -> Result<Output, KmsError> {
        if matches!(input.origin, Origin::AwsCloudHsm | Origin::ExternalKeyStore) {
            return Err(KmsError::client(
                ErrorCode::CustomKeyStoreNotFoundException,
                "The built-in stub has no custom key stores",
            ));
        }
        // Its tags meet TagResource's rules (contract rows 66 and 67).
        self.check_tag_rules(Operation::CreateKey, &input.tags)?;
        let addr = self.insert_key(
            &caller.account,
            &caller.region,
            input.description.to_owned(),
            KeyManager::Customer,
            input.origin,
            input.multi_region,
        );
        if let Some(policy) = &input.policy {
            // Checked against the new key's ARN, so refused after it is
            // made: a refused CreateKey leaves no key behind.
            match self.checked_policy(caller, &addr, policy) {
                Ok(stored) => self.key_mut(&addr).policy = std::sync::Arc::new(stored),
                Err(refusal) => {
                    self.keys.remove(&addr);
                    return Err(refusal);
                }
            }
        }
        let key = self.key_mut(&addr);
        key.first_tags.clone_from(&input.tags);
        key.tags = input.tags;
        self.commit(&addr);
        let metadata = self.metadata(&addr, &self.key(&addr).revision(self.now));
        Ok(Output::Json(json!({ "KeyMetadata": metadata })))
    }
}
