//! The binary through proxies wrong in one way each, as a CI gate runs
//! it: a proxy that dies or stalls mid-run is in [`dying`]; the exit codes
//! and lines under each default are in [`verdicts`]. The proxies are the
//! ones the library's own test of the fidelity checks runs the suite
//! through (`src/proxy/tests/proxy_faults.rs`), compiled here from the same
//! files.

mod dying;
// The library's unit tests use every part of them; these tests, a few.
#[allow(dead_code)]
#[path = "../../src/proxy/tests/proxy_faults/forwarding.rs"]
mod forwarding;
#[path = "../support/mod.rs"]
mod support;
mod verdicts;
#[allow(dead_code)]
#[path = "../../src/proxy/tests/proxy_faults/wrong_proxies.rs"]
mod wrong_proxies;

// What the proxies name operations by, as the library's tests give it them.
use kms_conformance::client::Operation;
