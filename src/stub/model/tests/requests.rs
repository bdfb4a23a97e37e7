//! Requests no operation accepts as sent: members of the wrong JSON type,
//! list markers the stub never handed out. (An unknown operation never
//! reaches the model: `stub::http` refuses it.)

use serde_json::json;

use super::*;
use crate::wire::{ErrorCode, Operation};

#[test]
fn wrong_member_types_are_serialization_errors() {
    let mut model = Model::default();
    let (id, _) = create(&mut model, &[("a", "1")]);
    for input in [
        json!({ "KeyId": id, "TagKeys": "a" }),
        json!({ "KeyId": 1, "TagKeys": ["a"] }),
        json!([1, 2]),
    ] {
        let error = error_of(call(&mut model, &caller(), Operation::UntagResource, input));
        assert_eq!(error.error_type, ErrorCode::SerializationException);
    }
    assert_eq!(tags_of(&mut model, &id), pairs(&[("a", "1")]));
}

#[test]
fn a_list_keys_marker_the_stub_never_handed_out_is_refused() {
    let mut model = Model::default();
    create(&mut model, &[]);
    // usize::MAX once panicked on `start + limit` (found by the property
    // test in src/stub/tests/stub_robustness.rs).
    for marker in ["18446744073709551615", "2", "x"] {
        let error = error_of(call(
            &mut model,
            &caller(),
            Operation::ListKeys,
            json!({ "Marker": marker }),
        ));
        assert_eq!(
            error.error_type,
            ErrorCode::InvalidMarkerException,
            "{marker}"
        );
    }
    let last_page = ok_json(call(
        &mut model,
        &caller(),
        Operation::ListKeys,
        json!({ "Marker": "1" }),
    ));
    assert_eq!(last_page["Keys"], json!([]));
}
