//! [`Suite`]: the scenarios run against a KMS endpoint from Rust, so an
//! emulator can gate itself in its own `cargo test`.
//!
//! The command line's run, without what belongs to a command: the target is
//! resolved ([`TargetConfig::resolve`]) and connected to
//! ([`endpoint::connect`]) as for `kms-conformance --endpoint`, the
//! expectations are loaded and checked as for `--expectations`
//! ([`suite::load_expectations`]), the scenarios run through
//! [`suite::run`], and what they made is swept as at the end of every run
//! ([`cleanup::sweep_run`]). No snapshots, no report files, no signal
//! handling, and nothing printed unless asked for.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use cucumber::gherkin::tagexpr::TagOperation;

use super::gate_report::Report;
use crate::cleanup;
use crate::endpoint::{self, ConfigError, TargetArgs, TargetConfig};
use crate::report::terminal::Terminal;
use crate::suite::{self, FeatureSource, RunOptions, Selection};

/// The conformance suite, ready to run against one KMS endpoint.
///
/// Every option has the command line's default: every scenario, no
/// expectations (every failure fails), region `$AWS_REGION` (then
/// `$AWS_DEFAULT_REGION`, then `us-east-1`), credentials from the
/// environment or the shared files as the AWS SDKs find them (else
/// `test`/`test`), 30 s for an exchange, 5 s for a read to show a write,
/// the run's ledger in `.kms-conformance/runs` under the working directory
/// (`cargo test` runs in the package's folder). It refuses AWS's own
/// endpoints: a run on a real account is the command line's job
/// (`kms-conformance --allow-aws`).
///
/// A run creates keys on the target, each scenario its own, and schedules
/// their deletion when the scenario ends.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// use kms_conformance::{Outcome, Stub, Suite};
///
/// // Arrange: your KMS implementation, serving on an endpoint (here, the
/// // suite's own reference stub).
/// let kms = Stub::start().await;
///
/// // Act
/// let report = Suite::new(kms.uri())
///     .tags("@key-states and not @multi-region")
///     .run()
///     .await
///     .expect("the suite could judge the target");
///
/// // Assert
/// assert!(report.is_success(), "{report}");
/// assert!(report.passed() > 0);
/// assert_eq!(report.count(Outcome::Failed), 0);
/// # }
/// ```
///
/// With the target's known failures, the `expectations/*.toml` file the
/// command line's `--expectations` takes:
///
/// ```no_run
/// # async fn gate() {
/// # use kms_conformance::Suite;
/// let report = Suite::new("http://127.0.0.1:5000")
///     .expectations("tests/kms-expectations.toml")
///     .run()
///     .await
///     .unwrap_or_else(|error| panic!("{error}"));
/// assert!(report.is_success(), "{report}");
/// # }
/// ```
#[derive(Clone, Debug)]
#[must_use = "a suite does nothing until run"]
pub struct Suite {
    endpoint: String,
    tags: Option<String>,
    name: Option<String>,
    expectations: Option<PathBuf>,
    region: Option<String>,
    timeout: Option<Duration>,
    settle: Option<Duration>,
    concurrency: Option<usize>,
    strict: bool,
    verbose: bool,
    run_dir: Option<PathBuf>,
}

impl Suite {
    /// Every scenario, against the KMS at `endpoint` (`http://host:port`).
    pub fn new(endpoint: impl Into<String>) -> Self {
        Self {
            endpoint: endpoint.into(),
            tags: None,
            name: None,
            expectations: None,
            region: None,
            timeout: None,
            settle: None,
            concurrency: None,
            strict: false,
            verbose: false,
            run_dir: None,
        }
    }

    /// Only the scenarios whose tags satisfy `expression`, a Cucumber tag
    /// expression (`@key-states and not @multi-region`), as `--tags`.
    pub fn tags(self, expression: &str) -> Self {
        Self {
            tags: Some(expression.to_owned()),
            ..self
        }
    }

    /// Only the scenarios whose name matches the regular expression
    /// `pattern`, as `--name`; the tags are then not looked at.
    pub fn name(self, pattern: &str) -> Self {
        Self {
            name: Some(pattern.to_owned()),
            ..self
        }
    }

    /// The target's known failures: an expectations file, as
    /// `--expectations` takes it. A listed scenario that fails does not
    /// fail the run; one that passes does (the list is out of date); one
    /// that does not exist makes the run [`SuiteError::Options`].
    pub fn expectations(self, path: impl Into<PathBuf>) -> Self {
        Self {
            expectations: Some(path.into()),
            ..self
        }
    }

    /// The region requests are signed for; the cross-region scenarios use
    /// `us-west-2` (`us-east-1` when this is `us-west-2`).
    pub fn region(self, region: &str) -> Self {
        Self {
            region: Some(region.to_owned()),
            ..self
        }
    }

    /// How long one exchange may take (default 30 s), as `--timeout`.
    pub fn timeout(self, timeout: Duration) -> Self {
        Self {
            timeout: Some(timeout),
            ..self
        }
    }

    /// How long a read may take to show a write, and a key policy change to
    /// show in what the target allows (default 5 s), as `--settle` and
    /// `--auth-settle`.
    pub fn settle(self, settle: Duration) -> Self {
        Self {
            settle: Some(settle),
            ..self
        }
    }

    /// Scenarios in flight at once (default 64), as `--concurrency`.
    pub fn concurrency(self, scenarios: usize) -> Self {
        Self {
            concurrency: Some(scenarios),
            ..self
        }
    }

    /// A success answered with `{}` instead of an empty body fails instead
    /// of passing leniently, as `--strict`.
    pub fn strict(self) -> Self {
        Self {
            strict: true,
            ..self
        }
    }

    /// Print a line per scenario as it finishes, and the summary, to
    /// standard output, as the command line does. Silent by default.
    pub fn verbose(self) -> Self {
        Self {
            verbose: true,
            ..self
        }
    }

    /// Where the run keeps its ledger of the keys it made, for
    /// `kms-conformance cleanup` after a crash (default
    /// `.kms-conformance/runs`, under the working directory).
    pub fn run_dir(self, dir: impl Into<PathBuf>) -> Self {
        Self {
            run_dir: Some(dir.into()),
            ..self
        }
    }

    /// The name of every scenario the suite holds, in the order of its
    /// feature files: what an expectations file lists, and what
    /// [`Suite::name`] matches.
    ///
    /// ```
    /// use kms_conformance::Suite;
    ///
    /// let names = Suite::scenario_names();
    ///
    /// assert!(names.iter().any(|name| name == "Removing one of several tags leaves the others unchanged"));
    /// ```
    ///
    /// # Panics
    /// Never: the features are built into the library, and its own tests
    /// parse every one of them.
    #[must_use]
    pub fn scenario_names() -> Vec<String> {
        suite::features::scenario_names(&FeatureSource::Embedded)
            .unwrap_or_else(|error| panic!("the built-in features: {error}"))
            .into_iter()
            .map(|(_, name)| name)
            .collect()
    }

    /// Runs the selected scenarios against the endpoint and cleans up.
    ///
    /// # Errors
    /// When the run cannot judge the target, the command line's exit
    /// code 2: options that cannot be used, a target that cannot be reached
    /// or does not answer like KMS, or one that stopped answering during the
    /// run.
    pub async fn run(self) -> Result<Report, SuiteError> {
        let features = FeatureSource::Embedded;
        let expectations = suite::load_expectations(self.expectations.as_deref(), &features)
            .map_err(SuiteError::Options)?;
        let selection = self.selection()?;
        let config = self.config()?;
        let run_id = endpoint::ledger::new_run_id();
        let connection = endpoint::connect(&config, &run_id)
            .await
            .map_err(|error| SuiteError::Target(error.to_string()))?;
        if self.verbose {
            for notice in &config.notices {
                println!("kms-conformance: {notice}");
            }
        }
        let options = RunOptions {
            selection,
            concurrency: self.concurrency,
            strict: self.strict,
            expectations,
            terminal: self.verbose.then(|| Terminal::stdout(false)),
            ..RunOptions::default()
        };
        let run = suite::run(Arc::clone(&connection.context), options).await;
        let unsure = connection.context.has_unsure_creations();
        let swept = cleanup::sweep_run(&connection.context, unsure).await;
        drop(connection);
        if let Some((scenario, error)) = &run.target_down {
            return Err(SuiteError::Target(format!(
                "the target stopped answering during \"{scenario}\": {error}"
            )));
        }
        if let Some(error) = run.parse_errors.first() {
            return Err(SuiteError::Options(error.clone()));
        }
        if run.scenarios.is_empty() {
            return Err(SuiteError::Options("no scenario was selected".to_owned()));
        }
        let report = Report::new(run, config.target.describe(), swept.failures);
        if self.verbose {
            println!("{}", report.summary());
        }
        Ok(report)
    }

    /// `--tags` and `--name`, parsed.
    fn selection(&self) -> Result<Selection, SuiteError> {
        let tags = self
            .tags
            .as_deref()
            .map(str::parse::<TagOperation>)
            .transpose()
            .map_err(|error| {
                SuiteError::Options(format!(
                    "tags {:?}: {error}",
                    self.tags.as_deref().unwrap_or_default()
                ))
            })?;
        let name = self
            .name
            .as_deref()
            .map(regex::Regex::new)
            .transpose()
            .map_err(|error| {
                // The regex crate draws its syntax errors over several lines;
                // the last names the fault.
                let text = error.to_string();
                let fault = text.lines().last().unwrap_or_default().trim();
                SuiteError::Options(format!(
                    "name {:?} is no regular expression: {fault}",
                    self.name.as_deref().unwrap_or_default()
                ))
            })?;
        Ok(Selection { tags, name })
    }

    /// The target, as the command line resolves `--endpoint`.
    fn config(&self) -> Result<TargetConfig, SuiteError> {
        let settle = self.settle.map(|s| s.as_secs_f64());
        let args = TargetArgs {
            endpoint: Some(self.endpoint.clone()),
            region: self.region.clone(),
            timeout: self.timeout.map(|t| t.as_secs_f64()),
            settle,
            auth_settle: settle,
            run_dir: self.run_dir.clone(),
            ..TargetArgs::default()
        };
        TargetConfig::resolve(&args, &|name| std::env::var(name).ok()).map_err(|error| {
            SuiteError::Options(match error {
                ConfigError::AwsWithoutConsent => format!(
                    "{} is AWS itself: the library runs against emulators; run the suite on a \
                     real account with `kms-conformance --allow-aws --account ACCOUNT_ID`",
                    self.endpoint
                ),
                other => other.to_string(),
            })
        })
    }
}

/// Why a [`Suite`] run could not judge its target: the command line's exit
/// code 2. Its `Display` is one line naming the cause.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SuiteError {
    /// The options cannot be used: an endpoint that is not a URL, a tag
    /// expression or name pattern that does not parse, an expectations file
    /// that cannot be read or names a scenario that does not exist, a
    /// selection of no scenario.
    Options(String),
    /// The target cannot be reached, does not answer like KMS, refuses the
    /// credentials, or stopped answering during the run.
    Target(String),
}

impl fmt::Display for SuiteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Options(why) | Self::Target(why) => f.write_str(why),
        }
    }
}

impl std::error::Error for SuiteError {}

#[cfg(test)]
mod tests;
