use super::*;
use crate::report::results::{
    ExchangeRecord, ExpectedEntry, FORMAT_VERSION, Failure, RequestRecord, ResponseRecord, RunInfo,
    Suite, TargetInfo,
};
use crate::wire::Operation;

fn results(target: &str, scenarios: Vec<ScenarioResult>) -> Results {
    Results {
        format_version: FORMAT_VERSION,
        suite: Suite {
            name: "kms-conformance".into(),
            version: "0.1.0".into(),
        },
        target: TargetInfo {
            name: target.into(),
            endpoint: Some("http://127.0.0.1:4566".into()),
            server: Some("hypercorn-h11".into()),
            version: Some("2026.3.0".into()),
        },
        run: RunInfo {
            id: "1795996800-3f2a9c1b".into(),
            date: "2026-11-30T00:00:00Z".into(),
            region: "us-east-1".into(),
            other_region: "us-west-2".into(),
            strict: false,
            expectations: None,
            elapsed_ms: 10,
            time: None,
            summary: String::new(),
            incomplete: None,
        },
        scenarios,
        fidelity: None,
    }
}

fn scenario(feature: &str, name: &str, evidence: &str, verdict: Verdict) -> ScenarioResult {
    let passed = match verdict {
        Verdict::Pass | Verdict::Lenient | Verdict::UnexpectedPass => Some(true),
        Verdict::Fail | Verdict::ExpectedFailure | Verdict::Flaky => Some(false),
        Verdict::Skipped | Verdict::NotRun => None,
    };
    ScenarioResult {
        feature: feature.into(),
        name: name.into(),
        location: "features/x.feature:3".into(),
        tags: vec![evidence.into()],
        evidence: Some(evidence.into()),
        verdict,
        passed,
        expected: matches!(verdict, Verdict::ExpectedFailure).then(|| ExpectedEntry {
            outcome: "fail".into(),
            reason: "known <deviation> | listed".into(),
            issue: None,
        }),
        lenient: vec![],
        reason: matches!(verdict, Verdict::Skipped).then(|| "needs state control".into()),
        failure: matches!(verdict, Verdict::Fail).then(|| Failure {
            step: "Then it fails".into(),
            message: "expected 400".into(),
        }),
        elapsed_ms: 1,
        time: None,
        first_action: Some(0),
        exchanges: vec![],
    }
}

/// A feature and its rows: each scenario's name and its cells' verdicts.
type FeatureLayout<'a> = (&'a str, Vec<(&'a str, Vec<Verdict>)>);

#[test]
fn rows_follow_the_features_as_first_seen_with_a_cell_per_target() {
    let runs = [
        results(
            "a",
            vec![
                scenario("F1", "one", "rec", Verdict::Pass),
                scenario("F2", "two", "doc", Verdict::Fail),
            ],
        ),
        results(
            "b",
            vec![
                scenario("F1", "one", "rec", Verdict::ExpectedFailure),
                scenario("F1", "three", "unk", Verdict::Pass),
            ],
        ),
    ];
    let matrix = Matrix::new(&runs, "2026-11-30T00:00:00Z".into()).expect("a matrix");
    let layout: Vec<FeatureLayout<'_>> = matrix
        .features
        .iter()
        .map(|f| {
            let rows = f
                .rows
                .iter()
                .map(|r| {
                    let cells = r.cells.iter().map(|c| c.verdict).collect();
                    (r.scenario.name.as_str(), cells)
                })
                .collect();
            (f.feature, rows)
        })
        .collect();
    assert_eq!(
        layout,
        vec![
            (
                "F1",
                vec![
                    ("one", vec![Verdict::Pass, Verdict::ExpectedFailure]),
                    ("three", vec![Verdict::NotRun, Verdict::Pass]),
                ]
            ),
            ("F2", vec![("two", vec![Verdict::Fail, Verdict::NotRun])]),
        ]
    );
    let missing = &matrix.features[0].rows[1].cells[0];
    assert!(missing.result.is_none());
    assert!(
        missing
            .reason
            .as_deref()
            .is_some_and(|r| r.contains("not in this target's results"))
    );
}

#[test]
fn conformance_is_the_share_of_scenarios_that_ran_and_held() {
    let runs = [results(
        "a",
        vec![
            scenario("F", "pass", "rec", Verdict::Pass),
            scenario("F", "lenient", "rec", Verdict::Lenient),
            scenario("F", "xfail", "rec", Verdict::ExpectedFailure),
            scenario("F", "xpass", "doc", Verdict::UnexpectedPass),
            scenario("F", "flaky", "doc", Verdict::Flaky),
            scenario("F", "skip", "doc", Verdict::Skipped),
            scenario("F", "not run", "inf", Verdict::NotRun),
        ],
    )];
    let matrix = Matrix::new(&runs, String::new()).expect("a matrix");
    let summary = &matrix.columns[0].summary;
    assert_eq!(summary.overall, Score { passed: 3, ran: 5 });
    assert_eq!(summary.overall.label(), "3/5 (60%)");
    assert_eq!(
        summary.by_evidence,
        vec![
            ("rec", Score { passed: 2, ran: 3 }),
            ("doc", Score { passed: 1, ran: 2 }),
            ("inf", Score { passed: 0, ran: 0 }),
            ("unk", Score { passed: 0, ran: 0 }),
        ]
    );
    assert_eq!(summary.count(Verdict::Skipped), 1);
    assert_eq!(summary.count(Verdict::Fail), 0);
    assert_eq!(Score { passed: 0, ran: 0 }.label(), "none ran");
    assert_eq!(
        Score {
            passed: 80,
            ran: 81
        }
        .percent(),
        Some(98),
        "rounded down: 100% means all"
    );
}

#[test]
fn two_runs_of_one_target_name_are_refused() {
    let runs = [results("moto", vec![]), results("moto", vec![])];
    let error = Matrix::new(&runs, String::new()).expect_err("refused");
    assert!(error.contains("moto"), "{error}");
}

#[test]
fn an_incomplete_run_says_why_in_its_cells_and_notices() {
    let mut gone = results("gone", vec![]);
    gone.run.incomplete = Some("cannot reach http://127.0.0.1:1/".into());
    gone.suite.version = "0.2.0".into();
    let runs = [
        results("a", vec![scenario("F", "one", "rec", Verdict::Pass)]),
        gone,
    ];
    let matrix = Matrix::new(&runs, String::new()).expect("a matrix");
    let cell = &matrix.features[0].rows[0].cells[1];
    assert_eq!(cell.verdict, Verdict::NotRun);
    assert_eq!(
        cell.reason.as_deref(),
        Some("cannot reach http://127.0.0.1:1/")
    );
    let notices = matrix.notices();
    assert!(notices[0].contains("0.1.0, 0.2.0"), "{notices:?}");
    assert_eq!(notices[1], "gone: cannot reach http://127.0.0.1:1/");
}

#[test]
fn the_markdown_is_a_table_whatever_the_names_hold() {
    let runs = [
        results(
            "a|b",
            vec![
                scenario("F | G", "a <script> | b\nc", "rec", Verdict::Pass),
                scenario("F | G", "x_y *z*", "doc", Verdict::ExpectedFailure),
            ],
        ),
        results(
            "moto",
            vec![scenario("F | G", "x_y *z*", "doc", Verdict::Fail)],
        ),
    ];
    let matrix = Matrix::new(&runs, "2026-11-30T00:00:00Z".into()).expect("a matrix");
    let md = markdown::render(&matrix, "matrix.html");
    assert!(!md.contains("<script>"), "{md}");
    assert!(md.contains("a &lt;script&gt; \\| b c"), "{md}");
    // Every line of the scenario table has one cell per column: unescaped
    // pipes are the column separators.
    let table: Vec<&str> = md
        .split("## Scenarios")
        .nth(1)
        .expect("a scenario table")
        .lines()
        .skip_while(|l| l.is_empty())
        .take_while(|l| l.starts_with('|'))
        .collect();
    assert_eq!(
        table.len(),
        2 + 1 + 2,
        "head, separator, a feature, two scenarios"
    );
    for line in &table {
        let separators = line
            .match_indices('|')
            .filter(|(i, _)| !line[..*i].ends_with('\\'));
        assert_eq!(separators.count(), 5, "{line}");
    }
    assert!(
        md.contains("| x\\_y \\*z\\* | DOC | ✗ xfail | **✗ fail** |"),
        "{md}"
    );
    assert!(
        md.contains("| **conformance** | **1/2 (50%)** | **0/1 (0%)** |"),
        "{md}"
    );
    assert!(
        md.contains("| conformance, REC | 1/1 (100%) | none ran |"),
        "{md}"
    );
    assert!(
        md.contains("known &lt;deviation&gt; \\| listed"),
        "the reasons are listed: {md}"
    );
}

#[test]
fn the_page_escapes_what_targets_sent_and_runs_only_its_own_script() {
    let mut hostile = scenario("F", "<img src=x onerror=alert(1)>", "rec", Verdict::Fail);
    hostile.exchanges = vec![ExchangeRecord {
        operation: Some(Operation::UntagResource.name().into()),
        request: RequestRecord {
            method: "POST".into(),
            url: "http://127.0.0.1:4566/".into(),
            headers: vec![],
            body: "{}".into(),
        },
        response: ResponseRecord {
            status: 500,
            elapsed_ms: 1,
            headers: vec![],
            body: "</script><script>alert(2)</script><!--".into(),
            throttled: 0,
            resent: None,
            transient: 0,
        },
    }];
    let runs = [results("<b>target</b>", vec![hostile])];
    let matrix = Matrix::new(&runs, String::new()).expect("a matrix");
    let page = html::render(&matrix);
    assert!(!page.contains("<img"), "names are escaped");
    assert!(!page.contains("<b>"), "target names are escaped");
    assert!(
        !page.contains("alert(2)</script>") && !page.contains("<!--"),
        "bodies cannot close the data block"
    );
    assert_eq!(
        page.matches("<script").count(),
        2,
        "the data block and the page's own script"
    );
    // The policy lets exactly the page's own style and script run.
    let inline = |open: &str, close: &str| {
        let start = page.find(open).expect("present") + open.len();
        let end = start + page[start..].find(close).expect("closed");
        page[start..end].to_owned()
    };
    let script = inline("<script>", "</script>");
    let style = inline("<style>", "</style>");
    assert!(page.contains(&format!("script-src '{}'", html_hash(&script))));
    assert!(page.contains(&format!("style-src '{}'", html_hash(&style))));
    assert!(page.contains("default-src 'none'"), "nothing is fetched");
}

fn html_hash(text: &str) -> String {
    use base64::Engine as _;
    use sha2::Digest as _;
    format!(
        "sha256-{}",
        base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(text.as_bytes()))
    )
}

#[test]
fn a_proxy_column_says_what_the_proxy_changed() {
    use crate::report::fidelity::{Check, Fidelity, Finding};
    let mut proxy = results("nginx", vec![scenario("F1", "one", "rec", Verdict::Pass)]);
    proxy.fidelity = Some(Fidelity {
        exchanges: 4,
        findings: vec![Finding {
            check: Check::ResponseBody,
            scenario: Some("one".into()),
            exchange: Some(0),
            operation: None,
            what: "the stub answered an empty body; the client received 2 bytes: {}".into(),
            client: None,
            stub: Vec::new(),
        }],
        ..Fidelity::default()
    });
    let runs = [
        results("stub", vec![scenario("F1", "one", "rec", Verdict::Pass)]),
        proxy,
    ];
    let matrix = Matrix::new(&runs, String::new()).expect("a matrix");
    let md = markdown::render(&matrix, "matrix.html");
    assert!(
        md.contains("| proxy fidelity | — | 1 fault in 4 exchanges (response-body 1) |"),
        "{md}"
    );
    let page = html::render(&matrix);
    assert!(
        page.contains("<span class=\"sub warn\">proxy fidelity: 1 fault in 4 exchanges"),
        "{page}"
    );
    let without = [results(
        "stub",
        vec![scenario("F1", "one", "rec", Verdict::Pass)],
    )];
    let matrix = Matrix::new(&without, String::new()).expect("a matrix");
    assert!(!markdown::render(&matrix, "matrix.html").contains("proxy fidelity"));
}

#[test]
fn known_deviations_are_grouped_by_reason_with_their_scenarios_widest_first() {
    let known = |name: &str, reason: &str| {
        let mut s = scenario("F1", name, "doc", Verdict::ExpectedFailure);
        s.expected = Some(ExpectedEntry {
            outcome: "fail".into(),
            reason: reason.into(),
            issue: None,
        });
        s
    };
    let runs = [results(
        "moto",
        vec![
            known("one", "errors are labelled application/json"),
            known("two", "no key-state check"),
            scenario("F1", "three", "doc", Verdict::Pass),
            known("four", "no key-state check"),
            scenario("F1", "five", "doc", Verdict::Fail),
        ],
    )];
    let matrix = Matrix::new(&runs, String::new()).expect("a matrix");
    let deviations = matrix.known_deviations(0);
    let shown: Vec<(&str, Vec<&str>)> = deviations
        .iter()
        .map(|d| (d.reason, d.scenarios.clone()))
        .collect();
    assert_eq!(
        shown,
        vec![
            ("no key-state check", vec!["two", "four"]),
            ("errors are labelled application/json", vec!["one"]),
        ]
    );
    let md = markdown::render(&matrix, "matrix.html");
    assert!(
        md.contains("## moto: 2 known deviations, 3 scenarios"),
        "{md}"
    );
    assert!(
        md.contains("- **2 scenarios**: no key-state check. two · four"),
        "{md}"
    );
    assert!(
        !md.contains("xfail` two"),
        "not listed again one by one: {md}"
    );
    let page = html::render(&matrix);
    assert!(
        page.contains("<caption>moto: 2 known deviations, 3 scenarios</caption>"),
        "{page}"
    );
    assert!(page.contains("<tr data-count=\"2\"><td class=\"count\">2</td>"));
}
