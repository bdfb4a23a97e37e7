//! Key policies: the IAM policy language, as much of it as a KMS key policy
//! needs, parsed and evaluated without I/O (contract §6).
//!
//! Nothing here knows HTTP or the stub's model: the model hands in the
//! policy text, who is calling, the action, the key ARN and a [`Context`] of
//! condition keys, and gets back a [`Decision`].
//!
//! - `document`: the JSON text to a [`KeyPolicy`], or a [`PolicyError`]
//!   worded as a `MalformedPolicyDocumentException` message.
//! - `principal`: the caller ([`Principal`]) and the `Principal` element.
//! - `condition` and `context`: condition operators against the request's
//!   condition keys.
//! - `evaluate`: the decision; `default`: the default key policy and the
//!   lockout safety check.
//! - `identity_documents`: the policies IAM holds (a role's identity
//!   policies, a session policy, a trust policy), read with the same
//!   grammar; `combined_decision`: the verdict across a resource policy,
//!   identity policies and a session policy (contract rows 184 to 186).
//! - `reading`: the rules an evaluator can misread, asked of a [`Reading`]
//!   ([`Iam`] reads them as documented).
//!
//! # Why not a crate
//!
//! `iam-rs` 0.8.0 (35 releases, the last in October 2026) is the maintained
//! candidate and cheap to build (2 new crates, `iam-rs` and `chrono`, about
//! 2 s of compile units), but it reads operator names case-sensitively,
//! rejects `ForAnyValue:StringEqualsIfExists`, accepts unknown statement
//! elements silently, reports serde-internal errors ("data did not match any
//! variant of untagged enum `OneOrMany`") and has no notion of an account
//! principal delegating to IAM; `wami-condition` covers the `Condition`
//! block only. Wrapping either would leave most of this module to write
//! anyway, so it is written here.
//!
//! # Semantics, and where they come from
//!
//! DOC: the IAM User Guide; INF: inferred, mostly from `cloud-copilot/
//! iam-simulate`, a simulator tested against AWS; UNK: unpublished, chosen.
//!
//! - An explicit `Deny` wins; otherwise an `Allow` is needed (DOC). A
//!   statement whose principal is the caller's account (`"111122223333"` or
//!   `arn:aws:iam::111122223333:root`) applies to every principal of that
//!   account, and since emulators have no IAM, such an `Allow` counts as the
//!   caller's IAM allowing it too (contract §6).
//! - Element names (`Effect`, `Statement`) and `Allow`/`Deny` are
//!   case-sensitive (DOC grammar); action names are not (DOC); resources
//!   are (INF); condition key names are not, tag-key part included (DOC,
//!   "Owner matches both Owner and owner"); condition operator names and
//!   qualifiers are not (INF); values are, except under `...IgnoreCase`.
//! - A missing key makes a condition false, a negated one (`StringNot...`)
//!   true (DOC); `...IfExists` makes it true (DOC); `Null: true` means absent
//!   (DOC). With a set qualifier the qualifier decides: `ForAllValues` true,
//!   `ForAnyValue` false, `IfExists` or not (DOC for the plain qualifiers;
//!   INF for `ForAnyValue:...IfExists`, seen on AWS re:Post). An empty
//!   multivalued key counts as missing (DOC).
//! - Several values for one key are joined by OR, or by NOR under a negated
//!   operator; several keys and several operators by AND (DOC). A single value under
//!   a set qualifier is a one-element set (INF); a multivalued key under an
//!   operator without a qualifier never matches (UNK, as iam-simulate).
//! - `aws:ResourceTag/Owner` and `aws:ResourceTag/owner` name one key; when a
//!   key holds tags whose keys differ only in case, the first one given wins
//!   (UNK: AWS says a condition matches "either ... but not both").
//! - Refused as [`PolicyError::Unsupported`]: `NotPrincipal`, policy
//!   variables (`${...}`), numeric, date, IP, binary and ARN operators.
//!   Principal ARNs compare exactly; a role session is named by its own ARN
//!   or by its role's.

mod combined_decision;
mod condition;
mod context;
mod default;
mod document;
mod evaluate;
mod identity_documents;
mod principal;
mod reading;
mod wildcard;

pub(crate) use self::combined_decision::{Decisions, PolicyKind, Refusal, Verdict, decide_all};
pub(crate) use self::context::Context;
pub(crate) use self::default::{LOCKOUT_MESSAGE, default_key_policy};
pub(crate) use self::document::{KeyPolicy, PolicyError};
#[cfg(test)]
pub(crate) use self::evaluate::StatementRef;
pub(crate) use self::evaluate::{Decision, Request};
pub(crate) use self::principal::Principal;
#[cfg(test)]
pub(crate) use self::reading::Iam;
pub(crate) use self::reading::{Comparison, Reading, SetQualifier, matches_case_sensitively};

#[cfg(test)]
mod tests;
