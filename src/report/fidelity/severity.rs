//! How much a finding weighs, and which findings fail a run.
//!
//! A *fault* changes what KMS or the client sees and acts on: the method,
//! path, target, content type, body, a signature that no longer holds, the
//! number of requests, the status, the response's body, content type or
//! request ID. A *note* changes nothing either side acts on: a header the
//! client did not sign, added or dropped on the way (`Via`,
//! `X-Forwarded-For`, `Accept-Encoding: identity`). The severity belongs
//! to the check ([`Check::severity`]), so the same change always weighs
//! the same.
//!
//! By default faults fail the run and notes are reported ([`FailOn`]).

use serde::{Deserialize, Serialize};

use super::{Check, Finding};

/// How much a finding weighs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Severity {
    /// It changes what KMS or the client sees: the proxy is wrong.
    Fault,
    /// It changes nothing either side acts on: reported, not failed.
    Note,
}

impl Severity {
    /// Its name in reports: `fault`, `note`.
    #[must_use]
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Fault => "fault",
            Self::Note => "note",
        }
    }

    /// `1 fault`, `2 notes`.
    #[must_use]
    pub(crate) fn count(self, n: usize) -> String {
        let plural = if n == 1 { "" } else { "s" };
        format!("{n} {}{plural}", self.name())
    }
}

impl Check {
    /// How much a finding of this check weighs.
    ///
    /// Only `headers` is a note: it judges the headers the client did not
    /// sign (every header the client signs has a check of its own or is
    /// the signature's), which KMS does not act on. Hop-by-hop headers,
    /// which every proxy rewrites, are not judged at all.
    #[must_use]
    pub(crate) fn severity(self) -> Severity {
        match self {
            Self::Headers => Severity::Note,
            Self::Method
            | Self::Path
            | Self::Target
            | Self::ContentType
            | Self::Body
            | Self::Signature
            | Self::Count
            | Self::Status
            | Self::ResponseBody
            | Self::ResponseContentType
            | Self::RequestId => Severity::Fault,
        }
    }
}

impl Finding {
    /// How much it weighs: its check's severity.
    #[must_use]
    pub(crate) fn severity(&self) -> Severity {
        self.check.severity()
    }
}

/// Which findings fail a run through a proxy (exit code 1, a JUnit
/// failure, a failed Cucumber hook). Scenarios fail a run whatever this
/// says.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum FailOn {
    /// Faults fail the run; notes are reported. The default.
    #[default]
    Faults,
    /// Every finding fails the run, notes too (`--fail-on-notes`).
    Notes,
    /// No finding fails the run; all are reported (`--report-only`).
    Nothing,
}

impl FailOn {
    /// Whether `finding` fails the run.
    #[must_use]
    pub(crate) fn fails(self, finding: &Finding) -> bool {
        match self {
            Self::Faults => finding.severity() == Severity::Fault,
            Self::Notes => true,
            Self::Nothing => false,
        }
    }

    /// The flag that chose it, for messages: `--fail-on-notes`; the
    /// default's is none.
    #[must_use]
    pub(crate) fn flag(self) -> Option<&'static str> {
        match self {
            Self::Faults => None,
            Self::Notes => Some("--fail-on-notes"),
            Self::Nothing => Some("--report-only"),
        }
    }
}
