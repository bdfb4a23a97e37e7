//! Verifying a received request's SigV4 signature, as KMS does.
//!
//! The receiver (the built-in stub; a proxy check that the upstream got a
//! valid signature) knows the secret of the access key the request names.
//! Verification signs the request again with that secret, at the request's
//! own `X-Amz-Date`, over exactly the headers its `Authorization` lists as
//! signed, and compares the two signatures. Nothing here knows an HTTP
//! library: a request is its method, URL, headers and body bytes.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::authorization::{Authorization, AuthorizationError};
use super::sigv4::{self, Credentials, Signable};

/// A request as it was received.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Received<'a> {
    /// `POST`.
    pub method: &'a str,
    /// The URL it was sent to; its path and query are signed, its host only
    /// when no `host` header is among `headers`.
    pub url: &'a str,
    /// Every header as received, names in any case.
    pub headers: &'a [(String, String)],
    /// The body bytes as received.
    pub body: &'a [u8],
}

/// Why a request's signature does not hold. No variant carries a value
/// from the request: any of them may be a credential.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum VerifyError {
    /// No `Authorization` header at all.
    Missing,
    /// An `Authorization` header that is not a well-formed SigV4 one.
    Malformed(AuthorizationError),
    /// No `X-Amz-Date` header, or one that is not `YYYYMMDDTHHMMSSZ`.
    BadDate,
    /// The credential scope's date is not the day of `X-Amz-Date`.
    ScopeDateMismatch,
    /// A header the signature says it covers is not in the request.
    SignedHeaderMissing(String),
    /// Signed again with the secret, the request gives another signature:
    /// a wrong secret, or a request changed after it was signed.
    Mismatch,
    /// The request could not be signed again (a header value that is not
    /// visible ASCII).
    Unsignable,
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Missing => f.write_str("the request has no Authorization header"),
            Self::Malformed(error) => error.fmt(f),
            Self::BadDate => {
                f.write_str("X-Amz-Date is missing or not of the form YYYYMMDDTHHMMSSZ")
            }
            Self::ScopeDateMismatch => {
                f.write_str("the credential scope's date is not the day of X-Amz-Date")
            }
            Self::SignedHeaderMissing(name) => {
                write!(f, "the signed header {name} is not in the request")
            }
            Self::Mismatch => f.write_str(
                "the request signature we calculated does not match the signature provided",
            ),
            Self::Unsignable => f.write_str("the request cannot be signed again to check it"),
        }
    }
}

impl std::error::Error for VerifyError {}

/// Checks `request`'s signature with `secret`, the secret of the access key
/// it names; the parsed `Authorization` when it holds.
///
/// The caller looks the secret up by [`access_key_id`] first: an unknown
/// access key is its own refusal (`UnrecognizedClientException` in KMS).
///
/// # Errors
/// Why the signature does not hold.
pub(crate) fn verify(request: &Received<'_>, secret: &str) -> Result<Authorization, VerifyError> {
    let authorization = authorization(request)?;
    let date = header(request.headers, "x-amz-date").ok_or(VerifyError::BadDate)?;
    let time = parse_amz_date(date).ok_or(VerifyError::BadDate)?;
    if !date.starts_with(&authorization.scope().date) {
        return Err(VerifyError::ScopeDateMismatch);
    }
    // Exactly the signed headers, in the order given. X-Amz-Date is added
    // back by the signer from `time`; a session token is signed as the
    // ordinary header it is.
    let mut signed = Vec::new();
    for name in authorization.signed_headers() {
        if name == "x-amz-date" {
            continue;
        }
        let value = header(request.headers, name)
            .ok_or_else(|| VerifyError::SignedHeaderMissing(name.clone()))?;
        signed.push((name.clone(), value.trim().to_owned()));
    }
    let credentials = Credentials::new(authorization.access_key_id(), secret, None);
    let scope = authorization.scope();
    let again = sigv4::sign_exactly(
        &Signable {
            method: request.method,
            url: request.url,
            headers: &signed,
            body: request.body,
        },
        &credentials,
        &scope.region,
        &scope.service,
        time,
    )
    .map_err(|_| VerifyError::Unsignable)?;
    let again = again
        .iter()
        .find(|(name, _)| *name == "authorization")
        .and_then(|(_, value)| value.parse::<Authorization>().ok())
        .ok_or(VerifyError::Unsignable)?;
    if again.signature() == authorization.signature()
        && again.signed_headers() == authorization.signed_headers()
    {
        Ok(authorization)
    } else {
        Err(VerifyError::Mismatch)
    }
}

/// The access key a request names, to look its secret up before
/// [`verify`]ing it.
///
/// # Errors
/// No `Authorization` header, or one that is not SigV4.
pub(crate) fn access_key_id(request: &Received<'_>) -> Result<String, VerifyError> {
    Ok(authorization(request)?.access_key_id().to_owned())
}

fn authorization(request: &Received<'_>) -> Result<Authorization, VerifyError> {
    header(request.headers, "authorization")
        .ok_or(VerifyError::Missing)?
        .parse()
        .map_err(VerifyError::Malformed)
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// `20150830T123600Z` as a time.
fn parse_amz_date(text: &str) -> Option<SystemTime> {
    let bytes = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| -> Option<u64> {
        let part = text.get(range)?;
        part.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    if bytes.len() != 16 || bytes[8] != b'T' || bytes[15] != b'Z' {
        return None;
    }
    let (year, month, day) = (digits(0..4)?, digits(4..6)?, digits(6..8)?);
    let (hour, minute, second) = (digits(9..11)?, digits(11..13)?, digits(13..15)?);
    if !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let days = days_from_civil(year, month, day)?;
    Some(UNIX_EPOCH + Duration::from_secs(days * 86_400 + hour * 3600 + minute * 60 + second))
}

/// Days from 1970-01-01 to a date of the proleptic Gregorian calendar
/// (Howard Hinnant's `days_from_civil`), for dates from 1970 on.
fn days_from_civil(year: u64, month: u64, day: u64) -> Option<u64> {
    let year = if month <= 2 {
        year.checked_sub(1)?
    } else {
        year
    };
    let era = year / 400;
    let year_of_era = year - era * 400;
    let month_index = if month > 2 { month - 3 } else { month + 9 };
    let day_of_year = (153 * month_index + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    (era * 146_097 + day_of_era).checked_sub(719_468)
}

#[cfg(test)]
mod tests;
