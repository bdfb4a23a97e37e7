//! What the wire client records carries no credential: the request's
//! `Authorization` and session token are redacted, and any credential a
//! target echoes back is scrubbed from the response.

use super::exchange::REDACTED;
use super::{Authorization, Credentials};

/// The shortest string treated as a credential: AWS access key ids have 16
/// characters or more, secrets 40, signatures 64.
const MIN_CREDENTIAL_LEN: usize = 16;

/// Every credential string a response to `sent` could echo: the secret, the
/// session token, the request's signature and the access key id.
///
/// Responses are also what the scenarios read, so only strings that are
/// real credentials are scrubbed: placeholders such as `test` are too
/// short to be one, and a 12-digit access key is, by the emulators'
/// convention, an account ID that rightly appears in every ARN.
pub(super) fn secrets(credentials: &Credentials, sent: &[(String, String)]) -> Vec<String> {
    // As `header` records them: a SigV4 header's signature, any other whole.
    let signatures = sent
        .iter()
        .filter(|(n, _)| n == "authorization")
        .map(|(_, v)| {
            v.parse::<Authorization>()
                .map_or_else(|_| v.clone(), |a| a.signature().to_owned())
        });
    let access_key = credentials.access_key_id();
    let account_id = access_key.bytes().all(|b| b.is_ascii_digit());
    credentials
        .secrets()
        .map(str::to_owned)
        .chain((!account_id).then(|| access_key.to_owned()))
        .chain(signatures)
        .filter(|s| s.len() >= MIN_CREDENTIAL_LEN)
        .collect()
}

/// `bytes` with every occurrence of a secret replaced by [`REDACTED`].
pub(super) fn scrub(bytes: &[u8], secrets: &[String]) -> Vec<u8> {
    scrub_as(bytes, secrets, REDACTED)
}

/// `bytes` with every occurrence of a secret replaced by `placeholder`
/// (in XML, [`REDACTED`] escaped, so the document stays well-formed).
pub(super) fn scrub_as(bytes: &[u8], secrets: &[String], placeholder: &str) -> Vec<u8> {
    let mut out = bytes.to_vec();
    for secret in secrets {
        let needle = secret.as_bytes();
        let mut scrubbed = Vec::with_capacity(out.len());
        let mut rest = out.as_slice();
        while let Some(at) = rest.windows(needle.len()).position(|w| w == needle) {
            scrubbed.extend_from_slice(&rest[..at]);
            scrubbed.extend_from_slice(placeholder.as_bytes());
            rest = &rest[at + needle.len()..];
        }
        scrubbed.extend_from_slice(rest);
        out = scrubbed;
    }
    out
}

/// `text` with every occurrence of a secret replaced by [`REDACTED`].
pub(super) fn scrub_text(text: &str, secrets: &[String]) -> String {
    secrets.iter().fold(text.to_owned(), |text, secret| {
        text.replace(secret.as_str(), REDACTED)
    })
}

/// A sent header as it is recorded. `Authorization` keeps what a reader
/// needs to diagnose a signature (scope, signed headers) and drops what
/// would let anyone reuse it (access key, signature); one that is not
/// SigV4 is dropped whole, since which part of it is a credential cannot be
/// told. The session token is dropped.
pub(super) fn header((name, value): (String, String)) -> (String, String) {
    let value = match name.as_str() {
        "authorization" => value
            .parse::<Authorization>()
            .map_or_else(|_| REDACTED.to_owned(), |a| a.redacted()),
        "x-amz-security-token" => REDACTED.to_owned(),
        _ => value,
    };
    (name, value)
}

#[cfg(test)]
mod tests;
