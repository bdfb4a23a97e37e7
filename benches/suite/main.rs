//! What the suite costs, against what its round trips need (issue 7).
//!
//! `cargo bench --bench suite` measures, in one run, each several times,
//! alternating so that load from elsewhere falls on both sides alike:
//!
//! - (a) the whole suite against a fresh built-in stub;
//! - (b) the floor: the HTTP exchanges recorded in (a) replayed by a bare
//!   reqwest loop against a fresh stub, at the same concurrency;
//! - (c) the suite against moto, and moto's service time for the same
//!   exchanges (the same replay against a freshly reset moto);
//! - (d) the suite against stubs that enforce KMS's quotas (`--throttle`,
//!   `--aws-like`), against the least time the quotas allow (`quota`);
//! - (e) the suite against the built-in stub served as an endpoint (a
//!   target that answers reads at once and that the suite does not know for
//!   its own), scenario by scenario: wall time over own exchanges (`idle`);
//! - the cost of being a dependency: packages in Cargo.lock, the release
//!   binary's size and its start-to-first-request time, and the cold build
//!   time `benches/build-cost.sh` measured.
//!
//! It prints a summary with the ratios and the goals, and writes
//! `target/bench/results.json` and `target/bench/results.md`.
//!
//! Options (after `--`): `--runs N` suite/floor pairs on the stub (default
//! 41: a run takes a few hundredths of a second, and a shared machine needs
//! many for a steady median),
//! `--moto-runs N` on moto (default 5), `--no-moto`, `--quota-runs N`
//! against each quota-enforcing stub (default 3; each run takes about as
//! long as its quotas allow, a quarter of a minute), `--no-quota`,
//! `--idle-runs N` against the served stub at each concurrency (default 3),
//! `--no-idle`.

mod footprint;
mod idle;
mod moto;
mod quota;
mod recording;
mod replay;
mod results;
mod samples;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use kms_conformance::bench_internals::endpoint::{self, TargetArgs, TargetConfig};
use kms_conformance::bench_internals::report::RunReport;
use kms_conformance::bench_internals::stub::{StubOptions, StubServer, Throttling};
use kms_conformance::bench_internals::suite::{self, RunOptions};

use self::moto::Moto;
use self::recording::Recording;
use self::replay::{ReplayTarget, Replayed, replay};
use self::results::{Comparison, Footprint, Machine, Results};
use self::samples::{Samples, ms};

/// Scenarios in flight at once: cucumber's default, which `cargo run` uses.
const CONCURRENCY: usize = 64;

const FIRST_REQUEST_RUNS: usize = 10;

#[derive(Debug)]
struct Options {
    /// Cargo passes `--bench` under `cargo bench`; without it (`cargo test
    /// --benches`) there is nothing to measure.
    bench: bool,
    runs: usize,
    moto_runs: usize,
    moto: bool,
    /// Runs against each quota-enforcing stub; 0 leaves them out.
    quota_runs: usize,
    /// Runs against the served stub at each concurrency; 0 leaves them out.
    idle_runs: usize,
}

impl Options {
    fn parse(args: impl Iterator<Item = String>) -> Result<Self, String> {
        let mut options = Self {
            bench: false,
            runs: 41,
            moto_runs: 5,
            moto: true,
            quota_runs: 3,
            idle_runs: 3,
        };
        let mut args = args.peekable();
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--bench" => options.bench = true,
                "--no-moto" => options.moto = false,
                "--runs" => options.runs = count(args.next(), "--runs")?,
                "--moto-runs" => options.moto_runs = count(args.next(), "--moto-runs")?,
                "--quota-runs" => options.quota_runs = count(args.next(), "--quota-runs")?,
                "--no-quota" => options.quota_runs = 0,
                "--idle-runs" => options.idle_runs = count(args.next(), "--idle-runs")?,
                "--no-idle" => options.idle_runs = 0,
                other => {
                    return Err(format!(
                        "unknown option {other:?} (--runs N, --moto-runs N, --no-moto, \
                         --quota-runs N, --no-quota, --idle-runs N, --no-idle)"
                    ));
                }
            }
        }
        Ok(options)
    }
}

fn count(value: Option<String>, option: &str) -> Result<usize, String> {
    value
        .and_then(|n| n.parse().ok())
        .filter(|n| *n > 0)
        .ok_or_else(|| format!("{option} needs a positive number"))
}

fn main() -> ExitCode {
    let options = match Options::parse(std::env::args().skip(1)) {
        Ok(options) => options,
        Err(error) => {
            eprintln!("suite benchmark: {error}");
            return ExitCode::from(2);
        }
    };
    if !options.bench {
        println!("suite benchmark: nothing to measure outside `cargo bench --bench suite`");
        return ExitCode::SUCCESS;
    }
    // The runtime the command line uses: cucumber drives every scenario
    // from one task on one thread; the stub serves from its own thread.
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("suite benchmark: cannot start a runtime: {error}");
            return ExitCode::from(2);
        }
    };
    match runtime.block_on(measure(&options)) {
        Ok(results) => {
            let summary = results.to_markdown();
            println!("\n{summary}");
            match write(&results, &summary) {
                Ok(dir) => println!("written to {}", dir.display()),
                Err(error) => eprintln!("suite benchmark: {error}"),
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("suite benchmark: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn measure(options: &Options) -> Result<Results, String> {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut machine = Machine::now(manifest_dir);
    println!(
        "suite benchmark: {} runs on the stub, {} on moto; load average {}",
        options.runs, options.moto_runs, machine.load_before
    );

    let stub = measure_stub(options.runs).await?;
    let binary = PathBuf::from(env!("CARGO_BIN_EXE_kms-conformance"));
    let idle = if options.idle_runs > 0 {
        println!(
            "served stub: {} runs at 1 and at {CONCURRENCY}",
            options.idle_runs
        );
        idle::measure(&binary, &[1, CONCURRENCY], options.idle_runs).await
    } else {
        Err("--no-idle".to_owned())
    };
    let mut quota = Vec::new();
    if options.quota_runs > 0 {
        let throttled = StubOptions {
            throttle: Some(Throttling { scale: 1.0 }),
            ..StubOptions::default()
        };
        for (label, stub_options) in [
            ("--throttle", throttled),
            ("--aws-like", StubOptions::aws_like(1.0)),
        ] {
            println!("{label}: {} runs", options.quota_runs);
            quota.push(quota::measure(label, stub_options, options.quota_runs).await?);
        }
    }
    let moto = if !options.moto {
        Err("--no-moto".to_owned())
    } else if let Some(program) = moto::find() {
        match Moto::start(&program).await {
            // Dropping `moto` stops it, whatever the measurement did.
            Ok(moto) => measure_moto(&moto, options.moto_runs).await,
            Err(error) => Err(error),
        }
    } else {
        Err("moto_server is not on PATH".to_owned())
    };
    if let Err(why) = &moto {
        println!("moto not measured: {why}");
    }

    println!("start to first request: {FIRST_REQUEST_RUNS} runs");
    let footprint = Footprint {
        lock_packages: footprint::lock_packages(&manifest_dir.join("Cargo.lock"))?,
        binary_bytes: footprint::binary_bytes(&binary)?,
        binary: binary.display().to_string(),
        first_request: footprint::start_to_first_request(&binary, FIRST_REQUEST_RUNS),
        cold_build: footprint::cold_build(&bench_dir().join("build-cost.json")),
    };
    machine.load_after = results::load_average();
    Ok(Results {
        machine,
        concurrency: CONCURRENCY,
        stub,
        idle,
        quota,
        moto,
        footprint,
    })
}

/// (a) and (b): one run to record (and warm up), then suite and floor in turn.
async fn measure_stub(runs: usize) -> Result<Comparison, String> {
    let config = recording::stub_config()?;
    let (_, report) = suite_run(&config).await?;
    let recording = Recording::of(&report);
    let verdicts = verdicts(&report);
    println!(
        "stub: {verdicts}; {} requests recorded",
        recording.exchanges()
    );
    let mut suite = Samples::default();
    let mut floor = Samples::default();
    let mut mismatches = Vec::new();
    for run in 0..runs {
        let (suite_wall, _) = suite_run(&config).await?;
        suite.push(suite_wall);
        let (floor_wall, replayed) = floor_on_stub(&recording, &config).await?;
        floor.push(floor_wall);
        println!(
            "  run {}: suite {}, floor {}",
            run + 1,
            ms(suite_wall),
            ms(floor_wall)
        );
        if run == 0 {
            mismatches = replayed
                .mismatches
                .iter()
                .map(replay::Mismatch::describe)
                .collect();
        }
    }
    Ok(Comparison {
        floor_label: "bare replay, fresh stub",
        suite,
        floor,
        exchanges: recording.exchanges(),
        // The pre-flight check; the built-in stub is thrown away, not cleaned up.
        unrecorded: 1,
        verdicts,
        mismatches,
    })
}

/// (c): the suite against moto, and the same requests replayed, each after a reset.
async fn measure_moto(moto: &Moto, runs: usize) -> Result<Comparison, String> {
    let args = TargetArgs {
        endpoint: Some(moto.endpoint.clone()),
        ..TargetArgs::default()
    };
    let config = TargetConfig::resolve(&args, &|_| None).map_err(|e| e.to_string())?;
    moto.reset().await?;
    let (_, report) = suite_run(&config).await?;
    let recording = Recording::of(&report);
    let verdicts = verdicts(&report);
    println!(
        "moto: {verdicts}; {} requests recorded",
        recording.exchanges()
    );
    let target = replay_target(&config, &moto.endpoint);
    let mut suite = Samples::default();
    let mut floor = Samples::default();
    let mut mismatches = Vec::new();
    for run in 0..runs {
        moto.reset().await?;
        let (suite_wall, _) = suite_run(&config).await?;
        suite.push(suite_wall);
        moto.reset().await?;
        let replayed = replay(&recording, &target, CONCURRENCY).await?;
        floor.push(replayed.wall);
        println!(
            "  run {}: suite {}, moto's service {}",
            run + 1,
            ms(suite_wall),
            ms(replayed.wall)
        );
        if run == 0 {
            mismatches = replayed
                .mismatches
                .iter()
                .map(replay::Mismatch::describe)
                .collect();
        }
    }
    Ok(Comparison {
        floor_label: "bare replay, reset moto",
        suite,
        floor,
        exchanges: recording.exchanges(),
        unrecorded: 1 + recording.cleanup_estimate(),
        verdicts,
        mismatches,
    })
}

/// The whole suite as `cargo run` runs it: connect (starting a fresh stub
/// for the stub target), every scenario, disconnect. Its wall time and report.
async fn suite_run(config: &TargetConfig) -> Result<(Duration, RunReport), String> {
    let started = Instant::now();
    let connection = endpoint::connect(config, "bench")
        .await
        .map_err(|e| e.to_string())?;
    let options = RunOptions {
        concurrency: Some(CONCURRENCY),
        ..RunOptions::default()
    };
    let report = suite::run(Arc::clone(&connection.context), options).await;
    drop(connection);
    let wall = started.elapsed();
    if let Some((scenario, error)) = &report.target_down {
        return Err(format!(
            "the target stopped answering during \"{scenario}\": {error}"
        ));
    }
    Ok((wall, report))
}

/// The floor on the stub: a fresh stub, then the bare replay.
async fn floor_on_stub(
    recording: &Recording,
    config: &TargetConfig,
) -> Result<(Duration, Replayed), String> {
    let started = Instant::now();
    let stub = StubServer::start().await;
    let target = replay_target(config, stub.uri());
    let replayed = replay(recording, &target, CONCURRENCY).await?;
    drop(stub);
    Ok((started.elapsed(), replayed))
}

fn replay_target(config: &TargetConfig, endpoint: &str) -> ReplayTarget {
    ReplayTarget {
        endpoint: endpoint.to_owned(),
        primary: config.credentials.clone(),
        second_account: config.second_credentials.clone(),
    }
}

fn verdicts(report: &RunReport) -> String {
    report.summary_line()
}

/// `target/bench`, beside the benchmark's own build.
fn bench_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR") {
        return PathBuf::from(dir).join("bench");
    }
    // target/release/deps/suite-<hash>
    std::env::current_exe()
        .ok()
        .and_then(|exe| Some(exe.parent()?.parent()?.parent()?.to_path_buf()))
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"))
        .join("bench")
}

fn write(results: &Results, markdown: &str) -> Result<PathBuf, String> {
    let dir = bench_dir();
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let json = serde_json::to_string_pretty(&results.to_json()).map_err(|e| e.to_string())?;
    for (name, text) in [("results.json", json.as_str()), ("results.md", markdown)] {
        let path = dir.join(name);
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(dir)
}
