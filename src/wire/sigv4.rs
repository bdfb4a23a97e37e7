//! SigV4 signing of a request about to go on the wire, with `aws-sigv4`.
//!
//! Every header present when [`sign`] runs is signed (except those
//! `aws-sigv4` always leaves out: authorization, user-agent, x-amzn-trace-id,
//! transfer-encoding), and `host` comes from the URL, port included, exactly
//! as hyper will send it. So: set every header first, sign last.

use std::fmt;
use std::time::SystemTime;

use aws_credential_types::Credentials as AwsCredentials;
use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign as aws_sign};
use aws_sigv4::sign::v4;

/// Static credentials for one caller.
///
/// `Debug` shows nothing but whether a session token is present: a credential
/// must never reach a terminal, a report or a snapshot.
#[derive(Clone)]
pub struct Credentials {
    access_key_id: String,
    secret_access_key: String,
    session_token: Option<String>,
}

impl Credentials {
    /// Credentials from their three parts.
    #[must_use]
    pub fn new(
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
        session_token: Option<String>,
    ) -> Self {
        Self {
            access_key_id: access_key_id.into(),
            secret_access_key: secret_access_key.into(),
            session_token: session_token.filter(|t| !t.is_empty()),
        }
    }

    /// The same access key and session token with another secret: a caller
    /// whose signature the target must refuse.
    #[must_use]
    pub fn with_secret(&self, secret_access_key: &str) -> Self {
        Self {
            secret_access_key: secret_access_key.to_owned(),
            ..self.clone()
        }
    }

    /// The access key id. Only the stub's account mapping and the signer read it.
    #[must_use]
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// Every secret string these credentials hold, for redaction and leak scans.
    pub fn secrets(&self) -> impl Iterator<Item = &str> {
        [
            Some(self.secret_access_key.as_str()),
            self.session_token.as_deref(),
        ]
        .into_iter()
        .flatten()
    }

    fn to_aws(&self) -> AwsCredentials {
        AwsCredentials::new(
            &self.access_key_id,
            &self.secret_access_key,
            self.session_token.clone(),
            None,
            "kms-conformance",
        )
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("session_token", &self.session_token.is_some())
            .finish_non_exhaustive()
    }
}

/// What to sign: the parts of an HTTP request SigV4 covers.
#[derive(Debug)]
pub struct Signable<'a> {
    /// The HTTP method (`POST`).
    pub method: &'a str,
    /// The full, already-encoded URL.
    pub url: &'a str,
    /// The request's headers. [`sign`] signs them all but the few
    /// `aws-sigv4` leaves out by default (`user-agent`, say); `host` comes
    /// from the URL.
    pub headers: &'a [(String, String)],
    /// The body bytes, hashed into the signature.
    pub body: &'a [u8],
}

/// The headers signing adds: `x-amz-date`, `authorization` and, with a
/// session token, `x-amz-security-token`.
pub(crate) type SignatureHeaders = Vec<(&'static str, String)>;

/// Why a request could not be signed: `aws-sigv4`'s reason, which names a
/// header or the URL, never a credential.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SigningError {
    cause: String,
}

impl SigningError {
    fn new(cause: impl fmt::Display) -> Self {
        Self {
            cause: cause.to_string(),
        }
    }
}

impl fmt::Display for SigningError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot sign: {}", self.cause)
    }
}

impl std::error::Error for SigningError {}

/// Signs `request` for `service` in `region` at `time`.
///
/// # Errors
/// When a header value is not visible ASCII or the URL cannot be signed.
pub fn sign(
    request: &Signable<'_>,
    credentials: &Credentials,
    region: &str,
    service: &str,
    time: SystemTime,
) -> Result<SignatureHeaders, SigningError> {
    sign_with(
        request,
        credentials,
        (region, service, time),
        SigningSettings::default(),
    )
}

/// Signs `request` over every header it has, none left out: what a
/// verifier needs to sign exactly the headers a received signature lists.
///
/// # Errors
/// As [`sign`].
pub(super) fn sign_exactly(
    request: &Signable<'_>,
    credentials: &Credentials,
    region: &str,
    service: &str,
    time: SystemTime,
) -> Result<SignatureHeaders, SigningError> {
    let mut settings = SigningSettings::default();
    settings.excluded_headers = None;
    sign_with(request, credentials, (region, service, time), settings)
}

fn sign_with(
    request: &Signable<'_>,
    credentials: &Credentials,
    (region, service, time): (&str, &str, SystemTime),
    settings: SigningSettings,
) -> Result<SignatureHeaders, SigningError> {
    let identity = credentials.to_aws().into();
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(region)
        .name(service)
        .time(time)
        .settings(settings)
        .build()
        .map_err(SigningError::new)?
        .into();
    let signable = SignableRequest::new(
        request.method,
        request.url,
        request
            .headers
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str())),
        SignableBody::Bytes(request.body),
    )
    .map_err(SigningError::new)?;
    let (instructions, _signature) = aws_sign(signable, &params)
        .map_err(SigningError::new)?
        .into_parts();
    let (headers, _query) = instructions.into_parts();
    Ok(headers
        .into_iter()
        .map(|h| (h.name(), h.value().to_owned()))
        .collect())
}

#[cfg(test)]
mod tests;
