use super::*;

#[test]
fn the_defaults_are_the_contracts_and_can_be_overridden() {
    let create = Operation::CreateKey.name();
    let mut quotas = Quotas::default();
    assert_eq!(quotas.rate(create), Some(5.0));
    assert_eq!(
        quotas.rate(Operation::ScheduleKeyDeletion.name()),
        Some(15.0)
    );
    assert_eq!(quotas.rate("KmsConformanceStub.SetKeyState"), None);
    quotas.set(&"CreateKey=20".parse().expect("valid"));
    assert_eq!(quotas.rate(create), Some(20.0));
    assert_eq!(quotas.scaled(0.5).rate(create), Some(10.0));
}

#[test]
fn a_bad_override_is_one_clear_line() {
    for bad in [
        "CreateKey:20",
        "CreateKey=0",
        "CreateKey=fast",
        "=5",
        "Create Key=5",
    ] {
        assert!(bad.parse::<Quota>().is_err(), "{bad}");
    }
}
