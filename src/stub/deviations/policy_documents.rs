//! Bends of [`KeyPolicies`]: a policy not stored, stored though malformed
//! or locking its caller out, a policy name required, an AWS managed key
//! born with the default policy (contract rows 119 to 126, 32).

use std::sync::Arc;

use crate::stub::model::{KeyPolicies, KmsError, StoredPolicy};

/// `put-key-policy-not-stored`: `PutKeyPolicy` answers 200 and keeps the
/// key's old policy.
#[derive(Debug)]
pub(super) struct PutKeyPolicyNotStored;

impl KeyPolicies for PutKeyPolicyNotStored {
    fn stores(&self, _kms: bool) -> bool {
        false
    }
}

/// `malformed-policy-accepted`: a policy that is not one is stored as sent;
/// its meaning is the key's policy before it (nothing else can be evaluated).
#[derive(Debug)]
pub(super) struct MalformedPolicyAccepted;

impl KeyPolicies for MalformedPolicyAccepted {
    fn parsed(
        &self,
        text: &str,
        previous: &StoredPolicy,
        kms: Result<StoredPolicy, KmsError>,
    ) -> Result<StoredPolicy, KmsError> {
        kms.or_else(|_| {
            Ok(StoredPolicy {
                text: text.to_owned(),
                parsed: previous.parsed.clone(),
            })
        })
    }
}

/// `no-lockout-check`: a policy that locks its caller out of
/// `PutKeyPolicy` is accepted.
#[derive(Debug)]
pub(super) struct NoLockoutCheck;

impl KeyPolicies for NoLockoutCheck {
    fn lockout_checked(&self, _kms: bool) -> bool {
        false
    }
}

/// `policy-name-required`: an absent `PolicyName` is taken for a name no
/// policy has.
#[derive(Debug)]
pub(super) struct PolicyNameRequired;

impl KeyPolicies for PolicyNameRequired {
    fn absent_name(&self, _kms: &'static str) -> &'static str {
        ""
    }
}

/// `managed-key-untaggable` (misnamed: it makes the key taggable): an AWS
/// managed key gets the default key policy, which lets its account do
/// everything, tagging included.
#[derive(Debug)]
pub(super) struct ManagedKeyUntaggable;

impl KeyPolicies for ManagedKeyUntaggable {
    fn managed_key_policy(&self, account: &str, _kms: Arc<StoredPolicy>) -> Arc<StoredPolicy> {
        StoredPolicy::default_for(account)
    }
}
