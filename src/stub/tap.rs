//! A record of every exchange the stub served, for a caller that must see
//! what reached the stub and what it answered: the proxy mode (see
//! [`crate::proxy`]) serves the stub behind a proxy under test and sets
//! each of the suite's exchanges beside the stub's own.
//!
//! Off unless asked for ([`StubServer::start_tapped`]). Bounded: past
//! [`Tap::CAPACITY`] exchanges nothing more is kept and the tap counts what
//! it let go, so a proxy that floods the stub cannot exhaust memory. What it
//! keeps is raw, `Authorization` included, because judging a signature needs
//! it; it never leaves memory unredacted.
//!
//! [`StubServer::start_tapped`]: super::StubServer::start_tapped

use std::sync::{Arc, Mutex, PoisonError};

/// A request as the stub received it.
#[derive(Clone, Debug)]
pub struct TappedRequest {
    /// The method, `POST` normally.
    pub method: String,
    /// The path and query, as received (`/`).
    pub path: String,
    /// Every header as received, names in lower case, in the order given;
    /// a header sent twice appears twice.
    pub headers: Vec<(String, String)>,
    /// The body bytes.
    pub body: Vec<u8>,
}

impl TappedRequest {
    /// Every value of the header `name` (lower case), joined by `, ` as
    /// HTTP folds repeated headers; `None` when absent.
    #[must_use]
    pub fn header(&self, name: &str) -> Option<String> {
        fold(&self.headers, name)
    }
}

/// A response as the stub sent it: what the model answered, before the
/// HTTP server adds its own framing headers (`content-length`, `date`).
#[derive(Clone, Debug)]
pub struct TappedResponse {
    /// The HTTP status.
    pub status: u16,
    /// The headers the stub set, names in lower case: `content-type`,
    /// `x-amzn-requestid` and whatever a deviation adds.
    pub headers: Vec<(String, String)>,
    /// The body bytes.
    pub body: Vec<u8>,
}

impl TappedResponse {
    /// The header `name` (lower case), as [`TappedRequest::header`].
    #[must_use]
    pub fn header(&self, name: &str) -> Option<String> {
        fold(&self.headers, name)
    }
}

/// One exchange the stub served.
#[derive(Clone, Debug)]
pub struct Tapped {
    /// Its place in the order the stub answered, from 0.
    pub seq: usize,
    /// What arrived.
    pub request: TappedRequest,
    /// What the stub answered.
    pub response: TappedResponse,
}

#[derive(Debug, Default)]
struct Recorded {
    exchanges: Vec<Tapped>,
    /// Exchanges served since the last [`Tap::take`], kept or not.
    served: usize,
    /// Exchanges not kept because the tap was full.
    let_go: usize,
}

/// A handle on the stub's record; clones share it.
#[derive(Clone, Debug, Default)]
pub struct Tap(Arc<Mutex<Recorded>>);

impl Tap {
    /// The most exchanges kept between two [`Tap::take`]s. The whole suite
    /// makes about 400; a proxy that repeats every request twice, 1200.
    pub const CAPACITY: usize = 16_384;

    /// An empty tap.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Records one exchange, unless the tap is full.
    pub(crate) fn record(&self, request: TappedRequest, response: TappedResponse) {
        let mut recorded = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let seq = recorded.served;
        recorded.served += 1;
        if recorded.exchanges.len() < Self::CAPACITY {
            recorded.exchanges.push(Tapped {
                seq,
                request,
                response,
            });
        } else {
            recorded.let_go += 1;
        }
    }

    /// Everything recorded since the last call, in the order served, and
    /// how many exchanges were let go because the tap was full.
    #[must_use]
    pub fn take(&self) -> (Vec<Tapped>, usize) {
        let mut recorded = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let taken = std::mem::take(&mut *recorded);
        (taken.exchanges, taken.let_go)
    }
}

fn fold(headers: &[(String, String)], name: &str) -> Option<String> {
    let values: Vec<&str> = headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
        .collect();
    (!values.is_empty()).then(|| values.join(", "))
}

#[cfg(test)]
mod tests;
