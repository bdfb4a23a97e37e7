//! `--json PATH`: the run as Cucumber JSON, written by cucumber's own
//! writer into memory, then to the file by the CLI (cucumber's writer panics
//! when its output fails; a full disk must be one line and exit code 2).

use std::io;
use std::sync::{Arc, Mutex, PoisonError};

use cucumber::writer::{self, Json};
use cucumber::{Event, Writer as _, cli, event, parser};

use super::world::KmsWorld;

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
pub struct CucumberJson {
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
    pub async fn handle(&mut self, event: parser::Result<Event<event::Cucumber<KmsWorld>>>) {
        self.writer.handle_event(event, &cli::Empty).await;
    }

    /// The document, once the run has finished.
    #[must_use]
    pub fn bytes(&self) -> Vec<u8> {
        self.buffer
            .0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}
