use super::*;

#[test]
fn names_and_targets_round_trip() {
    for &operation in Operation::ALL {
        assert_eq!(operation.name().parse(), Ok(operation));
        assert_eq!(Operation::from_target(operation.target()), Some(operation));
        assert_eq!(
            operation.target(),
            format!("{TARGET_PREFIX}{operation}"),
            "{operation:?}"
        );
        assert_eq!(
            format!("{operation:?}"),
            operation.name(),
            "the variant is the name"
        );
    }
}

/// A map keyed by operations (the estimate's writes) iterates in the order
/// it did when it was keyed by their names, and so picks the same bucket
/// when two tie.
#[test]
fn operations_order_as_their_names() {
    let names: Vec<&str> = Operation::ALL.iter().map(|o| o.name()).collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    assert_eq!(names, sorted);
    assert!(Operation::ALL.windows(2).all(|w| w[0] < w[1]));
}

#[test]
fn other_names_and_other_services_are_no_operation() {
    let untag = Operation::UntagResource.name();
    assert!(format!("{untag}s").parse::<Operation>().is_err());
    assert!(untag.to_lowercase().parse::<Operation>().is_err());
    assert_eq!(Operation::from_target(untag), None, "no prefix");
    assert_eq!(
        Operation::from_target(&format!("DynamoDB_20120810.{untag}")),
        None
    );
    let error = "Nope".parse::<Operation>().expect_err("unknown");
    assert_eq!(
        error.to_string(),
        "\"Nope\" is not a KMS operation the suite knows"
    );
}
