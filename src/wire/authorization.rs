//! The SigV4 `Authorization` header, parsed into its parts.
//!
//! `AWS4-HMAC-SHA256 Credential=<access key>/<date>/<region>/<service>/aws4_request,
//! SignedHeaders=<name>;<name>, Signature=<hex>`: who signed (the access
//! key), where and when the signature is valid (the credential scope), what
//! it covers (the signed headers) and the signature itself. The stub reads
//! its caller from it, the wire client records it redacted, and the
//! snapshots and benchmarks read the signing region back from that record.
//!
//! Parsing checks the form, not the signature: a signature is verified
//! against the request and the secret, which only the caller of this parser
//! has. So a redacted header (`Credential=<redacted>/...`,
//! `Signature=<redacted>`) parses too.
//!
//! What is tolerated follows what AWS's own answers show: the parameters
//! come in any order, separated by commas and any whitespace (AWS splits on
//! both: `Credential= AKID/...` is refused because `AKID/...` becomes a
//! parameter without `=`). Nothing here depends on an HTTP library, and no
//! error repeats a value from the header: any of them may be a credential.

use std::fmt;
use std::str::FromStr;

use super::REDACTED;

/// The only signing algorithm KMS accepts.
pub(crate) const ALGORITHM: &str = "AWS4-HMAC-SHA256";

/// The last part of every SigV4 credential scope.
pub(crate) const TERMINATOR: &str = "aws4_request";

/// Where and when a signature is valid: `<date>/<region>/<service>/aws4_request`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CredentialScope {
    /// `YYYYMMDD`, the day of the request's `X-Amz-Date` in UTC.
    pub date: String,
    /// The region the request was signed for (`us-east-1`).
    pub region: String,
    /// The service the request was signed for (`kms`).
    pub service: String,
}

impl fmt::Display for CredentialScope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}/{}/{}/{TERMINATOR}",
            self.date, self.region, self.service
        )
    }
}

/// A well-formed SigV4 `Authorization` header value.
///
/// `Debug` shows the scope and the signed headers only: the access key and
/// the signature are credentials.
#[derive(Clone, PartialEq, Eq)]
pub struct Authorization {
    access_key_id: String,
    scope: CredentialScope,
    signed_headers: Vec<String>,
    signature: String,
}

impl Authorization {
    /// The first SigV4 `authorization` header among `headers` (names in
    /// lower case, as a [`SentRequest`](super::SentRequest) records them).
    #[must_use]
    pub fn in_headers(headers: &[(String, String)]) -> Option<Self> {
        headers
            .iter()
            .filter(|(name, _)| name == "authorization")
            .find_map(|(_, value)| value.parse().ok())
    }

    /// The access key that signed. A credential: never print it.
    #[must_use]
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// Where and when the signature is valid.
    #[must_use]
    pub fn scope(&self) -> &CredentialScope {
        &self.scope
    }

    /// The names of the headers the signature covers, as sent.
    #[must_use]
    pub fn signed_headers(&self) -> &[String] {
        &self.signed_headers
    }

    /// The signature, as sent (64 hex digits from a real signer; not
    /// checked here). A credential: never print it.
    #[must_use]
    pub fn signature(&self) -> &str {
        &self.signature
    }

    /// The header as the wire client records it: the scope and the signed
    /// headers a reader needs to diagnose a signature, without the access
    /// key and the signature that would let anyone reuse it.
    #[must_use]
    pub fn redacted(&self) -> String {
        format!(
            "{ALGORITHM} Credential={REDACTED}/{}, SignedHeaders={}, Signature={REDACTED}",
            self.scope,
            self.signed_headers.join(";")
        )
    }
}

impl fmt::Debug for Authorization {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Authorization")
            .field("scope", &self.scope)
            .field("signed_headers", &self.signed_headers)
            .finish_non_exhaustive()
    }
}

/// The three parameters of a SigV4 `Authorization` header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Parameter {
    /// `Credential=<access key>/<credential scope>`.
    Credential,
    /// `SignedHeaders=<name>;<name>`: the headers the signature covers.
    SignedHeaders,
    /// `Signature=<hex>`.
    Signature,
}

impl Parameter {
    const ALL: [Self; 3] = [Self::Credential, Self::SignedHeaders, Self::Signature];

    /// The name in the header (`SignedHeaders`).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Credential => "Credential",
            Self::SignedHeaders => "SignedHeaders",
            Self::Signature => "Signature",
        }
    }

    fn named(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.name() == name)
    }
}

/// What is wrong with an `Authorization` header value. No variant holds a
/// value from the header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuthorizationError {
    /// Another scheme than `AWS4-HMAC-SHA256` (`Basic`, a bare token), or nothing.
    NotSigV4,
    /// A parameter without `=`.
    NotKeyValue,
    /// Parameters that are not there, in the order AWS names them
    /// (`Credential`, `Signature`, `SignedHeaders`).
    Missing(Vec<Parameter>),
    /// A parameter given twice.
    Duplicate(Parameter),
    /// A parameter other than `Credential`, `SignedHeaders` and `Signature`.
    UnknownParameter,
    /// `Credential` is not five parts separated by `/`.
    CredentialParts {
        /// How many parts it has.
        found: usize,
    },
    /// The access key part of `Credential` is empty.
    EmptyAccessKey,
    /// The scope's date is not `YYYYMMDD`.
    ScopeDate,
    /// The scope's region is empty.
    EmptyRegion,
    /// The scope's service is empty.
    EmptyService,
    /// The scope does not end in `aws4_request`.
    ScopeTerminator,
    /// `SignedHeaders` is empty or has an empty name in it.
    SignedHeaders,
    /// `Signature` is empty.
    EmptySignature,
}

impl fmt::Display for AuthorizationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotSigV4 => write!(f, "the Authorization header is not {ALGORITHM}"),
            Self::NotKeyValue => f.write_str(
                "the Authorization header has a parameter without '=' (a space inside a value?)",
            ),
            Self::Missing(missing) => {
                let names: Vec<&str> = missing.iter().map(|p| p.name()).collect();
                write!(
                    f,
                    "the Authorization header has no {} parameter",
                    names.join(", ")
                )
            }
            Self::Duplicate(parameter) => {
                write!(f, "the Authorization header has {} twice", parameter.name())
            }
            Self::UnknownParameter => f.write_str(
                "the Authorization header has a parameter other than Credential, SignedHeaders \
                 and Signature",
            ),
            Self::CredentialParts { found } => write!(
                f,
                "Credential has {found} parts; it should be \
                 <access key>/<date>/<region>/<service>/{TERMINATOR}"
            ),
            Self::EmptyAccessKey => f.write_str("Credential names no access key"),
            Self::ScopeDate => f.write_str("the credential scope's date is not YYYYMMDD"),
            Self::EmptyRegion => f.write_str("the credential scope names no region"),
            Self::EmptyService => f.write_str("the credential scope names no service"),
            Self::ScopeTerminator => {
                write!(f, "the credential scope does not end in {TERMINATOR}")
            }
            Self::SignedHeaders => f.write_str(
                "SignedHeaders should name at least one header, separated by ';', none empty",
            ),
            Self::EmptySignature => f.write_str("Signature is empty"),
        }
    }
}

impl std::error::Error for AuthorizationError {}

impl FromStr for Authorization {
    type Err = AuthorizationError;

    fn from_str(value: &str) -> Result<Self, AuthorizationError> {
        let (algorithm, parameters) = value
            .trim()
            .split_once(|c: char| c.is_ascii_whitespace())
            .unwrap_or((value.trim(), ""));
        if algorithm != ALGORITHM {
            return Err(AuthorizationError::NotSigV4);
        }
        let (mut credential, mut signature, mut signed_headers) = (None, None, None);
        for token in parameters
            .split(|c: char| c == ',' || c.is_ascii_whitespace())
            .filter(|token| !token.is_empty())
        {
            let (name, value) = token
                .split_once('=')
                .ok_or(AuthorizationError::NotKeyValue)?;
            let parameter = Parameter::named(name).ok_or(AuthorizationError::UnknownParameter)?;
            let slot = match parameter {
                Parameter::Credential => &mut credential,
                Parameter::SignedHeaders => &mut signed_headers,
                Parameter::Signature => &mut signature,
            };
            if slot.replace(value).is_some() {
                return Err(AuthorizationError::Duplicate(parameter));
            }
        }
        let (Some(credential), Some(signature), Some(signed_headers)) =
            (credential, signature, signed_headers)
        else {
            let missing = [
                (Parameter::Credential, credential),
                (Parameter::Signature, signature),
                (Parameter::SignedHeaders, signed_headers),
            ]
            .into_iter()
            .filter_map(|(parameter, value)| value.is_none().then_some(parameter))
            .collect();
            return Err(AuthorizationError::Missing(missing));
        };
        let (access_key_id, scope) = parse_credential(credential)?;
        Ok(Self {
            access_key_id: access_key_id.to_owned(),
            scope,
            signed_headers: parse_signed_headers(signed_headers)?,
            signature: non_empty(signature, AuthorizationError::EmptySignature)?.to_owned(),
        })
    }
}

fn non_empty(text: &str, error: AuthorizationError) -> Result<&str, AuthorizationError> {
    if text.is_empty() {
        Err(error)
    } else {
        Ok(text)
    }
}

/// `<access key>/<date>/<region>/<service>/aws4_request`.
fn parse_credential(credential: &str) -> Result<(&str, CredentialScope), AuthorizationError> {
    let parts: Vec<&str> = credential.split('/').collect();
    let [access_key_id, date, region, service, terminator] = parts.as_slice() else {
        return Err(AuthorizationError::CredentialParts { found: parts.len() });
    };
    non_empty(access_key_id, AuthorizationError::EmptyAccessKey)?;
    if date.len() != 8 || !date.bytes().all(|b| b.is_ascii_digit()) {
        return Err(AuthorizationError::ScopeDate);
    }
    non_empty(region, AuthorizationError::EmptyRegion)?;
    non_empty(service, AuthorizationError::EmptyService)?;
    if *terminator != TERMINATOR {
        return Err(AuthorizationError::ScopeTerminator);
    }
    let scope = CredentialScope {
        date: (*date).to_owned(),
        region: (*region).to_owned(),
        service: (*service).to_owned(),
    };
    Ok((access_key_id, scope))
}

/// `content-type;host;x-amz-date`.
fn parse_signed_headers(list: &str) -> Result<Vec<String>, AuthorizationError> {
    let names: Vec<String> = list.split(';').map(str::to_owned).collect();
    if names.iter().any(String::is_empty) {
        return Err(AuthorizationError::SignedHeaders);
    }
    Ok(names)
}

#[cfg(test)]
mod tests;
