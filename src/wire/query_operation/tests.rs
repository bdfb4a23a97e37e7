use super::*;

#[test]
fn actions_round_trip_and_name_their_service() {
    for &operation in QueryOperation::ALL {
        assert_eq!(
            QueryOperation::from_action(&operation.action()),
            Some(operation)
        );
        assert_eq!(
            format!("{operation:?}"),
            operation.name(),
            "the variant is the name"
        );
        assert!(operation.paced_rate() > 0.0);
    }
    assert_eq!(QueryOperation::AssumeRole.action(), "sts:AssumeRole");
    assert_eq!(QueryOperation::CreateRole.action(), "iam:CreateRole");
}

#[test]
fn an_action_of_another_service_or_name_is_none() {
    assert_eq!(QueryOperation::from_action("iam:AssumeRole"), None);
    assert_eq!(QueryOperation::from_action("kms:CreateRole"), None);
    assert_eq!(QueryOperation::from_action("CreateRole"), None);
}

#[test]
fn services_are_found_by_their_signing_name() {
    for service in QueryService::ALL {
        assert_eq!(
            QueryService::from_signing_name(service.signing_name()),
            Some(service)
        );
    }
    assert_eq!(QueryService::from_signing_name("kms"), None);
}
