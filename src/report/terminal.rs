//! Progress and failures on the terminal, as scenarios finish.
//!
//! A failing scenario prints the step that failed, why, and the HTTP
//! exchanges behind it (credentials are redacted before an exchange is ever
//! recorded). `--trace` prints the exchanges of every scenario.

use std::fmt;
use std::io::Write;

use super::{Outcome, ScenarioReport, Verdict};
use crate::wire::{Exchange, preview};

/// Longest body shown in a trace, in bytes.
pub(crate) const BODY_LIMIT: usize = 1000;

/// The response headers a reader of a KMS trace needs.
pub(crate) const HEADERS_OF_NOTE: [&str; 4] = [
    "content-type",
    "content-length",
    "x-amzn-requestid",
    "x-amzn-errortype",
];

/// Writes progress lines.
pub struct Terminal {
    out: Box<dyn Write + Send>,
    trace_all: bool,
    quiet: bool,
}

impl fmt::Debug for Terminal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Terminal")
            .field("trace_all", &self.trace_all)
            .finish_non_exhaustive()
    }
}

impl Terminal {
    /// Progress on standard output.
    #[must_use]
    pub fn stdout(trace_all: bool) -> Self {
        Self::new(Box::new(std::io::stdout()), trace_all)
    }

    /// Progress on `out`; with `trace_all`, every scenario's exchanges, not
    /// only the failing ones'.
    #[must_use]
    pub fn new(out: Box<dyn Write + Send>, trace_all: bool) -> Self {
        Self {
            out,
            trace_all,
            quiet: false,
        }
    }

    /// Prints failures only.
    #[must_use]
    pub fn quiet(self, quiet: bool) -> Self {
        Self { quiet, ..self }
    }

    /// One scenario's line, and its details when it failed.
    pub fn scenario(&mut self, report: &ScenarioReport) {
        // Once the target stops answering, every scenario still in flight
        // stops too: only the one that met the dead target is shown; the
        // summary counts the rest and the closing line says why.
        let died_here = died_here(report);
        let alarming =
            matches!(report.outcome(), Outcome::Failed | Outcome::UnexpectedPass) || died_here;
        if report.outcome() == Outcome::Abandoned && !died_here {
            return;
        }
        if self.quiet && !alarming {
            return;
        }
        let text = render_scenario(report, self.trace_all);
        // A closed stdout must not abort the run; the summary still decides the exit code.
        let _ = self.out.write_all(text.as_bytes());
        let _ = self.out.flush();
    }
}

/// The text printed for one scenario.
#[must_use]
pub(crate) fn render_scenario(report: &ScenarioReport, trace_all: bool) -> String {
    ScenarioText { report, trace_all }.to_string()
}

/// Every exchange, request and response, indented under its scenario.
#[must_use]
pub(crate) fn render_trace(exchanges: &[Exchange]) -> String {
    Trace(exchanges).to_string()
}

/// One scenario's lines: its outcome, the failing step and, when shown, the
/// trace.
struct ScenarioText<'a> {
    report: &'a ScenarioReport,
    trace_all: bool,
}

impl fmt::Display for ScenarioText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let report = self.report;
        let reason = report
            .expected
            .as_ref()
            .map(|e| e.reason.as_str())
            .unwrap_or_default();
        let failure = |f: &mut fmt::Formatter<'_>, step: &str, message: &str| {
            writeln!(f, "      step: {step}")?;
            for line in message.lines() {
                writeln!(f, "      {line}")?;
            }
            Ok(())
        };
        match (report.outcome(), &report.verdict) {
            (Outcome::Passed, _) => {
                writeln!(
                    f,
                    "PASS  {} ({} ms)",
                    report.name,
                    report.elapsed.as_millis()
                )?;
                for note in &report.lenient {
                    writeln!(f, "      lenient: {note}")?;
                }
            }
            (Outcome::Failed, Verdict::Failed { step, message }) => {
                writeln!(f, "FAIL  {} ({})", report.name, report.location())?;
                failure(f, step, message)?;
            }
            (Outcome::FailedAsExpected, Verdict::Failed { step, message }) => {
                writeln!(f, "XFAIL {} (expected: {reason})", report.name)?;
                if self.trace_all {
                    failure(f, step, message)?;
                }
            }
            (Outcome::UnexpectedPass, _) => {
                writeln!(
                    f,
                    "XPASS {} ({}): listed as failing ({reason}) but passed; remove it from the expectations",
                    report.name,
                    report.location()
                )?;
            }
            (Outcome::Flaky, verdict) => {
                let how = if *verdict == Verdict::Passed {
                    "passed"
                } else {
                    "failed"
                };
                writeln!(
                    f,
                    "FLAKY {} ({how}; listed as flaky: {reason})",
                    report.name
                )?;
            }
            (Outcome::Skipped, Verdict::Skipped { reason }) => {
                writeln!(f, "SKIP  {} ({reason})", report.name)?;
            }
            (
                Outcome::Abandoned,
                Verdict::Abandoned {
                    died_here: Some((step, message)),
                },
            ) => {
                writeln!(
                    f,
                    "STOP  {} ({}): the target stopped answering here",
                    report.name,
                    report.location()
                )?;
                failure(f, step, message)?;
            }
            (Outcome::Abandoned, _) => {
                writeln!(
                    f,
                    "STOP  {} (not run: the target had stopped answering)",
                    report.name
                )?;
            }
            (outcome, verdict) => {
                writeln!(f, "????  {} ({outcome:?}, {verdict:?})", report.name)?;
            }
        }
        let shows_trace =
            report.outcome() == Outcome::Failed || died_here(report) || self.trace_all;
        if shows_trace && !report.exchanges.is_empty() {
            write!(f, "{}", Trace(&report.exchanges))?;
        }
        Ok(())
    }
}

fn died_here(report: &ScenarioReport) -> bool {
    matches!(&report.verdict, Verdict::Abandoned { died_here: Some(_) })
}

/// `, after 1 throttled attempt and 2 transient answers`: the attempts sent
/// again before an answer, or nothing.
fn retried_note(throttled: u32, transient: u32) -> String {
    let count = |n: u32, one: &str, many: &str| match n {
        0 => None,
        1 => Some(format!("1 {one}")),
        n => Some(format!("{n} {many}")),
    };
    let notes: Vec<String> = [
        count(throttled, "throttled attempt", "throttled attempts"),
        count(transient, "transient answer", "transient answers"),
    ]
    .into_iter()
    .flatten()
    .collect();
    if notes.is_empty() {
        String::new()
    } else {
        format!(", after {}", notes.join(" and "))
    }
}

/// Exchanges as a trace: each request and its response, indented.
struct Trace<'a>(&'a [Exchange]);

impl fmt::Display for Trace<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let total = self.0.len();
        for (i, exchange) in self.0.iter().enumerate() {
            let operation = exchange.operation.as_deref().unwrap_or("(no X-Amz-Target)");
            writeln!(f, "      --- exchange {} of {total}: {operation}", i + 1)?;
            writeln!(
                f,
                "      > {} {}",
                exchange.request.method, exchange.request.url
            )?;
            // Recorded headers are already redacted: the authorization header
            // keeps its scope and signed headers, which explain a refused
            // signature, and loses the access key and the signature.
            for (name, value) in &exchange.request.headers {
                writeln!(f, "      > {name}: {value}")?;
            }
            writeln!(f, "      > {}", preview(&exchange.request.body, BODY_LIMIT))?;
            if let Some(why) = &exchange.resent {
                writeln!(f, "      ! {why}")?;
            }
            let retried = retried_note(exchange.throttled, exchange.transient);
            writeln!(
                f,
                "      < HTTP {} ({} ms{retried})",
                exchange.status,
                exchange.elapsed.as_millis()
            )?;
            for name in HEADERS_OF_NOTE {
                if let Some(value) = exchange.header(name) {
                    writeln!(f, "      < {name}: {value}")?;
                }
            }
            writeln!(f, "      < {}", exchange.body_preview(BODY_LIMIT))?;
        }
        Ok(())
    }
}
