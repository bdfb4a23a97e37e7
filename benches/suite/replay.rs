//! The floor: the recorded requests sent again by a bare reqwest loop, with
//! nothing of the suite around them: no cucumber, no steps, no templates, no
//! checks beyond the status.
//!
//! Each scenario's requests go one after another (each may need the key the
//! one before created); scenarios go concurrently, as many at once as the
//! suite runs, and `@serial` ones alone afterwards. Every request is signed
//! afresh with the wire client's signer: the suite signs too, so signing is
//! part of the floor.

use std::time::{Duration, Instant, SystemTime};

use futures::StreamExt as _;
use kms_conformance::bench_internals::wire::sigv4::{self, Signable};
use kms_conformance::bench_internals::wire::{Credentials, Limits, WRONG_SECRET, http_client};

use super::recording::{Call, Caller, Recording, ScenarioCalls, key_id};

/// Where to replay, and as whom.
#[derive(Clone, Debug)]
pub(crate) struct ReplayTarget {
    pub endpoint: String,
    pub primary: Credentials,
    pub second_account: Option<Credentials>,
}

/// A request that did not get the status it got when recorded.
#[derive(Clone, Debug)]
pub(crate) struct Mismatch {
    pub scenario: String,
    pub index: usize,
    pub operation: String,
    pub recorded: u16,
    /// The status, or why there was none.
    pub replayed: Result<u16, String>,
}

impl Mismatch {
    pub(crate) fn describe(&self) -> String {
        let replayed = match &self.replayed {
            Ok(status) => status.to_string(),
            Err(error) => error.clone(),
        };
        format!(
            "\"{}\" request {} ({}): recorded {}, replayed {replayed}",
            self.scenario, self.index, self.operation, self.recorded
        )
    }
}

/// What a replay did.
#[derive(Clone, Debug)]
pub(crate) struct Replayed {
    pub wall: Duration,
    pub mismatches: Vec<Mismatch>,
}

/// Sends every request of `recording` to `target`, `concurrency` scenarios at once.
///
/// # Errors
/// When no HTTP client can be built.
pub(crate) async fn replay(
    recording: &Recording,
    target: &ReplayTarget,
    concurrency: usize,
) -> Result<Replayed, String> {
    // The suite's own HTTP configuration: the same pool, the same timeouts.
    let url = reqwest::Url::parse(&target.endpoint).map_err(|e| e.to_string())?;
    let http = http_client(Limits::default(), &url).map_err(|e| e.to_string())?;
    let started = Instant::now();
    let (serial, concurrent): (Vec<_>, Vec<_>) = recording.scenarios.iter().partition(|s| s.serial);
    let mut mismatches: Vec<Mismatch> = futures::stream::iter(concurrent)
        .map(|scenario| replay_scenario(&http, target, scenario))
        .buffer_unordered(concurrency.max(1))
        .collect::<Vec<_>>()
        .await
        .into_iter()
        .flatten()
        .collect();
    for scenario in serial {
        mismatches.extend(replay_scenario(&http, target, scenario).await);
    }
    Ok(Replayed {
        wall: started.elapsed(),
        mismatches,
    })
}

/// One scenario's requests in order. Key IDs the recording's responses
/// named are replaced, in later request bodies, by the ones the target
/// answered this time.
async fn replay_scenario(
    http: &reqwest::Client,
    target: &ReplayTarget,
    scenario: &ScenarioCalls,
) -> Vec<Mismatch> {
    let mut key_ids: Vec<(String, String)> = Vec::new();
    let mut mismatches = Vec::new();
    for (index, call) in scenario.calls.iter().enumerate() {
        let mismatch = |replayed| Mismatch {
            scenario: scenario.name.clone(),
            index,
            operation: call.operation.clone(),
            recorded: call.status,
            replayed,
        };
        let body = substitute(&call.body, &key_ids);
        let (status, replayed_key_id) = match send(http, target, call, body).await {
            Ok(answer) => answer,
            Err(error) => {
                // Later requests would only fail for want of this one.
                mismatches.push(mismatch(Err(error)));
                break;
            }
        };
        if status != call.status {
            mismatches.push(mismatch(Ok(status)));
        }
        if let Some(recorded) = &call.key_id
            && let Some(replayed) = replayed_key_id
            && *recorded != replayed
        {
            key_ids.push((recorded.clone(), replayed));
        }
    }
    mismatches
}

/// Signs and sends `call` with `body`; its status, and the key ID its
/// response named when the recorded one named one.
async fn send(
    http: &reqwest::Client,
    target: &ReplayTarget,
    call: &Call,
    body: Vec<u8>,
) -> Result<(u16, Option<String>), String> {
    let mut headers = call.headers.clone();
    if let Some(region) = &call.region {
        let credentials = match call.caller {
            Caller::Primary => &target.primary,
            Caller::SecondAccount => target
                .second_account
                .as_ref()
                .ok_or("the recording has a second account's request; the target has none")?,
        };
        let wrong;
        let credentials = if call.wrong_secret {
            wrong = credentials.with_secret(WRONG_SECRET);
            &wrong
        } else {
            credentials
        };
        let signable = Signable {
            method: "POST",
            url: &target.endpoint,
            headers: &headers,
            body: &body,
        };
        let signature = sigv4::sign(&signable, credentials, region, "kms", SystemTime::now())
            .map_err(|e| e.to_string())?;
        headers.extend(signature.into_iter().map(|(n, v)| (n.to_owned(), v)));
    }
    let mut request = http.post(&target.endpoint).body(body);
    for (name, value) in &headers {
        request = request.header(name, value);
    }
    let response = request.send().await.map_err(|e| e.to_string())?;
    let status = response.status().as_u16();
    let body = response.bytes().await.map_err(|e| e.to_string())?;
    let key_id = call.key_id.as_ref().and_then(|_| key_id(&body));
    Ok((status, key_id))
}

/// `body` with every recorded key ID replaced by the replayed one (ARNs
/// contain the ID, so they follow).
pub(crate) fn substitute(body: &[u8], key_ids: &[(String, String)]) -> Vec<u8> {
    if key_ids.is_empty() {
        return body.to_vec();
    }
    let Ok(text) = std::str::from_utf8(body) else {
        return body.to_vec();
    };
    let mut text = text.to_owned();
    for (recorded, replayed) in key_ids {
        if text.contains(recorded.as_str()) {
            text = text.replace(recorded.as_str(), replayed);
        }
    }
    text.into_bytes()
}
