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
pub fn render_scenario(report: &ScenarioReport, trace_all: bool) -> String {
    let mut text = String::new();
    let reason = report
        .expected
        .as_ref()
        .map(|e| e.reason.as_str())
        .unwrap_or_default();
    let failure = |text: &mut String, step: &str, message: &str| {
        text.push_str(&format!("      step: {step}\n"));
        for line in message.lines() {
            text.push_str(&format!("      {line}\n"));
        }
    };
    match (report.outcome(), &report.verdict) {
        (Outcome::Passed, _) => {
            text.push_str(&format!(
                "PASS  {} ({} ms)\n",
                report.name,
                report.elapsed.as_millis()
            ));
            for note in &report.lenient {
                text.push_str(&format!("      lenient: {note}\n"));
            }
        }
        (Outcome::Failed, Verdict::Failed { step, message }) => {
            text.push_str(&format!("FAIL  {} ({})\n", report.name, report.location()));
            failure(&mut text, step, message);
        }
        (Outcome::FailedAsExpected, Verdict::Failed { step, message }) => {
            text.push_str(&format!("XFAIL {} (expected: {reason})\n", report.name));
            if trace_all {
                failure(&mut text, step, message);
            }
        }
        (Outcome::UnexpectedPass, _) => {
            text.push_str(&format!(
                "XPASS {} ({}): listed as failing ({reason}) but passed; remove it from the expectations\n",
                report.name,
                report.location()
            ));
        }
        (Outcome::Flaky, verdict) => {
            let how = if *verdict == Verdict::Passed {
                "passed"
            } else {
                "failed"
            };
            text.push_str(&format!(
                "FLAKY {} ({how}; listed as flaky: {reason})\n",
                report.name
            ));
        }
        (Outcome::Skipped, Verdict::Skipped { reason }) => {
            text.push_str(&format!("SKIP  {} ({reason})\n", report.name));
        }
        (
            Outcome::Abandoned,
            Verdict::Abandoned {
                died_here: Some((step, message)),
            },
        ) => {
            text.push_str(&format!(
                "STOP  {} ({}): the target stopped answering here\n",
                report.name,
                report.location()
            ));
            failure(&mut text, step, message);
        }
        (Outcome::Abandoned, _) => {
            text.push_str(&format!(
                "STOP  {} (not run: the target had stopped answering)\n",
                report.name
            ));
        }
        (outcome, verdict) => {
            text.push_str(&format!(
                "????  {} ({outcome:?}, {verdict:?})\n",
                report.name
            ));
        }
    }
    let shows_trace = report.outcome() == Outcome::Failed || died_here(report) || trace_all;
    if shows_trace && !report.exchanges.is_empty() {
        text.push_str(&render_trace(&report.exchanges));
    }
    text
}

fn died_here(report: &ScenarioReport) -> bool {
    matches!(&report.verdict, Verdict::Abandoned { died_here: Some(_) })
}

/// Every exchange, request and response, indented under its scenario.
#[must_use]
pub fn render_trace(exchanges: &[Exchange]) -> String {
    let mut text = String::new();
    let total = exchanges.len();
    for (i, exchange) in exchanges.iter().enumerate() {
        let operation = exchange.operation.as_deref().unwrap_or("(no X-Amz-Target)");
        text.push_str(&format!(
            "      --- exchange {} of {total}: {operation}\n",
            i + 1
        ));
        text.push_str(&format!(
            "      > {} {}\n",
            exchange.request.method, exchange.request.url
        ));
        // Recorded headers are already redacted: the authorization header
        // keeps its scope and signed headers, which explain a refused
        // signature, and loses the access key and the signature.
        for (name, value) in &exchange.request.headers {
            text.push_str(&format!("      > {name}: {value}\n"));
        }
        text.push_str(&format!(
            "      > {}\n",
            preview(&exchange.request.body, BODY_LIMIT)
        ));
        text.push_str(&format!(
            "      < HTTP {} ({} ms)\n",
            exchange.status,
            exchange.elapsed.as_millis()
        ));
        for name in HEADERS_OF_NOTE {
            if let Some(value) = exchange.header(name) {
                text.push_str(&format!("      < {name}: {value}\n"));
            }
        }
        text.push_str(&format!("      < {}\n", exchange.body_preview(BODY_LIMIT)));
    }
    text
}
