//! Authorization of every operation on a key, as KMS does it for an IAM
//! principal: by the key's policy together with the caller's identity
//! policies, evaluated by `stub::policy` (contract §6).
//!
//! The action is `kms:<Operation>`. The caller is the IAM user
//! `kms-conformance` of its account, an administrator (its one identity
//! policy allows everything, contract row 125), or a session of an IAM role
//! the stub's STS handed out (`caller_identity.rs`). A key policy statement
//! that names the caller itself lets it through; one that names its account
//! only delegates to IAM, so one of its identity policies must allow the
//! call too; an explicit `Deny` anywhere refuses it (contract rows 184 to
//! 202). So the default key policy lets the IAM user do everything, and a
//! role only what its identity policies allow.
//!
//! The request context holds `aws:PrincipalArn` (a role's ARN, for a
//! session: row 192), `aws:PrincipalAccount`, `kms:CallerAccount`, and for
//! the tagging calls `aws:TagKeys` and `aws:RequestTag/<k>` (contract row
//! 128). Identity policies also see `aws:ResourceTag/<k>` for each of the
//! key's tags; key policies never do: KMS supports that key in IAM policies
//! only (contract row 153), so a key policy that uses it meets a missing
//! key, with the IAM rules for one.
//!
//! Decisions see the key's policy and tags as of `auth_lag` ago: AWS's
//! authorization catches up with changes only after a while (contract rows
//! 132 and 204).

use std::sync::Arc;
use std::time::SystemTime;

use super::super::policy::{
    Context, Decision, Decisions, PolicyKind, Principal, Refusal, Request, decide_all,
};
use super::caller_identity::user_arn;
use super::error::KmsError;
use super::key::{KeyAddr, Tag};
use super::key_policy::StoredPolicy;
use super::seams::HeldPolicies;
use super::{Caller, Model};
use crate::wire::{ErrorCode, Operation};

/// Who `caller` is, as KMS's authorization names it: the IAM user
/// `arn:aws:iam::<account>:user/kms-conformance`, or a role session.
#[must_use]
pub(crate) fn caller_principal(caller: &Caller) -> Principal {
    caller.identity.principal(&caller.account)
}

/// The stub's IAM user's ARN, for refusals that are no policy's.
pub(crate) fn caller_arn(account: &str) -> String {
    user_arn(account)
}

/// The name the stub's own control operation (`SetKeyState`) goes by where
/// a refusal names an operation: it is no KMS operation.
const SET_KEY_STATE: &str = "SetKeyState";

/// What a call asks to do to a key: its operation, and the condition keys
/// its request sets.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Access<'a> {
    /// The operation; the action is `kms:<operation>`. `None` for the
    /// stub's own control operation, which no key policy governs.
    pub(crate) operation: Option<Operation>,
    keys: RequestKeys<'a>,
}

/// The condition keys a request adds to the caller's.
#[derive(Clone, Copy, Debug)]
enum RequestKeys<'a> {
    /// None: the operation names only the key.
    None,
    /// `UntagResource`: `aws:TagKeys` from its `TagKeys`.
    Untag(&'a [&'a str]),
    /// `TagResource`: `aws:TagKeys` and `aws:RequestTag/<k>` from its `Tags`.
    Tag(&'a [Tag]),
}

impl From<Operation> for Access<'_> {
    /// An operation whose request names only the key.
    fn from(operation: Operation) -> Self {
        Self {
            operation: Some(operation),
            keys: RequestKeys::None,
        }
    }
}

impl<'a> Access<'a> {
    /// `UntagResource` removing `tag_keys`.
    pub(crate) fn untag(tag_keys: &'a [&'a str]) -> Self {
        Self {
            operation: Some(Operation::UntagResource),
            keys: RequestKeys::Untag(tag_keys),
        }
    }

    /// `TagResource` adding `tags`.
    pub(crate) fn tag(tags: &'a [Tag]) -> Self {
        Self {
            operation: Some(Operation::TagResource),
            keys: RequestKeys::Tag(tags),
        }
    }

    /// The tag keys the request names: `UntagResource`'s `TagKeys`, the
    /// keys of `TagResource`'s `Tags`; none for any other operation.
    pub(crate) fn tag_keys(&self) -> Vec<&'a str> {
        match self.keys {
            RequestKeys::Untag(keys) => keys.to_vec(),
            RequestKeys::Tag(tags) => tags.iter().map(|t| t.key.as_str()).collect(),
            RequestKeys::None => Vec::new(),
        }
    }

    /// The stub's own control operation, outside any key policy.
    pub(crate) fn unchecked() -> Self {
        Self {
            operation: None,
            keys: RequestKeys::None,
        }
    }

    /// Whether the call is of `operation`.
    pub(crate) fn is(&self, operation: Operation) -> bool {
        self.operation == Some(operation)
    }

    /// The operation's name, as a refusal names it.
    pub(crate) fn name(&self) -> &'static str {
        self.operation.map_or(SET_KEY_STATE, Operation::name)
    }

    /// The request context: the caller's keys and the request's.
    /// `aws:ResourceTag/<k>` is left out on purpose (module docs).
    pub(crate) fn context(&self, principal: &Principal) -> Context {
        let context = Context::for_principal(principal);
        match self.keys {
            RequestKeys::Untag(keys) => context.with_tag_keys(keys.iter().copied()),
            RequestKeys::Tag(tags) => context
                .with_tag_keys(tags.iter().map(|t| t.key.as_str()))
                .with_request_tags(tags.iter().map(|t| (&t.key, t.value.as_str()))),
            RequestKeys::None => context,
        }
    }
}

/// `AccessDeniedException` naming the caller, the action and the key, and
/// why (contract rows 129 and 191: the beginning is recorded; the reason
/// after it is recorded on other operations, and IAM's usual wording).
fn denial(principal: &Principal, action: &str, key_arn: &str, reason: &str) -> KmsError {
    KmsError::client(
        ErrorCode::AccessDeniedException,
        format!(
            "User: {} is not authorized to perform: {action} on resource: {key_arn} {reason}",
            principal.caller_arn()
        ),
    )
}

impl Model {
    /// Whether the key policy of `addr` and the caller's identity policies
    /// let `caller` do `access`; the refusal KMS answers when they do not.
    pub(crate) fn authorize(
        &self,
        caller: &Caller,
        access: &Access<'_>,
        addr: &KeyAddr,
    ) -> Result<(), KmsError> {
        let seam = &self.seams.authorization;
        let governed = access.operation.is_some();
        if !seam.governs(access, governed) {
            return Ok(());
        }
        let identities = &self.seams.identities;
        let principal = identities.principal(&caller.identity, caller_principal(caller));
        let context = self.request_context(access, &principal);
        let action = format!("kms:{}", access.name());
        let key_arn = self.key(addr).arn();
        let request = Request {
            action: &action,
            key_arn: &key_arn,
            principal: &principal,
            context: &context,
        };
        let policy = &self.policy_in_force(addr).parsed;
        let resource = seam.decide(policy, &request, policy.evaluate(&request));
        let held = identities.policies(
            &caller.identity,
            HeldPolicies {
                identity: caller.identity.policies(),
                session: caller.identity.session_policy(),
            },
        );
        let identity_context = self.identity_context(caller, addr, context.clone());
        let identity_request = Request {
            context: &identity_context,
            ..request
        };
        let decisions = Decisions {
            resource_names_caller: resource.is_allowed()
                && policy.allowing_directly(&request).is_some(),
            resource,
            identity: decide_all(&held.identity, &identity_request),
            session: held.session.map(|p| p.evaluate(&identity_request)),
        };
        let verdict = identities.verdict(&decisions, decisions.verdict());
        match verdict {
            super::super::policy::Verdict::Allowed => Ok(()),
            super::super::policy::Verdict::Refused(refusal) => {
                let refusal = denial(&principal, &action, &key_arn, &refusal.reason(&action));
                Err(seam.refusal(&key_arn, refusal))
            }
        }
    }

    /// An operation on no key (`ListKeys`): no key policy takes part, so
    /// only the caller's identity policies (and its session policy) can
    /// allow it, on the resource `*` (contract row 193).
    pub(crate) fn authorize_keyless(
        &self,
        caller: &Caller,
        operation: Operation,
    ) -> Result<(), KmsError> {
        let identities = &self.seams.identities;
        let principal = identities.principal(&caller.identity, caller_principal(caller));
        let context = self.request_context(&Access::from(operation), &principal);
        let action = format!("kms:{}", operation.name());
        let request = Request {
            action: &action,
            key_arn: "*",
            principal: &principal,
            context: &context,
        };
        let held = identities.policies(
            &caller.identity,
            HeldPolicies {
                identity: caller.identity.policies(),
                session: caller.identity.session_policy(),
            },
        );
        let identity = decide_all(&held.identity, &request);
        let session = held.session.map(|p| p.evaluate(&request));
        let denied = |d: &Decision| matches!(d, Decision::ExplicitDeny(_));
        let refusal = if denied(&identity) {
            Some(Refusal::ExplicitDeny(PolicyKind::IdentityBased))
        } else if session.as_ref().is_some_and(denied) {
            Some(Refusal::ExplicitDeny(PolicyKind::Session))
        } else if !identity.is_allowed() {
            Some(Refusal::NoAllow(PolicyKind::IdentityBased))
        } else if session.as_ref().is_some_and(|d| !d.is_allowed()) {
            Some(Refusal::NoAllow(PolicyKind::Session))
        } else {
            None
        };
        refusal.map_or(Ok(()), |refusal| {
            Err(denial(&principal, &action, "*", &refusal.reason(&action)))
        })
    }

    /// The condition keys an identity policy sees: the request's, and
    /// `aws:ResourceTag/<k>` for each tag of the key as authorization sees
    /// it now (contract row 187).
    fn identity_context(&self, caller: &Caller, addr: &KeyAddr, context: Context) -> Context {
        let identities = &self.seams.identities;
        let tags =
            identities.resource_tags(self.key(addr), &caller.identity, self.tags_in_force(addr));
        identities
            .context(context.with_resource_tags(tags.iter().map(|t| (&t.key, t.value.as_str()))))
    }

    /// The condition keys `access` by `principal` carries, as the
    /// authorization seam sees them.
    pub(super) fn request_context(&self, access: &Access<'_>, principal: &Principal) -> Context {
        self.seams
            .authorization
            .context(access, access.context(principal))
    }

    /// The key's policy as authorization sees it now: as of `auth_lag` ago,
    /// and never older than the key (a key's first policy is in force from
    /// its creation on).
    fn policy_in_force(&self, addr: &KeyAddr) -> Arc<StoredPolicy> {
        let key = self.key(addr);
        if self.auth_lag.is_zero() {
            return Arc::clone(&key.policy);
        }
        self.revision_in_force(addr)
            .map_or_else(|| Arc::clone(&key.policy), |r| Arc::clone(&r.policy))
    }

    /// The key's tags as authorization sees them now, as its policy
    /// ([`Self::policy_in_force`]): reads may show a tag change before
    /// authorization does (contract row 188).
    fn tags_in_force(&self, addr: &KeyAddr) -> Vec<Tag> {
        let key = self.key(addr);
        if self.auth_lag.is_zero() {
            return key.tags.clone();
        }
        self.revision_in_force(addr)
            .map_or_else(|| key.tags.clone(), |r| r.tags.clone())
    }

    /// The newest revision at or before `auth_lag` ago, never older than the key.
    fn revision_in_force(&self, addr: &KeyAddr) -> Option<&super::Revision> {
        let key = self.key(addr);
        let horizon = self
            .now
            .checked_sub(self.auth_lag)
            .unwrap_or(SystemTime::UNIX_EPOCH)
            .max(key.created);
        key.history.iter().rev().find(|r| r.at <= horizon)
    }
}
