//! A page made of results a hostile target could send: markup and script
//! in every field a target or a results file controls is shown as text and
//! never runs.

use serde_json::{Value, json};

use super::support::{assert_exit, run, temp_dir};
use super::{browser, file_url};

/// A results file as a hostile target could make it: markup and script in
/// every field a target or a file controls.
fn hostile_results() -> Value {
    let exchange = json!({
        "operation": "UntagResource",
        "request": { "method": "POST", "url": "http://127.0.0.1:4566/",
                     "headers": [["x-amz-target", "TrentService.UntagResource"]], "body": "{}" },
        "response": { "status": 500, "elapsed_ms": 1,
                      "headers": [["content-type", "text/html\"><script>window.pwned=1</script>"]],
                      "body": "</script><script>window.pwned=2</script><img src=x onerror=\"window.pwned=3\">" },
    });
    json!({
        "format_version": 1,
        "suite": { "name": "kms-conformance", "version": "0.1.0" },
        "target": { "name": "<img src=x onerror=\"window.pwned=4\">", "endpoint": "http://127.0.0.1:4566",
                    "server": "<script>window.pwned=5</script>", "version": null },
        "run": { "id": "1", "date": "2026-11-30T00:00:00Z", "region": "us-east-1", "other_region": "us-west-2",
                 "strict": false, "expectations": null, "elapsed_ms": 1, "summary": "", "incomplete": null },
        "scenarios": [{
            "feature": "<b>F</b>", "name": "<script>window.pwned=6</script>", "location": "x:1",
            "tags": ["rec"], "evidence": "rec", "verdict": "xfail", "passed": false,
            "expected": { "outcome": "fail", "reason": "<img src=x onerror=\"window.pwned=7\">",
                          "issue": "javascript:window.pwned=8" },
            "lenient": [], "reason": null,
            "failure": { "step": "Then <i>it</i>", "message": "<script>window.pwned=9</script>" },
            "elapsed_ms": 1, "first_action": 0, "exchanges": [exchange],
        }],
    })
}

#[test]
fn what_a_target_sent_is_shown_as_text_and_never_run() {
    let dir = temp_dir("matrix-page-hostile");
    let Some(browser) = browser(&dir.join("profile")) else {
        return;
    };
    let file = dir.join("hostile.results.json");
    std::fs::write(&file, hostile_results().to_string()).expect("written");
    let out = dir.join("out");
    let output = run(&[
        "report",
        file.to_str().expect("utf-8"),
        "--out",
        out.to_str().expect("utf-8"),
    ]);
    assert_exit(&output, 0);

    browser.open(&file_url(&out.join("matrix.html")));
    let pwned =
        "return window.pwned === undefined && document.querySelectorAll('img').length === 0;";
    assert_eq!(
        browser.script(pwned),
        json!(true),
        "no injected script ran, no image was made"
    );
    let heading = browser.text(&browser.find("#matrix thead th:nth-child(3)"));
    assert_eq!(
        heading, "<img src=x onerror=\"window.pwned=4\">",
        "the name is shown as text"
    );

    browser.click(&browser.find("#matrix td.cell button"));
    let text = browser.text(&browser.find("#detail"));
    assert!(
        text.contains("< </script><script>window.pwned=2</script><img src=x"),
        "{text}"
    );
    assert!(text.contains("<script>window.pwned=9</script>"), "{text}");
    assert!(text.contains("javascript:window.pwned=8"), "{text}");
    assert_eq!(
        browser.script("return document.querySelectorAll('#detail a').length;"),
        json!(0),
        "a javascript: issue is no link"
    );
    assert_eq!(
        browser.script(pwned),
        json!(true),
        "opening the cell ran nothing either"
    );
    assert_eq!(
        browser.script("return performance.getEntriesByType('resource').length;"),
        json!(0),
        "and fetched nothing"
    );
}
