//! A scenario's significant exchanges as a stable document.
//!
//! Significant means from the first request a `When` step sent on: the
//! request under test and the reads that confirm it. Setup (making keys,
//! waiting for them to show) is left out. The document says what was asked
//! (operation, signing region, body) and what came back (status, the headers
//! that matter, body), with volatile values replaced by placeholders (see
//! [`Placeholders`]).

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use super::placeholders::{self, Placeholders};
use crate::report::{ScenarioReport, Verdict};
use crate::wire::{Authorization, Exchange, preview};

/// Longest text body kept, in bytes: enough for any error page's gist.
const TEXT_LIMIT: usize = 2000;

/// What one scenario showed, normalised.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Document {
    /// The scenario's name, as in its feature file.
    pub scenario: String,
    /// `passed`, `passed leniently`, `failed at: <step>` or `skipped: <reason>`.
    pub verdict: String,
    /// The significant exchanges, in the order sent: from the first `When`
    /// step on, back-to-back repeats of the same reads kept once.
    pub exchanges: Vec<ExchangeDoc>,
}

/// One request and its response.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct ExchangeDoc {
    /// What was asked.
    pub request: RequestDoc,
    /// What came back.
    pub response: ResponseDoc,
}

/// A request as the document shows it: the operation, the signing region
/// and the body; the other headers are the client's and say nothing of the target.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct RequestDoc {
    /// From `X-Amz-Target`; `<none>` when the request had none.
    pub operation: String,
    /// The region of the SigV4 scope; `<unsigned>` when not signed with SigV4.
    pub region: String,
    /// The request body, stored as a `body` or `body_text` member.
    #[serde(flatten)]
    pub body: BodyDoc,
}

/// A response as the document shows it: status, the headers that matter,
/// body, volatile values replaced by placeholders.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct ResponseDoc {
    /// The HTTP status code.
    pub status: u16,
    /// `content-type`, `x-amzn-requestid` (its shape), `x-amzn-errortype`,
    /// when present.
    pub headers: BTreeMap<String, String>,
    /// The response body, stored as a `body` or `body_text` member.
    #[serde(flatten)]
    pub body: BodyDoc,
}

/// A body: JSON as JSON, `"<empty>"` when there is none, and the text
/// (whitespace collapsed) when it is not JSON.
#[derive(Clone, Debug, Serialize)]
pub(crate) enum BodyDoc {
    /// A JSON body, placeholders put in, or the string `<empty>` for no
    /// body; stored as `body`.
    #[serde(rename = "body")]
    Json(Value),
    /// A body that is not JSON: its text, whitespace collapsed, cut at
    /// 2000 bytes, placeholders put in; stored as `body_text`.
    #[serde(rename = "body_text")]
    Text(String),
}

impl Document {
    /// The document as stored: pretty JSON, members of the document in a
    /// reading order, members of bodies sorted.
    ///
    /// # Panics
    /// Never: a document holds only strings, numbers and JSON values, which
    /// always serialise.
    #[must_use]
    pub(crate) fn to_text(&self) -> String {
        serde_json::to_string_pretty(self).expect("a document always serialises")
    }

    /// The document as a JSON value, for comparing.
    ///
    /// # Panics
    /// Never, as [`Self::to_text`].
    #[must_use]
    pub(crate) fn to_value(&self) -> Value {
        serde_json::to_value(self).expect("a document always serialises")
    }
}

/// The normalised document of `report`.
#[must_use]
pub(crate) fn document(report: &ScenarioReport) -> Document {
    let mut placeholders = Placeholders::default();
    let exchanges = significant(report)
        .into_iter()
        .map(|exchange| exchange_doc(exchange, &mut placeholders))
        .collect();
    Document {
        scenario: report.name.clone(),
        verdict: verdict(report),
        exchanges,
    }
}

fn verdict(report: &ScenarioReport) -> String {
    match &report.verdict {
        Verdict::Passed if report.lenient.is_empty() => "passed".to_owned(),
        Verdict::Passed => "passed leniently".to_owned(),
        // The step's text, not the message: messages carry timings.
        Verdict::Failed { step, .. } => format!("failed at: {step}"),
        Verdict::Skipped { reason } => format!("skipped: {reason}"),
        Verdict::Abandoned { .. } => "not run: the target stopped answering".to_owned(),
    }
}

/// The exchanges from the first action on, with repeated reads collapsed.
///
/// A read that waits for a write to show (eventual consistency) is sent
/// again until it agrees or time runs out; how many tries that takes
/// depends on timing. Back-to-back repeats of the same reads are therefore
/// kept once, the last time: the answer the scenario judged.
fn significant(report: &ScenarioReport) -> Vec<&Exchange> {
    let Some(first) = report.first_action else {
        return Vec::new();
    };
    let exchanges: Vec<&Exchange> = report.exchanges.iter().skip(first).collect();
    let mut kept: Vec<&Exchange> = Vec::with_capacity(exchanges.len());
    let mut reads: Vec<&Exchange> = Vec::new();
    for exchange in exchanges {
        if is_read(exchange) {
            reads.push(exchange);
        } else {
            kept.extend(without_repeats(std::mem::take(&mut reads)));
            kept.push(exchange);
        }
    }
    kept.extend(without_repeats(reads));
    kept
}

fn is_read(exchange: &Exchange) -> bool {
    exchange.operation.as_deref().is_some_and(|op| {
        ["List", "Describe", "Get"]
            .iter()
            .any(|p| op.starts_with(p))
    })
}

/// Drops every block of requests that the same block follows at once:
/// `A A A` becomes `A`, `A B A B` (a paged listing read twice) `A B`.
fn without_repeats(mut reads: Vec<&Exchange>) -> Vec<&Exchange> {
    'again: loop {
        for start in 0..reads.len() {
            for len in 1..=(reads.len() - start) / 2 {
                let block = start..start + len;
                let next = start + len..start + 2 * len;
                if reads[block.clone()]
                    .iter()
                    .zip(&reads[next])
                    .all(|(a, b)| same_request(a, b))
                {
                    reads.drain(block);
                    continue 'again;
                }
            }
        }
        return reads;
    }
}

fn same_request(a: &Exchange, b: &Exchange) -> bool {
    a.operation == b.operation
        && a.request.body == b.request.body
        && signing_region(a) == signing_region(b)
}

/// The region of the SigV4 credential scope, read from the recorded
/// (redacted) `Authorization`; `None` when the request was not signed with SigV4.
fn signing_region(exchange: &Exchange) -> Option<String> {
    Authorization::in_headers(&exchange.request.headers).map(|a| a.scope().region.clone())
}

fn exchange_doc(exchange: &Exchange, placeholders: &mut Placeholders) -> ExchangeDoc {
    let request = RequestDoc {
        operation: exchange
            .operation
            .as_deref()
            .map_or_else(|| "<none>".to_owned(), |op| placeholders.text(op)),
        region: signing_region(exchange).unwrap_or_else(|| "<unsigned>".to_owned()),
        body: body_doc(&exchange.request.body, placeholders),
    };
    let mut headers = BTreeMap::new();
    if let Some(content_type) = exchange.header("content-type") {
        headers.insert("content-type".to_owned(), content_type.to_owned());
    }
    if let Some(id) = exchange.header("x-amzn-requestid") {
        headers.insert("x-amzn-requestid".to_owned(), placeholders::request_id(id));
    }
    if let Some(error_type) = exchange.header("x-amzn-errortype") {
        headers.insert("x-amzn-errortype".to_owned(), placeholders.text(error_type));
    }
    let response = ResponseDoc {
        status: exchange.status,
        headers,
        body: body_doc(&exchange.body, placeholders),
    };
    ExchangeDoc { request, response }
}

fn body_doc(body: &[u8], placeholders: &mut Placeholders) -> BodyDoc {
    if body.is_empty() {
        return BodyDoc::Json(Value::from("<empty>"));
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(json) => BodyDoc::Json(placeholders.json(&json)),
        Err(_) => BodyDoc::Text(placeholders.text(&preview(body, TEXT_LIMIT))),
    }
}

#[cfg(test)]
mod tests;
