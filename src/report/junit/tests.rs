use std::time::Duration;

use super::*;

fn scenario(name: &str, verdict: Verdict) -> ScenarioReport {
    ScenarioReport {
        path: "features/f.feature".into(),
        line: 1,
        feature: "F".into(),
        name: name.into(),
        tags: Vec::new(),
        verdict,
        expected: None,
        lenient: Vec::new(),
        exchanges: Vec::new(),
        first_action: None,
        elapsed: Duration::ZERO,
        time: crate::report::time_spent::TimeSpent::default(),
    }
}

#[test]
fn scenarios_a_dead_target_stopped_are_errors_not_skips() {
    let report = RunReport {
        scenarios: vec![
            scenario("passed", Verdict::Passed),
            scenario(
                "died here",
                Verdict::Abandoned {
                    died_here: Some(("When I untag".into(), "connection reset".into())),
                },
            ),
            scenario("not run", Verdict::Abandoned { died_here: None }),
            scenario(
                "skipped",
                Verdict::Skipped {
                    reason: "needs a second account".into(),
                },
            ),
        ],
        ..RunReport::default()
    };
    let xml = render(&report, "http://127.0.0.1:1/");
    assert!(
        xml.contains("tests=\"4\" failures=\"0\" errors=\"2\" skipped=\"1\""),
        "{xml}"
    );
    assert_eq!(xml.matches("<error ").count(), 2, "{xml}");
    assert!(xml.contains("the target stopped answering here: connection reset"));
    assert!(xml.contains("not run: the target had stopped answering"));
    assert_eq!(xml.matches("<skipped ").count(), 1, "{xml}");
}

#[test]
fn escapes_markup_and_characters_xml_cannot_hold() {
    assert_eq!(
        escape("a<b & \"c\"\u{1}"),
        "a&lt;b &amp; &quot;c&quot;\u{FFFD}"
    );
    assert_eq!(escape("line\nnext"), "line\nnext");
    assert_eq!(attr("line\nnext"), "line&#10;next");
}
