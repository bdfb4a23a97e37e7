//! The decision: does a key policy let this principal do this to this key?
//!
//! "An explicit deny in any policy overrides any allows", and without an
//! allow a request is implicitly denied (IAM User Guide, policy evaluation
//! logic). A key policy is the only policy here: an `Allow` naming the
//! caller's account stands for the caller's IAM policies too (contract §6).

use std::fmt;

use super::context::Context;
use super::document::{Effect, KeyPolicy, Patterns, Statement, label};
use super::principal::Principal;
use super::reading::{Iam, Reading};
use super::wildcard;

/// One request to authorize.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Request<'a> {
    /// The action, `kms:<Operation>` (`kms:UntagResource`).
    pub action: &'a str,
    /// The key's ARN; `"Resource": "*"` in a key policy means this key.
    pub key_arn: &'a str,
    /// Who is calling.
    pub principal: &'a Principal,
    /// The request's condition keys.
    pub context: &'a Context,
}

/// A statement of the policy, for traces and error messages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct StatementRef {
    /// Its position in the policy, counted from 0.
    pub index: usize,
    /// Its `Sid`, if it has one.
    pub sid: Option<String>,
}

impl fmt::Display for StatementRef {
    /// `Statement "<Sid>"`, or `Statement <n>` counted from 1.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&label(self.index, self.sid.as_deref()))
    }
}

/// What a key policy decides for one request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Decision {
    /// A `Deny` statement applies; it wins over any `Allow`. The first one.
    ExplicitDeny(StatementRef),
    /// No `Deny` applies and this `Allow` does (the first one).
    Allowed(StatementRef),
    /// No statement applies: denied, with no statement to blame.
    ImplicitDeny,
}

impl Decision {
    /// Whether the request may go ahead.
    #[must_use]
    pub(crate) fn is_allowed(&self) -> bool {
        matches!(self, Self::Allowed(_))
    }
}

impl KeyPolicy {
    /// Decides `request` under this policy, reading it as IAM does.
    #[must_use]
    pub(crate) fn evaluate(&self, request: &Request<'_>) -> Decision {
        self.evaluate_as(request, &Iam)
    }

    /// Decides `request` under this policy, asking `reading` at each rule
    /// of the grammar an evaluator can misread (see [`Reading`]).
    #[must_use]
    pub(crate) fn evaluate_as(&self, request: &Request<'_>, reading: &dyn Reading) -> Decision {
        if let Some(deny) = self.first_applying(Effect::Deny, request, reading) {
            Decision::ExplicitDeny(deny)
        } else if let Some(allow) = self.first_applying(Effect::Allow, request, reading) {
            Decision::Allowed(allow)
        } else {
            Decision::ImplicitDeny
        }
    }

    /// The first `Allow` statement that applies to `request`, whatever any
    /// `Deny` says. Not a decision: what an evaluator that forgets that an
    /// explicit deny wins would act on (the stub's `allow-overrides-deny`
    /// deviation needs it).
    #[must_use]
    pub(crate) fn allowing(&self, request: &Request<'_>) -> Option<StatementRef> {
        self.first_applying(Effect::Allow, request, &Iam)
    }

    /// The first `Allow` statement that applies to `request` and names its
    /// principal itself (everyone, its ARN), not only its account: a grant
    /// that needs no identity policy besides it (contract row 184).
    #[must_use]
    pub(crate) fn allowing_directly(&self, request: &Request<'_>) -> Option<StatementRef> {
        self.statements
            .iter()
            .enumerate()
            .find(|(_, statement)| {
                statement.effect == Effect::Allow
                    && statement.principals.name_directly(request.principal)
                    && statement.applies_to(request, &Iam)
            })
            .map(|(index, statement)| StatementRef {
                index,
                sid: statement.sid.clone(),
            })
    }

    fn first_applying(
        &self,
        effect: Effect,
        request: &Request<'_>,
        reading: &dyn Reading,
    ) -> Option<StatementRef> {
        self.statements
            .iter()
            .enumerate()
            .find(|(_, statement)| {
                statement.effect == effect && statement.applies_to(request, reading)
            })
            .map(|(index, statement)| StatementRef {
                index,
                sid: statement.sid.clone(),
            })
    }
}

impl Statement {
    fn applies_to(&self, request: &Request<'_>, reading: &dyn Reading) -> bool {
        let action = request.action;
        reading.covers_caller(self.principals.include(request.principal))
            && self.actions.admit(|pattern| {
                let iam = wildcard::matches_ignore_case(pattern, action);
                reading.names_action(pattern, action, iam)
            })
            && self
                .resources
                .admit(|pattern| wildcard::matches(pattern, request.key_arn))
            && self
                .conditions
                .iter()
                .all(|c| c.holds(request.context, reading))
    }
}

impl Patterns {
    /// Whether the value `matches` tests is covered: some pattern matches
    /// it, or, for `NotAction`/`NotResource`, none does.
    fn admit(&self, matches: impl Fn(&str) -> bool) -> bool {
        self.patterns.iter().any(|p| matches(p)) != self.negated
    }
}
