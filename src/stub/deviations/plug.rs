//! Where each deviation plugs in: the seam it bends, and the value that
//! bends it.

use super::{
    Deviation, call_outcomes as calls, state_rules as states, tag_matching as matching,
    untag_reach as reach,
};
use crate::stub::model::Seams;

impl Deviation {
    /// Plugs this deviation into the seam it bends.
    pub(super) fn plug(self, seams: &mut Seams) {
        use Deviation as D;
        let m = &mut seams.tag_match;
        let r = &mut seams.untag_reach;
        let c = &mut seams.calls;
        let k = &mut seams.key_states;
        match self {
            D::UntagRemovesNothing => m.push(Box::new(matching::UntagRemovesNothing)),
            D::UntagRemovesEverything => m.push(Box::new(matching::UntagRemovesEverything)),
            D::UntagMatchesPrefix => m.push(Box::new(matching::UntagMatchesPrefix)),
            D::UntagIgnoresCase => m.push(Box::new(matching::UntagIgnoresCase)),
            D::UntagMatchesValues => m.push(Box::new(matching::UntagMatchesValues)),
            D::UntagMatchesSuffix => m.push(Box::new(matching::UntagMatchesSuffix)),
            D::UntagMatchesWithin => m.push(Box::new(matching::UntagMatchesWithin)),
            D::UntagTrimsTagKeys => m.push(Box::new(matching::UntagTrimsTagKeys)),
            D::UntagMatchesRegexDot => m.push(Box::new(matching::UntagMatchesRegexDot)),
            D::UntagMatchesLikeUnderscore => {
                m.push(Box::new(matching::UntagMatchesLikeUnderscore));
            }
            D::TagOverwriteAppends => m.push(Box::new(matching::TagOverwriteAppends)),
            D::TagOverwriteIgnoresCase => m.push(Box::new(matching::TagOverwriteIgnoresCase)),
            D::UntagRemovesOnlyFirst => r.push(Box::new(reach::UntagRemovesOnlyFirst)),
            D::UntagEveryKey => r.push(Box::new(reach::UntagEveryKey)),
            D::UntagMissingKeyIsError => r.push(Box::new(reach::UntagMissingKeyIsError)),
            D::ThrottledCallTakesEffect => c.push(Box::new(calls::ThrottledCallTakesEffect)),
            D::UntagPartialOnError => c.push(Box::new(calls::UntagPartialOnError)),
            D::UnknownKeyAccepted => c.push(Box::new(calls::UnknownKeyAccepted)),
            D::NoStateCheck => k.push(Box::new(states::NoStateCheck)),
            D::DisabledRefused => k.push(Box::new(states::DisabledRefused)),
            D::PendingImportRefused => k.push(Box::new(states::PendingImportRefused)),
            D::OnlyEnabledOrDisabled => k.push(Box::new(states::OnlyEnabledOrDisabled)),
            D::ReplicaDeletionAllowed => k.push(Box::new(states::ReplicaDeletionAllowed)),
            D::UntagStateCheckWhenTagFound => {
                k.push(Box::new(states::UntagStateCheckWhenTagFound));
            }
            D::TagResourceNoStateCheck => k.push(Box::new(states::TagResourceNoStateCheck)),
            D::TagResourceRefusedDisabled => k.push(Box::new(states::TagResourceRefusedDisabled)),
            D::ListRefusedPendingDeletion => k.push(Box::new(states::ListRefusedPendingDeletion)),
            // Not on a seam yet: the model still asks for them by name.
            _ => {}
        }
    }
}
