//! Where each deviation plugs in: the seam it bends, and the value that
//! bends it.

use super::{
    Deviation, admission, answer_words as words, call_outcomes as calls, identifiers as ids,
    identity_policies as iam, key_lifecycle as life, policy_documents as documents,
    policy_evaluation as evaluation, policy_reading as grammar, reads, reply_shape as shape,
    state_rules as states, tag_limits as limits, tag_matching as matching, untag_reach as reach,
    validation as members,
};
use crate::stub::StubSeams;

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
    pub(super) fn plug(self, seams: &mut StubSeams) {
        use Deviation as D;
        match self {
            D::UntagRemovesNothing => plug!(seams.model.tag_match, matching::UntagRemovesNothing),
            D::UntagRemovesEverything => {
                plug!(seams.model.tag_match, matching::UntagRemovesEverything);
            }
            D::UntagMatchesPrefix => plug!(seams.model.tag_match, matching::UntagMatchesPrefix),
            D::UntagIgnoresCase => plug!(seams.model.tag_match, matching::UntagIgnoresCase),
            D::UntagMatchesValues => plug!(seams.model.tag_match, matching::UntagMatchesValues),
            D::UntagMatchesSuffix => plug!(seams.model.tag_match, matching::UntagMatchesSuffix),
            D::UntagMatchesWithin => plug!(seams.model.tag_match, matching::UntagMatchesWithin),
            D::UntagTrimsTagKeys => plug!(seams.model.tag_match, matching::UntagTrimsTagKeys),
            D::UntagMatchesRegexDot => plug!(seams.model.tag_match, matching::UntagMatchesRegexDot),
            D::UntagMatchesLikeUnderscore => {
                plug!(seams.model.tag_match, matching::UntagMatchesLikeUnderscore);
            }
            D::UntagFormDecodesKeys => {
                plug!(seams.model.tag_match, matching::UntagFormDecodesKeys);
            }
            D::UntagFoldsUnicodeCase => {
                plug!(seams.model.tag_match, matching::UntagFoldsUnicodeCase);
            }
            D::UntagCollapsesInnerSpace => {
                plug!(seams.model.tag_match, matching::UntagCollapsesInnerSpace);
            }
            D::TagOverwriteAppends => plug!(seams.model.tag_match, matching::TagOverwriteAppends),
            D::TagOverwriteIgnoresCase => {
                plug!(seams.model.tag_match, matching::TagOverwriteIgnoresCase);
            }
            D::UntagRemovesOnlyFirst => {
                plug!(seams.model.untag_reach, reach::UntagRemovesOnlyFirst);
            }
            D::UntagEveryKey => plug!(seams.model.untag_reach, reach::UntagEveryKey),
            D::RemovedTagReturns => plug!(seams.model.untag_reach, reach::RemovedTagReturns),
            D::SuccessBodyWhenNothingRemoved => {
                plug!(
                    seams.model.untag_reach,
                    reach::SuccessBodyWhenNothingRemoved
                );
            }
            D::UntagLeavesTagsCounted => {
                plug!(seams.model.untag_reach, reach::UntagLeavesTagsCounted);
            }
            D::LateExtraRemoval => plug!(seams.model.untag_reach, reach::LateExtraRemoval),
            D::UntagMissingKeyIsError => {
                plug!(seams.model.untag_reach, reach::UntagMissingKeyIsError);
            }
            D::ThrottledCallTakesEffect => {
                plug!(seams.model.calls, calls::ThrottledCallTakesEffect);
            }
            D::ThrottledUntagTakesEffect => {
                plug!(
                    seams.model.calls,
                    calls::ThrottledUntagTakesEffect::default()
                );
            }
            D::UntagBurstWedgesKey => {
                plug!(seams.model.calls, calls::UntagBurstWedgesKey::default());
            }
            D::UntagPartialOnError => plug!(seams.model.calls, calls::UntagPartialOnError),
            D::UnknownKeyAccepted => plug!(seams.model.calls, calls::UnknownKeyAccepted),
            D::NoStateCheck => plug!(seams.model.key_states, states::NoStateCheck),
            D::DisabledRefused => plug!(seams.model.key_states, states::DisabledRefused),
            D::PendingImportRefused => plug!(seams.model.key_states, states::PendingImportRefused),
            D::OnlyEnabledOrDisabled => {
                plug!(seams.model.key_states, states::OnlyEnabledOrDisabled);
            }
            D::ReplicaDeletionAllowed => {
                plug!(seams.model.key_states, states::ReplicaDeletionAllowed);
            }
            D::UntagStateCheckWhenTagFound => {
                plug!(seams.model.key_states, states::UntagStateCheckWhenTagFound);
            }
            D::TagResourceNoStateCheck => {
                plug!(seams.model.key_states, states::TagResourceNoStateCheck);
            }
            D::TagResourceRefusedDisabled => {
                plug!(seams.model.key_states, states::TagResourceRefusedDisabled);
            }
            D::ListRefusedPendingDeletion => {
                plug!(seams.model.key_states, states::ListRefusedPendingDeletion);
            }
            D::NoLengthChecks => plug!(seams.model.validation, members::NoLengthChecks),
            D::KeyIdLimitOffByOne => plug!(seams.model.validation, members::KeyIdLimitOffByOne),
            D::TagKeyLimitOffByOne => plug!(seams.model.validation, members::TagKeyLimitOffByOne),
            D::TagValueLengthUnchecked => {
                plug!(seams.model.validation, members::TagValueLengthUnchecked);
            }
            D::TagValueLimitOffByOne => {
                plug!(seams.model.validation, members::TagValueLimitOffByOne);
            }
            D::UntagTagKeyLengthInBytes => {
                plug!(seams.model.validation, members::UntagTagKeyLengthInBytes);
            }
            D::EmptyTagKeysAccepted => plug!(seams.model.validation, members::EmptyTagKeysAccepted),
            D::MissingTagKeysAccepted => {
                plug!(seams.model.validation, members::MissingTagKeysAccepted);
            }
            D::TagEmptyTagsAccepted => plug!(seams.model.validation, members::TagEmptyTagsAccepted),
            D::TypeErrorsCoerced => plug!(seams.model.validation, members::TypeErrorsCoerced),
            D::KeyIdUnchecked500 => plug!(seams.model.validation, members::KeyIdUnchecked500),
            D::TagLimitPerRequest => plug!(seams.model.validation, limits::TagLimitPerRequest),
            D::TagLimitCountsKeyOnly => {
                plug!(seams.model.validation, limits::TagLimitCountsKeyOnly);
            }
            D::TagReservedPrefixAllowed => {
                plug!(seams.model.validation, limits::TagReservedPrefixAllowed);
            }
            D::TagReservedPrefixCaseSensitive => {
                plug!(
                    seams.model.validation,
                    limits::TagReservedPrefixCaseSensitive
                );
            }
            D::TagDuplicatesAllowed => plug!(seams.model.validation, limits::TagDuplicatesAllowed),
            D::CreateKeyDuplicateTagsAllowed => {
                plug!(
                    seams.model.validation,
                    limits::CreateKeyDuplicateTagsAllowed
                );
            }
            D::CreateKeyTagLimitUnchecked => {
                plug!(seams.model.validation, limits::CreateKeyTagLimitUnchecked);
            }
            D::UntagDenyNotEnforced => {
                plug!(seams.model.authorization, evaluation::UntagDenyNotEnforced);
            }
            D::TagKeysConditionIgnored => {
                plug!(
                    seams.model.authorization,
                    evaluation::TagKeysConditionIgnored
                );
            }
            D::AllowOverridesDeny => {
                plug!(seams.model.authorization, evaluation::AllowOverridesDeny);
            }
            D::ActionMatchedAsSuffix => {
                plug!(seams.model.authorization, evaluation::ActionMatchedAsSuffix);
            }
            D::PrincipalIgnored => plug!(seams.model.authorization, grammar::PrincipalIgnored),
            D::SetOperatorsSwapped => {
                plug!(seams.model.authorization, grammar::SetOperatorsSwapped);
            }
            D::ForAllValuesNotVacuous => {
                plug!(seams.model.authorization, grammar::ForAllValuesNotVacuous);
            }
            D::ForAnyValueTrueOnEmpty => {
                plug!(seams.model.authorization, grammar::ForAnyValueTrueOnEmpty);
            }
            D::ActionNamesCaseSensitive => {
                plug!(seams.model.authorization, grammar::ActionNamesCaseSensitive);
            }
            D::ConditionKeysCaseSensitive => {
                plug!(
                    seams.model.authorization,
                    grammar::ConditionKeysCaseSensitive
                );
            }
            D::ConditionValuesIgnoreCase => {
                plug!(
                    seams.model.authorization,
                    grammar::ConditionValuesIgnoreCase
                );
            }
            D::IgnoreCaseOperatorExact => {
                plug!(seams.model.authorization, grammar::IgnoreCaseOperatorExact);
            }
            D::DenialIsNotFound => plug!(seams.model.authorization, evaluation::DenialIsNotFound),
            D::DenialIs500 => plug!(seams.model.authorization, evaluation::DenialIs500),
            D::IdentityPolicyIgnored => plug!(seams.model.identities, iam::IdentityPolicyIgnored),
            D::ResourceTagAtRoleCreation => {
                plug!(seams.model.identities, iam::ResourceTagAtRoleCreation);
            }
            D::ResourceTagAtKeyCreation => {
                plug!(seams.model.identities, iam::ResourceTagAtKeyCreation);
            }
            D::IdentityDenyOverriddenByKeyPolicy => {
                plug!(
                    seams.model.identities,
                    iam::IdentityDenyOverriddenByKeyPolicy
                );
            }
            D::AssumedRoleAsAccountRoot => {
                plug!(seams.model.identities, iam::AssumedRoleAsAccountRoot);
            }
            D::SessionPolicyIgnored => plug!(seams.model.identities, iam::SessionPolicyIgnored),
            D::TagKeysIgnoredInIdentityPolicies => {
                plug!(
                    seams.model.identities,
                    iam::TagKeysIgnoredInIdentityPolicies
                );
            }
            D::PutKeyPolicyNotStored => {
                plug!(seams.model.key_policies, documents::PutKeyPolicyNotStored);
            }
            D::MalformedPolicyAccepted => {
                plug!(seams.model.key_policies, documents::MalformedPolicyAccepted);
            }
            D::NoLockoutCheck => plug!(seams.model.key_policies, documents::NoLockoutCheck),
            D::PolicyNameRequired => plug!(seams.model.key_policies, documents::PolicyNameRequired),
            D::ManagedKeyUntaggable => {
                plug!(seams.model.key_policies, documents::ManagedKeyUntaggable);
            }
            D::AliasesAccepted => plug!(seams.model.identifiers, ids::AliasesAccepted),
            D::MrkIdsRefused => plug!(seams.model.identifiers, ids::MrkIdsRefused),
            D::KeyIdFormsLoose => plug!(seams.model.identifiers, ids::KeyIdFormsLoose),
            D::ArnRegionIgnored => plug!(seams.model.identifiers, ids::ArnRegionIgnored),
            D::ArnAccountIgnored => plug!(seams.model.identifiers, ids::ArnAccountIgnored),
            D::RegionsShared => plug!(seams.model.identifiers, ids::RegionsShared),
            D::MrkIdFoundInOtherRegion => {
                plug!(seams.model.identifiers, ids::MrkIdFoundInOtherRegion);
            }
            D::CrossAccountAllowed => plug!(seams.model.identifiers, ids::CrossAccountAllowed),
            D::MrkIdsUuid => plug!(seams.model.identifiers, ids::MrkIdsUuid),
            D::MrkIdsDashed => plug!(seams.model.identifiers, ids::MrkIdsDashed),
            D::ExternalOriginEnabled => plug!(seams.model.lifecycle, life::ExternalOriginEnabled),
            D::CancelDeletionEnables => plug!(seams.model.lifecycle, life::CancelDeletionEnables),
            D::PrimaryPendingDeletion => plug!(seams.model.lifecycle, life::PrimaryPendingDeletion),
            D::ReplicateCopiesTags => plug!(seams.model.lifecycle, life::ReplicateCopiesTags),
            D::MrkTagsShared => plug!(seams.model.lifecycle, life::MrkTagsShared),
            D::ReplicasDescribedAsPrimary => {
                plug!(seams.model.lifecycle, life::ReplicasDescribedAsPrimary);
            }
            D::ReplicateUnknownKeyUnsupported => {
                plug!(seams.wire.responses, words::ReplicateUnknownKeyUnsupported);
                plug!(seams.model.lifecycle, life::ReplicateCopiesTags);
            }
            D::StaleReads => plug!(seams.model.reads, reads::StaleReads),
            D::ListIgnoresLimit => plug!(seams.model.reads, reads::ListIgnoresLimit),
            D::ListTruncatedWhenFull => plug!(seams.model.reads, reads::ListTruncatedWhenFull),
            D::ListMarkerAdvancesByOne => plug!(seams.model.reads, reads::ListMarkerAdvancesByOne),
            D::TargetPrefixIgnored => plug!(seams.wire.requests, admission::TargetPrefixIgnored),
            D::UnsignedAccepted => plug!(seams.wire.requests, admission::UnsignedAccepted),
            D::SignatureUnchecked => plug!(seams.wire.requests, admission::SignatureUnchecked),
            D::ScheduleDeletionEchoesId => {
                plug!(seams.wire.responses, words::ScheduleDeletionEchoesId);
            }
            D::ManagedKeyIsCustomer => plug!(seams.wire.responses, words::ManagedKeyIsCustomer),
            D::ScheduleDeletionKeepsEnabled => {
                plug!(seams.wire.responses, words::ScheduleDeletionKeepsEnabled);
            }
            D::DescribeNoDeletionDate => {
                plug!(seams.wire.responses, words::DescribeNoDeletionDate);
            }
            D::ListTagsNullWhenEmpty => plug!(seams.wire.responses, words::ListTagsNullWhenEmpty),
            D::ListTagsAbsentWhenEmpty => {
                plug!(seams.wire.responses, words::ListTagsAbsentWhenEmpty);
            }
            D::ListNextMarkerNull => plug!(seams.wire.responses, words::ListNextMarkerNull),
            D::StateMessageUsesIdSent => {
                plug!(seams.wire.responses, words::StateMessageUsesIdSent);
            }
            D::UntagStateMessageUsesIdSent => {
                plug!(seams.wire.responses, words::UntagStateMessageUsesIdSent);
            }
            D::NotFoundNamesIdSent => plug!(seams.wire.responses, words::NotFoundNamesIdSent),
            D::InvalidKeyIdUnquoted => plug!(seams.wire.responses, words::InvalidKeyIdUnquoted),
            D::TagValidationMessageDiffers => {
                plug!(seams.wire.responses, words::TagValidationMessageDiffers);
            }
            D::NotFoundIsInvalidArn => plug!(seams.wire.responses, words::NotFoundIsInvalidArn),
            D::MalformedArn500 => plug!(seams.wire.responses, words::MalformedArn500),
            D::NotFoundIs404 => plug!(seams.wire.responses, words::NotFoundIs404),
            D::InvalidStateIs409 => plug!(seams.wire.responses, words::InvalidStateIs409),
            D::ErrorsAre500 => plug!(seams.wire.responses, words::ErrorsAre500),
            D::SuccessBodyEcho => plug!(seams.wire.responses, shape::SuccessBodyEcho),
            D::SuccessBodyEmptyObject => plug!(seams.wire.responses, shape::SuccessBodyEmptyObject),
            D::SuccessEnvelope => plug!(seams.wire.responses, shape::SuccessEnvelope),
            D::SuccessStatus204 => plug!(seams.wire.responses, shape::SuccessStatus204),
            D::SuccessContentTypeJson => plug!(seams.wire.responses, shape::SuccessContentTypeJson),
            D::ErrorTypeOnlyInHeader => plug!(seams.wire.responses, shape::ErrorTypeOnlyInHeader),
            D::UnknownOperationTypeInHeader => {
                plug!(seams.wire.responses, shape::UnknownOperationTypeInHeader);
            }
            D::ErrorHeaderDisagrees => plug!(seams.wire.responses, shape::ErrorHeaderDisagrees),
            D::ErrorEnvelope => plug!(seams.wire.responses, shape::ErrorEnvelope),
            D::ErrorMessageCapitalized => {
                plug!(seams.wire.responses, shape::ErrorMessageCapitalized);
            }
            D::TagExceptionMessageCapitalized => {
                plug!(seams.wire.responses, shape::TagExceptionMessageCapitalized);
            }
            D::ErrorContentTypeJson => plug!(seams.wire.responses, shape::ErrorContentTypeJson),
            D::ErrorNoRequestId => plug!(seams.wire.responses, shape::ErrorNoRequestId),
            D::NoRequestId => plug!(seams.wire.responses, shape::NoRequestId),
            D::RequestIdFixed => plug!(seams.wire.responses, shape::RequestIdFixed),
            D::RequestIdDuplicated => plug!(seams.wire.responses, shape::RequestIdDuplicated),
            D::UnknownOperation500 => plug!(seams.wire.responses, shape::UnknownOperation500),
            D::MalformedJson500 => plug!(seams.wire.responses, shape::MalformedJson500),
        }
    }
}
