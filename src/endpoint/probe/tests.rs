use super::lacks_operation as lacks;
use crate::wire::ErrorCode;

#[test]
fn a_target_that_looks_the_key_up_has_the_operation() {
    assert!(!lacks(400, Some(&ErrorCode::NotFoundException), true));
    assert!(!lacks(400, Some(&ErrorCode::ValidationException), true));
    // A crash is a broken implementation, not a missing one.
    assert!(!lacks(500, None, false));
}

#[test]
fn unknown_unsupported_and_unimplemented_operations_are_missing() {
    assert!(lacks(
        400,
        Some(&ErrorCode::UnknownOperationException),
        true
    ));
    assert!(lacks(
        400,
        Some(&ErrorCode::UnsupportedOperationException),
        true
    ));
    assert!(lacks(501, Some(&ErrorCode::InternalFailure), true));
    assert!(lacks(404, None, false));
    assert!(lacks(400, Some(&ErrorCode::AccessDeniedException), true));
    assert!(!lacks(404, Some(&ErrorCode::NotFoundException), true));
}
