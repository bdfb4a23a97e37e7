//! Bends of [`Requests`]: a target routed without its service prefix, an
//! unsigned request served, a signature never checked (contract rows 168,
//! 169 and 178).

use crate::stub::http::{CONTROL_PREFIX, DEFAULT_ACCOUNT};
use crate::stub::http_seams::Requests;
use crate::stub::model::{Caller, KmsError};
use crate::wire::Operation;

/// `target-prefix-ignored`: routing on what follows the last dot of
/// `X-Amz-Target`, as moto does, so any service's prefix reaches KMS's
/// operation of that name (the stub's own control prefix aside).
#[derive(Debug)]
pub(super) struct TargetPrefixIgnored;

impl Requests for TargetPrefixIgnored {
    fn operation(&self, target: &str, kms: Option<Operation>) -> Option<Operation> {
        kms.or_else(|| {
            let name = target.rsplit('.').next().unwrap_or_default();
            (!target.starts_with(CONTROL_PREFIX))
                .then(|| name.parse().ok())
                .flatten()
        })
    }
}

/// `unsigned-accepted`: a request with no `Authorization` is served, as the
/// default account in `us-east-1`, the region emulators default to.
#[derive(Debug)]
pub(super) struct UnsignedAccepted;

impl Requests for UnsignedAccepted {
    fn unsigned(&self, _kms: Result<Caller, KmsError>) -> Result<Caller, KmsError> {
        Ok(Caller::user(DEFAULT_ACCOUNT, "us-east-1"))
    }
}

/// `signature-unchecked`: the signature is never verified: a request
/// signed with the wrong secret is served.
#[derive(Debug)]
pub(super) struct SignatureUnchecked;

impl Requests for SignatureUnchecked {
    fn verifies(&self, _kms: bool) -> bool {
        false
    }
}
