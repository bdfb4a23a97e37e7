//! Which key states refuse which operations ([`KeyStates`]).
//!
//! [`KeyStates`]: crate::stub::model::KeyStates

use super::*;
use crate::stub::model::KeyState;
use crate::wire::{ErrorCode, Operation};

/// Whether `operation` on a key tagged `a=1` in `state` is refused with
/// `KMSInvalidStateException`, under `deviation`; `names` is the tag key
/// an untag sends.
fn refused(deviation: Deviation, state: KeyState, operation: Operation, names: &str) -> bool {
    let mut model = deviant(&[deviation]);
    let id = key_with(&mut model, &[("a", "1")]);
    let input = json!({ "KeyId": id, "KeyState": state.name() });
    model
        .set_key_state(&caller(REGION), &input)
        .expect("state set");
    let answer = match operation {
        Operation::UntagResource => untag(&mut model, &id, &[names]),
        Operation::TagResource => tag(&mut model, &id, &[("b", "2")]),
        _ => call(&mut model, operation, &json!({ "KeyId": id })),
    };
    matches!(answer, Err(e) if e.error_type == ErrorCode::KmsInvalidStateException)
}

#[test]
fn each_state_rule_refuses_where_kms_works_or_works_where_kms_refuses() {
    use KeyState as S;
    let cases = [
        (
            Deviation::NoStateCheck,
            S::PendingDeletion,
            Operation::UntagResource,
            false,
        ),
        (
            Deviation::NoStateCheck,
            S::PendingReplicaDeletion,
            Operation::TagResource,
            false,
        ),
        (
            Deviation::DisabledRefused,
            S::Disabled,
            Operation::UntagResource,
            true,
        ),
        (
            Deviation::PendingImportRefused,
            S::PendingImport,
            Operation::TagResource,
            true,
        ),
        (
            Deviation::OnlyEnabledOrDisabled,
            S::Updating,
            Operation::UntagResource,
            true,
        ),
        (
            Deviation::OnlyEnabledOrDisabled,
            S::Disabled,
            Operation::UntagResource,
            false,
        ),
        (
            Deviation::ReplicaDeletionAllowed,
            S::PendingReplicaDeletion,
            Operation::UntagResource,
            false,
        ),
        (
            Deviation::ReplicaDeletionAllowed,
            S::PendingDeletion,
            Operation::UntagResource,
            true,
        ),
        (
            Deviation::TagResourceNoStateCheck,
            S::PendingDeletion,
            Operation::TagResource,
            false,
        ),
        (
            Deviation::TagResourceNoStateCheck,
            S::PendingDeletion,
            Operation::UntagResource,
            true,
        ),
        (
            Deviation::TagResourceRefusedDisabled,
            S::Disabled,
            Operation::TagResource,
            true,
        ),
        (
            Deviation::TagResourceRefusedDisabled,
            S::Disabled,
            Operation::UntagResource,
            false,
        ),
        (
            Deviation::ListRefusedPendingDeletion,
            S::PendingDeletion,
            Operation::ListResourceTags,
            true,
        ),
        (
            Deviation::ListRefusedPendingDeletion,
            S::Enabled,
            Operation::ListResourceTags,
            false,
        ),
    ];
    for (deviation, state, operation, expected) in cases {
        assert_eq!(
            refused(deviation, state, operation, "a"),
            expected,
            "{deviation}: {operation} in {state:?}"
        );
    }
}

#[test]
fn an_untag_checks_the_state_only_when_it_finds_a_tag() {
    let deviation = Deviation::UntagStateCheckWhenTagFound;
    assert!(refused(
        deviation,
        KeyState::PendingDeletion,
        Operation::UntagResource,
        "a"
    ));
    assert!(!refused(
        deviation,
        KeyState::PendingDeletion,
        Operation::UntagResource,
        "lacking"
    ));
}
