//! `kms-conformance selftest`: the kill matrix, and a non-zero exit when it
//! has a hole.

use std::time::{Duration, Instant};

use super::stdout_lines::{out, outln};
use super::{EXIT_FAILED, EXIT_PASSED, unusable};
use crate::selftest::{self, Options};
use crate::stub::deviations::Deviation;

/// Options of `kms-conformance selftest`.
#[derive(clap::Args, Clone, Debug)]
pub(super) struct SelftestArgs {
    /// Only these deviations (repeatable); all of them by default.
    #[arg(long = "deviation", value_name = "NAME")]
    pub deviations: Vec<Deviation>,

    /// Suites in flight at once.
    #[arg(long, value_name = "N", default_value_t = 8)]
    pub parallel: usize,

    /// Run everything again with the stub's reads lagging its writes by
    /// this many milliseconds; 0 runs only with reads that answer at once.
    #[arg(long, value_name = "MILLISECONDS", default_value_t = 300)]
    pub read_lag_ms: u64,
}

/// Runs the matrix and prints it; the exit code.
pub(super) fn run(args: &SelftestArgs) -> u8 {
    let mut options = Options {
        parallel: args.parallel,
        ..Options::default()
    };
    options.lags = vec![Duration::ZERO];
    if args.read_lag_ms > 0 {
        options.lags.push(Duration::from_millis(args.read_lag_ms));
    }
    if !args.deviations.is_empty() {
        options.deviations.clone_from(&args.deviations);
    }
    let started = Instant::now();
    let matrix = match selftest::run(&options) {
        Ok(matrix) => matrix,
        Err(error) => return unusable(&error),
    };
    out!("{}", matrix.render());
    outln!("kill matrix in {:.1} s", started.elapsed().as_secs_f64());
    // A subset of deviations proves nothing about scenarios it never aimed at.
    let sound = if args.deviations.is_empty() {
        matrix.is_sound()
    } else {
        matrix.baseline_failures().is_empty() && matrix.surviving().is_empty()
    };
    if sound { EXIT_PASSED } else { EXIT_FAILED }
}
