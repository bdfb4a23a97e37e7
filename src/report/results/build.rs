//! A [`Results`] file from a finished run's [`RunReport`].

use std::collections::HashMap;
use std::time::SystemTime;

use super::{
    ExchangeRecord, ExpectedEntry, FORMAT_VERSION, Failure, Results, RunInfo, ScenarioResult,
    Suite, TargetInfo, TimeRecord, Verdict, millis,
};
use crate::expectations::Expected;
use crate::report::{self, Outcome, RunReport, ScenarioReport};

/// The evidence tags, strongest first.
pub(crate) const EVIDENCE: [&str; 4] = ["rec", "doc", "inf", "unk"];

/// What the report does not know about its run.
#[derive(Clone, Debug)]
pub(crate) struct RunFacts {
    /// The target's name in a matrix.
    pub target_name: String,
    /// The target's URL; `None` for the built-in stub.
    pub endpoint: Option<String>,
    /// The target's version, as the user declared it.
    pub version: Option<String>,
    /// The run id.
    pub run_id: String,
    /// When the run started.
    pub started: SystemTime,
    /// The region signed for.
    pub region: String,
    /// The region of the cross-region scenarios.
    pub other_region: String,
    /// `--strict`: lenient passes failed.
    pub strict: bool,
    /// The expectations file applied, if any.
    pub expectations: Option<String>,
}

impl RunFacts {
    fn suite() -> Suite {
        Suite {
            name: env!("CARGO_PKG_NAME").to_owned(),
            version: env!("CARGO_PKG_VERSION").to_owned(),
        }
    }

    fn target(&self, server: Option<String>) -> TargetInfo {
        TargetInfo {
            name: self.target_name.clone(),
            endpoint: self.endpoint.clone(),
            server,
            version: self.version.clone(),
        }
    }

    fn run(
        &self,
        elapsed_ms: u64,
        time: Option<TimeRecord>,
        summary: String,
        incomplete: Option<String>,
    ) -> RunInfo {
        RunInfo {
            time,
            id: self.run_id.clone(),
            date: humantime::format_rfc3339_seconds(self.started).to_string(),
            region: self.region.clone(),
            other_region: self.other_region.clone(),
            strict: self.strict,
            expectations: self.expectations.clone(),
            elapsed_ms,
            summary,
            incomplete,
        }
    }
}

/// The results of `report`, a run made as `facts` say.
#[must_use]
pub(crate) fn from_report(report: &RunReport, facts: &RunFacts) -> Results {
    let incomplete = report
        .target_down
        .as_ref()
        .map(|(scenario, error)| {
            format!("the target stopped answering during \"{scenario}\": {error}")
        })
        .or_else(|| report.parse_errors.first().cloned());
    Results {
        format_version: FORMAT_VERSION,
        suite: RunFacts::suite(),
        target: facts.target(server(report)),
        run: facts.run(
            millis(report.elapsed),
            Some(TimeRecord::of(&report.time())),
            report.summary_line(),
            incomplete,
        ),
        scenarios: report.scenarios.iter().map(scenario).collect(),
        fidelity: None,
    }
}

/// The results of a run that could not start: the target did not answer
/// (`reason`), so no scenario ran.
#[must_use]
pub(crate) fn unreachable(facts: &RunFacts, reason: &str) -> Results {
    Results {
        format_version: FORMAT_VERSION,
        suite: RunFacts::suite(),
        target: facts.target(None),
        run: facts.run(
            0,
            None,
            format!("not run: {reason}"),
            Some(reason.to_owned()),
        ),
        scenarios: Vec::new(),
        fidelity: None,
    }
}

/// The `Server` header the target answered with most often (the first
/// seen, on a tie): what the target says it is.
fn server(report: &RunReport) -> Option<String> {
    let mut counts: HashMap<&str, (usize, usize)> = HashMap::new();
    let headers = report
        .scenarios
        .iter()
        .flat_map(|s| &s.exchanges)
        .filter_map(|e| e.header("server"));
    for (seen, value) in headers.enumerate() {
        counts.entry(value).or_insert((0, seen)).0 += 1;
    }
    counts
        .into_iter()
        .max_by_key(|(_, (count, first))| (*count, std::cmp::Reverse(*first)))
        .map(|(value, _)| value.to_owned())
}

fn scenario(report: &ScenarioReport) -> ScenarioResult {
    let verdict = match report.outcome() {
        Outcome::Passed if report.passed_leniently() => Verdict::Lenient,
        Outcome::Passed => Verdict::Pass,
        Outcome::Failed => Verdict::Fail,
        Outcome::FailedAsExpected => Verdict::ExpectedFailure,
        Outcome::UnexpectedPass => Verdict::UnexpectedPass,
        Outcome::Flaky => Verdict::Flaky,
        Outcome::Skipped => Verdict::Skipped,
        Outcome::Abandoned => Verdict::NotRun,
    };
    let (passed, reason, failure) = match &report.verdict {
        report::Verdict::Passed => (Some(true), None, None),
        report::Verdict::Failed { step, message } => (
            Some(false),
            None,
            Some(Failure {
                step: step.clone(),
                message: message.clone(),
            }),
        ),
        report::Verdict::Skipped { reason } => (None, Some(reason.clone()), None),
        report::Verdict::Abandoned { died_here: None } => (
            None,
            Some("the target had stopped answering".to_owned()),
            None,
        ),
        report::Verdict::Abandoned {
            died_here: Some((step, message)),
        } => (
            None,
            Some("the target stopped answering in this scenario".to_owned()),
            Some(Failure {
                step: step.clone(),
                message: message.clone(),
            }),
        ),
    };
    ScenarioResult {
        feature: report.feature.clone(),
        name: report.name.clone(),
        location: report.location(),
        tags: report.tags.clone(),
        evidence: report
            .tags
            .iter()
            .find(|tag| EVIDENCE.contains(&tag.as_str()))
            .cloned(),
        verdict,
        passed,
        expected: report.expected.as_ref().map(|e| ExpectedEntry {
            outcome: match e.outcome {
                Expected::Fail => "fail",
                Expected::Flaky => "flaky",
            }
            .to_owned(),
            reason: e.reason.clone(),
            issue: e.issue.clone(),
        }),
        lenient: report.lenient.clone(),
        reason,
        failure,
        elapsed_ms: millis(report.elapsed),
        time: Some(TimeRecord::of(&report.time)),
        first_action: report.first_action,
        exchanges: report.exchanges.iter().map(ExchangeRecord::of).collect(),
    }
}
