//! Key policies as scenarios write and compare them (contract §6).
//!
//! A scenario writes a policy as a doc string, with templates such as
//! `{account}` (see `template`). It is sent compacted, so that the
//! `PutKeyPolicy` request that put it in force fits whole in a failing
//! scenario's trace (bodies there are cut at 1000 bytes). A doc string that
//! is not JSON (a malformed policy, on purpose) is sent as written.

use serde_json::Value;

/// What a scenario knows of the key's policy around the call under test.
#[derive(Clone, Debug, Default)]
pub struct Policies {
    /// The policy the key had before the call under test changed it, as
    /// `GetKeyPolicy` answered it.
    pub before: Option<String>,
    /// The policy the call under test sent.
    pub sent: Option<String>,
}

/// A policy doc string as it goes on the wire: JSON without the
/// whitespace between its tokens, its members in the order written; the
/// text itself, trimmed, when it is not JSON.
#[must_use]
pub fn compact(text: &str) -> String {
    let text = text.trim();
    if serde_json::from_str::<Value>(text).is_err() {
        return text.to_owned();
    }
    let mut compacted = String::with_capacity(text.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in text.chars() {
        if in_string {
            in_string = escaped || c != '"';
            escaped = !escaped && c == '\\';
        } else if c.is_whitespace() {
            continue;
        } else {
            in_string = c == '"';
        }
        compacted.push(c);
    }
    compacted
}

/// Whether two policy texts say the same: equal as JSON (KMS may lay a
/// stored policy out anew), or equal as text when either is not JSON.
#[must_use]
pub fn same_policy(a: &str, b: &str) -> bool {
    match (
        serde_json::from_str::<Value>(a),
        serde_json::from_str::<Value>(b),
    ) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// A policy text for a failure message: compacted, and cut after 600
/// characters.
#[must_use]
pub fn shown(text: &str) -> String {
    let text = compact(text);
    match text.char_indices().nth(600) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_is_compacted_and_anything_else_kept() {
        assert_eq!(
            compact("{\n  \"Version\" : \"2012-10-17\",\n  \"Statement\" : [ ]\n}"),
            r#"{"Version":"2012-10-17","Statement":[]}"#
        );
        // Members keep their order; strings keep their spaces and escapes.
        assert_eq!(
            compact(r#" { "b" : "a \" b\\" , "a" : [ "x y" ] } "#),
            r#"{"b":"a \" b\\","a":["x y"]}"#
        );
        assert_eq!(compact("\n not { json \n"), "not { json");
    }

    #[test]
    fn policies_compare_as_json_when_they_are() {
        assert!(same_policy(r#"{"a": [1, 2]}"#, "{\n \"a\" : [ 1, 2 ]\n}"));
        assert!(!same_policy(r#"{"a": [1, 2]}"#, r#"{"a": [2, 1]}"#));
        assert!(same_policy("not json", "not json"));
        assert!(!same_policy("not json", r#""not json""#));
    }

    #[test]
    fn a_long_policy_is_cut_for_messages() {
        let long = format!(r#"{{"Sid": "{}"}}"#, "s".repeat(700));
        let text = shown(&long);
        assert!(text.ends_with('…'));
        assert_eq!(text.chars().count(), 601);
    }
}
