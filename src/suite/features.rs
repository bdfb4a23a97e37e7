//! Where the scenarios come from, and which of them a target can run.
//!
//! The features are embedded in the binary, so an installed binary runs
//! without the source tree; `--features DIR` reads another folder instead.
//! Scenarios tagged `@requires.<capability>` that the target lacks are taken
//! out here and reported as skipped, with the reason.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use cucumber::feature::Ext as _;
use cucumber::gherkin::{self, GherkinEnv};
use cucumber::tag::Ext as _;
use cucumber::{cli, parser};
use futures::stream;
use include_dir::{Dir, include_dir};

use crate::endpoint::Capability;

static EMBEDDED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/features");

/// Where to read `.feature` files.
#[derive(Clone, Debug, Default)]
pub enum FeatureSource {
    /// The features built into the binary.
    #[default]
    Embedded,
    /// Every `.feature` file under a folder.
    Dir(PathBuf),
}

impl FeatureSource {
    /// `(path, text)` of every feature, sorted by path.
    ///
    /// # Errors
    /// When the folder cannot be read.
    pub fn load(&self) -> Result<Vec<(PathBuf, String)>, FeatureError> {
        let mut files = match self {
            Self::Embedded => EMBEDDED
                .files()
                .filter(|f| is_feature(f.path()))
                .map(|f| {
                    let text = f.contents_utf8().unwrap_or_default().to_owned();
                    (Path::new("features").join(f.path()), text)
                })
                .collect(),
            Self::Dir(dir) => {
                let mut files = Vec::new();
                collect_dir(dir, &mut files)?;
                files
            }
        };
        files.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(files)
    }
}

/// `(feature path, scenario name)` of every scenario in `source`, with
/// outlines expanded (`A key in the <state> state` becomes one name per
/// example row), as a run would name them.
///
/// # Errors
/// When a feature cannot be read or parsed.
pub(crate) fn scenario_names(
    source: &FeatureSource,
) -> Result<Vec<(PathBuf, String)>, FeatureError> {
    let mut names = Vec::new();
    for (path, text) in source.load()? {
        let mut feature = gherkin::Feature::parse(&text, GherkinEnv::default()).map_err(|e| {
            FeatureError::Unparsable {
                path: path.clone(),
                why: format!("does not parse: {e}"),
            }
        })?;
        feature.path = Some(path.clone());
        let feature = feature
            .expand_examples()
            .map_err(|e| FeatureError::Unparsable {
                path: path.clone(),
                why: e.to_string(),
            })?;
        let scenarios = feature
            .scenarios
            .iter()
            .chain(feature.rules.iter().flat_map(|r| &r.scenarios));
        names.extend(scenarios.map(|s| (path.clone(), s.name.clone())));
    }
    Ok(names)
}

fn is_feature(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("feature"))
}

fn collect_dir(dir: &Path, files: &mut Vec<(PathBuf, String)>) -> Result<(), FeatureError> {
    let unreadable = |path: &Path| {
        let path = path.to_owned();
        move |cause| FeatureError::Unreadable { path, cause }
    };
    for entry in std::fs::read_dir(dir).map_err(unreadable(dir))? {
        let path = entry.map_err(unreadable(dir))?.path();
        if path.is_dir() {
            collect_dir(&path, files)?;
        } else if is_feature(&path) {
            let text = std::fs::read_to_string(&path).map_err(unreadable(&path))?;
            files.push((path, text));
        }
    }
    Ok(())
}

/// A feature file or folder that cannot be used.
#[derive(Debug)]
pub enum FeatureError {
    /// It cannot be read.
    Unreadable {
        /// The file or folder.
        path: PathBuf,
        /// Why.
        cause: std::io::Error,
    },
    /// It is not valid Gherkin, or its examples do not expand.
    Unparsable {
        /// The file.
        path: PathBuf,
        /// The parser's complaint.
        why: String,
    },
}

impl std::fmt::Display for FeatureError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Unreadable { path, cause } => {
                write!(f, "cannot read {}: {cause}", path.display())
            }
            Self::Unparsable { path, why } => write!(f, "{} {why}", path.display()),
        }
    }
}

impl std::error::Error for FeatureError {}

/// The user's choice of scenarios (`--tags`, `--name`).
#[derive(Clone, Debug, Default)]
pub struct Selection {
    /// `--tags`: a tag expression the scenario's tags must satisfy; `None`
    /// selects every scenario.
    pub tags: Option<gherkin::tagexpr::TagOperation>,
    /// `--name`: a pattern the scenario's name must match; when given, the
    /// tags are not looked at.
    pub name: Option<regex::Regex>,
}

impl Selection {
    /// Whether the user asked for `scenario`, as cucumber's own filter decides.
    #[must_use]
    pub fn selects(
        &self,
        feature: &gherkin::Feature,
        rule: Option<&gherkin::Rule>,
        scenario: &gherkin::Scenario,
    ) -> bool {
        if let Some(name) = &self.name {
            return name.is_match(&scenario.name);
        }
        self.tags.as_ref().is_none_or(|tags| {
            tags.eval(
                feature
                    .tags
                    .iter()
                    .chain(rule.iter().flat_map(|r| &r.tags))
                    .chain(scenario.tags.iter()),
            )
        })
    }
}

/// A scenario taken out because the target cannot run it.
#[derive(Clone, Debug)]
pub(crate) struct SkippedScenario {
    /// Its feature file, as [`crate::report::ScenarioReport::path`].
    pub path: PathBuf,
    /// The line of its `Scenario:` keyword, counting from 1.
    pub line: usize,
    /// The name of its feature.
    pub feature: String,
    /// Its name.
    pub name: String,
    /// Its tags and those it inherits, without the `@`.
    pub tags: Vec<String>,
    /// What the target lacks, as [`Capability::missing_reason`] says it.
    pub reason: String,
}

/// The cucumber parser over a [`FeatureSource`].
#[derive(Debug)]
pub(crate) struct FeatureParser {
    /// Where the feature files come from.
    pub source: FeatureSource,
    /// The scenarios the user asked for: only those are reported as skipped.
    pub selection: Selection,
    /// What the target offers; a scenario tagged `@requires.` anything else
    /// is taken out.
    pub capabilities: std::collections::BTreeSet<Capability>,
    /// What a probe found missing, with what the target answered.
    pub lacking: std::collections::BTreeMap<Capability, String>,
    /// Where skipped scenarios are reported.
    pub skipped: Arc<Mutex<Vec<SkippedScenario>>>,
}

impl<I> cucumber::Parser<I> for FeatureParser {
    type Cli = cli::Empty;
    type Output = stream::Iter<std::vec::IntoIter<parser::Result<gherkin::Feature>>>;

    fn parse(self, _input: I, _cli: cli::Empty) -> Self::Output {
        let files = match self.source.load() {
            Ok(files) => files,
            Err(e) => {
                let io = std::io::Error::other(e);
                let error = gherkin::ParseFileError::Reading {
                    path: PathBuf::from("features"),
                    source: io,
                };
                return stream::iter(vec![Err(error.into())]);
            }
        };
        let features =
            files
                .into_iter()
                .map(|(path, text)| {
                    let mut feature = gherkin::Feature::parse(&text, GherkinEnv::default())
                        .map_err(|source| gherkin::ParseFileError::Parsing {
                            path: path.clone(),
                            error: None,
                            source,
                        })?;
                    feature.path = Some(path);
                    let feature = feature.expand_examples()?;
                    Ok(self.without_unrunnable(feature))
                })
                .collect::<Vec<_>>();
        stream::iter(features)
    }
}

impl FeatureParser {
    /// Takes out the scenarios the target lacks a capability for, recording
    /// the ones the user selected as skipped.
    fn without_unrunnable(&self, mut feature: gherkin::Feature) -> gherkin::Feature {
        let scenarios = std::mem::take(&mut feature.scenarios);
        feature.scenarios = self.keep_runnable(&feature, None, scenarios);
        let mut rules = std::mem::take(&mut feature.rules);
        for rule in &mut rules {
            let scenarios = std::mem::take(&mut rule.scenarios);
            rule.scenarios = self.keep_runnable(&feature, Some(rule), scenarios);
        }
        feature.rules = rules;
        feature
    }

    fn keep_runnable(
        &self,
        feature: &gherkin::Feature,
        rule: Option<&gherkin::Rule>,
        scenarios: Vec<gherkin::Scenario>,
    ) -> Vec<gherkin::Scenario> {
        scenarios
            .into_iter()
            .filter(|scenario| {
                let tags: Vec<String> = feature
                    .tags
                    .iter()
                    .chain(rule.iter().flat_map(|r| &r.tags))
                    .chain(&scenario.tags)
                    .cloned()
                    .collect();
                let missing = Capability::ALL
                    .into_iter()
                    .find(|c| tags.iter().any(|t| t == c.tag()) && !self.capabilities.contains(c));
                let Some(missing) = missing else { return true };
                if self.selection.selects(feature, rule, scenario) {
                    self.skipped
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .push(SkippedScenario {
                            path: feature.path.clone().unwrap_or_default(),
                            line: scenario.position.line,
                            feature: feature.name.clone(),
                            name: scenario.name.clone(),
                            tags,
                            reason: missing
                                .skip_reason(self.lacking.get(&missing).map(String::as_str)),
                        });
                }
                false
            })
            .collect()
    }
}
