//! What each answer to the probe says, and how an unclear one is settled
//! against a target (`settling`).

mod settling;

use super::{Offer, offer};
use crate::wire::ErrorCode;

#[test]
fn a_target_that_looks_the_key_up_has_the_operation() {
    assert_eq!(
        offer(400, Some(&ErrorCode::NotFoundException), true),
        Offer::Offered
    );
    assert_eq!(
        offer(400, Some(&ErrorCode::ValidationException), true),
        Offer::Offered
    );
    // A crash is a broken implementation, not a missing one.
    assert_eq!(offer(500, None, false), Offer::Offered);
    assert_eq!(
        offer(404, Some(&ErrorCode::NotFoundException), true),
        Offer::Offered
    );
}

#[test]
fn only_what_no_kms_with_the_operation_answers_is_missing() {
    for missing in [
        ErrorCode::UnknownOperationException,
        ErrorCode::InvalidAction,
        ErrorCode::NotImplemented,
        ErrorCode::NotImplementedException,
    ] {
        assert_eq!(
            offer(400, Some(&missing), true),
            Offer::Missing,
            "{missing}"
        );
    }
    assert_eq!(
        offer(501, Some(&ErrorCode::InternalFailure), true),
        Offer::Missing
    );
    assert_eq!(offer(404, None, false), Offer::Missing);
    assert_eq!(offer(405, None, false), Offer::Missing);
}

#[test]
fn what_kms_itself_answers_for_some_keys_or_callers_is_unclear() {
    // KMS's own word for "not a multi-Region primary", and for a caller it
    // refuses: a target with multi-Region keys may answer either for a key
    // it checks before it looks it up (contract §7).
    assert_eq!(
        offer(400, Some(&ErrorCode::UnsupportedOperationException), true),
        Offer::Unclear
    );
    assert_eq!(
        offer(400, Some(&ErrorCode::AccessDeniedException), true),
        Offer::Unclear
    );
}
