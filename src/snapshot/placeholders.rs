//! Volatile values become placeholders, and only when they have the shape
//! their placeholder claims.
//!
//! Linked placeholders carry a number: the n-th distinct key ID a scenario
//! shows is `<key-id:n>` wherever it appears (a request, a response member,
//! inside a message or an ARN), so a reader sees that the ARN in an error
//! names the key the request sent. Numbers follow the order of first
//! appearance, so the same scenario gives the same document on every run.
//!
//! Every redaction asserts, in the spirit of crates.io's `insta.rs`: a key
//! ID is replaced only when it is a lowercase UUID or `mrk-` and 32 hex
//! digits, an account only when it is 12 digits, a date only when it is a
//! number of epoch seconds. Anything else stays as the target sent it, so a
//! malformed ID is visible in the snapshot.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::LazyLock;

use regex::{Captures, Regex};
use serde_json::Value;

/// Members holding a date as epoch seconds.
const DATE_MEMBERS: [&str; 3] = ["CreationDate", "DeletionDate", "ValidTo"];

/// Members holding an opaque paging marker.
const MARKER_MEMBERS: [&str; 2] = ["Marker", "NextMarker"];

/// The prefix of every alias the suite makes.
const SUITE_ALIAS_PREFIX: &str = "alias/kms-conformance/";

/// A run of one character at least this long is shown as its length: a
/// 2049-character `KeyId` says what it is without filling a screen.
const LONG_RUN: usize = 32;

/// The volatile fragments of free text, in the order they are tried at
/// each position. Words are matched whole so that digits inside a longer
/// word (a hex string, say) are never taken for an account.
static VOLATILE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?P<alias>alias/kms-conformance/[0-9a-f]{32})\b",
        r"|(?P<mrk>\bmrk-[0-9a-f]{32})\b",
        r"|(?P<uuid>\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b",
        r"|(?P<run>\bkms-conformance run [0-9]{9,11}-[0-9a-f]{8})\b",
        r"|(?P<role>\bkms-conformance-[0-9a-f]{16})\b",
        r"|(?P<word>[0-9A-Za-z]+)",
    ))
    .expect("a valid regex")
});

static UUID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
        .expect("a valid regex")
});

/// The placeholders of one scenario: which value got which number.
#[derive(Debug, Default)]
pub(crate) struct Placeholders {
    seen: BTreeMap<&'static str, Vec<String>>,
}

impl Placeholders {
    /// `<kind:n>`: `n` is the position of `raw` among the distinct values of
    /// `kind` seen so far, counting from 1.
    fn link(&mut self, kind: &'static str, raw: &str) -> String {
        let values = self.seen.entry(kind).or_default();
        let n = if let Some(i) = values.iter().position(|v| v == raw) {
            i + 1
        } else {
            values.push(raw.to_owned());
            values.len()
        };
        format!("<{kind}:{n}>")
    }

    /// A key ID: `<key-id:n>` for a UUID, `mrk-<key-id:n>` for a
    /// multi-Region key ID; `None` for anything else.
    pub(crate) fn key_id(&mut self, raw: &str) -> Option<String> {
        if is_uuid(raw) {
            Some(self.link("key-id", raw))
        } else if is_mrk(raw) {
            Some(format!("mrk-{}", self.link("key-id", raw)))
        } else {
            None
        }
    }

    /// An account ID: `<account:n>` for 12 digits; `None` for anything else.
    pub(crate) fn account(&mut self, raw: &str) -> Option<String> {
        (raw.len() == 12 && raw.bytes().all(|b| b.is_ascii_digit()))
            .then(|| self.link("account", raw))
    }

    /// An alias the suite made: `alias/kms-conformance/<alias:n>`; `None`
    /// for any other alias (`alias/aws/s3` is not volatile).
    pub(crate) fn suite_alias(&mut self, raw: &str) -> Option<String> {
        let suffix = raw.strip_prefix(SUITE_ALIAS_PREFIX)?;
        (suffix.len() == 32
            && suffix
                .bytes()
                .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
        .then(|| format!("{SUITE_ALIAS_PREFIX}{}", self.link("alias", raw)))
    }

    /// Free text (a message, an identifier that is not well-formed, a body
    /// that is not JSON): every well-formed volatile fragment in it is
    /// replaced, everything else kept. An ARN keeps its structure:
    /// `arn:aws:kms:us-east-1:<account:1>:key/<key-id:1>`.
    pub(crate) fn text(&mut self, raw: &str) -> String {
        let compact = shorten_runs(raw);
        VOLATILE
            .replace_all(&compact, |caps: &Captures<'_>| {
                let whole = &caps[0];
                let replaced = if caps.name("run").is_some() {
                    // Each run has its own: in every key's description.
                    Some("kms-conformance run <run-id>".to_owned())
                } else if caps.name("alias").is_some() {
                    self.suite_alias(whole)
                } else if caps.name("role").is_some() {
                    // An IAM role the run made (a name of its own each run).
                    Some(self.link("role", whole))
                } else if caps.name("mrk").is_some() || caps.name("uuid").is_some() {
                    self.key_id(whole)
                } else {
                    self.account(whole)
                };
                replaced.unwrap_or_else(|| whole.to_owned())
            })
            .into_owned()
    }

    /// A JSON document with every volatile value replaced. Members are
    /// visited in key order, so numbering does not depend on how the target
    /// ordered its members.
    pub(crate) fn json(&mut self, value: &Value) -> Value {
        self.member(None, value)
    }

    fn member(&mut self, name: Option<&str>, value: &Value) -> Value {
        match (name, value) {
            (Some(name), Value::Number(seconds)) if DATE_MEMBERS.contains(&name) => {
                if is_epoch_seconds(seconds) {
                    Value::from("<date>")
                } else {
                    value.clone()
                }
            }
            (Some(name), Value::String(marker))
                if MARKER_MEMBERS.contains(&name) && !marker.is_empty() =>
            {
                // Opaque by contract: only that the one sent back is the one received matters.
                Value::from(self.link("marker", marker))
            }
            (Some("Tags"), Value::Array(tags)) => {
                // Their order is unpublished: the scenarios compare them as sets.
                let mut tags: Vec<Value> = tags.iter().map(|t| self.member(None, t)).collect();
                tags.sort_by_cached_key(Value::to_string);
                Value::Array(tags)
            }
            (_, Value::String(text)) => Value::from(self.text(text)),
            (_, Value::Array(items)) => {
                Value::Array(items.iter().map(|i| self.member(None, i)).collect())
            }
            (_, Value::Object(members)) => Value::Object(
                members
                    .iter()
                    .map(|(k, v)| (self.text(k), self.member(Some(k), v)))
                    .collect(),
            ),
            (_, Value::Null | Value::Bool(_) | Value::Number(_)) => value.clone(),
        }
    }
}

/// A request ID header: its presence and shape, never its value (each
/// response has its own).
#[must_use]
pub(crate) fn request_id(raw: &str) -> String {
    if is_uuid(raw) {
        "<request-id>".to_owned()
    } else {
        format!(
            "<request-id, not a UUID: {} characters>",
            raw.chars().count()
        )
    }
}

/// A lowercase hyphenated UUID, as KMS key IDs and request IDs are.
#[must_use]
pub(crate) fn is_uuid(raw: &str) -> bool {
    UUID.is_match(raw)
}

fn is_mrk(raw: &str) -> bool {
    raw.strip_prefix("mrk-").is_some_and(|hex| {
        hex.len() == 32 && hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
    })
}

/// Seconds since 1970 between 2001 and 2286: what KMS sends. Milliseconds
/// or a negative number would be a bug worth seeing.
fn is_epoch_seconds(number: &serde_json::Number) -> bool {
    number
        .as_f64()
        .is_some_and(|s| (1.0e9..1.0e10).contains(&s))
}

/// `kkkk…k` (2049 of them) becomes `<k × 2049>`.
fn shorten_runs(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(256));
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let mut run = 1;
        while chars.peek() == Some(&c) {
            chars.next();
            run += 1;
        }
        if run >= LONG_RUN {
            // Writing to a String cannot fail.
            let _ = write!(out, "<{c} × {run}>");
        } else {
            out.extend(std::iter::repeat_n(c, run));
        }
    }
    out
}

#[cfg(test)]
mod tests;
