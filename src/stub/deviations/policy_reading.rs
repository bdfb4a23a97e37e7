//! Bends of [`Authorization`] that read the policy grammar wrong, one rule
//! each (contract rows 206 to 210): each is a [`Reading`] of the rule it
//! gets wrong, and decides every call, the lockout check's included, by
//! evaluating the policy that way.

use crate::stub::model::Authorization;
use crate::stub::policy::{
    Comparison, Decision, KeyPolicy, Reading, Request, SetQualifier, matches_case_sensitively,
};

/// Each misreading decides as [`KeyPolicy::evaluate_as`] with itself.
macro_rules! decides_as_it_reads {
    ($($reading:ty),+ $(,)?) => {
        $(impl Authorization for $reading {
            fn decide(&self, policy: &KeyPolicy, request: &Request<'_>, _kms: Decision) -> Decision {
                policy.evaluate_as(request, self)
            }
        })+
    };
}

decides_as_it_reads!(
    PrincipalIgnored,
    SetOperatorsSwapped,
    ForAllValuesNotVacuous,
    ForAnyValueTrueOnEmpty,
    ActionNamesCaseSensitive,
    ConditionKeysCaseSensitive,
    ConditionValuesIgnoreCase,
    IgnoreCaseOperatorExact,
);

/// `principal-ignored`: an evaluator that never reads `Principal`, so a
/// statement naming a service or another account applies to the caller.
#[derive(Debug)]
pub(super) struct PrincipalIgnored;

impl Reading for PrincipalIgnored {
    fn covers_caller(&self, _iam: bool) -> bool {
        true
    }
}

/// `set-operators-swapped`: `ForAllValues:` read as `ForAnyValue:` and the
/// other way round, in an `Allow` and in a `Deny` alike.
#[derive(Debug)]
pub(super) struct SetOperatorsSwapped;

impl Reading for SetOperatorsSwapped {
    fn qualifier(&self, written: SetQualifier) -> SetQualifier {
        match written {
            SetQualifier::ForAnyValue => SetQualifier::ForAllValues,
            SetQualifier::ForAllValues => SetQualifier::ForAnyValue,
        }
    }
}

/// `for-all-values-not-vacuous`: `ForAllValues:` over no values is false,
/// as an `all()` written as "some, and each" would make it.
#[derive(Debug)]
pub(super) struct ForAllValuesNotVacuous;

impl Reading for ForAllValuesNotVacuous {
    fn without_values(&self, qualifier: SetQualifier, iam: bool) -> bool {
        iam && qualifier != SetQualifier::ForAllValues
    }
}

/// `for-any-value-true-on-empty`: `ForAnyValue:` over no values is true,
/// as a missing key treated as "nothing to object to" would make it.
#[derive(Debug)]
pub(super) struct ForAnyValueTrueOnEmpty;

impl Reading for ForAnyValueTrueOnEmpty {
    fn without_values(&self, qualifier: SetQualifier, iam: bool) -> bool {
        iam || qualifier == SetQualifier::ForAnyValue
    }
}

/// `action-names-case-sensitive`: actions compared as written, so
/// `kms:untagresource` names no action.
#[derive(Debug)]
pub(super) struct ActionNamesCaseSensitive;

impl Reading for ActionNamesCaseSensitive {
    fn names_action(&self, pattern: &str, action: &str, iam: bool) -> bool {
        iam && matches_case_sensitively(pattern, action)
    }
}

/// `condition-keys-case-sensitive`: condition key names compared as
/// written with the request's (`aws:TagKeys`), so `aws:tagkeys` is a key
/// no request carries.
#[derive(Debug)]
pub(super) struct ConditionKeysCaseSensitive;

impl Reading for ConditionKeysCaseSensitive {
    fn names_key(&self, written: &str, carried: &str, iam: bool) -> bool {
        iam && written == carried
    }
}

/// `condition-values-ignore-case`: `StringEquals` compares values ignoring
/// case, as `...IgnoreCase` does.
#[derive(Debug)]
pub(super) struct ConditionValuesIgnoreCase;

impl Reading for ConditionValuesIgnoreCase {
    fn compares(&self, comparison: Comparison, request: &str, policy: &str, iam: bool) -> bool {
        match comparison {
            Comparison::Exact => request.to_lowercase() == policy.to_lowercase(),
            _ => iam,
        }
    }
}

/// `ignore-case-operator-exact`: `StringEqualsIgnoreCase` compares values
/// exactly, as `StringEquals` does.
#[derive(Debug)]
pub(super) struct IgnoreCaseOperatorExact;

impl Reading for IgnoreCaseOperatorExact {
    fn compares(&self, comparison: Comparison, request: &str, policy: &str, iam: bool) -> bool {
        match comparison {
            Comparison::IgnoreCase => request == policy,
            _ => iam,
        }
    }
}
