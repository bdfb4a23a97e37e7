//! Authenticating a request before the model sees it, as KMS does: its
//! SigV4 signature is computed again with the secret of the access key it
//! names ([`Secrets`], or a role session's, which STS handed out) and must
//! match (contract rows 168 and 169). A request with no `Authorization` is
//! `MissingAuthenticationTokenException`, one whose signature does not hold
//! `InvalidSignatureException` (the names AWS's JSON services give these
//! refusals; KMS's own are unpublished). A role session's request must
//! carry its session token, `UnrecognizedClientException` otherwise, and
//! be made before the session expires, `ExpiredTokenException` after
//! (contract row 198; the words are recorded on KMS). The caller is the
//! account of the access key (a session's role's), the region of the scope,
//! and the user or the role session that signed.

use std::sync::{Mutex, PoisonError};
use std::time::SystemTime;

use wiremock::Request;

use super::http::caller;
use super::http_seams::Requests;
use super::identity::Identities;
use super::model::{Bends, Caller, KmsError};
use super::secrets::Secrets;
use crate::wire::{ErrorCode, Received, VerifyError, verify};

/// The secrets a signature is checked with: the configured access keys',
/// and those of the role sessions STS handed out.
#[derive(Clone, Copy, Debug)]
pub(super) struct Keys<'a> {
    /// Every access key's secret but a session's.
    pub(super) secrets: &'a Secrets,
    /// IAM and STS, which know the sessions.
    pub(super) identities: &'a Mutex<Identities>,
}

const MISMATCH: &str = "The request signature we calculated does not match the signature you \
                        provided. Check your AWS Secret Access Key and signing method. Consult \
                        the service documentation for details.";

/// The caller `request`, signed for `service`, authenticates as, or KMS's
/// refusal; `seam` says who an unsigned request is and whether a signature
/// is verified.
pub(super) fn authenticate(
    request: &Request,
    keys: Keys<'_>,
    service: &str,
    seam: &Bends<dyn Requests>,
) -> Result<Caller, KmsError> {
    let authorization = request
        .headers
        .get("authorization")
        .and_then(|v| v.to_str().ok());
    if authorization.is_none() {
        return seam.unsigned(caller(None, service));
    }
    let mut caller = caller(authorization, service)?;
    let access_key_id = authorization
        .and_then(|a| a.parse::<crate::wire::Authorization>().ok())
        .map(|a| a.access_key_id().to_owned())
        .unwrap_or_default();
    let now = SystemTime::now();
    let session = {
        let identities = keys
            .identities
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        identities
            .session_key(&access_key_id)
            .zip(identities.identity(&access_key_id, now))
    };
    if let Some((key, identity)) = &session {
        caller.account.clone_from(&key.account);
        caller.identity = identity.clone();
    }
    if !seam.verifies(true) {
        return Ok(caller);
    }
    let headers: Vec<(String, String)> = request
        .headers
        .iter()
        .map(|(name, value)| {
            (
                name.as_str().to_owned(),
                String::from_utf8_lossy(value.as_bytes()).into_owned(),
            )
        })
        .collect();
    let received = Received {
        method: request.method.as_str(),
        url: request.url.as_str(),
        headers: &headers,
        body: &request.body,
    };
    let access_key_id = crate::wire::access_key_id(&received).map_err(|e| refusal(&e))?;
    let secret = session.as_ref().map_or_else(
        || keys.secrets.secret_for(&access_key_id),
        |(key, _)| key.secret.as_str(),
    );
    verify(&received, secret).map_err(|e| refusal(&e))?;
    if let Some((key, _)) = &session {
        let token = request
            .headers
            .get("x-amz-security-token")
            .and_then(|v| v.to_str().ok());
        if token != Some(key.token.as_str()) {
            return Err(KmsError::client(
                ErrorCode::UnrecognizedClientException,
                "The security token included in the request is invalid.",
            ));
        }
        if now >= key.expires {
            return Err(KmsError::client(
                ErrorCode::ExpiredTokenException,
                "The security token included in the request is expired",
            ));
        }
    }
    Ok(caller)
}

/// How KMS words a signature that does not hold; never a value from the
/// request, any of which may be a credential.
fn refusal(error: &VerifyError) -> KmsError {
    match error {
        VerifyError::Missing => KmsError::client(
            ErrorCode::MissingAuthenticationTokenException,
            "Missing Authentication Token",
        ),
        VerifyError::BadDate => KmsError::client(
            ErrorCode::IncompleteSignatureException,
            "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
        ),
        VerifyError::ScopeDateMismatch => KmsError::client(
            ErrorCode::InvalidSignatureException,
            "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date \
             from HTTP.",
        ),
        VerifyError::Malformed(_)
        | VerifyError::SignedHeaderMissing(_)
        | VerifyError::Mismatch
        | VerifyError::Unsignable => {
            KmsError::client(ErrorCode::InvalidSignatureException, MISMATCH)
        }
    }
}

#[cfg(test)]
mod tests;
