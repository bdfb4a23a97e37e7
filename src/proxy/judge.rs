//! Every check, for every exchange of a run, into one [`Fidelity`].
//!
//! Each exchange of the client is paired with the requests that reached
//! the stub for it (see `pairing`); the request checks judge every one of
//! those, the response checks the answer the client got. A check makes at
//! most one finding per exchange.

use std::collections::BTreeMap;

use super::pairing::{self, Paired};
use super::signature_fidelity::{self, Signing};
use super::{Declared, request_fidelity, response_fidelity, sides};
use crate::report::RunReport;
use crate::report::fidelity::{Check, Fidelity, Finding};
use crate::stub::tap::{Tap, Tapped};
use crate::wire::{EXCHANGE_HEADER, ExchangeTags};

/// What the judge needs besides the run's report.
#[derive(Debug)]
pub(crate) struct Sides<'a> {
    /// The proxy's URL.
    pub proxy: &'a str,
    /// The address the stub served on.
    pub upstream: &'a str,
    /// The names the client gave its requests, and the `Authorization`
    /// each went out with.
    pub tags: &'a ExchangeTags,
    /// The stub's record of what it served while the scenarios ran.
    pub tap: &'a Tap,
    /// What the proxy may do without it being a finding.
    pub declared: &'a Declared,
}

/// Judges every exchange of `report` against what the stub saw.
#[must_use]
pub(crate) fn judge(report: &RunReport, sides: &Sides<'_>) -> Fidelity {
    let (tapped, let_go) = sides.tap.take();
    let pairing = pairing::pair(report, &tapped);
    let mut findings = Vec::new();
    let mut signings: BTreeMap<Signing, usize> = BTreeMap::new();
    for paired in &pairing.paired {
        judge_exchange(paired, sides, &mut findings, &mut signings);
    }
    for stray in &pairing.strays {
        findings.push(Finding {
            check: Check::Count,
            scenario: None,
            exchange: None,
            operation: operation(stray),
            what: "the stub received a request that no exchange of the client accounts for"
                .to_owned(),
            client: None,
            stub: vec![sides::stub(stray)],
        });
    }
    let mut notes = Vec::new();
    if !pairing.paired.is_empty() {
        notes.push(if pairing.by_content == 0 {
            format!("requests paired by the {EXCHANGE_HEADER} header the client sent")
        } else {
            format!(
                "{} requests reached the stub without the {EXCHANGE_HEADER} header the client sent \
                 and were paired by X-Amz-Target and body",
                pairing.by_content
            )
        });
    }
    for (signing, count) in &signings {
        if let Signing::Resigned(signer) = signing {
            notes.push(format!(
                "the proxy signed {count} requests again, with {signer}"
            ));
        }
    }
    if let_go > 0 {
        notes.push(format!(
            "{let_go} requests reached the stub after its record was full ({} requests) and were not judged",
            Tap::CAPACITY
        ));
    }
    Fidelity {
        proxy: sides.proxy.to_owned(),
        upstream: sides.upstream.to_owned(),
        exchanges: pairing.paired.len(),
        upstream_requests: tapped.len() + let_go,
        notes,
        findings,
    }
}

/// Judges one client exchange against the requests that reached the stub
/// for it, adding a finding per check that does not hold and counting how
/// each request was signed.
pub(super) fn judge_exchange(
    paired: &Paired<'_>,
    sides: &Sides<'_>,
    findings: &mut Vec<Finding>,
    signings: &mut BTreeMap<Signing, usize>,
) {
    let client = paired.client.exchange;
    let mut found: BTreeMap<Check, String> = BTreeMap::new();
    let mut note = |check: Check, what: Option<String>| {
        if let Some(what) = what {
            found.entry(check).or_insert(what);
        }
    };
    note(
        Check::Count,
        response_fidelity::count(client, &paired.upstream),
    );
    let sent = paired
        .client
        .id()
        .and_then(|id| sides.tags.authorization(id))
        .flatten();
    for upstream in &paired.upstream {
        let request = &upstream.request;
        note(Check::Method, request_fidelity::method(client, request));
        note(Check::Path, request_fidelity::path(client, request));
        note(
            Check::Target,
            request_fidelity::header("x-amz-target", "X-Amz-Target", client, request),
        );
        note(
            Check::ContentType,
            request_fidelity::header("content-type", "Content-Type", client, request),
        );
        note(Check::Body, request_fidelity::body(client, request));
        let judged = signature_fidelity::judge(sent.as_deref(), client, request, sides.declared);
        if let Some(signing) = judged.signing {
            *signings.entry(signing).or_insert(0) += 1;
        }
        note(Check::Signature, judged.finding);
        note(
            Check::Headers,
            request_fidelity::other_headers(client, request, sides.declared),
        );
    }
    if let Some(answer) = response_fidelity::answer(client, &paired.upstream) {
        note(Check::Status, response_fidelity::status(client, answer));
        note(Check::ResponseBody, response_fidelity::body(client, answer));
        note(
            Check::ResponseContentType,
            response_fidelity::header("content-type", "Content-Type", client, answer),
        );
        note(
            Check::RequestId,
            response_fidelity::header("x-amzn-requestid", "x-amzn-RequestId", client, answer),
        );
    }
    for (check, what) in found {
        findings.push(Finding {
            check,
            scenario: Some(paired.client.scenario.to_owned()),
            exchange: Some(paired.client.index),
            operation: client.operation.clone(),
            what,
            client: Some(sides::client(client)),
            stub: paired.upstream.iter().map(|t| sides::stub(t)).collect(),
        });
    }
}

fn operation(tapped: &Tapped) -> Option<String> {
    tapped.request.header("x-amz-target").map(|target| {
        target
            .strip_prefix(crate::wire::TARGET_PREFIX)
            .unwrap_or(&target)
            .to_owned()
    })
}
