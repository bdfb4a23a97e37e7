//! Snapshots of what each scenario saw, and comparisons between targets.
//!
//! A layer over a finished run, never inside a step: [`scenario_document`]
//! turns a scenario's significant exchanges into a stable document
//! ([`placeholders`] replace what changes from run to run); [`store`] keeps
//! one insta snapshot per scenario; [`plan`] says what a run does with
//! them, [`session`] does it and [`render`] prints it; [`differential`]
//! compares two runs; [`compare`] finds the differing fields; [`hygiene`]
//! keeps secrets out.

pub mod compare;
pub mod differential;
pub mod hygiene;
pub mod placeholders;
pub mod plan;
pub mod render;
pub mod scenario_document;
pub mod session;
pub mod store;

pub use self::plan::{Mode, Plan, PlanArgs};
pub use self::scenario_document::{Document, document};
pub use self::session::{SnapshotReport, apply, fail_scenarios};
