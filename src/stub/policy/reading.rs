//! How an evaluator reads the rules of the grammar it can get wrong while
//! every plain policy still comes out right (contract rows 206 to 210).
//!
//! Whom a statement names, what the set qualifiers mean and what they give
//! on a request that carries no value for their key, which names ignore
//! case and how values compare: [`KeyPolicy::evaluate`](super::KeyPolicy::evaluate)
//! reads each as IAM documents it ([`Iam`]).
//! [`KeyPolicy::evaluate_as`](super::KeyPolicy::evaluate_as) asks a
//! [`Reading`] at each of these rules instead, handing it IAM's answer as its
//! last argument, `iam`, and using the answer it gives back. The default
//! bodies give back `iam`. Nothing here knows who reads the grammar
//! otherwise (the stub's deviations do, one rule each).

use super::wildcard;

/// A set qualifier of a condition operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SetQualifier {
    /// `ForAnyValue:`: at least one value of the request must match.
    ForAnyValue,
    /// `ForAllValues:`: every value of the request must match.
    ForAllValues,
}

/// How a condition operator compares a request value with a policy value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Comparison {
    /// `StringEquals`, `StringNotEquals`: character for character.
    Exact,
    /// `StringEqualsIgnoreCase`, `StringNotEqualsIgnoreCase`: ignoring case.
    IgnoreCase,
    /// `StringLike`, `StringNotLike`: `*` and `?` as wildcards, case-sensitive.
    Like,
    /// `Bool`: `true` or `false`, in any case.
    Bool,
}

/// How the rules an evaluator can misread are read. Each method gets IAM's
/// answer last, as `iam`, and gives back the one to use.
pub(crate) trait Reading {
    /// Whether a statement's `Principal` covers the caller. IAM: when it
    /// names everyone, the caller's account or the caller itself; a
    /// service or another account is never the caller (row 206).
    fn covers_caller(&self, iam: bool) -> bool {
        iam
    }

    /// Whether the action pattern `pattern`, as the policy writes it,
    /// names `action` (`kms:<Operation>`). IAM: ignoring case, with `*`
    /// and `?` as wildcards (row 208).
    fn names_action(&self, _pattern: &str, _action: &str, iam: bool) -> bool {
        iam
    }

    /// The qualifier a condition operator written with `written` works as.
    /// IAM: the one written (row 207).
    fn qualifier(&self, written: SetQualifier) -> SetQualifier {
        written
    }

    /// What a condition under `qualifier` gives when the request carries no
    /// value for its key. IAM: true under `ForAllValues:`, false under
    /// `ForAnyValue:` (row 207).
    fn without_values(&self, _qualifier: SetQualifier, iam: bool) -> bool {
        iam
    }

    /// Whether the condition key the policy writes as `written` is the one
    /// the request carries as `carried`. IAM: when they are equal ignoring
    /// case (row 209).
    fn names_key(&self, _written: &str, _carried: &str, iam: bool) -> bool {
        iam
    }

    /// Whether `request_value` matches `policy_value` under `comparison`.
    /// IAM: as the operator says (row 210).
    fn compares(
        &self,
        _comparison: Comparison,
        _request_value: &str,
        _policy_value: &str,
        iam: bool,
    ) -> bool {
        iam
    }
}

/// The grammar as IAM documents it.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Iam;

impl Reading for Iam {}

/// Whether `text` matches `pattern` with IAM's wildcards (`*`, `?`),
/// case-sensitively: for a reading that compares what IAM compares
/// ignoring case.
#[must_use]
pub(crate) fn matches_case_sensitively(pattern: &str, text: &str) -> bool {
    wildcard::matches(pattern, text)
}
