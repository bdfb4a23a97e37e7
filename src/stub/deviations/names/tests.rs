use std::collections::BTreeSet;

use super::*;

#[test]
fn names_are_unique_and_round_trip() {
    let mut seen = BTreeSet::new();
    for deviation in Deviation::ALL {
        assert!(seen.insert(deviation.name()), "{deviation} twice");
        assert_eq!(deviation.name().parse::<Deviation>(), Ok(*deviation));
    }
    assert!(Deviation::ALL.len() >= 25);
    let unknown = "no-such-thing".parse::<Deviation>().expect_err("unknown");
    assert_eq!(
        unknown.to_string(),
        "no deviation is called \"no-such-thing\" (kms-conformance stub --list-deviations)"
    );
}
