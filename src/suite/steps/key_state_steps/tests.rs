use serde_json::json;

use super::view_agrees;

#[test]
fn a_key_pending_deletion_is_disabled_and_dated() {
    let pending = json!({ "KeyState": "PendingDeletion", "Enabled": false, "DeletionDate": 1.8e9 });
    assert_eq!(view_agrees(&pending), Ok(()));
    let enabled = json!({ "KeyState": "PendingDeletion", "Enabled": true, "DeletionDate": 1.8e9 });
    assert!(view_agrees(&enabled).unwrap_err().contains("Enabled true"));
    let undated = json!({ "KeyState": "PendingDeletion", "Enabled": false });
    assert!(
        view_agrees(&undated)
            .unwrap_err()
            .contains("without a DeletionDate")
    );
}

#[test]
fn only_an_enabled_key_is_enabled_and_only_a_key_pending_deletion_is_dated() {
    assert_eq!(
        view_agrees(&json!({ "KeyState": "Enabled", "Enabled": true })),
        Ok(())
    );
    assert_eq!(
        view_agrees(&json!({ "KeyState": "Disabled", "Enabled": false, "DeletionDate": null })),
        Ok(())
    );
    for wrong in [
        json!({ "KeyState": "Disabled", "Enabled": true }),
        json!({ "KeyState": "Enabled", "Enabled": false }),
        json!({ "KeyState": "Disabled", "Enabled": false, "DeletionDate": 1.8e9 }),
        json!({ "KeyState": "Disabled" }),
    ] {
        assert!(view_agrees(&wrong).is_err(), "{wrong}");
    }
}
