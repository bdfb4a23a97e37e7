//! The checks one by one, on hand-made exchanges: what each finds, what it
//! lets through, and how requests are paired.

mod proxy_faults;

use std::time::{Duration, SystemTime};

use super::pairing::pair;
use super::signature_fidelity::{Signing, judge};
use super::{Declared, request_fidelity, response_fidelity};
use crate::report::{RunReport, ScenarioReport, Verdict};
use crate::stub::tap::{Tapped, TappedRequest, TappedResponse};
use crate::wire::sigv4::{Signable, sign};
use crate::wire::{Credentials, EXCHANGE_HEADER, Exchange, Operation, SentRequest};

const PROXY: &str = "http://127.0.0.1:8080/";
const BODY: &[u8] = br#"{"KeyId":"k"}"#;

/// A request signed as the client signs it, for `host`; its headers
/// unredacted.
fn signed(access_key: &str, region: &str, host: &str, id: &str) -> Vec<(String, String)> {
    let mut headers = vec![
        (
            "content-type".to_owned(),
            "application/x-amz-json-1.1".to_owned(),
        ),
        (
            "x-amz-target".to_owned(),
            Operation::UntagResource.target().to_owned(),
        ),
    ];
    let url = format!("http://{host}/");
    let signature = sign(
        &Signable {
            method: "POST",
            url: &url,
            headers: &headers,
            body: BODY,
        },
        &Credentials::new(access_key, "test", None),
        region,
        "kms",
        SystemTime::now(),
    )
    .expect("signs");
    headers.extend(signature.into_iter().map(|(n, v)| (n.to_owned(), v)));
    headers.push((EXCHANGE_HEADER.to_owned(), id.to_owned()));
    headers
}

fn client(headers: &[(String, String)], request_id: &str) -> Exchange {
    Exchange {
        operation: Some(Operation::UntagResource.name().into()),
        request: SentRequest {
            method: "POST".into(),
            url: PROXY.into(),
            headers: headers.to_vec(),
            body: BODY.to_vec(),
        },
        status: 200,
        headers: vec![
            ("content-type".into(), "application/x-amz-json-1.1".into()),
            ("x-amzn-requestid".into(), request_id.into()),
        ],
        body: Vec::new(),
        elapsed: Duration::ZERO,
        throttled: 0,
        resent: None,
        transient: 0,
    }
}

/// What the stub saw of `headers` sent through a faithful proxy at `host`.
fn upstream(seq: usize, host: &str, headers: &[(String, String)], request_id: &str) -> Tapped {
    let mut received = vec![("host".to_owned(), host.to_owned())];
    received.extend(headers.iter().cloned());
    received.push(("accept".into(), "*/*".into()));
    Tapped {
        seq,
        request: TappedRequest {
            method: "POST".into(),
            path: "/".into(),
            headers: received,
            body: BODY.to_vec(),
        },
        response: TappedResponse {
            status: 200,
            headers: vec![
                ("content-type".into(), "application/x-amz-json-1.1".into()),
                ("x-amzn-requestid".into(), request_id.into()),
            ],
            body: Vec::new(),
        },
    }
}

fn report(exchanges: Vec<Exchange>) -> RunReport {
    RunReport {
        scenarios: vec![ScenarioReport {
            path: "features/x.feature".into(),
            line: 1,
            feature: "x".into(),
            name: "a scenario".into(),
            tags: Vec::new(),
            verdict: Verdict::Passed,
            expected: None,
            lenient: Vec::new(),
            exchanges,
            first_action: None,
            elapsed: Duration::ZERO,
            time: crate::report::time_spent::TimeSpent::default(),
        }],
        ..RunReport::default()
    }
}

fn authorization(headers: &[(String, String)]) -> Option<&str> {
    headers
        .iter()
        .find(|(n, _)| n == "authorization")
        .map(|(_, v)| v.as_str())
}

fn without(headers: &[(String, String)], name: &str) -> Vec<(String, String)> {
    headers.iter().filter(|(n, _)| n != name).cloned().collect()
}

#[test]
fn a_request_passed_on_unchanged_holds_and_one_whose_host_changed_does_not() {
    let headers = signed("test", "us-east-1", "127.0.0.1:8080", "a");
    let sent = client(&headers, "r");
    let faithful = upstream(0, "127.0.0.1:8080", &headers, "r");
    let judged = judge(
        authorization(&headers),
        &sent,
        &faithful.request,
        &Declared::default(),
    );
    assert_eq!(
        (judged.signing, judged.finding),
        (Some(Signing::PassedOn), None)
    );
    let renamed = upstream(0, "kms", &headers, "r");
    let judged = judge(
        authorization(&headers),
        &sent,
        &renamed.request,
        &Declared::default(),
    );
    let finding = judged.finding.expect("a finding");
    assert!(
        finding.contains("the signed header host went from \"127.0.0.1:8080\" to \"kms\""),
        "{finding}"
    );
}

#[test]
fn a_signed_header_dropped_is_named() {
    let headers = signed("test", "us-east-1", "127.0.0.1:8080", "a");
    let dropped = upstream(0, "127.0.0.1:8080", &without(&headers, "x-amz-date"), "r");
    let judged = judge(
        authorization(&headers),
        &client(&headers, "r"),
        &dropped.request,
        &Declared::default(),
    );
    assert!(
        judged
            .finding
            .as_deref()
            .is_some_and(|f| f.contains("x-amz-date")),
        "{judged:?}"
    );
}

#[test]
fn signing_again_with_other_credentials_is_a_finding_unless_declared_and_another_region_always_is()
{
    let sent = signed("test", "us-east-1", "127.0.0.1:8080", "a");
    let proxied = signed("AKIDPROXYEXAMPLE", "us-east-1", "127.0.0.1:8080", "a");
    let tapped = upstream(0, "127.0.0.1:8080", &proxied, "r");
    let exchange = client(&sent, "r");
    let undeclared = judge(
        authorization(&sent),
        &exchange,
        &tapped.request,
        &Declared::default(),
    );
    let finding = undeclared.finding.expect("a finding");
    assert!(finding.contains("another access key (sha256 "), "{finding}");
    assert!(
        !finding.contains("AKIDPROXYEXAMPLE"),
        "no credential: {finding}"
    );
    let declared = Declared {
        resigns: true,
        ..Declared::default()
    };
    assert_eq!(
        judge(authorization(&sent), &exchange, &tapped.request, &declared).finding,
        None
    );
    let elsewhere = signed("AKIDPROXYEXAMPLE", "eu-west-1", "127.0.0.1:8080", "a");
    let tapped = upstream(0, "127.0.0.1:8080", &elsewhere, "r");
    let finding = judge(authorization(&sent), &exchange, &tapped.request, &declared)
        .finding
        .expect("a finding");
    assert!(
        finding.contains("signed again for eu-west-1; the client signed for us-east-1"),
        "{finding}"
    );
}

#[test]
fn a_dropped_authorization_is_a_finding() {
    let headers = signed("test", "us-east-1", "127.0.0.1:8080", "a");
    let tapped = upstream(
        0,
        "127.0.0.1:8080",
        &without(&headers, "authorization"),
        "r",
    );
    let judged = judge(
        authorization(&headers),
        &client(&headers, "r"),
        &tapped.request,
        &Declared::default(),
    );
    assert!(
        judged
            .finding
            .is_some_and(|f| f.contains("without Authorization"))
    );
}

#[test]
fn headers_dropped_changed_and_added_are_findings_unless_declared() {
    let headers = signed("test", "us-east-1", "127.0.0.1:8080", "a");
    let sent = client(&headers, "r");
    let mut tapped = upstream(
        0,
        "127.0.0.1:8080",
        &without(&headers, EXCHANGE_HEADER),
        "r",
    );
    tapped.request.headers.push(("via".into(), "1.1 gw".into()));
    tapped
        .request
        .headers
        .push(("x-api-key".into(), "gateway-secret".into()));
    let finding = request_fidelity::other_headers(&sent, &tapped.request, &Declared::default())
        .expect("a finding");
    assert_eq!(
        finding,
        format!("dropped {EXCHANGE_HEADER}; added via: 1.1 gw; added x-api-key: <redacted>")
    );
    let declared = Declared {
        added_headers: ["via".to_owned(), "x-api-key".to_owned()].into(),
        ..Declared::default()
    };
    let finding =
        request_fidelity::other_headers(&sent, &tapped.request, &declared).expect("a finding");
    assert_eq!(finding, format!("dropped {EXCHANGE_HEADER}"));
    let faithful = upstream(0, "127.0.0.1:8080", &headers, "r");
    assert_eq!(
        request_fidelity::other_headers(&sent, &faithful.request, &Declared::default()),
        None,
        "host, accept and the signature's headers are not this check's"
    );
}

#[test]
fn requests_pair_by_name_then_by_content_and_strays_are_kept() {
    let first = signed("test", "us-east-1", "h", "first");
    let second = signed("test", "us-east-1", "h", "second");
    let report = report(vec![client(&first, "r1"), client(&second, "r2")]);
    let mut stray = upstream(3, "h", &without(&first, EXCHANGE_HEADER), "r9");
    stray.request.body = b"{}".to_vec();
    let tapped = vec![
        upstream(0, "h", &second, "r2"),
        // The name dropped: paired with the exchange answered with r1.
        upstream(1, "h", &without(&first, EXCHANGE_HEADER), "r1"),
        upstream(2, "h", &first, "r1"),
        stray,
    ];
    let pairing = pair(&report, &tapped);
    let seqs: Vec<Vec<usize>> = pairing
        .paired
        .iter()
        .map(|p| p.upstream.iter().map(|t| t.seq).collect())
        .collect();
    assert_eq!(seqs, [vec![1, 2], vec![0]]);
    assert_eq!(pairing.by_content, 1);
    assert_eq!(pairing.strays.len(), 1);
}

#[test]
fn a_repeat_says_so_and_the_answer_is_the_one_the_client_got() {
    let headers = signed("test", "us-east-1", "h", "a");
    let mut create = client(&headers, "r2");
    create.operation = Some(Operation::CreateKey.name().into());
    let (one, two) = (
        upstream(0, "h", &headers, "r1"),
        upstream(1, "h", &headers, "r2"),
    );
    let count = response_fidelity::count(&create, &[&one, &two]).expect("a finding");
    assert!(
        count.contains("2 times (answering HTTP 200, 200)"),
        "{count}"
    );
    assert!(count.contains("1 the client never hears of"), "{count}");
    assert_eq!(
        response_fidelity::answer(&create, &[&one, &two]).map(|t| t.seq),
        Some(1)
    );
    assert!(response_fidelity::count(&create, &[]).is_some_and(|c| c.contains("from a cache")));
    assert_eq!(response_fidelity::count(&create, &[&one]), None);
}

#[test]
fn an_empty_body_must_stay_empty() {
    let headers = signed("test", "us-east-1", "h", "a");
    let mut received = client(&headers, "r");
    let answer = upstream(0, "h", &headers, "r");
    assert_eq!(response_fidelity::body(&received, &answer), None);
    received.body = b"{}".to_vec();
    assert_eq!(
        response_fidelity::body(&received, &answer).as_deref(),
        Some("the stub answered an empty body; the client received 2 bytes: {}")
    );
}

#[test]
fn a_run_is_judged_exchange_by_exchange_and_a_stray_is_a_finding_of_no_scenario() {
    use super::{Sides, judge};
    use crate::report::fidelity::Check;
    use crate::stub::tap::Tap;
    use crate::wire::ExchangeTags;

    let tags = ExchangeTags::new();
    let mut headers = without(&signed("test", "us-east-1", "h", "a"), EXCHANGE_HEADER);
    let named = tags.tag(&headers);
    headers.push(named);
    let tap = Tap::new();
    let faithful = upstream(0, "h", &headers, "r");
    tap.record(faithful.request.clone(), faithful.response.clone());
    let mut stray = upstream(1, "h", &without(&headers, EXCHANGE_HEADER), "r2");
    stray.request.body = b"{}".to_vec();
    tap.record(stray.request, stray.response);
    let fidelity = judge(
        &report(vec![client(&headers, "r")]),
        &Sides {
            proxy: PROXY,
            upstream: "127.0.0.1:1",
            tags: &tags,
            tap: &tap,
            declared: &Declared::default(),
        },
    );
    assert_eq!((fidelity.exchanges, fidelity.upstream_requests), (1, 2));
    assert_eq!(fidelity.findings.len(), 1, "{:?}", fidelity.findings);
    let finding = &fidelity.findings[0];
    assert_eq!(
        (finding.check, finding.scenario.as_deref()),
        (Check::Count, None)
    );
    assert_eq!(finding.stub.len(), 1);
    assert!(tap.take().0.is_empty(), "judging takes the record");
}
