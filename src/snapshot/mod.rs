//! Snapshots of what each scenario saw, and comparisons between targets.
//!
//! A layer over a finished run: [`document`] turns a scenario's significant
//! exchanges into a stable document ([`placeholders`] replace what changes
//! from run to run); [`compare`] finds the differing fields; [`hygiene`]
//! keeps secrets out.

pub mod compare;
pub mod document;
pub mod hygiene;
pub mod placeholders;

pub use self::document::{Document, document};
