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
pub(crate) struct Policies {
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
pub(crate) fn compact(text: &str) -> String {
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
pub(crate) fn same_policy(a: &str, b: &str) -> bool {
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
pub(crate) fn shown(text: &str) -> String {
    let text = compact(text);
    match text.char_indices().nth(600) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

#[cfg(test)]
mod tests;
