//! Bends of [`Identifiers`]: `KeyId` forms taken or refused wrongly, key
//! ARNs read without their account or region, keys found where KMS does
//! not look (a multi-Region key ID in a region with no key of its set), another
//! account's key used, a multi-Region key made without its `mrk-` ID or with a
//! dashed UUID after it (contract rows 14 to 24, 135 and 212).

use uuid::Uuid;

use crate::stub::model::{
    Aliases, ArnScope, Caller, Identifiers, KeyAddr, Keys, is_multi_region_id,
};
use crate::wire::Operation;

/// `aliases-accepted`: every operation takes alias names and alias ARNs.
#[derive(Debug)]
pub(super) struct AliasesAccepted;

impl Identifiers for AliasesAccepted {
    fn aliases(&self, _operation: Option<Operation>, _kms: Aliases) -> Aliases {
        Aliases::Accepted
    }
}

/// `mrk-ids-refused`: a key ID parser that knows only UUIDs.
#[derive(Debug)]
pub(super) struct MrkIdsRefused;

impl Identifiers for MrkIdsRefused {
    fn is_key_id(&self, key_id: &str, kms: bool) -> bool {
        kms && !is_multi_region_id(key_id)
    }
}

/// `key-id-forms-loose`: a UUID parser that takes the undashed form, and
/// any `mrk-` name taken for a multi-Region key ID.
#[derive(Debug)]
pub(super) struct KeyIdFormsLoose;

impl Identifiers for KeyIdFormsLoose {
    fn is_key_id(&self, key_id: &str, kms: bool) -> bool {
        let undashed = key_id.len() == 32 && key_id.bytes().all(|b| b.is_ascii_hexdigit());
        kms || key_id.starts_with("mrk-") || undashed
    }
}

/// `arn-region-ignored`: a key ARN is looked up in the caller's region.
#[derive(Debug)]
pub(super) struct ArnRegionIgnored;

impl Identifiers for ArnRegionIgnored {
    fn arn_scope<'a>(&self, caller: &'a Caller, kms: ArnScope<'a>) -> ArnScope<'a> {
        ArnScope {
            region: &caller.region,
            ..kms
        }
    }
}

/// `arn-account-ignored`: a key ARN is looked up in the caller's account:
/// the caller's key with that ID is used.
#[derive(Debug)]
pub(super) struct ArnAccountIgnored;

impl Identifiers for ArnAccountIgnored {
    fn arn_scope<'a>(&self, caller: &'a Caller, kms: ArnScope<'a>) -> ArnScope<'a> {
        ArnScope {
            account: &caller.account,
            ..kms
        }
    }
}

/// `regions-shared`: a key ID is found in whichever region of the account
/// holds it.
#[derive(Debug)]
pub(super) struct RegionsShared;

impl Identifiers for RegionsShared {
    fn lookup(&self, addr: &KeyAddr, stored: &Keys, kms: Option<KeyAddr>) -> Option<KeyAddr> {
        kms.or_else(|| {
            stored
                .keys()
                .find(|k| k.account == addr.account && k.id == addr.id)
                .cloned()
        })
    }
}

/// `mrk-id-found-in-other-region`: a multi-Region key ID that names no key
/// in the request's region is looked up in the account's other regions, as
/// if the ID named the set rather than one key of it, and the key found
/// there (the primary, with no replica here) is acted on.
#[derive(Debug)]
pub(super) struct MrkIdFoundInOtherRegion;

impl Identifiers for MrkIdFoundInOtherRegion {
    fn lookup(&self, addr: &KeyAddr, stored: &Keys, kms: Option<KeyAddr>) -> Option<KeyAddr> {
        if kms.is_some() || !is_multi_region_id(&addr.id) {
            return kms;
        }
        stored
            .keys()
            .find(|k| k.account == addr.account && k.id == addr.id)
            .cloned()
    }
}

/// `cross-account-allowed`: a key ARN of another account acts on that
/// account's key.
#[derive(Debug)]
pub(super) struct CrossAccountAllowed;

impl Identifiers for CrossAccountAllowed {
    fn cross_account(&self, _kms: bool) -> bool {
        true
    }
}

/// `mrk-ids-uuid`: a multi-Region key gets a plain UUID key ID.
#[derive(Debug)]
pub(super) struct MrkIdsUuid;

impl Identifiers for MrkIdsUuid {
    fn new_key_id(&self, multi_region: bool, uuid: &Uuid, kms: String) -> String {
        if multi_region { uuid.to_string() } else { kms }
    }
}

/// `mrk-ids-dashed`: a multi-Region key ID is `mrk-` and a dashed UUID, as
/// moto makes them, and the stub takes its own IDs back.
#[derive(Debug)]
pub(super) struct MrkIdsDashed;

impl Identifiers for MrkIdsDashed {
    fn new_key_id(&self, multi_region: bool, uuid: &Uuid, kms: String) -> String {
        if multi_region {
            format!("mrk-{}", uuid.hyphenated())
        } else {
            kms
        }
    }

    fn is_key_id(&self, key_id: &str, kms: bool) -> bool {
        kms || key_id
            .strip_prefix("mrk-")
            .is_some_and(|rest| rest.len() == 36 && Uuid::try_parse(rest).is_ok())
    }
}
