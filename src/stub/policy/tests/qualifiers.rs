//! The set qualifiers `ForAnyValue:` and `ForAllValues:`, and
//! multivalued keys.
//!
//! Quotes are from the IAM User Guide: "Creating a condition that tests
//! multiple key values" (reference_policies_multi-value-conditions),
//! "Conditions with multiple context keys or values" (conditions-setoperators)
//! and "Single-valued vs. multivalued context keys".

use super::{Context, check, holds, many, one};

#[test]
fn for_all_values_needs_every_request_value_listed() {
    // Multi-value conditions: `"ForAllValues:StringLike":
    // {"dynamodb:requestedAttributes": ["PostDateTime", "Message", "Tags"]}`:
    // PostDateTime and Message are allowed; "if the user's request includes
    // the ID attribute, the request fails"; and "If the key values in the
    // request resolve to an empty data set ... ForAllValues returns true".
    let key = "dynamodb:requestedAttributes";
    check(
        r#"{"ForAllValues:StringLike": {"dynamodb:requestedAttributes":
            ["PostDateTime", "Message", "Tags"]}}"#,
        &[
            ("listed", many(key, &["PostDateTime", "Message"]), true),
            ("with ID", many(key, &["PostDateTime", "ID"]), false),
            ("empty", many(key, &[]), true),
            ("missing", Context::new(), true),
        ],
    );
}

#[test]
fn for_any_value_needs_one_request_value_listed() {
    // Multi-value conditions: the Deny with `"ForAnyValue:StringLike":
    // {"dynamodb:requestedAttributes": ["ID", "PostDateTime"]}`: a request
    // for UserName, Message and PostDateTime matches ("The last test returns
    // true"); one with "just the UserName attribute" does not; an empty data
    // set makes ForAnyValue false.
    let key = "dynamodb:requestedAttributes";
    check(
        r#"{"ForAnyValue:StringLike": {"dynamodb:requestedAttributes": ["ID", "PostDateTime"]}}"#,
        &[
            (
                "one listed",
                many(key, &["UserName", "Message", "PostDateTime"]),
                true,
            ),
            ("none listed", many(key, &["UserName"]), false),
            ("empty", many(key, &[]), false),
            ("missing", Context::new(), false),
        ],
    );
}

#[test]
fn a_negated_operator_under_a_qualifier_tests_each_request_value_against_all_policy_values() {
    // conditions-setoperators: "If a single negated matching condition
    // operator includes multiple values for a context key, those values are
    // evaluated using a logical NOR." So ForAnyValue:StringNotEquals holds
    // when some request value is none of the policy values, ForAllValues
    // when every one is none of them.
    let any = r#"{"ForAnyValue:StringNotEquals": {"aws:TagKeys": ["DataClass", "Owner"]}}"#;
    let all = r#"{"ForAllValues:StringNotEquals": {"aws:TagKeys": ["DataClass", "Owner"]}}"#;
    let keys = |k: &[&str]| many("aws:TagKeys", k);
    check(
        any,
        &[
            ("Dept", keys(&["Dept"]), true),
            ("DataClass, Owner", keys(&["DataClass", "Owner"]), false),
            ("DataClass, Dept", keys(&["DataClass", "Dept"]), true),
            ("missing", Context::new(), false),
        ],
    );
    check(
        all,
        &[
            ("Dept, SIC", keys(&["Dept", "SIC"]), true),
            ("Dept, Owner", keys(&["Dept", "Owner"]), false),
            ("missing", Context::new(), true),
        ],
    );
}

#[test]
fn the_qualifier_decides_a_missing_key_even_with_if_exists() {
    // AWS re:Post, "ForAnyValue:StringEqualsIfExists behaving unexpectedly":
    // an Allow with `"ForAnyValue:StringEqualsIfExists": {"aws:TagKeys":
    // ["team"]}` did not allow ListQueues, which has no aws:TagKeys; the
    // accepted answer: "if there is no matching context key or the dataset
    // is null, the condition returns false". (INF: the plain IfExists rule
    // says true; AWS was seen doing false.)
    let missing = [("missing", Context::new(), false)];
    check(
        r#"{"ForAnyValue:StringEqualsIfExists": {"aws:TagKeys": ["team"]}}"#,
        &missing,
    );
    let missing = [("missing", Context::new(), true)];
    check(
        r#"{"ForAllValues:StringEqualsIfExists": {"aws:TagKeys": ["team"]}}"#,
        &missing,
    );
}

#[test]
fn a_multivalued_key_needs_a_set_qualifier() {
    // Single-valued vs. multivalued context keys: "Multivalued context keys
    // require a condition set operator." Without one the condition does not
    // match (UNK; iam-simulate's reading).
    let tag_keys = many("aws:TagKeys", &["Project"]);
    assert!(!holds(
        r#"{"StringEquals": {"aws:TagKeys": "Project"}}"#,
        &tag_keys
    ));
    assert!(!holds(
        r#"{"StringNotEquals": {"aws:TagKeys": "Other"}}"#,
        &tag_keys
    ));
}

#[test]
fn a_single_value_under_a_qualifier_is_a_one_element_set() {
    // Single-valued vs. multivalued: "Using condition set operators with
    // single-valued condition keys can lead to overly permissive policies"
    // (ForAllValues holds on a missing key); present, the value is tested.
    let condition = r#"{"ForAllValues:StringEquals": {"aws:ResourceTag/Project": "Alpha"}}"#;
    check(
        condition,
        &[
            ("Alpha", one("aws:ResourceTag/Project", "Alpha"), true),
            ("Beta", one("aws:ResourceTag/Project", "Beta"), false),
            ("missing", Context::new(), true),
        ],
    );
}
