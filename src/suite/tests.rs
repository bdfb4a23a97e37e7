//! The suite's own machinery held to its rules: the scenarios and their
//! evidence, the steps' declarations, the time estimate, the key policies
//! the scenarios write, the snapshots, and a run against a stub whose
//! authorization lags (once integration tests; they read internals).

mod authorization_lag;
mod estimate_accuracy;
mod features_lint;
mod multi_region_cleanup;
mod policy_safety;
mod shipped_expectations;
mod snapshot_hygiene;
