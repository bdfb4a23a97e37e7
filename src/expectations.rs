//! Per-implementation expected failures, strict as in connectrpc/conformance
//! and smithy-rs.
//!
//! An expectations file (`expectations/moto.toml`) lists the scenarios an
//! implementation is known to fail, each with its reason:
//!
//! ```toml
//! implementation = "moto"
//!
//! [[expected]]
//! scenario = "A key pending deletion cannot be untagged"
//! outcome = "fail"          # or "flaky": may pass or fail
//! reason = "moto does not check key state on UntagResource"
//! issue = "https://github.com/getmoto/moto/issues/4312"   # optional
//! ```
//!
//! An expected failure that fails is reported as such and does not fail the
//! run; one that passes fails the run ("unexpected pass: remove it from the
//! list"); a scenario the file names that does not exist makes the run
//! unusable, so the list cannot rot.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// What an implementation is expected to do in one scenario.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Expected {
    /// Fails every time.
    Fail,
    /// Passes or fails; neither changes the verdict.
    Flaky,
}

/// One entry of an expectations file.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expectation {
    /// The scenario's name, exactly as its feature file gives it.
    pub scenario: String,
    /// Whether it fails every time or only sometimes.
    pub outcome: Expected,
    /// Why the implementation fails it; never empty.
    pub reason: String,
    /// Where the deviation is tracked upstream (a URL), when it is.
    #[serde(default)]
    pub issue: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    implementation: Option<String>,
    #[serde(default)]
    expected: Vec<Expectation>,
}

/// A loaded expectations file.
#[derive(Clone, Debug, Default)]
pub struct Expectations {
    /// The file it came from, for messages ("remove it from expectations/moto.toml").
    pub path: Option<PathBuf>,
    /// The implementation the file describes (`moto`), as it says.
    pub implementation: Option<String>,
    entries: BTreeMap<String, Expectation>,
}

impl Expectations {
    /// No expectation: every scenario must pass.
    #[must_use]
    pub fn none() -> Self {
        Self::default()
    }

    /// Reads and checks `path`.
    ///
    /// # Errors
    /// One line: the file cannot be read, is not valid TOML, has an unknown
    /// field, an empty reason, or names a scenario twice.
    pub fn load(path: &Path) -> Result<Self, ExpectationsError> {
        let text =
            std::fs::read_to_string(path).map_err(|cause| ExpectationsError::Unreadable {
                file: path.display().to_string(),
                cause,
            })?;
        Self::parse(&text, Some(path))
    }

    /// Parses expectations from `text`.
    ///
    /// # Errors
    /// As [`Self::load`].
    pub fn parse(text: &str, path: Option<&Path>) -> Result<Self, ExpectationsError> {
        let shown = path.map_or_else(
            || "the expectations".to_owned(),
            |p| p.display().to_string(),
        );
        let file: File = toml::from_str(text).map_err(|e| ExpectationsError::Invalid {
            file: shown.clone(),
            why: one_line(&e.to_string()),
        })?;
        let mut entries = BTreeMap::new();
        for entry in file.expected {
            if entry.reason.trim().is_empty() {
                return Err(ExpectationsError::NoReason {
                    file: shown,
                    scenario: entry.scenario,
                });
            }
            if let Some(first) = entries.insert(entry.scenario.clone(), entry) {
                return Err(ExpectationsError::Twice {
                    file: shown,
                    scenario: first.scenario,
                });
            }
        }
        Ok(Self {
            path: path.map(Path::to_path_buf),
            implementation: file.implementation,
            entries,
        })
    }

    /// The expectation for `scenario`, if any.
    #[must_use]
    pub fn get(&self, scenario: &str) -> Option<&Expectation> {
        self.entries.get(scenario)
    }

    /// Every entry.
    pub fn iter(&self) -> impl Iterator<Item = &Expectation> {
        self.entries.values()
    }

    /// Whether no scenario is expected to fail.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The file's name for messages.
    #[must_use]
    pub fn source(&self) -> String {
        self.path.as_ref().map_or_else(
            || "the expectations".to_owned(),
            |p| p.display().to_string(),
        )
    }

    /// Checks that every named scenario exists among `scenarios` (the whole
    /// suite, not the selection).
    ///
    /// # Errors
    /// The names that do not exist.
    pub fn check_names<'a>(
        &self,
        scenarios: impl IntoIterator<Item = &'a str>,
    ) -> Result<(), ExpectationsError> {
        let known: std::collections::BTreeSet<&str> = scenarios.into_iter().collect();
        let unknown: Vec<String> = self
            .entries
            .keys()
            .filter(|n| !known.contains(n.as_str()))
            .cloned()
            .collect();
        if unknown.is_empty() {
            Ok(())
        } else {
            Err(ExpectationsError::UnknownScenarios {
                file: self.source(),
                scenarios: unknown,
            })
        }
    }
}

/// toml's errors span several lines (a caret diagram); the CLI prints one.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Why an expectations file cannot be used; the run stops before it starts.
#[derive(Debug)]
pub enum ExpectationsError {
    /// The file cannot be read.
    Unreadable {
        /// The file, as given.
        file: String,
        /// Why.
        cause: std::io::Error,
    },
    /// Not valid TOML, or not the expected fields.
    Invalid {
        /// The file, as given.
        file: String,
        /// The parser's complaint, on one line.
        why: String,
    },
    /// An entry without a reason: every expected failure must say why.
    NoReason {
        /// The file, as given.
        file: String,
        /// The entry's scenario.
        scenario: String,
    },
    /// A scenario listed twice.
    Twice {
        /// The file, as given.
        file: String,
        /// The scenario.
        scenario: String,
    },
    /// Scenarios the suite does not have: the list would rot unseen.
    UnknownScenarios {
        /// The file, as given.
        file: String,
        /// The names that do not exist.
        scenarios: Vec<String>,
    },
}

impl std::fmt::Display for ExpectationsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Unreadable { file, cause } => {
                write!(f, "cannot read the expectations file {file}: {cause}")
            }
            Self::Invalid { file, why } => write!(f, "{file} is not valid: {why}"),
            Self::NoReason { file, scenario } => write!(f, "{file}: {scenario:?} has no reason"),
            Self::Twice { file, scenario } => write!(f, "{file} names {scenario:?} twice"),
            Self::UnknownScenarios { file, scenarios } => write!(
                f,
                "{file} names scenarios that do not exist: {}",
                scenarios.join("; ")
            ),
        }
    }
}

impl std::error::Error for ExpectationsError {}

#[cfg(test)]
mod tests;
