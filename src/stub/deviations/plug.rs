//! Where each deviation plugs in: the seam it bends, and the value that
//! bends it.

use super::{
    Deviation, call_outcomes as calls, identifiers as ids, key_lifecycle as life,
    policy_documents as documents, policy_evaluation as evaluation, reads, state_rules as states,
    tag_limits as limits, tag_matching as matching, untag_reach as reach, validation as members,
};
use crate::stub::model::Seams;

/// Pushes a bend into a seam.
macro_rules! plug {
    ($seam:expr, $bend:expr) => {
        $seam.push(Box::new($bend))
    };
}

impl Deviation {
    /// Plugs this deviation into the seam it bends.
    #[expect(
        clippy::too_many_lines,
        reason = "one arm per deviation, and exhaustive: the index of where each plugs in"
    )]
    pub(super) fn plug(self, seams: &mut Seams) {
        use Deviation as D;
        match self {
            D::UntagRemovesNothing => plug!(seams.tag_match, matching::UntagRemovesNothing),
            D::UntagRemovesEverything => plug!(seams.tag_match, matching::UntagRemovesEverything),
            D::UntagMatchesPrefix => plug!(seams.tag_match, matching::UntagMatchesPrefix),
            D::UntagIgnoresCase => plug!(seams.tag_match, matching::UntagIgnoresCase),
            D::UntagMatchesValues => plug!(seams.tag_match, matching::UntagMatchesValues),
            D::UntagMatchesSuffix => plug!(seams.tag_match, matching::UntagMatchesSuffix),
            D::UntagMatchesWithin => plug!(seams.tag_match, matching::UntagMatchesWithin),
            D::UntagTrimsTagKeys => plug!(seams.tag_match, matching::UntagTrimsTagKeys),
            D::UntagMatchesRegexDot => plug!(seams.tag_match, matching::UntagMatchesRegexDot),
            D::UntagMatchesLikeUnderscore => {
                plug!(seams.tag_match, matching::UntagMatchesLikeUnderscore);
            }
            D::TagOverwriteAppends => plug!(seams.tag_match, matching::TagOverwriteAppends),
            D::TagOverwriteIgnoresCase => plug!(seams.tag_match, matching::TagOverwriteIgnoresCase),
            D::UntagRemovesOnlyFirst => plug!(seams.untag_reach, reach::UntagRemovesOnlyFirst),
            D::UntagEveryKey => plug!(seams.untag_reach, reach::UntagEveryKey),
            D::UntagMissingKeyIsError => plug!(seams.untag_reach, reach::UntagMissingKeyIsError),
            D::ThrottledCallTakesEffect => plug!(seams.calls, calls::ThrottledCallTakesEffect),
            D::UntagPartialOnError => plug!(seams.calls, calls::UntagPartialOnError),
            D::UnknownKeyAccepted => plug!(seams.calls, calls::UnknownKeyAccepted),
            D::NoStateCheck => plug!(seams.key_states, states::NoStateCheck),
            D::DisabledRefused => plug!(seams.key_states, states::DisabledRefused),
            D::PendingImportRefused => plug!(seams.key_states, states::PendingImportRefused),
            D::OnlyEnabledOrDisabled => plug!(seams.key_states, states::OnlyEnabledOrDisabled),
            D::ReplicaDeletionAllowed => plug!(seams.key_states, states::ReplicaDeletionAllowed),
            D::UntagStateCheckWhenTagFound => {
                plug!(seams.key_states, states::UntagStateCheckWhenTagFound);
            }
            D::TagResourceNoStateCheck => plug!(seams.key_states, states::TagResourceNoStateCheck),
            D::TagResourceRefusedDisabled => {
                plug!(seams.key_states, states::TagResourceRefusedDisabled);
            }
            D::ListRefusedPendingDeletion => {
                plug!(seams.key_states, states::ListRefusedPendingDeletion);
            }
            D::NoLengthChecks => plug!(seams.validation, members::NoLengthChecks),
            D::KeyIdLimitOffByOne => plug!(seams.validation, members::KeyIdLimitOffByOne),
            D::TagKeyLimitOffByOne => plug!(seams.validation, members::TagKeyLimitOffByOne),
            D::TagValueLengthUnchecked => plug!(seams.validation, members::TagValueLengthUnchecked),
            D::TagValueLimitOffByOne => plug!(seams.validation, members::TagValueLimitOffByOne),
            D::UntagTagKeyLengthInBytes => {
                plug!(seams.validation, members::UntagTagKeyLengthInBytes);
            }
            D::EmptyTagKeysAccepted => plug!(seams.validation, members::EmptyTagKeysAccepted),
            D::MissingTagKeysAccepted => plug!(seams.validation, members::MissingTagKeysAccepted),
            D::TagEmptyTagsAccepted => plug!(seams.validation, members::TagEmptyTagsAccepted),
            D::TypeErrorsCoerced => plug!(seams.validation, members::TypeErrorsCoerced),
            D::KeyIdUnchecked500 => plug!(seams.validation, members::KeyIdUnchecked500),
            D::TagLimitPerRequest => plug!(seams.validation, limits::TagLimitPerRequest),
            D::TagLimitCountsKeyOnly => plug!(seams.validation, limits::TagLimitCountsKeyOnly),
            D::TagReservedPrefixAllowed => {
                plug!(seams.validation, limits::TagReservedPrefixAllowed);
            }
            D::TagReservedPrefixCaseSensitive => {
                plug!(seams.validation, limits::TagReservedPrefixCaseSensitive);
            }
            D::TagDuplicatesAllowed => plug!(seams.validation, limits::TagDuplicatesAllowed),
            D::CreateKeyDuplicateTagsAllowed => {
                plug!(seams.validation, limits::CreateKeyDuplicateTagsAllowed);
            }
            D::CreateKeyTagLimitUnchecked => {
                plug!(seams.validation, limits::CreateKeyTagLimitUnchecked);
            }
            D::UntagDenyNotEnforced => plug!(seams.authorization, evaluation::UntagDenyNotEnforced),
            D::TagKeysConditionIgnored => {
                plug!(seams.authorization, evaluation::TagKeysConditionIgnored);
            }
            D::AllowOverridesDeny => plug!(seams.authorization, evaluation::AllowOverridesDeny),
            D::ActionMatchedAsSuffix => {
                plug!(seams.authorization, evaluation::ActionMatchedAsSuffix);
            }
            D::DenialIsNotFound => plug!(seams.authorization, evaluation::DenialIsNotFound),
            D::DenialIs500 => plug!(seams.authorization, evaluation::DenialIs500),
            D::PutKeyPolicyNotStored => plug!(seams.key_policies, documents::PutKeyPolicyNotStored),
            D::MalformedPolicyAccepted => {
                plug!(seams.key_policies, documents::MalformedPolicyAccepted);
            }
            D::NoLockoutCheck => plug!(seams.key_policies, documents::NoLockoutCheck),
            D::PolicyNameRequired => plug!(seams.key_policies, documents::PolicyNameRequired),
            D::ManagedKeyUntaggable => plug!(seams.key_policies, documents::ManagedKeyUntaggable),
            D::AliasesAccepted => plug!(seams.identifiers, ids::AliasesAccepted),
            D::MrkIdsRefused => plug!(seams.identifiers, ids::MrkIdsRefused),
            D::KeyIdFormsLoose => plug!(seams.identifiers, ids::KeyIdFormsLoose),
            D::ArnRegionIgnored => plug!(seams.identifiers, ids::ArnRegionIgnored),
            D::ArnAccountIgnored => plug!(seams.identifiers, ids::ArnAccountIgnored),
            D::RegionsShared => plug!(seams.identifiers, ids::RegionsShared),
            D::CrossAccountAllowed => plug!(seams.identifiers, ids::CrossAccountAllowed),
            D::MrkIdsUuid => plug!(seams.identifiers, ids::MrkIdsUuid),
            D::ExternalOriginEnabled => plug!(seams.lifecycle, life::ExternalOriginEnabled),
            D::CancelDeletionEnables => plug!(seams.lifecycle, life::CancelDeletionEnables),
            D::PrimaryPendingDeletion => plug!(seams.lifecycle, life::PrimaryPendingDeletion),
            D::ReplicateCopiesTags => plug!(seams.lifecycle, life::ReplicateCopiesTags),
            D::MrkTagsShared => plug!(seams.lifecycle, life::MrkTagsShared),
            D::ReplicasDescribedAsPrimary => {
                plug!(seams.lifecycle, life::ReplicasDescribedAsPrimary);
            }
            D::StaleReads => plug!(seams.reads, reads::StaleReads),
            D::ListIgnoresLimit => plug!(seams.reads, reads::ListIgnoresLimit),
            D::ListTruncatedWhenFull => plug!(seams.reads, reads::ListTruncatedWhenFull),
            D::ListMarkerAdvancesByOne => plug!(seams.reads, reads::ListMarkerAdvancesByOne),
            // Not on a seam yet: the model still asks for them by name.
            _ => {}
        }
    }
}
