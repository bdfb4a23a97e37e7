//! What must never be in a snapshot: anything shaped like a credential, a
//! signature or a real account ID.
//!
//! The wire client redacts credentials before an exchange is recorded and
//! the document leaves request headers out, so nothing here should ever
//! match. This is the second fence: the run refuses to write a snapshot that
//! trips it, and `src/suite/tests/snapshot_hygiene.rs` scans every stored one.

use std::sync::LazyLock;

use regex::Regex;

/// `(what it looks like, pattern)`, each a shape no placeholder has.
static SHAPES: LazyLock<Vec<(&'static str, Regex)>> = LazyLock::new(|| {
    [
        ("an AWS access key ID", r"\b(?:AKIA|ASIA)[A-Z0-9]{16}\b"),
        ("a SigV4 signature", r"Signature="),
        (
            "a SigV4 credential that is not a placeholder",
            r"Credential=[^<]",
        ),
        ("a session token header", r"(?i)x-amz-security-token"),
        (
            "a secret key's name",
            r"(?i)secret_?access_?key|sessiontoken",
        ),
        (
            "an STS session token",
            r"\b(?:FwoGZXIvYXdz|FQoGZXIvYXdz|IQoJb3JpZ2lu)",
        ),
        ("a 12-digit number (an account ID?)", r"\b[0-9]{12}\b"),
    ]
    .into_iter()
    .map(|(what, pattern)| (what, Regex::new(pattern).expect("a valid regex")))
    .collect()
});

/// Runs of base64 characters, checked for the shape of a secret key (40
/// characters) or a session token (100 or more).
static BASE64_RUN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[A-Za-z0-9/+=]+").expect("a valid regex"));

/// What in `text` looks like a secret: one line per finding, naming the
/// shape and where it starts, never the value.
#[must_use]
pub(crate) fn findings(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (what, pattern) in SHAPES.iter() {
        for m in pattern.find_iter(text) {
            found.push(format!("{what} at byte {}", m.start()));
        }
    }
    for run in BASE64_RUN.find_iter(text) {
        let token = run.as_str().trim_end_matches('=');
        let mixed = token.bytes().any(|b| b.is_ascii_lowercase())
            && token.bytes().any(|b| b.is_ascii_uppercase())
            && token.bytes().any(|b| b.is_ascii_digit());
        if mixed && token.len() == 40 {
            found.push(format!("a 40-character secret key at byte {}", run.start()));
        } else if mixed && token.len() >= 100 {
            found.push(format!("a long token at byte {}", run.start()));
        }
    }
    found
}

#[cfg(test)]
mod tests;
