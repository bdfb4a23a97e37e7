//! Bends of [`Identities`]: how an IAM role's own policies take part in
//! KMS's decision, each a way an implementation of ABAC gets it wrong
//! (contract rows 184 to 189).

use crate::stub::model::{CallerIdentity, HeldPolicies, Identities, Key, PARTITION, Tag};
use crate::stub::policy::{Context, Decisions, KeyPolicy, PolicyKind, Principal, Refusal, Verdict};

/// Everything allowed, nothing denied: what a role is left with when its
/// own policies are not read.
fn unrestricted() -> HeldPolicies {
    HeldPolicies {
        identity: vec![std::sync::Arc::new(KeyPolicy::administrator().clone())],
        session: None,
    }
}

/// `identity-policy-ignored`: a role session is authorized by the key
/// policy alone; an `Allow` naming the account counts as the role's own,
/// and its identity policies, `Allow` and `Deny`, are never read.
#[derive(Debug)]
pub(super) struct IdentityPolicyIgnored;

impl Identities for IdentityPolicyIgnored {
    fn policies(&self, identity: &CallerIdentity, kms: HeldPolicies) -> HeldPolicies {
        identity.session().map_or(kms, |_| unrestricted())
    }
}

/// `resource-tag-at-role-creation`: `aws:ResourceTag/<k>` is the key's tags
/// as they were when the role was made, as a policy engine that resolves
/// the tags once and caches them with the role would.
#[derive(Debug)]
pub(super) struct ResourceTagAtRoleCreation;

impl Identities for ResourceTagAtRoleCreation {
    fn resource_tags(&self, key: &Key, identity: &CallerIdentity, kms: Vec<Tag>) -> Vec<Tag> {
        let Some(session) = identity.session() else {
            return kms;
        };
        key.history
            .iter()
            .rev()
            .find(|revision| revision.at <= session.role_created)
            .map_or_else(|| key.first_tags.clone(), |revision| revision.tags.clone())
    }

    fn keeps_history(&self, _kms: bool) -> bool {
        true
    }
}

/// `resource-tag-at-key-creation`: `aws:ResourceTag/<k>` is the tags the key
/// was created with, as an engine that reads them from the key's first
/// record would.
#[derive(Debug)]
pub(super) struct ResourceTagAtKeyCreation;

impl Identities for ResourceTagAtKeyCreation {
    fn resource_tags(&self, key: &Key, _identity: &CallerIdentity, _kms: Vec<Tag>) -> Vec<Tag> {
        key.first_tags.clone()
    }
}

/// `identity-deny-overridden-by-key-policy`: an `Allow` in the key policy
/// wins over an explicit `Deny` in an identity policy, as when the key
/// policy is asked first and its `Allow` ends the evaluation.
#[derive(Debug)]
pub(super) struct IdentityDenyOverriddenByKeyPolicy;

impl Identities for IdentityDenyOverriddenByKeyPolicy {
    fn verdict(&self, decisions: &Decisions, kms: Verdict) -> Verdict {
        let identity_deny = Verdict::Refused(Refusal::ExplicitDeny(PolicyKind::IdentityBased));
        if kms == identity_deny && decisions.resource.is_allowed() {
            Verdict::Allowed
        } else {
            kms
        }
    }
}

/// `assumed-role-as-account-root`: a request signed with a role session's
/// credentials is authorized as the account's root user, as when a stub
/// maps every access key to its account: the default key policy allows it
/// everything, and a refusal names `...:root`.
#[derive(Debug)]
pub(super) struct AssumedRoleAsAccountRoot;

impl Identities for AssumedRoleAsAccountRoot {
    fn principal(&self, identity: &CallerIdentity, kms: Principal) -> Principal {
        match identity {
            CallerIdentity::Session(_) => Principal::account_root(PARTITION, kms.account()),
            CallerIdentity::User => kms,
        }
    }

    fn policies(&self, identity: &CallerIdentity, kms: HeldPolicies) -> HeldPolicies {
        identity.session().map_or(kms, |_| unrestricted())
    }
}

/// `tag-keys-ignored-in-identity-policies`: identity policies are evaluated
/// without `aws:TagKeys`, so a `ForAllValues` condition on it holds for
/// any request (a missing key makes it true).
#[derive(Debug)]
pub(super) struct TagKeysIgnoredInIdentityPolicies;

impl Identities for TagKeysIgnoredInIdentityPolicies {
    fn context(&self, kms: Context) -> Context {
        kms.without("aws:TagKeys")
    }
}

/// `session-policy-ignored`: the policy passed to `AssumeRole` is kept but
/// never read, so the session may do all its role may, as an STS that
/// accepts the `Policy` member without applying it would.
#[derive(Debug)]
pub(super) struct SessionPolicyIgnored;

impl Identities for SessionPolicyIgnored {
    fn policies(&self, _identity: &CallerIdentity, kms: HeldPolicies) -> HeldPolicies {
        HeldPolicies {
            session: None,
            ..kms
        }
    }
}
