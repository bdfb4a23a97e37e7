//! The default key policy, and the lockout safety check.

use super::context::Context;
use super::document::KeyPolicy;
use super::evaluate::Request;
use super::principal::Principal;

/// The `MalformedPolicyDocumentException` message for a policy that fails
/// the lockout safety check (REC: quoted verbatim in many public reports of
/// `CreateKey` and `PutKeyPolicy` errors).
pub(crate) const LOCKOUT_MESSAGE: &str =
    "The new key policy will not allow you to update the key policy in the future.";

/// The key policy KMS gives a key created without one, as `GetKeyPolicy`
/// returns it: byte for byte the `GetKeyPolicy` example of the KMS API
/// model (botocore `kms/2014-11-01/examples-1.json`), with its two-space,
/// `"key" : value`, `[ {` layout and no final newline.
#[must_use]
pub(crate) fn default_key_policy(partition: &str, account: &str) -> String {
    format!(
        "{{\n  \"Version\" : \"2012-10-17\",\n  \"Id\" : \"key-default-1\",\n  \
         \"Statement\" : [ {{\n    \"Sid\" : \"Enable IAM User Permissions\",\n    \
         \"Effect\" : \"Allow\",\n    \"Principal\" : {{\n      \
         \"AWS\" : \"arn:{partition}:iam::{account}:root\"\n    }},\n    \
         \"Action\" : \"kms:*\",\n    \"Resource\" : \"*\"\n  }} ]\n}}"
    )
}

impl KeyPolicy {
    /// The lockout safety check: whether, under this policy, `principal`
    /// could still call `kms:PutKeyPolicy` on the key. `CreateKey` and
    /// `PutKeyPolicy` refuse a policy that fails it with [`LOCKOUT_MESSAGE`]
    /// unless `BypassPolicyLockoutSafetyCheck` is set (contract §6).
    ///
    /// `context` is the one a later `PutKeyPolicy` would carry: usually
    /// [`Context::for_principal`] and the key's tags as resource tags.
    #[cfg(test)]
    #[must_use]
    pub(crate) fn passes_lockout_check(
        &self,
        principal: &Principal,
        key_arn: &str,
        context: &Context,
    ) -> bool {
        self.evaluate(&Request::lockout_check(principal, key_arn, context))
            .is_allowed()
    }
}

impl<'a> Request<'a> {
    /// The request the lockout safety check decides: `principal` calling
    /// `kms:PutKeyPolicy` on the key `key_arn`, with `context`.
    #[must_use]
    pub(crate) fn lockout_check(
        principal: &'a Principal,
        key_arn: &'a str,
        context: &'a Context,
    ) -> Self {
        Self {
            action: "kms:PutKeyPolicy",
            key_arn,
            principal,
            context,
        }
    }
}
