//! The cucumber writer that turns events into [`ScenarioReport`]s.
//!
//! Cucumber tells a writer which step failed and why; the exchanges and the
//! lenient passes live in the World, which the run's `after` hook copies into
//! the [`Journal`] before cucumber announces the scenario's end.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use cucumber::event::{self, Cucumber, HookType, RetryableScenario, Scenario, StepError};
use cucumber::gherkin;
use cucumber::{cli, parser};

use super::cucumber_json::CucumberJson;
use super::world::KmsWorld;
use crate::expectations::Expectations;
use crate::report::terminal::Terminal;
use crate::report::time_spent::TimeSpent;
use crate::report::{ScenarioReport, Verdict};
use crate::wire::Exchange;

/// A scenario's identity within a run: its file and line.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct ScenarioId {
    /// The feature file, as the parser named it.
    pub path: PathBuf,
    /// The line of the `Scenario:` keyword, counting from 1.
    pub line: usize,
}

impl ScenarioId {
    /// The identity of `scenario` in `feature`.
    #[must_use]
    pub(crate) fn of(feature: &gherkin::Feature, scenario: &gherkin::Scenario) -> Self {
        Self {
            path: feature.path.clone().unwrap_or_default(),
            line: scenario.position.line,
        }
    }
}

/// What a World leaves behind for the report.
#[derive(Clone, Debug, Default)]
pub(crate) struct WorldRecord {
    /// Every exchange the scenario sent, in order, credentials redacted.
    pub exchanges: Vec<Exchange>,
    /// Where in `exchanges` the first `When` step's request is.
    pub first_action: Option<usize>,
    /// What passed only leniently, one line each.
    pub lenient: Vec<String>,
    /// The scenario stopped because the target had stopped answering.
    pub abandoned: bool,
    /// ...and the target stopped answering during this very scenario.
    pub died_here: bool,
    /// Where its time went, its cleanup included.
    pub time: TimeSpent,
    /// Why the scenario judged nothing though no step failed: it is
    /// reported skipped, with this reason.
    pub not_applicable: Option<String>,
}

/// Shared between the `after` hook, which writes, and the [`Collector`].
pub(crate) type Journal = Arc<Mutex<HashMap<ScenarioId, WorldRecord>>>;

#[derive(Debug)]
struct Running {
    started: Instant,
    failure: Option<(String, String)>,
}

/// Collects one [`ScenarioReport`] per scenario, prints progress, and
/// feeds the Cucumber JSON writer when there is one.
#[derive(Debug)]
pub(crate) struct Collector {
    journal: Journal,
    expectations: Arc<Expectations>,
    terminal: Option<Terminal>,
    /// The Cucumber JSON writer fed the same events, when one was asked for.
    pub json: Option<CucumberJson>,
    running: HashMap<ScenarioId, Running>,
    /// One per finished scenario, in the order they finished.
    pub reports: Vec<ScenarioReport>,
    /// Features cucumber could not parse, one message each.
    pub parse_errors: Vec<String>,
}

impl Collector {
    /// A collector reading the World records from `journal`, applying
    /// `expectations`, printing to `terminal` when there is one.
    #[must_use]
    pub(crate) fn new(
        journal: Journal,
        expectations: Arc<Expectations>,
        terminal: Option<Terminal>,
        json: Option<CucumberJson>,
    ) -> Self {
        Self {
            journal,
            expectations,
            terminal,
            json,
            running: HashMap::new(),
            reports: Vec::new(),
            parse_errors: Vec::new(),
        }
    }

    fn on_scenario(
        &mut self,
        feature: &gherkin::Feature,
        scenario: &gherkin::Scenario,
        event: Scenario<KmsWorld>,
    ) {
        let id = ScenarioId::of(feature, scenario);
        match event {
            Scenario::Started => {
                self.running.insert(
                    id,
                    Running {
                        started: Instant::now(),
                        failure: None,
                    },
                );
            }
            Scenario::Step(step, event) | Scenario::Background(step, event) => {
                let failure = match event {
                    event::Step::Failed(_, _, _, error) => describe_error(&error),
                    event::Step::Skipped => "no step definition matches this step".to_owned(),
                    event::Step::Started | event::Step::Passed(..) => return,
                };
                self.fail(&id, format!("{}{}", step.keyword, step.value), failure);
            }
            Scenario::Hook(which, event::Hook::Failed(_, info)) => {
                let hook = match which {
                    HookType::Before => "before hook",
                    HookType::After => "after hook",
                };
                self.fail(&id, hook.to_owned(), panic_text(&info));
            }
            Scenario::Hook(..) | Scenario::Log(_) => {}
            Scenario::Finished => self.finish(feature, scenario, id),
        }
    }

    /// Keeps the first failure: later steps of a failed scenario do not run.
    fn fail(&mut self, id: &ScenarioId, step: String, message: String) {
        if let Some(running) = self.running.get_mut(id) {
            running.failure.get_or_insert((step, message));
        }
    }

    fn finish(&mut self, feature: &gherkin::Feature, scenario: &gherkin::Scenario, id: ScenarioId) {
        let running = self.running.remove(&id);
        let record = self
            .journal
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&id)
            .unwrap_or_default();
        let verdict = match running.as_ref().and_then(|r| r.failure.clone()) {
            Some((step, message)) if record.abandoned => Verdict::Abandoned {
                died_here: record.died_here.then_some((step, message)),
            },
            Some((step, message)) => Verdict::Failed { step, message },
            None => match record.not_applicable {
                Some(reason) => Verdict::Skipped { reason },
                None => Verdict::Passed,
            },
        };
        let report = ScenarioReport {
            path: id.path,
            line: id.line,
            feature: feature.name.clone(),
            name: scenario.name.clone(),
            tags: feature.tags.iter().chain(&scenario.tags).cloned().collect(),
            verdict,
            expected: self.expectations.get(&scenario.name).cloned(),
            lenient: record.lenient,
            exchanges: record.exchanges,
            first_action: record.first_action,
            elapsed: running.map(|r| r.started.elapsed()).unwrap_or_default(),
            time: record.time,
        };
        if let Some(terminal) = &mut self.terminal {
            terminal.scenario(&report);
        }
        self.reports.push(report);
    }
}

/// A step error in one line or a few: the message the step failed with.
fn describe_error(error: &StepError) -> String {
    match error {
        StepError::NotFound => "no step definition matches this step".to_owned(),
        StepError::AmbiguousMatch(e) => format!("more than one step definition matches: {e}"),
        StepError::Panic(info) => panic_text(info),
    }
}

/// A step fails by returning `Err(message)`, which cucumber raises as a
/// panic carrying that message; an assertion's panic carries its own.
fn panic_text(info: &event::Info) -> String {
    if let Some(text) = info.downcast_ref::<String>() {
        text.clone()
    } else if let Some(text) = info.downcast_ref::<&str>() {
        (*text).to_owned()
    } else {
        "the step panicked".to_owned()
    }
}

impl cucumber::Writer<KmsWorld> for Collector {
    type Cli = cli::Empty;

    async fn handle_event(
        &mut self,
        event: parser::Result<event::Event<Cucumber<KmsWorld>>>,
        _cli: &Self::Cli,
    ) {
        if let Some(json) = &mut self.json {
            json.handle(event.clone()).await;
        }
        let event = match event {
            Ok(event) => event.into_inner(),
            Err(error) => {
                self.parse_errors.push(error.to_string());
                return;
            }
        };
        if let Cucumber::Feature(feature, feature_event) = event {
            let (scenario, RetryableScenario { event, .. }) = match feature_event {
                event::Feature::Scenario(scenario, event)
                | event::Feature::Rule(_, event::Rule::Scenario(scenario, event)) => {
                    (scenario, event)
                }
                event::Feature::Started | event::Feature::Finished | event::Feature::Rule(..) => {
                    return;
                }
            };
            self.on_scenario(&feature, &scenario, event);
        }
    }
}
