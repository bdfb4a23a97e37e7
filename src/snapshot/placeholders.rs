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
pub struct Placeholders {
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
    pub fn key_id(&mut self, raw: &str) -> Option<String> {
        if is_uuid(raw) {
            Some(self.link("key-id", raw))
        } else if is_mrk(raw) {
            Some(format!("mrk-{}", self.link("key-id", raw)))
        } else {
            None
        }
    }

    /// An account ID: `<account:n>` for 12 digits; `None` for anything else.
    pub fn account(&mut self, raw: &str) -> Option<String> {
        (raw.len() == 12 && raw.bytes().all(|b| b.is_ascii_digit()))
            .then(|| self.link("account", raw))
    }

    /// An alias the suite made: `alias/kms-conformance/<alias:n>`; `None`
    /// for any other alias (`alias/aws/s3` is not volatile).
    pub fn suite_alias(&mut self, raw: &str) -> Option<String> {
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
    pub fn text(&mut self, raw: &str) -> String {
        let compact = shorten_runs(raw);
        VOLATILE
            .replace_all(&compact, |caps: &Captures<'_>| {
                let whole = &caps[0];
                let replaced = if caps.name("run").is_some() {
                    // Each run has its own: in every key's description.
                    Some("kms-conformance run <run-id>".to_owned())
                } else if caps.name("alias").is_some() {
                    self.suite_alias(whole)
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
    pub fn json(&mut self, value: &Value) -> Value {
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
pub fn request_id(raw: &str) -> String {
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
pub fn is_uuid(raw: &str) -> bool {
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
mod tests {
    use serde_json::json;

    use super::*;

    const KEY: &str = "0f3a5d2c-1b4e-4c6d-8e9f-a0b1c2d3e4f5";
    const OTHER_KEY: &str = "7c9e6679-7425-40de-944b-e07fc1f90ae7";

    #[test]
    fn the_same_key_id_is_the_same_placeholder_everywhere() {
        let mut p = Placeholders::default();
        let request = p.json(&json!({ "KeyId": KEY }));
        let message = p.text(&format!(
            "Key 'arn:aws:kms:us-east-1:111122223333:key/{KEY}' does not exist"
        ));
        assert_eq!(request, json!({ "KeyId": "<key-id:1>" }));
        assert_eq!(
            message,
            "Key 'arn:aws:kms:us-east-1:<account:1>:key/<key-id:1>' does not exist"
        );
        assert_eq!(p.text(OTHER_KEY), "<key-id:2>");
    }

    #[test]
    fn numbers_follow_the_order_of_first_appearance() {
        let mut first = Placeholders::default();
        let mut second = Placeholders::default();
        assert_eq!(
            first.text(&format!("{OTHER_KEY} {KEY}")),
            "<key-id:1> <key-id:2>"
        );
        assert_eq!(
            second.text(&format!("{KEY} {OTHER_KEY}")),
            "<key-id:1> <key-id:2>"
        );
    }

    #[test]
    fn multi_region_ids_keep_their_prefix() {
        let mut p = Placeholders::default();
        let mrk = "mrk-1234abcd12ab34cd56ef1234567890ab";
        assert_eq!(p.text(mrk), "mrk-<key-id:1>");
        assert_eq!(
            p.text(&format!("arn:aws:kms:eu-west-1:444455556666:key/{mrk}")),
            "arn:aws:kms:eu-west-1:<account:1>:key/mrk-<key-id:1>"
        );
    }

    #[test]
    fn a_malformed_id_is_shown_as_sent() {
        let mut p = Placeholders::default();
        for raw in [
            "fake-key-id",
            "0F3A5D2C-1B4E-4C6D-8E9F-A0B1C2D3E4F5",
            "mrk-1234",
            "12345678901",
            "1234567890123",
            "alias/kms-conformance/not-hex",
            "alias/aws/s3",
        ] {
            assert_eq!(p.text(raw), raw);
        }
        assert_eq!(p.key_id("fake-key-id"), None);
        assert_eq!(p.account("11112222333x"), None);
    }

    #[test]
    fn digits_inside_a_longer_word_are_not_an_account() {
        let mut p = Placeholders::default();
        assert_eq!(p.text("abc111122223333def"), "abc111122223333def");
        assert_eq!(p.text("x 111122223333."), "x <account:1>.");
    }

    #[test]
    fn suite_aliases_keep_their_prefix() {
        let mut p = Placeholders::default();
        let alias = "alias/kms-conformance/0123456789abcdef0123456789abcdef";
        assert_eq!(p.text(alias), "alias/kms-conformance/<alias:1>");
        assert_eq!(
            p.text(&format!("arn:aws:kms:us-east-1:111122223333:{alias}")),
            "arn:aws:kms:us-east-1:<account:1>:alias/kms-conformance/<alias:1>"
        );
    }

    #[test]
    fn dates_are_replaced_only_when_they_are_epoch_seconds() {
        let mut p = Placeholders::default();
        let shown = p.json(&json!({
            "KeyMetadata": {
                "CreationDate": 1_700_000_000.123,
                "DeletionDate": 1_700_000_000_000_i64,
                "ValidTo": "2030-01-01T00:00:00Z",
            }
        }));
        assert_eq!(
            shown,
            json!({
                "KeyMetadata": {
                    "CreationDate": "<date>",
                    "DeletionDate": 1_700_000_000_000_i64,
                    "ValidTo": "2030-01-01T00:00:00Z",
                }
            })
        );
    }

    #[test]
    fn markers_are_linked_and_null_stays_null() {
        let mut p = Placeholders::default();
        let page = p.json(&json!({ "NextMarker": format!("{KEY}:1"), "Truncated": true }));
        let next = p.json(&json!({ "Marker": format!("{KEY}:1") }));
        assert_eq!(
            page,
            json!({ "NextMarker": "<marker:1>", "Truncated": true })
        );
        assert_eq!(next, json!({ "Marker": "<marker:1>" }));
        assert_eq!(
            p.json(&json!({ "NextMarker": null })),
            json!({ "NextMarker": null })
        );
    }

    #[test]
    fn tags_are_compared_as_sets() {
        let mut p = Placeholders::default();
        let one = p.json(&json!({ "Tags": [
            { "TagKey": "team", "TagValue": "payments" },
            { "TagKey": "env", "TagValue": "prod" },
        ]}));
        let other = p.json(&json!({ "Tags": [
            { "TagKey": "env", "TagValue": "prod" },
            { "TagKey": "team", "TagValue": "payments" },
        ]}));
        assert_eq!(one, other);
    }

    #[test]
    fn the_run_id_in_a_key_description_is_a_placeholder() {
        let mut p = Placeholders::default();
        assert_eq!(
            p.text("kms-conformance run 1795820604-87f152dd (A scenario); scheduled"),
            "kms-conformance run <run-id> (A scenario); scheduled"
        );
        assert_eq!(
            p.text("kms-conformance run selftest"),
            "kms-conformance run selftest"
        );
    }

    #[test]
    fn long_runs_show_their_length() {
        let mut p = Placeholders::default();
        let key_id = "k".repeat(2049);
        assert_eq!(p.text(&key_id), "<k × 2049>");
        assert_eq!(
            p.text(&format!("Value '{}' at 'keyId'", "k".repeat(129))),
            "Value '<k × 129>' at 'keyId'"
        );
        assert_eq!(p.text("kkk"), "kkk");
    }

    #[test]
    fn request_ids_show_presence_and_shape() {
        assert_eq!(request_id(KEY), "<request-id>");
        assert_eq!(
            request_id("7a62c49f347e4fc4"),
            "<request-id, not a UUID: 16 characters>"
        );
    }
}
