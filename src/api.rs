//! The curated library API: what the crate root re-exports for a user.
//!
//! Each part is a thin face on the machinery the command line runs:
//! [`Stub`] on the stub's server (`kms_stub`), [`Suite`] on the run of the
//! default command (`suite_gate`), [`Report`] on the run's report
//! (`gate_report`). Nothing here holds behaviour of its own.

mod gate_report;
mod kms_stub;
mod suite_gate;

pub use self::gate_report::{Report, Scenario};
pub use self::kms_stub::{ReceivedRequest, Stub};
pub use self::suite_gate::{Suite, SuiteError};
