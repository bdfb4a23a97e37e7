//! The decision across policies: a resource policy (a key policy, a role's
//! trust policy), the caller's identity policies and a session policy.
//!
//! IAM's evaluation logic for a request within one account, as KMS applies
//! it (contract rows 184 to 186): an explicit `Deny` in any of them refuses
//! the call; otherwise the resource policy must allow it, either naming the
//! caller itself, or naming the caller's account, which only delegates to
//! IAM, so that an identity policy must allow it too ("Unless the key
//! policy explicitly allows it, you cannot use IAM policies to allow
//! access to a KMS key", and "You can use an IAM policy to deny a
//! permission to a KMS key without permission from a key policy", DOC). A
//! session policy narrows whatever else allows (contract row 194).

use std::fmt;
use std::sync::Arc;

use super::document::KeyPolicy;
use super::evaluate::{Decision, Request};

/// The kind of policy a refusal blames.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PolicyKind {
    /// The key policy, or a role's trust policy.
    ResourceBased,
    /// The caller's identity policies.
    IdentityBased,
    /// The policy passed when the role was assumed.
    Session,
}

impl fmt::Display for PolicyKind {
    /// As IAM's refusals name it: `resource-based`, `identity-based`,
    /// `session` (the last UNK).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::ResourceBased => "resource-based",
            Self::IdentityBased => "identity-based",
            Self::Session => "session",
        })
    }
}

/// Why a request is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// A `Deny` of this kind of policy applies.
    ExplicitDeny(PolicyKind),
    /// No `Allow` of this kind of policy applies, and one was needed.
    NoAllow(PolicyKind),
}

impl Refusal {
    /// The end of an `AccessDeniedException` message, after `... on
    /// resource: <arn> `: `because no identity-based policy allows the
    /// kms:UntagResource action` (REC on other operations, contract rows
    /// 129 and 207; the explicit-deny wording is IAM's).
    #[must_use]
    pub(crate) fn reason(self, action: &str) -> String {
        match self {
            Self::ExplicitDeny(kind) => format!("with an explicit deny in a {kind} policy"),
            Self::NoAllow(kind) => format!("because no {kind} policy allows the {action} action"),
        }
    }
}

/// The verdict on one request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// It may go ahead.
    Allowed,
    /// It is refused, and why.
    Refused(Refusal),
}

impl Verdict {
    /// Whether the request may go ahead.
    #[must_use]
    pub(crate) fn is_allowed(self) -> bool {
        self == Self::Allowed
    }
}

/// What each kind of policy decided for one request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Decisions {
    /// The resource policy's decision.
    pub resource: Decision,
    /// Whether an `Allow` of the resource policy names the caller itself,
    /// not only its account ([`KeyPolicy::allowing_directly`]).
    pub resource_names_caller: bool,
    /// The identity policies' decision, taken together ([`decide_all`]).
    pub identity: Decision,
    /// The session policy's, when the caller is a session with one.
    pub session: Option<Decision>,
}

impl Decisions {
    /// The verdict (module docs).
    #[must_use]
    pub(crate) fn verdict(&self) -> Verdict {
        let denied = |decision: &Decision| matches!(decision, Decision::ExplicitDeny(_));
        if denied(&self.resource) {
            return Verdict::Refused(Refusal::ExplicitDeny(PolicyKind::ResourceBased));
        }
        if denied(&self.identity) {
            return Verdict::Refused(Refusal::ExplicitDeny(PolicyKind::IdentityBased));
        }
        if self.session.as_ref().is_some_and(denied) {
            return Verdict::Refused(Refusal::ExplicitDeny(PolicyKind::Session));
        }
        if !self.resource.is_allowed() {
            return Verdict::Refused(Refusal::NoAllow(PolicyKind::ResourceBased));
        }
        if !self.resource_names_caller && !self.identity.is_allowed() {
            return Verdict::Refused(Refusal::NoAllow(PolicyKind::IdentityBased));
        }
        if self.session.as_ref().is_some_and(|s| !s.is_allowed()) {
            return Verdict::Refused(Refusal::NoAllow(PolicyKind::Session));
        }
        Verdict::Allowed
    }
}

/// What several policies of one kind decide together: the first explicit
/// `Deny` of any; else the first `Allow` of any; else an implicit deny.
#[must_use]
pub(crate) fn decide_all(policies: &[Arc<KeyPolicy>], request: &Request<'_>) -> Decision {
    let decisions: Vec<Decision> = policies.iter().map(|p| p.evaluate(request)).collect();
    decisions
        .iter()
        .find(|d| matches!(d, Decision::ExplicitDeny(_)))
        .or_else(|| decisions.iter().find(|d| d.is_allowed()))
        .cloned()
        .unwrap_or(Decision::ImplicitDeny)
}
