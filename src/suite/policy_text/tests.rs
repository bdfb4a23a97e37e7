use super::*;

#[test]
fn json_is_compacted_and_anything_else_kept() {
    assert_eq!(
        compact("{\n  \"Version\" : \"2012-10-17\",\n  \"Statement\" : [ ]\n}"),
        r#"{"Version":"2012-10-17","Statement":[]}"#
    );
    // Members keep their order; strings keep their spaces and escapes.
    assert_eq!(
        compact(r#" { "b" : "a \" b\\" , "a" : [ "x y" ] } "#),
        r#"{"b":"a \" b\\","a":["x y"]}"#
    );
    assert_eq!(compact("\n not { json \n"), "not { json");
}

#[test]
fn policies_compare_as_json_when_they_are() {
    assert!(same_policy(r#"{"a": [1, 2]}"#, "{\n \"a\" : [ 1, 2 ]\n}"));
    assert!(!same_policy(r#"{"a": [1, 2]}"#, r#"{"a": [2, 1]}"#));
    assert!(same_policy("not json", "not json"));
    assert!(!same_policy("not json", r#""not json""#));
}

#[test]
fn a_long_policy_is_cut_for_messages() {
    let long = format!(r#"{{"Sid": "{}"}}"#, "s".repeat(700));
    let text = shown(&long);
    assert!(text.ends_with('…'));
    assert_eq!(text.chars().count(), 601);
}
