//! The suite's behaviour against stubs made to lag, race or go wrong on
//! purpose, run through the self-test's `run_suite` (once integration tests;
//! they read the run's verdicts, which the library does not offer).

mod concurrency;
mod eventual_consistency;
