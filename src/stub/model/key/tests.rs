use super::*;

#[test]
fn key_id_shapes() {
    assert!(is_key_uuid("1234abcd-12ab-34cd-56ef-1234567890ab"));
    assert!(!is_key_uuid("1234ABCD-12ab-34cd-56ef-1234567890ab"));
    assert!(!is_key_uuid("fake-key-id"));
    assert!(!is_key_uuid("1234abcd-12ab-34cd-56ef-1234567890a"));
    assert!(is_multi_region_id("mrk-1234abcd12ab34cd56ef1234567890ab"));
    assert!(!is_multi_region_id("mrk-1234"));
}

#[test]
fn state_names_round_trip() {
    for state in KeyState::ALL {
        assert_eq!(KeyState::parse(state.name()), Some(state));
    }
    assert_eq!(KeyState::parse("Deleted"), None);
}
