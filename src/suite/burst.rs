//! A burst of calls sent to be throttled, and the judgement that a
//! throttled call had no effect (contract rows 150 and 213).
//!
//! The suite paces itself and retries throttles, so it is never throttled
//! by accident, and a KMS that answers `ThrottlingException` but applies
//! the call anyway would never be seen. A burst provokes the throttle on
//! purpose: every call at once, none paced, none retried, each removing a
//! tag of its own, so that which calls took effect can be read off the key.
//! Where the target throttles none of them, nothing is judged: the scenario
//! ends skipped, saying so, rather than passed.

use std::collections::BTreeSet;
use std::time::Instant;

use super::barrier;
use super::tag_listing::{TagPair, sorted};
use super::world::{KeyRole, KmsWorld};
use crate::report::time_spent::WaitCause;
use crate::wire::{Exchange, Operation, WireRequest, is_server_fault, is_throttling};

impl KmsWorld {
    /// Sends one `UntagResource` per tag key in `tag_keys` to `role`'s key,
    /// all at once, each once (see [`crate::wire::Client::burst`]), and
    /// records them in the trail in that order as the calls under test.
    ///
    /// # Errors
    /// As [`Self::send`]: a transport failure abandons the scenario.
    pub(crate) async fn send_burst(
        &mut self,
        role: KeyRole,
        tag_keys: Vec<String>,
    ) -> Result<(), String> {
        if let Some((scenario, error)) = self.context().target_down() {
            self.abandoned = true;
            return Err(format!(
                "not sent: the target stopped answering during \"{scenario}\" ({error})"
            ));
        }
        let key = self.key(role)?.clone();
        let requests = tag_keys
            .iter()
            .map(|tag_key| {
                let input = serde_json::json!({ "KeyId": key.id, "TagKeys": [tag_key] });
                WireRequest::operation(Operation::UntagResource, &input)
            })
            .collect();
        let client = self.client(key.via)?;
        let started = Instant::now();
        let exchanges = match client.burst(Operation::UntagResource, requests).await {
            Ok(exchanges) => exchanges,
            Err(error) if !error.is_transport() => return Err(error.to_string()),
            Err(error) => {
                self.abandoned = true;
                self.died_here = true;
                self.context().report_target_down(&self.scenario, &error);
                return Err(format!("transport failure: {error}"));
            }
        };
        // The calls overlap: the burst spent its slowest call's time in
        // exchanges, and before that its turn under the pacing.
        let on_wire = exchanges
            .iter()
            .map(|e| e.elapsed)
            .max()
            .unwrap_or_default();
        self.time.exchanges += on_wire;
        if client.pacer().is_some() {
            let held = started.elapsed().saturating_sub(on_wire);
            self.time.waited(WaitCause::Pacing, held);
        }
        let first = self.trail.len();
        self.trail.extend(exchanges);
        self.burst = (first..).zip(tag_keys).collect();
        self.first_action.get_or_insert(first);
        self.action = Some(self.trail.len() - 1);
        Ok(())
    }
}

/// Judges the burst: each call either succeeded, was throttled (400
/// `ThrottlingException`), or met a server fault (5xx) and is sent again,
/// and `role`'s key, read behind the barrier, lacks exactly the tags of the
/// calls that succeeded. Without a throttle, the key must lack every tag
/// of those, and the scenario is not applicable.
///
/// A 5xx is transient (contract row 41): the call may or may not have
/// taken effect. So it is sent again as any call is, with its three
/// attempts (the burst's own was never retried, on purpose): a later 200
/// settles its tag as removed; a 5xx that persists through them is a
/// verdict, as anywhere; one throttled to the end leaves its tag free,
/// present or not.
///
/// # Errors
/// A call answered otherwise, or the tags the key has instead.
pub(super) async fn judge(w: &mut KmsWorld, role: KeyRole) -> Result<(), String> {
    if w.burst.is_empty() {
        return Err("no When step sent a burst".to_owned());
    }
    let calls = w.burst.len();
    let mut removed = BTreeSet::new();
    let mut faulted = Vec::new();
    let mut throttled = 0;
    for (n, (index, tag_key)) in w.burst.iter().enumerate() {
        let exchange = w
            .trail
            .get(*index)
            .ok_or("the burst's calls went missing")?;
        if exchange.status == 200 {
            removed.insert(tag_key.clone());
        } else if is_throttling(exchange) {
            throttled += 1;
        } else if is_server_fault(exchange) {
            faulted.push((n, tag_key.clone()));
        } else {
            return Err(format!(
                "call {} of {calls}, removing {tag_key:?}, answered HTTP {} {}: each call of the \
                 burst must succeed or be throttled, 400 ThrottlingException (contract row 149)",
                n + 1,
                exchange.status,
                exchange.body_preview(200)
            ));
        }
    }
    let mut free = BTreeSet::new();
    for (n, tag_key) in faulted {
        let again = send_again(w, role, &tag_key).await?;
        if again.status == 200 {
            removed.insert(tag_key);
        } else if is_throttling(&again) {
            free.insert(tag_key);
        } else {
            return Err(format!(
                "call {} of {calls}, removing {tag_key:?}, met a server fault, and sent again \
                 it answered HTTP {} {} on its attempt {} (the burst's not counted): a fault \
                 that persists is judged (contract row 41)",
                n + 1,
                again.status,
                again.body_preview(200),
                again.retries() + 1
            ));
        }
    }
    let expected: Vec<TagPair> = sorted(
        &w.key(role)?
            .baseline
            .iter()
            .filter(|(k, _)| !removed.contains(k) && !free.contains(k))
            .cloned()
            .collect::<Vec<_>>(),
    );
    if throttled == 0 {
        if free.is_empty() {
            w.expect_tags(role, &expected).await?;
        } else {
            barrier::expect_unchanged_but(w, role, &expected, &free).await?;
        }
        w.not_applicable = Some(format!(
            "not applicable: the target answered all {calls} UntagResource calls of the burst \
             without a throttle, so whether a throttled call has an effect could not be judged"
        ));
        return Ok(());
    }
    barrier::expect_unchanged_but(w, role, &expected, &free)
        .await
        .map_err(|e| {
            format!(
                "{throttled} of {calls} calls were throttled, and only the ones that succeeded \
                 may have removed their tag (a throttled call has no effect, contract row 150): \
                 {e}"
            )
        })
}

/// Sends again, paced and retried as any call, the untag of `tag_key` a
/// burst's call met a server fault with.
async fn send_again(w: &mut KmsWorld, role: KeyRole, tag_key: &str) -> Result<Exchange, String> {
    let key = w.key(role)?.clone();
    let input = serde_json::json!({ "KeyId": key.id, "TagKeys": [tag_key] });
    let request = WireRequest::operation(Operation::UntagResource, &input);
    w.send(key.via, request).await.cloned()
}
