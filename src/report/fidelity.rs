//! What a proxy did to the exchanges passing through it: the findings of
//! the proxy mode (see [`crate::proxy`]), reported beside the scenarios'
//! verdicts. Plain data and its terminal text; JUnit and the results file
//! carry the same findings.
//!
//! A finding names one [`Check`] that did not hold for one exchange, says
//! what differed in one line, and shows both sides of the exchange: what
//! the client sent and received, what the stub received and answered.
//! Credentials are redacted on both sides before a finding is made.
//!
//! Each check has a [`Severity`]: a fault changes what KMS or the client
//! sees, a note does not; [`FailOn`] says which of them fail the run.

mod severity;

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

pub(crate) use self::severity::{FailOn, Severity};

/// What a proxy must leave as it was. The first eight judge the request
/// (client → stub), the last four the response (stub → client).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Check {
    /// The request's method.
    Method,
    /// The request's path and query.
    Path,
    /// `X-Amz-Target`, which names the operation.
    #[serde(rename = "x-amz-target")]
    Target,
    /// The request's `Content-Type`.
    ContentType,
    /// The request's body bytes.
    Body,
    /// `Authorization` (with `X-Amz-Date` and a session token): unchanged,
    /// or a valid signature for the stub in the client's region.
    Signature,
    /// Every other header the client sent arrives unchanged, and nothing
    /// is added that the user did not declare.
    Headers,
    /// Exactly one request reaches the stub per request the client sent.
    Count,
    /// The response's status.
    Status,
    /// The response's body bytes (an empty body stays empty).
    ResponseBody,
    /// The response's `Content-Type`.
    ResponseContentType,
    /// The response's `x-amzn-RequestId`.
    RequestId,
}

impl Check {
    /// Every check, in the order reports list them (for the tests that
    /// show each check catches a proxy no other does).
    #[cfg(test)]
    pub(crate) const ALL: [Self; 12] = [
        Self::Method,
        Self::Path,
        Self::Target,
        Self::ContentType,
        Self::Body,
        Self::Signature,
        Self::Headers,
        Self::Count,
        Self::Status,
        Self::ResponseBody,
        Self::ResponseContentType,
        Self::RequestId,
    ];

    /// Its name in reports (`response-body`).
    #[must_use]
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Method => "method",
            Self::Path => "path",
            Self::Target => "x-amz-target",
            Self::ContentType => "content-type",
            Self::Body => "body",
            Self::Signature => "signature",
            Self::Headers => "headers",
            Self::Count => "count",
            Self::Status => "status",
            Self::ResponseBody => "response-body",
            Self::ResponseContentType => "response-content-type",
            Self::RequestId => "request-id",
        }
    }
}

/// One check that did not hold for one exchange.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Finding {
    /// The check.
    pub check: Check,
    /// The scenario whose exchange it is; `None` for a request that
    /// reached the stub and that no exchange of the client accounts for.
    pub scenario: Option<String>,
    /// The exchange's place among the scenario's exchanges, from 0.
    pub exchange: Option<usize>,
    /// The operation its `X-Amz-Target` names, if any.
    pub operation: Option<String>,
    /// What differed, in one line (`the stub answered an empty body; the
    /// client received 2 bytes: {}`).
    pub what: String,
    /// The client's side: the request as sent and the response as
    /// received, one line each, credentials redacted; `None` when no
    /// client exchange accounts for it.
    pub client: Option<Vec<String>>,
    /// The stub's side: each request that reached it for this exchange and
    /// its answer, credentials redacted (none when the proxy answered
    /// itself).
    pub stub: Vec<Vec<String>>,
}

/// What the proxy mode found, for one run.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Fidelity {
    /// The proxy's URL, as the suite sent to it.
    pub proxy: String,
    /// The address the stub served on, as the proxy's upstream.
    pub upstream: String,
    /// The client exchanges judged.
    pub exchanges: usize,
    /// The requests that reached the stub while the scenarios ran.
    pub upstream_requests: usize,
    /// Facts about the run that are not findings: how exchanges were
    /// paired, how the proxy signed, what could not be judged.
    pub notes: Vec<String>,
    /// Every finding, in scenario order, then those of no scenario.
    pub findings: Vec<Finding>,
}

/// Findings shown in full on the terminal per check; the rest get a line.
const SHOWN_IN_FULL: usize = 1;
/// Lines per check on the terminal; the files have every finding.
const LISTED: usize = 10;

impl Fidelity {
    /// How many findings each check made, for checks that made any.
    #[must_use]
    pub(crate) fn by_check(&self) -> BTreeMap<Check, usize> {
        let mut counts = BTreeMap::new();
        for finding in &self.findings {
            *counts.entry(finding.check).or_insert(0) += 1;
        }
        counts
    }

    /// The findings about the scenario `name`.
    pub(crate) fn of_scenario<'a>(
        &'a self,
        name: &'a str,
    ) -> impl Iterator<Item = &'a Finding> + 'a {
        self.findings
            .iter()
            .filter(move |f| f.scenario.as_deref() == Some(name))
    }

    /// How many findings of each severity, faults first, for those with any:
    /// `2 faults, 704 notes`; empty with no finding.
    #[must_use]
    pub(crate) fn weighed(&self) -> String {
        let mut counts: BTreeMap<Severity, usize> = BTreeMap::new();
        for finding in &self.findings {
            *counts.entry(finding.severity()).or_insert(0) += 1;
        }
        counts
            .into_iter()
            .map(|(severity, n)| severity.count(n))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The findings that fail the run under `fail_on`.
    pub(crate) fn failing(&self, fail_on: FailOn) -> impl Iterator<Item = &Finding> + '_ {
        self.findings.iter().filter(move |f| fail_on.fails(f))
    }

    /// `81 faults in 360 exchanges (response-body 81)`, or `no findings in
    /// 360 exchanges`: what a matrix says of a proxy.
    #[must_use]
    pub(crate) fn label(&self) -> String {
        if self.findings.is_empty() {
            return format!("no findings in {} exchanges", self.exchanges);
        }
        format!(
            "{} in {} exchanges ({})",
            self.weighed(),
            self.exchanges,
            self.counts()
        )
    }

    /// `response-body 81, headers 704`: each check with findings, and how many.
    fn counts(&self) -> String {
        self.by_check()
            .into_iter()
            .map(|(check, count)| format!("{} {count}", check.name()))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The line printed before the summary: what was found, and whether
    /// it fails the run under `fail_on`. `fidelity: no findings in 362
    /// exchanges through URL`, or `fidelity: 2 faults, 1 note in 362
    /// exchanges through URL (response-body 2, headers 1): the proxy fails
    /// (2 faults)`.
    #[must_use]
    pub(crate) fn summary_line(&self, fail_on: FailOn) -> String {
        if self.findings.is_empty() {
            return format!(
                "fidelity: no findings in {} exchanges through {}",
                self.exchanges, self.proxy
            );
        }
        let failing = self.failing(fail_on).count();
        let verdict = match (failing, fail_on) {
            (0, FailOn::Nothing) => "reported only (--report-only)".to_owned(),
            (0, _) => "the proxy passes (notes fail the run with --fail-on-notes)".to_owned(),
            (n, FailOn::Faults) => format!("the proxy fails ({})", Severity::Fault.count(n)),
            (n, _) => format!("the proxy fails ({} with --fail-on-notes)", findings(n)),
        };
        format!(
            "fidelity: {} in {} exchanges through {} ({}): {verdict}",
            self.weighed(),
            self.exchanges,
            self.proxy,
            self.counts()
        )
    }

    /// The terminal text: the header, the notes, and per check the first
    /// findings (the first with both sides, or all with `trace_all`); the
    /// summary line is printed separately.
    #[must_use]
    pub(crate) fn render(&self, trace_all: bool) -> String {
        let mut text = format!(
            "fidelity through {} to the stub at {}: {} exchanges, {} requests reached the stub\n",
            self.proxy, self.upstream, self.exchanges, self.upstream_requests
        );
        for note in &self.notes {
            let _ = writeln!(text, "      note: {note}");
        }
        for (check, count) in self.by_check() {
            let of_check = self.findings.iter().filter(|f| f.check == check);
            for (shown, finding) in of_check.enumerate() {
                if shown == LISTED && !trace_all {
                    let _ = writeln!(
                        text,
                        "      ... and {} more {} findings (--junit and --results keep every one)",
                        count - LISTED,
                        check.name()
                    );
                    break;
                }
                text.push_str(&finding.render(trace_all || shown < SHOWN_IN_FULL));
            }
        }
        text
    }
}

/// `1 finding`, `2 findings`.
pub(crate) fn findings(count: usize) -> String {
    if count == 1 {
        "1 finding".to_owned()
    } else {
        format!("{count} findings")
    }
}

impl Finding {
    /// Where it is: `"A scenario", exchange 2 (UntagResource)`, or `no
    /// client exchange` for a request that only the stub saw.
    #[must_use]
    pub(crate) fn place(&self) -> String {
        let operation = self.operation.as_deref().unwrap_or("no X-Amz-Target");
        match (&self.scenario, self.exchange) {
            (Some(scenario), Some(index)) => {
                format!("\"{scenario}\", exchange {} ({operation})", index + 1)
            }
            (Some(scenario), None) => format!("\"{scenario}\" ({operation})"),
            (None, _) => format!("no client exchange ({operation})"),
        }
    }

    /// `FAULT  <check>  <place>: <what>` (or `NOTE`), then both sides when
    /// `sides`.
    #[must_use]
    pub(crate) fn render(&self, sides: bool) -> String {
        let mut text = format!(
            "{:5}  {}  {}: {}\n",
            self.severity().name().to_ascii_uppercase(),
            self.check.name(),
            self.place(),
            self.what
        );
        if sides {
            text.push_str(&self.sides());
        }
        text
    }

    /// Both sides of the exchange, indented, as the terminal and JUnit
    /// show them.
    #[must_use]
    pub(crate) fn sides(&self) -> String {
        let mut text = String::new();
        match &self.client {
            Some(lines) => {
                text.push_str("      the client's side:\n");
                for line in lines {
                    let _ = writeln!(text, "        {line}");
                }
            }
            None => text.push_str("      the client's side: no request of the client\n"),
        }
        if self.stub.is_empty() {
            text.push_str("      the stub's side: no request reached the stub\n");
        }
        let total = self.stub.len();
        for (i, lines) in self.stub.iter().enumerate() {
            if total == 1 {
                text.push_str("      the stub's side:\n");
            } else {
                let _ = writeln!(text, "      the stub's side, request {} of {total}:", i + 1);
            }
            for line in lines {
                let _ = writeln!(text, "        {line}");
            }
        }
        text
    }
}

#[cfg(test)]
mod tests;
