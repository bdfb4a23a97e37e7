//! `--transient-faults`: the stub answers the first call that names each
//! key with a server fault, as KMS may at any time (contract row 41:
//! `KMSInternalException` "can be retried"), so a run proves it sends such a
//! call again instead of judging it. The fault comes before the call is
//! looked at, as a throttle does, so it changes nothing.
//!
//! A key is told apart by the `KeyId` sent, as sent, with the caller's
//! account and region: a key named by its ID and then by its ARN faults
//! twice, once for each name.

use std::collections::BTreeSet;
use std::sync::{Mutex, PoisonError};

use super::model::{Call, Calls, KmsError};
use crate::wire::ErrorCode;

/// The text of the fault; never asserted.
const FAULT_MESSAGE: &str = "An internal error occurred; the request can be retried.";

/// The keys already faulted once, by (account, region, `KeyId` as sent).
#[derive(Debug, Default)]
pub(crate) struct TransientFaults(Mutex<BTreeSet<(String, String, String)>>);

impl Calls for TransientFaults {
    fn fault(&self, call: &Call<'_>, kms: Option<KmsError>) -> Option<KmsError> {
        let key_id = call.input.get("KeyId")?.as_str()?;
        let name = (
            call.caller.account.clone(),
            call.caller.region.clone(),
            key_id.to_owned(),
        );
        let first = self
            .0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(name);
        if first {
            Some(KmsError {
                status: 500,
                error_type: ErrorCode::KmsInternalException,
                message: FAULT_MESSAGE.to_owned(),
            })
        } else {
            kms
        }
    }
}

#[cfg(test)]
mod tests;
