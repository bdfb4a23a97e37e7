//! Naming each exchange, so that whoever sees the request at the far end of
//! a proxy can tell which of the client's requests it is.
//!
//! A client made with [`Client::tagging`](super::Client::tagging) adds
//! [`EXCHANGE_HEADER`] with a fresh UUID to every request, after signing:
//! the header is not signed, so a proxy that drops headers it does not know
//! breaks nothing but the pairing (which then falls back to the request's
//! content; see `crate::proxy`). The tags also keep, in memory only, the
//! `Authorization` each request went out with, because a recorded
//! exchange keeps it redacted and judging what a proxy did to a signature
//! needs the original. Nothing here is ever printed.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

/// The header that names an exchange: `x-kms-conformance-exchange: <uuid>`.
pub(crate) const EXCHANGE_HEADER: &str = "x-kms-conformance-exchange";

/// The most signatures kept; past it the oldest are forgotten (a whole
/// suite sends about 400 requests).
const KEPT: usize = 65_536;

#[derive(Debug, Default)]
struct Sent {
    /// Exchange id → the `Authorization` it was sent with (`None`: unsigned).
    authorization: HashMap<String, Option<String>>,
    /// Ids in the order sent, to forget the oldest.
    order: std::collections::VecDeque<String>,
}

/// The exchange ids a client hands out, shared by its clones.
#[derive(Clone, Debug, Default)]
pub struct ExchangeTags(Arc<Mutex<Sent>>);

impl ExchangeTags {
    /// Tags that have named nothing yet.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// A fresh id for a request about to go out with `headers` (signed
    /// already): the header to add.
    pub(crate) fn tag(&self, headers: &[(String, String)]) -> (String, String) {
        let id = uuid::Uuid::new_v4().to_string();
        let authorization = headers
            .iter()
            .find(|(name, _)| name == "authorization")
            .map(|(_, value)| value.clone());
        let mut sent = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if sent.order.len() == KEPT
            && let Some(oldest) = sent.order.pop_front()
        {
            sent.authorization.remove(&oldest);
        }
        sent.order.push_back(id.clone());
        sent.authorization.insert(id.clone(), authorization);
        (EXCHANGE_HEADER.to_owned(), id)
    }

    /// The `Authorization` the exchange `id` was sent with: `None` when
    /// the id is not one of these tags', `Some(None)` when it went unsigned.
    /// A credential: never print it.
    #[must_use]
    #[expect(
        clippy::option_option,
        reason = "not one of these tags' exchanges, and sent unsigned, are different answers"
    )]
    pub fn authorization(&self, id: &str) -> Option<Option<String>> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .authorization
            .get(id)
            .cloned()
    }
}

#[cfg(test)]
mod tests;
