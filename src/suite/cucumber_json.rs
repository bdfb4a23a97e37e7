//! `--json PATH`: the run as Cucumber JSON, written by cucumber's own
//! writer into memory, then to the file by the CLI (cucumber's writer panics
//! when its output fails; a full disk must be one line and exit code 2).

use std::io;
use std::sync::{Arc, Mutex, PoisonError};

use cucumber::writer::{self, Json};
use cucumber::{Event, Writer as _, cli, event, parser};

use super::world::KmsWorld;
use crate::report::{ScenarioReport, Verdict};

/// An in-memory output the JSON writer can own while the run reads it after.
#[derive(Clone, Debug, Default)]
struct SharedBuffer(Arc<Mutex<Vec<u8>>>);

impl io::Write for SharedBuffer {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Cucumber's JSON writer behind an in-memory buffer.
pub(crate) struct CucumberJson {
    writer: writer::Normalize<KmsWorld, Json<SharedBuffer>>,
    buffer: SharedBuffer,
}

impl std::fmt::Debug for CucumberJson {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CucumberJson").finish_non_exhaustive()
    }
}

impl Default for CucumberJson {
    fn default() -> Self {
        let buffer = SharedBuffer::default();
        Self {
            writer: Json::new(buffer.clone()),
            buffer,
        }
    }
}

impl CucumberJson {
    /// Feeds one event to cucumber's writer.
    pub(crate) async fn handle(&mut self, event: parser::Result<Event<event::Cucumber<KmsWorld>>>) {
        self.writer.handle_event(event, &cli::Empty).await;
    }

    /// The document, once the run has finished.
    #[must_use]
    pub(crate) fn bytes(&self) -> Vec<u8> {
        self.buffer
            .0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

/// `document` with each scenario that rode out throttles carrying
/// `"throttled_retries": N`, and transient answers `"transient_retries": N`
/// (Cucumber JSON has no field for them; readers ignore what they do not know). Scenarios are matched by name, which is
/// unique across the suite; a document that does not parse is left as it is.
#[must_use]
pub(crate) fn with_throttled_retries(document: Vec<u8>, scenarios: &[ScenarioReport]) -> Vec<u8> {
    if scenarios
        .iter()
        .all(|s| s.throttled() == 0 && s.transient() == 0)
    {
        return document;
    }
    edit_scenarios(document, scenarios, |element, scenario| {
        if element.get("type").and_then(serde_json::Value::as_str) != Some("scenario") {
            return;
        }
        for (member, retried) in [
            ("throttled_retries", scenario.throttled()),
            ("transient_retries", scenario.transient()),
        ] {
            if retried > 0 {
                element[member] = retried.into();
            }
        }
    })
}

/// `document` with each scenario that ran but could judge nothing (its
/// verdict is a skip, though cucumber saw every step pass) carrying
/// `"not_applicable": "<reason>"`, and its last step's status `skipped`.
/// Scenarios skipped before they ran are not in the document at all.
#[must_use]
pub(crate) fn with_not_applicable(document: Vec<u8>, scenarios: &[ScenarioReport]) -> Vec<u8> {
    if !scenarios
        .iter()
        .any(|s| matches!(s.verdict, Verdict::Skipped { .. }))
    {
        return document;
    }
    edit_scenarios(document, scenarios, |element, scenario| {
        let Verdict::Skipped { reason } = &scenario.verdict else {
            return;
        };
        if let Some(last) = element
            .get_mut("steps")
            .and_then(serde_json::Value::as_array_mut)
            .and_then(|steps| steps.last_mut())
        {
            last["result"]["status"] = "skipped".into();
        }
        element["not_applicable"] = reason.clone().into();
    })
}

/// `document` with `edit` applied to each of its elements that names a
/// scenario of `scenarios` (names are unique across the suite); a document
/// that does not parse is left as it is.
fn edit_scenarios(
    document: Vec<u8>,
    scenarios: &[ScenarioReport],
    mut edit: impl FnMut(&mut serde_json::Value, &ScenarioReport),
) -> Vec<u8> {
    let Ok(mut features) = serde_json::from_slice::<serde_json::Value>(&document) else {
        return document;
    };
    let elements = features
        .as_array_mut()
        .into_iter()
        .flatten()
        .filter_map(|feature| feature.get_mut("elements")?.as_array_mut())
        .flatten();
    for element in elements {
        let Some(scenario) = element
            .get("name")
            .and_then(serde_json::Value::as_str)
            .and_then(|name| scenarios.iter().find(|s| s.name == name))
        else {
            continue;
        };
        edit(element, scenario);
    }
    serde_json::to_vec(&features).unwrap_or(document)
}
