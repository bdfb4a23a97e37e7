//! Every scenario can fail, and every way of being wrong is caught: the
//! whole suite runs against the faithful stub and against each deviation.

use kms_conformance::selftest::{self, Options};

#[test]
fn every_deviation_is_caught_and_every_scenario_catches_one() {
    let started = std::time::Instant::now();
    let matrix = selftest::run(&Options::default()).expect("the stubs run");
    println!("{}", matrix.render());
    println!("kill matrix in {:.1} s", started.elapsed().as_secs_f64());
    assert!(
        matrix.baseline_failures.is_empty(),
        "the faithful stub fails {:?}",
        matrix.baseline_failures
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
