use serde_json::json;

use super::*;

#[test]
fn equal_documents_have_no_differences() {
    let doc = json!({ "a": [1, { "b": "c" }], "d": null });
    assert!(differences(&doc, &doc.clone()).is_empty());
}

#[test]
fn each_differing_field_is_named_by_its_path() {
    let left =
        json!({ "exchanges": [{ "response": { "status": 400, "body": { "__type": "X" } } }] });
    let right = json!({ "exchanges": [{ "response": { "status": 200, "body": "<empty>" } }] });
    let found = differences(&left, &right);
    assert_eq!(
        render(&found, "  "),
        "  exchanges[0].response.body: {\"__type\":\"X\"} → \"<empty>\"\n  \
         exchanges[0].response.status: 400 → 200\n"
    );
}

#[test]
fn missing_members_and_items_are_absent() {
    let left = json!({ "list": [1], "gone": true });
    let right = json!({ "list": [1, 2], "NextMarker": null });
    let found = differences(&left, &right);
    let paths: Vec<&str> = found.iter().map(|d| d.path.as_str()).collect();
    assert_eq!(paths, ["NextMarker", "gone", "list[1]"]);
    assert_eq!(render(&found[..1], ""), "NextMarker: (absent) → null\n");
}

#[test]
fn differences_shared_by_many_scenarios_are_listed_once() {
    let html = |i: usize| Difference {
        path: format!("exchanges[{i}].response.headers.content-type"),
        left: Some(json!("application/x-amz-json-1.1")),
        right: Some(json!("text/html")),
    };
    let own = Difference {
        path: "exchanges[0].response.status".into(),
        left: Some(json!(400)),
        right: Some(json!(200)),
    };
    let a = [html(0), html(1), own];
    let b = [html(0)];
    let c = [html(1)];
    let text = render_many(&[
        ("DIFFER  a".to_owned(), &a[..]),
        ("DIFFER  b".to_owned(), &b[..]),
        ("DIFFER  c".to_owned(), &c[..]),
    ]);
    assert_eq!(
        text,
        "DIFFER  a (+2 common, below)\n      exchanges[0].response.status: 400 → 200\n\
         DIFFER  b (+1 common, below)\n\
         DIFFER  c (+1 common, below)\n\
         common differences:\n      exchanges[].response.headers.content-type: \
         \"application/x-amz-json-1.1\" → \"text/html\" (in 3 scenarios)\n"
    );
}

#[test]
fn long_values_are_cut() {
    let long = "x".repeat(500);
    let line = render(
        &differences(&json!({ "m": long }), &json!({ "m": "y" })),
        "",
    );
    assert!(line.len() < 260, "{line}");
    assert!(line.contains('…'));
}
