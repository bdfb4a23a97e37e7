//! Authenticating a request before the model sees it, as KMS does: its
//! SigV4 signature is computed again with the secret of the access key it
//! names ([`Secrets`]) and must match (contract rows 168 and 169). A
//! request with no `Authorization` is `MissingAuthenticationTokenException`,
//! one whose signature does not hold `InvalidSignatureException` (the names
//! AWS's JSON services give these refusals; KMS's own are unpublished). The
//! caller is the account of the access key and the region of the scope.

use wiremock::Request;

use super::http::caller;
use super::http_seams::Requests;
use super::model::{Bends, Caller, KmsError};
use super::secrets::Secrets;
use crate::wire::{ErrorCode, Received, VerifyError, verify};

const MISMATCH: &str = "The request signature we calculated does not match the signature you \
                        provided. Check your AWS Secret Access Key and signing method. Consult \
                        the service documentation for details.";

/// The caller `request` authenticates as, or KMS's refusal; `seam` says
/// who an unsigned request is and whether a signature is verified.
pub(super) fn authenticate(
    request: &Request,
    secrets: &Secrets,
    seam: &Bends<dyn Requests>,
) -> Result<Caller, KmsError> {
    let authorization = request
        .headers
        .get("authorization")
        .and_then(|v| v.to_str().ok());
    if authorization.is_none() {
        return seam.unsigned(caller(None));
    }
    let caller = caller(authorization)?;
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
    verify(&received, secrets.secret_for(&access_key_id))
        .map(|_| caller)
        .map_err(|e| refusal(&e))
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
