//! Authorization by key policy: every operation on a key is allowed or
//! refused by the key's policy, evaluated by `stub::policy` (contract §6).
//!
//! The action is `kms:<Operation>`. The caller is the IAM user
//! `kms-conformance` of its account ([`caller_principal`]): the stub knows
//! no identities, and a name made from the access key would put a
//! credential into every refusal. The stub has no IAM either: a statement
//! that allows the account (its root) stands for the caller's IAM policies
//! too, so the default key policy lets the caller do everything (contract
//! row 125).
//!
//! The request context holds `aws:PrincipalArn`, `aws:PrincipalAccount`,
//! `kms:CallerAccount`, and for the tagging calls `aws:TagKeys` and
//! `aws:RequestTag/<k>` (contract row 128). It never holds
//! `aws:ResourceTag/<k>`: KMS supports that key in IAM policies only, not in
//! key policies (contract row 153), so a key policy that uses it meets a
//! missing key, with the IAM rules for one.
//!
//! Decisions see the key's policy as of `auth_lag` ago: AWS's authorization
//! catches up with changes only after a while (contract row 132).

use std::time::SystemTime;

use super::super::policy::{Context, Decision, Principal, Request};
use super::error::KmsError;
use super::key::{KeyAddr, Tag};
use super::key_policy::StoredPolicy;
use super::{Caller, Model, PARTITION};
use crate::wire::{ErrorCode, Operation};

/// The IAM user every caller of the stub is, in its own account.
pub const CALLER_USER: &str = "kms-conformance";

/// `arn:aws:iam::<account>:user/kms-conformance`: who `caller` is.
#[must_use]
pub fn caller_principal(caller: &Caller) -> Principal {
    Principal::from_arn(&caller_arn(&caller.account))
        .unwrap_or_else(|| Principal::account_root(PARTITION, &caller.account))
}

/// The caller's principal ARN, for refusals that name it.
pub(crate) fn caller_arn(account: &str) -> String {
    format!("arn:{PARTITION}:iam::{account}:user/{CALLER_USER}")
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

/// `AccessDeniedException` naming the caller, the action and the key
/// (contract row 129: the beginning is recorded; the reason after it is
/// IAM's usual wording, unpublished for KMS).
fn denial(principal: &str, action: &str, key_arn: &str, decision: &Decision) -> KmsError {
    let reason = match decision {
        Decision::ExplicitDeny(_) => "with an explicit deny in a resource-based policy".to_owned(),
        _ => format!("because no resource-based policy allows the {action} action"),
    };
    KmsError::client(
        ErrorCode::AccessDeniedException,
        format!(
            "User: {principal} is not authorized to perform: {action} on resource: \
             {key_arn} {reason}"
        ),
    )
}

impl Model {
    /// Whether the key policy of `addr` lets `caller` do `access`; the
    /// refusal KMS answers when it does not.
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
        let principal = caller_principal(caller);
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
        let decision = seam.decide(policy, &request, policy.evaluate(&request));
        if decision.is_allowed() {
            return Ok(());
        }
        let refusal = denial(principal.arn(), &action, &key_arn, &decision);
        Err(seam.refusal(&key_arn, refusal))
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
    fn policy_in_force(&self, addr: &KeyAddr) -> std::sync::Arc<StoredPolicy> {
        let key = self.key(addr);
        if self.auth_lag.is_zero() {
            return std::sync::Arc::clone(&key.policy);
        }
        let horizon = self
            .now
            .checked_sub(self.auth_lag)
            .unwrap_or(SystemTime::UNIX_EPOCH)
            .max(key.created);
        key.history
            .iter()
            .rev()
            .find(|r| r.at <= horizon)
            .map_or_else(
                || std::sync::Arc::clone(&key.policy),
                |r| std::sync::Arc::clone(&r.policy),
            )
    }
}
