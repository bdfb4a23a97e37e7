//! Everything one benchmark run measured: printed as a summary, written as
//! `results.json` (for comparing runs) and `results.md` (for a reader).

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

use serde_json::{Value, json};

use super::samples::{Samples, ms, ratio, round};

/// The suite's goals (issues 7 and 23).
pub(crate) const STUB_RATIO_GOAL: f64 = 2.0;
pub(crate) const STUB_WALL_GOAL_MS: f64 = 1000.0;
pub(crate) const MOTO_RATIO_GOAL: f64 = 1.3;

/// The suite and its floor against one target.
#[derive(Debug)]
pub(crate) struct Comparison {
    /// What the floor is, in a few words.
    pub floor_label: &'static str,
    pub suite: Samples,
    pub floor: Samples,
    /// Requests the suite sent (and the floor replays) per run.
    pub exchanges: usize,
    /// Requests the suite sent that its report does not record, so the
    /// floor does not replay them: the pre-flight check and, off the
    /// built-in stub, about this many cleanup calls.
    pub unrecorded: usize,
    /// The suite's verdicts: `81 passed, 0 failed`.
    pub verdicts: String,
    /// Replayed requests whose status differed from the recording.
    pub mismatches: Vec<String>,
}

impl Comparison {
    pub(crate) fn ratio(&self) -> f64 {
        ratio(&self.suite, &self.floor)
    }

    /// Fastest suite run over fastest floor run: on a shared machine, other
    /// work only ever adds time, so the fastest runs are the steadiest
    /// estimate of each side's own cost (the goals use the medians).
    pub(crate) fn best_ratio(&self) -> f64 {
        let floor = self.floor.min().as_secs_f64();
        if floor == 0.0 {
            return f64::NAN;
        }
        self.suite.min().as_secs_f64() / floor
    }

    fn to_json(&self) -> Value {
        json!({
            "suite": self.suite.to_json(),
            "floor": self.floor.to_json(),
            "floor_is": self.floor_label,
            "ratio_suite_over_floor": round(self.ratio(), 3),
            "ratio_of_fastest_runs": round(self.best_ratio(), 3),
            "exchanges_per_run": self.exchanges,
            "suite_requests_not_replayed": self.unrecorded,
            "verdicts": self.verdicts,
            "replay_mismatches": self.mismatches,
        })
    }
}

/// The cost of being a dependency.
#[derive(Debug)]
pub(crate) struct Footprint {
    pub lock_packages: usize,
    pub binary: String,
    pub binary_bytes: u64,
    pub first_request: Result<Samples, String>,
    /// `benches/build-cost.sh`'s last result, if it ran.
    pub cold_build: Option<Value>,
}

/// Where and when it ran.
#[derive(Debug)]
pub(crate) struct Machine {
    pub cores: usize,
    pub memory_gib: f64,
    pub cpu: String,
    pub rustc: String,
    pub commit: String,
    pub load_before: String,
    pub load_after: String,
}

impl Machine {
    /// The machine as it is now; `load_after` is filled in at the end.
    pub(crate) fn now(manifest_dir: &Path) -> Self {
        let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
        let memory_kib: f64 = meminfo
            .lines()
            .find_map(|l| l.strip_prefix("MemTotal:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0.0);
        let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
        let cpu = cpuinfo
            .lines()
            .find_map(|l| l.strip_prefix("model name"))
            .map_or_else(
                || "unknown".to_owned(),
                |v| v.trim_start_matches([' ', '\t', ':']).to_owned(),
            );
        let commit = output(
            "git",
            &[
                "-C",
                &manifest_dir.to_string_lossy(),
                "rev-parse",
                "--short",
                "HEAD",
            ],
        );
        let dirty = !output(
            "git",
            &[
                "-C",
                &manifest_dir.to_string_lossy(),
                "status",
                "--porcelain",
            ],
        )
        .is_empty();
        Self {
            cores: std::thread::available_parallelism().map_or(1, std::num::NonZero::get),
            memory_gib: round(memory_kib / 1024.0 / 1024.0, 1),
            cpu,
            rustc: output("rustc", &["--version"]),
            commit: if dirty {
                format!("{commit} (with uncommitted changes)")
            } else {
                commit
            },
            load_before: load_average(),
            load_after: String::new(),
        }
    }
}

/// `1.02 0.87 0.55`: other work on a shared machine moves every number.
pub(crate) fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

fn output(program: &str, args: &[&str]) -> String {
    Command::new(program)
        .args(args)
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map_or_else(
            || "unknown".to_owned(),
            |o| String::from_utf8_lossy(&o.stdout).trim().to_owned(),
        )
}

/// One goal and whether this run met it.
#[derive(Debug)]
pub(crate) struct Goal {
    pub name: String,
    pub measured: String,
    /// `None`: not measured.
    pub met: Option<bool>,
}

#[derive(Debug)]
pub(crate) struct Results {
    pub machine: Machine,
    pub concurrency: usize,
    pub stub: Comparison,
    /// The suite against the served stub, at each concurrency; why not, if not.
    pub idle: Result<Vec<super::idle::IdleRuns>, String>,
    /// The suite against stubs that enforce KMS's quotas; empty with `--no-quota`.
    pub quota: Vec<super::quota::QuotaRun>,
    /// Why moto was not measured, if it was not.
    pub moto: Result<Comparison, String>,
    pub footprint: Footprint,
}

impl Results {
    pub(crate) fn goals(&self) -> Vec<Goal> {
        let stub_ratio = self.stub.ratio();
        let stub_wall = self.stub.suite.median().as_secs_f64() * 1000.0;
        let (moto_measured, moto_met) = match &self.moto {
            Ok(moto) => (
                format!("{:.2}×", moto.ratio()),
                Some(moto.ratio() <= MOTO_RATIO_GOAL),
            ),
            Err(why) => (format!("not measured: {why}"), None),
        };
        vec![
            Goal {
                name: format!("stub: suite ≤ {STUB_RATIO_GOAL}× the raw-replay floor"),
                measured: format!("{stub_ratio:.2}×"),
                met: Some(stub_ratio <= STUB_RATIO_GOAL),
            },
            Goal {
                name: "stub: suite under 1 s".to_owned(),
                measured: ms(self.stub.suite.median()),
                met: Some(stub_wall < STUB_WALL_GOAL_MS),
            },
            Goal {
                name: format!("moto: suite ≤ {MOTO_RATIO_GOAL}× moto's service time"),
                measured: moto_measured,
                met: moto_met,
            },
            super::idle::goal(&self.idle),
        ]
    }

    pub(crate) fn to_json(&self) -> Value {
        let first_request = match &self.footprint.first_request {
            Ok(samples) => samples.to_json(),
            Err(why) => json!({ "not_measured": why }),
        };
        let goals: Vec<Value> = self
            .goals()
            .into_iter()
            .map(|g| json!({ "goal": g.name, "measured": g.measured, "met": g.met }))
            .collect();
        json!({
            "machine": {
                "cores": self.machine.cores,
                "memory_gib": self.machine.memory_gib,
                "cpu": self.machine.cpu,
                "rustc": self.machine.rustc,
                "commit": self.machine.commit,
                "load_average_before": self.machine.load_before,
                "load_average_after": self.machine.load_after,
            },
            "concurrency": self.concurrency,
            "stub": self.stub.to_json(),
            "served_stub": match &self.idle {
                Ok(runs) => json!(runs.iter().map(super::idle::IdleRuns::to_json).collect::<Vec<_>>()),
                Err(why) => json!({ "skipped": why }),
            },
            "quota": self.quota.iter().map(super::quota::QuotaRun::to_json).collect::<Vec<_>>(),
            "moto": match &self.moto {
                Ok(moto) => moto.to_json(),
                Err(why) => json!({ "skipped": why }),
            },
            "footprint": {
                "lock_packages": self.footprint.lock_packages,
                "binary": self.footprint.binary,
                "binary_bytes": self.footprint.binary_bytes,
                "start_to_first_request": first_request,
                "cold_release_build": self.footprint.cold_build.clone().unwrap_or_else(
                    || json!({ "not_measured": "run benches/build-cost.sh" })
                ),
            },
            "goals": goals,
        })
    }

    /// The readable report, and the summary printed at the end of a run.
    pub(crate) fn to_markdown(&self) -> String {
        let mut text = String::new();
        let m = &self.machine;
        let _ = writeln!(text, "# kms-conformance benchmark\n");
        let _ = writeln!(
            text,
            "{} cores, {} GiB, {}; {}; commit {}; load average {} before, {} after.\n",
            m.cores, m.memory_gib, m.cpu, m.rustc, m.commit, m.load_before, m.load_after
        );
        let _ = writeln!(
            text,
            "Wall times: median (min, max, spread) of alternating runs; scenarios {} at a time.\n",
            self.concurrency
        );
        let _ = writeln!(
            text,
            "| target | suite | floor | suite / floor (fastest runs) | requests replayed (+ not) |"
        );
        let _ = writeln!(text, "|---|---|---|---|---|");
        let mut row = |target: &str, c: &Comparison| {
            let _ = writeln!(
                text,
                "| {target} | {} | {} ({}) | **{:.2}×** ({:.2}×) | {} (+{}) |",
                c.suite.describe(),
                c.floor.describe(),
                c.floor_label,
                c.ratio(),
                c.best_ratio(),
                c.exchanges,
                c.unrecorded
            );
        };
        row("built-in stub", &self.stub);
        match &self.moto {
            Ok(moto) => row("moto", moto),
            Err(why) => {
                let _ = writeln!(text, "| moto | skipped: {why} | | | |");
            }
        }
        let _ = writeln!(
            text,
            "\n\"+ not\": requests the suite sent that its report does not record, so the floor \
             does not replay them: the pre-flight DescribeKey and, off the built-in stub, about \
             that many cleanup calls. They count against the suite."
        );
        for (target, c) in [
            ("stub", Some(&self.stub)),
            ("moto", self.moto.as_ref().ok()),
        ] {
            let Some(c) = c else { continue };
            let _ = writeln!(text, "\nSuite on {target}: {}.", c.verdicts);
            if c.mismatches.is_empty() {
                let _ = writeln!(text, "Replay on {target}: every status as recorded.");
            } else {
                let _ = writeln!(
                    text,
                    "Replay on {target}: {} statuses differ from the recording:",
                    c.mismatches.len()
                );
                for mismatch in c.mismatches.iter().take(20) {
                    let _ = writeln!(text, "- {mismatch}");
                }
            }
        }
        text.push_str(&super::idle::to_markdown(&self.idle));
        text.push_str(&super::quota::to_markdown(&self.quota));
        self.write_footprint(&mut text);
        let _ = writeln!(text, "\n## Goals\n");
        for goal in self.goals() {
            let mark = match goal.met {
                Some(true) => "met",
                Some(false) => "MISSED",
                None => "not measured",
            };
            let _ = writeln!(text, "- {mark}: {} — {}", goal.name, goal.measured);
        }
        text
    }

    /// The "Cost of being a dependency" section.
    fn write_footprint(&self, text: &mut String) {
        let f = &self.footprint;
        let _ = writeln!(text, "\n## Cost of being a dependency\n");
        let _ = writeln!(text, "| what | measured |");
        let _ = writeln!(text, "|---|---|");
        let _ = writeln!(text, "| packages in Cargo.lock | {} |", f.lock_packages);
        #[expect(
            clippy::cast_precision_loss,
            reason = "a binary's size is far below 2^52 bytes, and shown to 0.1 MiB"
        )]
        let mebibytes = f.binary_bytes as f64 / 1024.0 / 1024.0;
        let _ = writeln!(
            text,
            "| release binary | {mebibytes:.1} MiB ({} bytes) |",
            f.binary_bytes
        );
        let first = match &f.first_request {
            Ok(samples) => samples.describe(),
            Err(why) => format!("not measured: {why}"),
        };
        let _ = writeln!(text, "| start to first request | {first} |");
        for (profile, command) in [("release", "cargo build --release"), ("dev", "cargo build")] {
            let cold = f.cold_build.as_ref().map_or_else(
                || "not measured: run `benches/build-cost.sh`".to_owned(),
                |c| {
                    let build = &c[profile];
                    if build.is_null() {
                        return "not measured: run `benches/build-cost.sh`".to_owned();
                    }
                    format!(
                        "{} s (commit {}, load average {} before, {})",
                        build["wall_s"],
                        c["commit"].as_str().unwrap_or("?"),
                        build["load_average_before"].as_str().unwrap_or("?"),
                        c["measured_at"].as_str().unwrap_or("?")
                    )
                },
            );
            let _ = writeln!(text, "| cold `{command}` | {cold} |");
        }
    }
}
