//! The stub under requests nobody would write: property tests of the model
//! and its HTTP adapter (once an integration test; it drives the model
//! directly).

mod stub_robustness;
