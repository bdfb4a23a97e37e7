//! Bends of [`Authorization`]: a key policy that does not govern a call,
//! condition keys missing from the request, an evaluator that reads the
//! policy wrong, a refusal answered as something else (contract §6).

use crate::stub::model::{Access, Authorization, KmsError};
use crate::stub::policy::{Context, Decision, KeyPolicy, Request};
use crate::wire::Operation;

/// `untag-deny-not-enforced`: `UntagResource` is not authorized at all.
#[derive(Debug)]
pub(super) struct UntagDenyNotEnforced;

impl Authorization for UntagDenyNotEnforced {
    fn governs(&self, access: &Access<'_>, kms: bool) -> bool {
        kms && !access.is(Operation::UntagResource)
    }
}

/// `tag-keys-condition-ignored`: requests carry no `aws:TagKeys`, so key
/// policy conditions on it never match.
#[derive(Debug)]
pub(super) struct TagKeysConditionIgnored;

impl Authorization for TagKeysConditionIgnored {
    fn context(&self, _access: &Access<'_>, kms: Context) -> Context {
        kms.without("aws:TagKeys")
    }
}

/// `allow-overrides-deny`: an evaluator that forgets that an explicit deny
/// wins, so an `Allow` that applies lets the call through.
#[derive(Debug)]
pub(super) struct AllowOverridesDeny;

impl Authorization for AllowOverridesDeny {
    fn decide(&self, policy: &KeyPolicy, request: &Request<'_>, kms: Decision) -> Decision {
        match kms {
            Decision::ExplicitDeny(_) => policy.allowing(request).map_or(kms, Decision::Allowed),
            other => other,
        }
    }
}

/// `action-matched-as-suffix`: actions compared with `ends_with`:
/// `"kms:UntagResource".ends_with("TagResource")`, so a `Deny` of
/// `kms:TagResource` refuses untagging too (contract row 127).
#[derive(Debug)]
pub(super) struct ActionMatchedAsSuffix;

impl Authorization for ActionMatchedAsSuffix {
    fn decide(&self, policy: &KeyPolicy, request: &Request<'_>, kms: Decision) -> Decision {
        if request.action != "kms:UntagResource" || matches!(kms, Decision::ExplicitDeny(_)) {
            return kms;
        }
        let tagging = Request {
            action: "kms:TagResource",
            ..*request
        };
        match policy.evaluate(&tagging) {
            denied @ Decision::ExplicitDeny(_) => denied,
            _ => kms,
        }
    }
}

/// `denial-is-not-found`: a key policy's refusal answered as if the key
/// did not exist.
#[derive(Debug)]
pub(super) struct DenialIsNotFound;

impl Authorization for DenialIsNotFound {
    fn refusal(&self, key_arn: &str, _kms: KmsError) -> KmsError {
        KmsError::key_does_not_exist(key_arn)
    }
}

/// `denial-is-500`: an evaluator that crashes where it should refuse.
#[derive(Debug)]
pub(super) struct DenialIs500;

impl Authorization for DenialIs500 {
    fn refusal(&self, _key_arn: &str, _kms: KmsError) -> KmsError {
        KmsError::internal("the key policy could not be evaluated")
    }
}
