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

#[test]
fn iam_and_sts_are_paced_by_their_action_at_the_suites_own_rates() {
    let mut quotas = Quotas::default();
    let create_role = QueryOperation::CreateRole.action();
    assert_eq!(quotas.rate(&create_role), Some(2.0));
    assert_eq!(
        quotas.rate(&QueryOperation::AssumeRole.action()),
        Some(10.0)
    );
    quotas.set(&"iam:CreateRole=1".parse().expect("valid"));
    assert_eq!(quotas.rate(&create_role), Some(1.0));
    for bad in ["iam:=1", "iam:Create Role=1"] {
        assert!(bad.parse::<Quota>().is_err(), "{bad}");
    }
}
