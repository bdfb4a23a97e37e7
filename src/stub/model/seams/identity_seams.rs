//! The seam of identities: who a role session is to KMS, which of its
//! policies take part in a decision, what `aws:ResourceTag/<k>` reads, and
//! how the policies' decisions combine (contract rows 184 to 192).

use std::fmt::Debug;
use std::sync::Arc;

use super::super::super::policy::{Context, Decisions, KeyPolicy, Principal, Verdict};
use super::super::caller_identity::CallerIdentity;
use super::super::key::{Key, Tag};
use super::Bends;

/// The identity policies of a caller that take part in a decision.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct HeldPolicies {
    /// Its identity policies, as IAM applies them now.
    pub(crate) identity: Vec<Arc<KeyPolicy>>,
    /// The policy its session was assumed with, if any.
    pub(crate) session: Option<Arc<KeyPolicy>>,
}

/// How KMS authorizes an IAM principal beyond its key's policy.
///
/// A wrong stub bends who the caller is taken to be, which of its policies
/// are read, which tags a condition on `aws:ResourceTag/<k>` sees, or how
/// the decisions of the key policy and of the identity policies combine.
pub(crate) trait Identities: Debug + Send + Sync {
    /// The principal `identity` is. KMS: the user, or the role session
    /// (its role's ARN for `aws:PrincipalArn`, its own for refusals).
    fn principal(&self, _identity: &CallerIdentity, kms: Principal) -> Principal {
        kms
    }

    /// The policies of `identity` a decision reads. KMS: all of its
    /// identity policies as IAM applies them, and its session policy.
    fn policies(&self, _identity: &CallerIdentity, kms: HeldPolicies) -> HeldPolicies {
        kms
    }

    /// The key's tags `aws:ResourceTag/<k>` sees in an identity policy,
    /// for a call by `identity`. KMS: the tags as authorization sees them
    /// now, after its lag (contract rows 132 and 187).
    fn resource_tags(&self, _key: &Key, _identity: &CallerIdentity, kms: Vec<Tag>) -> Vec<Tag> {
        kms
    }

    /// The condition keys an identity policy is evaluated against. KMS:
    /// the request's, and `aws:ResourceTag/<k>` for each tag.
    fn context(&self, kms: Context) -> Context {
        kms
    }

    /// The verdict of `decisions`. KMS: IAM's evaluation logic
    /// ([`Decisions::verdict`]).
    fn verdict(&self, _decisions: &Decisions, kms: Verdict) -> Verdict {
        kms
    }

    /// Whether a key keeps every revision it had, beyond what lagging reads
    /// and authorization need. KMS: no (a bend that reads old tags needs it).
    fn keeps_history(&self, kms: bool) -> bool {
        kms
    }
}

impl Bends<dyn Identities> {
    pub(crate) fn principal(&self, identity: &CallerIdentity, kms: Principal) -> Principal {
        self.fold(kms, |b, answer| b.principal(identity, answer))
    }

    pub(crate) fn policies(&self, identity: &CallerIdentity, kms: HeldPolicies) -> HeldPolicies {
        self.fold(kms, |b, answer| b.policies(identity, answer))
    }

    pub(crate) fn resource_tags(
        &self,
        key: &Key,
        identity: &CallerIdentity,
        kms: Vec<Tag>,
    ) -> Vec<Tag> {
        self.fold(kms, |b, answer| b.resource_tags(key, identity, answer))
    }

    pub(crate) fn context(&self, kms: Context) -> Context {
        self.fold(kms, Identities::context)
    }

    pub(crate) fn verdict(&self, decisions: &Decisions, kms: Verdict) -> Verdict {
        self.fold(kms, |b, answer| b.verdict(decisions, answer))
    }

    pub(crate) fn keeps_history(&self, kms: bool) -> bool {
        self.fold(kms, Identities::keeps_history)
    }
}
