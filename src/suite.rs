//! The `UntagResource` contract as scenarios, run against one target.
//!
//! `features/*.feature` → steps (one file per domain concept) → World (one
//! per scenario) → wire client → target. [`run`] wires cucumber together:
//! the embedded-features parser, the World's run context, cleanup of the
//! keys each scenario made, and the collector that makes the report.

pub(crate) mod barrier;
mod burst;
pub(crate) mod collector;
pub(crate) mod cucumber_json;
pub(crate) mod estimate;
pub(crate) mod evidence;
pub(crate) mod features;
mod key_role;
mod lasting;
pub(crate) mod policy_text;
pub(crate) mod poll;
mod quiet_panics;
pub(crate) mod refusal;
pub(crate) mod scenario_cleanup;
pub(crate) mod scenario_roles;
pub(crate) mod steps;
pub(crate) mod tag_listing;
pub(crate) mod template;
pub(crate) mod world;

use std::sync::{Arc, PoisonError};
use std::time::Instant;

use cucumber::{World as _, cli, gherkin, runner};
use futures::FutureExt as _;

use self::collector::{Collector, Journal, ScenarioId, WorldRecord};
use self::cucumber_json::CucumberJson;
use self::features::FeatureParser;
pub(crate) use self::features::{FeatureSource, Selection};
pub(crate) use self::world::KmsWorld;
use crate::endpoint::RunContext;
use crate::expectations::Expectations;
use crate::report::terminal::Terminal;
use crate::report::{RunReport, ScenarioReport, Verdict};

/// How to run the suite.
#[derive(Debug, Default)]
pub struct RunOptions {
    /// The scenarios to run (`--tags`, `--name`); default: all.
    pub selection: Selection,
    /// Scenarios in flight at once; cucumber's default (64) when `None`.
    pub concurrency: Option<usize>,
    /// Stop at the first failing scenario (`--fail-fast`).
    pub fail_fast: bool,
    /// Lenient passes (a `{}` success body) fail instead.
    pub strict: bool,
    /// Where the feature files come from; default: the ones built in.
    pub features: FeatureSource,
    /// The implementation's known failures.
    pub expectations: Arc<Expectations>,
    /// Where progress goes; `None` runs silently.
    pub terminal: Option<Terminal>,
    /// Whether to produce a Cucumber JSON document.
    pub cucumber_json: bool,
}

/// The known failures in the file at `path` (none without one), every
/// scenario they name checked to exist in `features`, so a list cannot rot.
///
/// # Errors
/// One line: the file cannot be read or parsed, or names a scenario that
/// does not exist.
pub(crate) fn load_expectations(
    path: Option<&std::path::Path>,
    features: &FeatureSource,
) -> Result<Arc<Expectations>, String> {
    let Some(path) = path else {
        return Ok(Arc::new(Expectations::none()));
    };
    let expectations = Expectations::load(path).map_err(|e| e.to_string())?;
    let names = features::scenario_names(features).map_err(|e| e.to_string())?;
    expectations
        .check_names(names.iter().map(|(_, name)| name.as_str()))
        .map_err(|e| e.to_string())?;
    Ok(Arc::new(expectations))
}

/// Runs every selected scenario against the target behind `context`.
pub async fn run(context: Arc<RunContext>, options: RunOptions) -> RunReport {
    let started = Instant::now();
    let skipped = Arc::default();
    let journal: Journal = Arc::default();
    let parser = FeatureParser {
        source: options.features,
        selection: options.selection.clone(),
        capabilities: context.capabilities.clone(),
        lacking: context.lacking.clone(),
        skipped: Arc::clone(&skipped),
    };
    let cli = cli::Opts {
        re_filter: options.selection.name,
        tags_filter: options.selection.tags,
        parser: cli::Empty,
        runner: runner::basic::Cli {
            concurrency: options.concurrency,
            fail_fast: options.fail_fast,
            retry: None,
            retry_after: None,
            retry_tag_filter: None,
        },
        writer: cli::Empty,
        custom: cli::Empty,
    };
    let before_context = Arc::clone(&context);
    let strict = options.strict;
    let after_journal = Arc::clone(&journal);
    let collector = {
        let _quiet = quiet_panics::while_running();
        // The type argument is the default parser's input; ours replaces it.
        KmsWorld::cucumber::<&str>()
            .with_parser(parser)
            .with_writer(Collector::new(
                Arc::clone(&journal),
                Arc::clone(&options.expectations),
                options.terminal,
                options.cucumber_json.then(CucumberJson::default),
            ))
            .before(move |_, _, scenario, world| {
                world.attach(Arc::clone(&before_context), &scenario.name, strict);
                async {}.boxed_local()
            })
            .after(move |feature, _, scenario, _, world| {
                after_scenario(Arc::clone(&after_journal), feature, scenario, world)
            })
            .with_cli(cli)
            .run(())
            .await
    };

    let skipped = std::mem::take(&mut *skipped.lock().unwrap_or_else(PoisonError::into_inner));
    let mut scenarios = collector.reports;
    scenarios.extend(skipped.into_iter().map(|s| ScenarioReport {
        path: s.path,
        line: s.line,
        feature: s.feature,
        name: s.name,
        tags: s.tags,
        verdict: Verdict::Skipped { reason: s.reason },
        expected: None,
        lenient: Vec::new(),
        exchanges: Vec::new(),
        first_action: None,
        elapsed: std::time::Duration::ZERO,
        time: crate::report::time_spent::TimeSpent::default(),
    }));
    for scenario in &mut scenarios {
        if scenario.expected.is_none() {
            scenario.expected = options.expectations.get(&scenario.name).cloned();
        }
    }
    scenarios.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
    let cucumber_json = collector
        .json
        .as_ref()
        .map(|json| cucumber_json::with_throttled_retries(json.bytes(), &scenarios))
        .map(|json| cucumber_json::with_not_applicable(json, &scenarios));
    RunReport {
        scenarios,
        parse_errors: collector.parse_errors,
        target_down: context.target_down(),
        cucumber_json,
        elapsed: started.elapsed(),
    }
}

/// Cleans up what the scenario made, passed or failed, then hands the
/// World's exchanges and time to the report.
fn after_scenario<'a>(
    journal: Journal,
    feature: &'a gherkin::Feature,
    scenario: &'a gherkin::Scenario,
    world: Option<&'a mut KmsWorld>,
) -> futures::future::LocalBoxFuture<'a, ()> {
    async move {
        let Some(world) = world else { return };
        // First, so that the scenario's time holds its cleanup's.
        let started = Instant::now();
        scenario_cleanup::clean_up(world).await;
        world.time.cleanup = started.elapsed();
        // Moved, not cloned: the World ends with this hook.
        let record = WorldRecord {
            exchanges: std::mem::take(&mut world.trail),
            first_action: world.first_action,
            lenient: std::mem::take(&mut world.lenient),
            abandoned: world.abandoned,
            died_here: world.died_here,
            time: std::mem::take(&mut world.time),
            not_applicable: world.not_applicable.take(),
        };
        journal
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(ScenarioId::of(feature, scenario), record);
    }
    .boxed_local()
}

impl cucumber::writer::Normalized for Collector {}

#[cfg(test)]
mod tests;
