//! Every scenario can fail, and every way of being wrong is caught: the
//! whole suite runs against the faithful stub and against each deviation,
//! each time once with reads that answer at once and once with reads that
//! lag writes by 300 ms (contract row 152: no verdict may rest on a stale
//! read).

use kms_conformance::selftest::{self, Options};

#[test]
fn every_deviation_is_caught_alone_and_with_lagging_reads_and_every_scenario_catches_one() {
    let started = std::time::Instant::now();
    let matrix = selftest::run(&Options::default()).expect("the stubs run");
    println!("{}", matrix.render());
    println!("kill matrix in {:.1} s", started.elapsed().as_secs_f64());
    assert_eq!(matrix.baselines.len(), 2, "a run alone and one with lag");
    assert!(
        matrix.baseline_failures().is_empty(),
        "the faithful stub fails {:?}",
        matrix.baseline_failures()
    );
    assert!(
        matrix.surviving().is_empty(),
        "deviations no scenario catches: {:?}",
        matrix.surviving()
    );
    assert!(
        matrix.unkilled().is_empty(),
        "scenarios no deviation makes fail: {:?}",
        matrix.unkilled()
    );
}
