//! The seams of key policies: how one decides a call, and what the key
//! policy operations accept and store.

use std::fmt::Debug;
use std::sync::Arc;

use super::super::super::policy::{Context, Decision, KeyPolicy, Request};
use super::super::KmsError;
use super::super::authorize::Access;
use super::super::key_policy::StoredPolicy;
use super::Bends;

/// How a key policy decides a call on its key, and how a refusal is
/// answered (contract §6).
///
/// A wrong reading of the policy language bends [`decide`](Self::decide)
/// with its own evaluation ([`KeyPolicy::evaluate_as`] with its
/// [`Reading`](crate::stub::policy::Reading)): a statement applying to
/// principals it does not name, a set qualifier misread, action or
/// condition key names compared by case. The lockout check decides through
/// it too, so a policy is read the same way there. When the stub has
/// identity policies too, their decisions and the keys only they see
/// (`aws:ResourceTag/<k>`) are asked of this seam as well.
pub(crate) trait Authorization: Debug + Send + Sync {
    /// Whether a key policy governs `access` at all. KMS: every operation
    /// on a key (the stub's own control operation aside).
    fn governs(&self, _access: &Access<'_>, kms: bool) -> bool {
        kms
    }

    /// The condition keys the request carries. KMS: the caller's, and
    /// `aws:TagKeys` and `aws:RequestTag/<k>` for the tagging calls (row
    /// 128); never `aws:ResourceTag/<k>` in a key policy (row 153).
    fn context(&self, _access: &Access<'_>, kms: Context) -> Context {
        kms
    }

    /// What `policy` decides for `request`, a call on the key or the
    /// lockout check's `PutKeyPolicy`. KMS: an explicit `Deny` wins;
    /// otherwise an `Allow` is needed ([`KeyPolicy::evaluate`], row 127),
    /// the grammar read as IAM documents it (rows 206 to 210).
    fn decide(&self, _policy: &KeyPolicy, _request: &Request<'_>, kms: Decision) -> Decision {
        kms
    }

    /// The answer to a call refused on the key `key_arn`. KMS:
    /// `AccessDeniedException` naming the caller, the action and the key
    /// (row 129).
    fn refusal(&self, _key_arn: &str, kms: KmsError) -> KmsError {
        kms
    }
}

impl Bends<dyn Authorization> {
    pub(crate) fn governs(&self, access: &Access<'_>, kms: bool) -> bool {
        self.fold(kms, |b, answer| b.governs(access, answer))
    }

    pub(crate) fn context(&self, access: &Access<'_>, kms: Context) -> Context {
        self.fold(kms, |b, answer| b.context(access, answer))
    }

    pub(crate) fn decide(
        &self,
        policy: &KeyPolicy,
        request: &Request<'_>,
        kms: Decision,
    ) -> Decision {
        self.fold(kms, |b, answer| b.decide(policy, request, answer))
    }

    pub(crate) fn refusal(&self, key_arn: &str, kms: KmsError) -> KmsError {
        self.fold(kms, |b, answer| b.refusal(key_arn, answer))
    }
}

/// What the key policy operations accept and store (contract rows 119 to
/// 126), and the policy an AWS managed key is born with (row 32).
pub(crate) trait KeyPolicies: Debug + Send + Sync {
    /// What the policy `text` sent for a key whose policy is `previous`
    /// becomes. KMS: its meaning, or `MalformedPolicyDocumentException`
    /// (row 124).
    fn parsed(
        &self,
        _text: &str,
        _previous: &StoredPolicy,
        kms: Result<StoredPolicy, KmsError>,
    ) -> Result<StoredPolicy, KmsError> {
        kms
    }

    /// Whether a new policy meets the lockout safety check. KMS: unless
    /// the caller bypasses it (row 126).
    fn lockout_checked(&self, kms: bool) -> bool {
        kms
    }

    /// Whether `PutKeyPolicy` stores the policy it accepted. KMS: yes.
    fn stores(&self, kms: bool) -> bool {
        kms
    }

    /// The policy of an AWS managed key of `account`. KMS: one that lets
    /// the account read the key and its service use it, nothing else.
    fn managed_key_policy(&self, _account: &str, kms: Arc<StoredPolicy>) -> Arc<StoredPolicy> {
        kms
    }

    /// The policy name an absent `PolicyName` stands for. KMS: `default`
    /// (rows 121 and 155).
    fn absent_name(&self, kms: &'static str) -> &'static str {
        kms
    }
}

impl Bends<dyn KeyPolicies> {
    pub(crate) fn parsed(
        &self,
        text: &str,
        previous: &StoredPolicy,
        kms: Result<StoredPolicy, KmsError>,
    ) -> Result<StoredPolicy, KmsError> {
        self.fold(kms, |b, answer| b.parsed(text, previous, answer))
    }

    pub(crate) fn lockout_checked(&self, kms: bool) -> bool {
        self.fold(kms, KeyPolicies::lockout_checked)
    }

    pub(crate) fn stores(&self, kms: bool) -> bool {
        self.fold(kms, KeyPolicies::stores)
    }

    pub(crate) fn managed_key_policy(
        &self,
        account: &str,
        kms: Arc<StoredPolicy>,
    ) -> Arc<StoredPolicy> {
        self.fold(kms, |b, answer| b.managed_key_policy(account, answer))
    }

    pub(crate) fn absent_name(&self, kms: &'static str) -> &'static str {
        self.fold(kms, KeyPolicies::absent_name)
    }
}
