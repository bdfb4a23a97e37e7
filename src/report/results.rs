//! The results file: one run against one target, saved as versioned JSON
//! (`--results PATH` on a run; `matrix` writes one per target), so that
//! `kms-conformance report` can build the matrix later, from runs made on
//! other machines or days.
//!
//! ```json
//! {
//!   "format_version": 1,
//!   "suite": { "name": "kms-conformance", "version": "0.1.0" },
//!   "target": {
//!     "name": "moto",                        // the matrix column
//!     "endpoint": "http://127.0.0.1:5000",   // null for the built-in stub
//!     "server": "Werkzeug/3.1.3 Python/3.11.7",  // its Server header, if it sends one
//!     "version": "5.2.1"                     // as declared with --target-version, or null
//!   },
//!   "run": {
//!     "id": "1795996800-3f2a9c1b", "date": "2026-11-30T00:00:00Z",
//!     "region": "us-east-1", "other_region": "us-west-2", "strict": false,
//!     "expectations": "expectations/moto.toml",  // or null
//!     "elapsed_ms": 4512,
//!     "time": { "exchanges_ms": 9120, "cleanup_ms": 310, "waits_ms": { "reads_to_show": 60 } },
//!                             // its scenarios' time added up: see TimeRecord (absent in older files)
//!     "summary": "45 passed, 0 failed, 2 skipped (34 failed as expected)",
//!     "incomplete": null      // or why not every scenario ran: unreachable, stopped answering
//!   },
//!   "scenarios": [{
//!     "feature": "UntagResource works in every key state ...",
//!     "name": "A key pending deletion cannot be untagged",
//!     "location": "features/key_states.feature:42",
//!     "tags": ["untag", "key-states", "doc"],
//!     "evidence": "doc",      // rec, doc, inf, unk, or null
//!     "verdict": "xfail",     // see Verdict
//!     "passed": false,        // whether its assertions held, expectations aside; null if it did not run
//!     "expected": { "outcome": "fail", "reason": "...", "issue": null },  // or null
//!     "lenient": [],          // what passed only leniently
//!     "reason": null,         // why it was skipped or not run
//!     "failure": { "step": "Then the call fails with ...", "message": "..." },  // or null
//!     "elapsed_ms": 12,
//!     "time": { "exchanges_ms": 9, "cleanup_ms": 1, "waits_ms": {} },  // see TimeRecord (absent in older files)
//!     "first_action": 2,      // index of the first exchange under test; those before are setup
//!     "exchanges": [{
//!       "operation": "UntagResource",
//!       "request": { "method": "POST", "url": "...", "headers": [["authorization", "..."]], "body": "..." },
//!       "response": { "status": 400, "elapsed_ms": 3, "headers": [["content-type", "..."]], "body": "..." }
//!     }]
//!   }],
//!   "fidelity": { ... }       // only through a proxy: see report::fidelity::Fidelity
//! }
//! ```
//!
//! Exchanges are kept exactly as the terminal and JUnit traces show them:
//! every request header (credentials were redacted when the exchange was
//! recorded), the response headers of note, and bodies as text cut to 1000
//! bytes. A reader refuses any other `format_version`; fields may be added
//! without a new version, so a reader ignores fields it does not know.

mod build;
mod file;
mod time_record;

use serde::{Deserialize, Serialize};

pub(crate) use self::build::{EVIDENCE, RunFacts, from_report, unreachable};
pub(crate) use self::time_record::TimeRecord;
use super::fidelity::Fidelity;
use super::terminal::{BODY_LIMIT, HEADERS_OF_NOTE};
use crate::wire::{Exchange, preview};

/// The version of the format this build writes and reads.
pub(crate) const FORMAT_VERSION: u32 = 1;

/// One run against one target.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct Results {
    /// [`FORMAT_VERSION`] when written by this build.
    pub format_version: u32,
    /// What ran the scenarios.
    pub suite: Suite,
    /// What they ran against.
    pub target: TargetInfo,
    /// When and how.
    pub run: RunInfo,
    /// In feature-file order.
    pub scenarios: Vec<ScenarioResult>,
    /// What a proxy did to the exchanges, when the run went through one
    /// (`kms-conformance proxy`); absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fidelity: Option<Fidelity>,
}

/// What ran the scenarios.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Suite {
    /// `kms-conformance`.
    pub name: String,
    /// Its version (`CARGO_PKG_VERSION`).
    pub version: String,
}

/// What the scenarios ran against.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct TargetInfo {
    /// The name its column carries in a matrix.
    pub name: String,
    /// Its URL; `None` for the built-in stub, whose address changes every run.
    pub endpoint: Option<String>,
    /// The `Server` header it answered with most often, if any.
    pub server: Option<String>,
    /// Its version as the user declared it (`--target-version`).
    pub version: Option<String>,
}

/// When and how the run was made.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct RunInfo {
    /// The run id, also in the descriptions of the keys it made.
    pub id: String,
    /// When the run started, RFC 3339 in UTC.
    pub date: String,
    /// The region signed for.
    pub region: String,
    /// The region of the cross-region scenarios.
    pub other_region: String,
    /// `--strict`: lenient passes failed.
    pub strict: bool,
    /// The expectations file applied, if any.
    pub expectations: Option<String>,
    /// How long the scenarios took, in milliseconds.
    pub elapsed_ms: u64,
    /// The scenarios' time added up, by where it went; `None` in files
    /// written before it was recorded.
    #[serde(default)]
    pub time: Option<TimeRecord>,
    /// The run's closing line (`45 passed, 0 failed, ...`).
    pub summary: String,
    /// Why not every scenario ran, when not: the target could not be
    /// reached, or stopped answering.
    pub incomplete: Option<String>,
}

/// How a scenario ended, once the target's expectations are applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub(crate) enum Verdict {
    /// Passed.
    #[serde(rename = "pass")]
    Pass,
    /// Passed, but only leniently (a `{}` success body).
    #[serde(rename = "lenient")]
    Lenient,
    /// Failed, and not listed as an expected failure.
    #[serde(rename = "fail")]
    Fail,
    /// Failed, as the target's expectations say it does (with the reason).
    #[serde(rename = "xfail")]
    ExpectedFailure,
    /// Listed as an expected failure, but passed: the list is out of date.
    #[serde(rename = "xpass")]
    UnexpectedPass,
    /// Listed as flaky: passed or failed, and neither counts.
    #[serde(rename = "flaky")]
    Flaky,
    /// Not run: the target lacks what it needs (with why).
    #[serde(rename = "skip")]
    Skipped,
    /// Not run: the target stopped answering, could not be reached, or the
    /// scenario is not in this target's results.
    #[serde(rename = "not-run")]
    NotRun,
}

impl Verdict {
    /// Every verdict, in the order reports list them.
    pub(crate) const ALL: [Self; 8] = [
        Self::Pass,
        Self::Lenient,
        Self::Fail,
        Self::ExpectedFailure,
        Self::UnexpectedPass,
        Self::Flaky,
        Self::Skipped,
        Self::NotRun,
    ];

    /// Its name in the file, and the CSS class and filter value of the page.
    #[must_use]
    pub(crate) fn key(self) -> &'static str {
        match self {
            Self::Pass => "pass",
            Self::Lenient => "lenient",
            Self::Fail => "fail",
            Self::ExpectedFailure => "xfail",
            Self::UnexpectedPass => "xpass",
            Self::Flaky => "flaky",
            Self::Skipped => "skip",
            Self::NotRun => "not-run",
        }
    }

    /// What it means, for a legend.
    #[must_use]
    pub(crate) fn meaning(self) -> &'static str {
        match self {
            Self::Pass => "passed",
            Self::Lenient => "passed leniently (a {} success body, which clients accept)",
            Self::Fail => "failed, and not listed in the target's expectations",
            Self::ExpectedFailure => {
                "failed, as the target's expectations file says it does (a known deviation)"
            }
            Self::UnexpectedPass => "passed, though listed as an expected failure",
            Self::Flaky => "listed as flaky: passed or failed, and neither counts",
            Self::Skipped => "skipped: the target lacks what the scenario needs",
            Self::NotRun => "not run: the target could not be reached or stopped answering",
        }
    }

    /// Whether this verdict fails a run gated by the target's expectations.
    #[must_use]
    pub(crate) fn fails_the_gate(self) -> bool {
        matches!(self, Self::Fail | Self::UnexpectedPass)
    }
}

/// One scenario's result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct ScenarioResult {
    /// The feature's name.
    pub feature: String,
    /// Unique across the suite: the row of a matrix.
    pub name: String,
    /// `features/key_states.feature:42`.
    pub location: String,
    /// Feature and scenario tags, without `@`.
    pub tags: Vec<String>,
    /// The evidence tag: `rec`, `doc`, `inf` or `unk`.
    pub evidence: Option<String>,
    /// How it ended, expectations applied.
    pub verdict: Verdict,
    /// Whether the scenario's assertions held, expectations aside; `None`
    /// when it did not run.
    pub passed: Option<bool>,
    /// The target's expectation for it, if listed.
    pub expected: Option<ExpectedEntry>,
    /// What passed only leniently.
    pub lenient: Vec<String>,
    /// Why it was skipped or not run.
    pub reason: Option<String>,
    /// The step that failed and why (for a scenario the target stopped
    /// answering in: the step and the transport failure).
    pub failure: Option<Failure>,
    /// How long it took, in milliseconds.
    pub elapsed_ms: u64,
    /// Where that time went; `None` in files written before it was recorded.
    #[serde(default)]
    pub time: Option<TimeRecord>,
    /// Where in `exchanges` the first request under test is.
    pub first_action: Option<usize>,
    /// Every exchange, in order, as traces show them.
    pub exchanges: Vec<ExchangeRecord>,
}

/// The target's expectation for a scenario.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct ExpectedEntry {
    /// `fail` or `flaky`.
    pub outcome: String,
    /// Why, as the expectations file says.
    pub reason: String,
    /// An upstream issue, if the file names one.
    pub issue: Option<String>,
}

/// A failed step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Failure {
    /// The step, with its keyword (`Then the call fails with ...`).
    pub step: String,
    /// Why it failed, possibly over several lines.
    pub message: String,
}

/// One exchange, as traces show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct ExchangeRecord {
    /// The operation named by `X-Amz-Target`, if any.
    pub operation: Option<String>,
    /// What was sent.
    pub request: RequestRecord,
    /// What came back.
    pub response: ResponseRecord,
}

/// A request, credentials already redacted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct RequestRecord {
    /// `POST`, normally.
    pub method: String,
    /// Where it went.
    pub url: String,
    /// Every header, in the order set; credentials redacted.
    pub headers: Vec<(String, String)>,
    /// As text, cut to 1000 bytes; `<empty>` when empty.
    pub body: String,
}

/// A response: its status, the headers of note, its body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct ResponseRecord {
    /// The HTTP status.
    pub status: u16,
    /// How long the exchange took, in milliseconds.
    pub elapsed_ms: u64,
    /// The headers a reader of a KMS trace needs, when present.
    pub headers: Vec<(String, String)>,
    /// As text, cut to 1000 bytes; `<empty>` when empty.
    pub body: String,
    /// How many attempts before this answer were throttled and sent again;
    /// absent when none was (files written before retries existed read as 0).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub throttled: u32,
    /// Why the request was sent again on a new connection (its pooled one
    /// broke before any answer); absent when it went out once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resent: Option<String>,
    /// How many attempts before this answer got a transient one (a server
    /// fault, a key just made not found yet) and were sent again; absent
    /// when none did.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub transient: u32,
}

#[expect(
    clippy::trivially_copy_pass_by_ref,
    reason = "serde's skip_serializing_if passes a reference"
)]
fn is_zero(count: &u32) -> bool {
    *count == 0
}

impl ExchangeRecord {
    /// The record of `exchange`: what a trace shows of it.
    #[must_use]
    pub(crate) fn of(exchange: &Exchange) -> Self {
        Self {
            operation: exchange.operation.clone(),
            request: RequestRecord {
                method: exchange.request.method.clone(),
                url: exchange.request.url.clone(),
                headers: exchange.request.headers.clone(),
                body: preview(&exchange.request.body, BODY_LIMIT),
            },
            response: ResponseRecord {
                status: exchange.status,
                elapsed_ms: millis(exchange.elapsed),
                headers: HEADERS_OF_NOTE
                    .iter()
                    .filter_map(|name| {
                        exchange
                            .header(name)
                            .map(|value| ((*name).to_owned(), value.to_owned()))
                    })
                    .collect(),
                body: exchange.body_preview(BODY_LIMIT),
                throttled: exchange.throttled,
                resent: exchange.resent.clone(),
                transient: exchange.transient,
            },
        }
    }
}

fn millis(duration: std::time::Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests;
