//! Snapshots of what each scenario saw, and comparisons between targets.
//!
//! A layer over a finished run, never inside a step: [`scenario_document`]
//! turns a scenario's significant exchanges into a stable document
//! ([`placeholders`] replace what changes from run to run); [`store`] keeps
//! one insta snapshot per scenario; [`plan`] says what a run does with
//! them, [`session`] does it and [`render`] prints it; [`differential`]
//! compares two runs; [`compare`] finds the differing fields; [`hygiene`]
//! keeps secrets out.

pub(crate) mod compare;
pub(crate) mod differential;
pub(crate) mod hygiene;
pub(crate) mod placeholders;
pub(crate) mod plan;
pub(crate) mod render;
pub(crate) mod scenario_document;
pub(crate) mod session;
pub(crate) mod store;

#[cfg(test)]
pub(crate) use self::plan::Plan;
pub(crate) use self::plan::{Mode, PlanArgs};
pub(crate) use self::session::{apply, fail_scenarios};
