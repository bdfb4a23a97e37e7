//! Which requests that reached the stub belong to which exchange of the
//! client.
//!
//! By name first: the client names every request with
//! [`EXCHANGE_HEADER`], and a proxy that forwards it says exactly which
//! request is which, retries and repeats included, whatever else it
//! changed. A proxy may drop or change a header it does not know, so
//! pairing must not depend on it: a request without a known name is paired
//! by its content (`X-Amz-Target` and body bytes, both of which the stub
//! needs anyway), preferring the exchange whose answer carried the
//! stub's request ID, then the first such exchange not yet paired. A
//! request that matches nothing is a stray: the stub saw it and no
//! exchange of the client accounts for it.

use std::collections::HashMap;

use crate::report::RunReport;
use crate::stub::tap::Tapped;
use crate::wire::{EXCHANGE_HEADER, Exchange};

/// One exchange of the client, where the report keeps it.
#[derive(Clone, Copy, Debug)]
pub(super) struct ClientExchange<'a> {
    /// The scenario's name.
    pub scenario: &'a str,
    /// Its place among the scenario's exchanges.
    pub index: usize,
    /// The exchange as the client recorded it.
    pub exchange: &'a Exchange,
}

impl<'a> ClientExchange<'a> {
    /// The name the client gave the request, if it gave one.
    pub(super) fn id(&self) -> Option<&'a str> {
        sent_header(self.exchange, EXCHANGE_HEADER)
    }
}

/// A client exchange and the requests that reached the stub for it.
#[derive(Debug)]
pub(super) struct Paired<'a> {
    /// The client's side.
    pub client: ClientExchange<'a>,
    /// The stub's side, in the order served: none when the proxy answered
    /// itself, more than one when it retried or repeated the request.
    pub upstream: Vec<&'a Tapped>,
}

/// Every client exchange with its upstream requests, and the strays.
#[derive(Debug, Default)]
pub(super) struct Pairing<'a> {
    /// In report order.
    pub paired: Vec<Paired<'a>>,
    /// Requests the stub saw that no client exchange accounts for.
    pub strays: Vec<&'a Tapped>,
    /// How many upstream requests were paired by content, not by name.
    pub by_content: usize,
}

/// A header the client sent, as recorded (names in lower case).
pub(super) fn sent_header<'a>(exchange: &'a Exchange, name: &str) -> Option<&'a str> {
    exchange
        .request
        .headers
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// Pairs every exchange of `report`'s scenarios with the requests in
/// `tapped` (in the order the stub served them).
pub(super) fn pair<'a>(report: &'a RunReport, tapped: &'a [Tapped]) -> Pairing<'a> {
    let mut pairing = Pairing {
        paired: report
            .scenarios
            .iter()
            .flat_map(|scenario| {
                scenario
                    .exchanges
                    .iter()
                    .enumerate()
                    .map(|(index, exchange)| Paired {
                        client: ClientExchange {
                            scenario: &scenario.name,
                            index,
                            exchange,
                        },
                        upstream: Vec::new(),
                    })
            })
            .collect(),
        ..Pairing::default()
    };
    let by_id: HashMap<&str, usize> = pairing
        .paired
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.client.id().map(|id| (id, i)))
        .collect();
    let mut unnamed = Vec::new();
    for tap in tapped {
        let named = tap
            .request
            .header(EXCHANGE_HEADER)
            .and_then(|id| by_id.get(id.as_str()).copied());
        match named {
            Some(i) => pairing.paired[i].upstream.push(tap),
            None => unnamed.push(tap),
        }
    }
    for tap in unnamed {
        match by_content(&pairing.paired, tap) {
            Some(i) => {
                pairing.paired[i].upstream.push(tap);
                pairing.by_content += 1;
            }
            None => pairing.strays.push(tap),
        }
    }
    for paired in &mut pairing.paired {
        paired.upstream.sort_by_key(|t| t.seq);
    }
    pairing
}

/// The exchange `tap` most likely belongs to, judged by its content.
fn by_content(paired: &[Paired<'_>], tap: &Tapped) -> Option<usize> {
    let target = tap.request.header("x-amz-target");
    let same_content = |p: &Paired<'_>| {
        sent_header(p.client.exchange, "x-amz-target") == target.as_deref()
            && p.client.exchange.request.body == tap.request.body
    };
    let request_id = tap.response.header("x-amzn-requestid");
    let answered_with_it = |p: &Paired<'_>| {
        request_id.is_some()
            && p.client.exchange.header("x-amzn-requestid") == request_id.as_deref()
    };
    paired
        .iter()
        .position(|p| same_content(p) && answered_with_it(p))
        .or_else(|| {
            paired
                .iter()
                .position(|p| same_content(p) && p.upstream.is_empty())
        })
}
