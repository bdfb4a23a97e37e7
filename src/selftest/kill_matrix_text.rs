//! The kill matrix as text: each deviation with the scenarios that caught
//! it, alone and with lagging reads; each scenario with how many runs it
//! caught; then the holes.

use std::fmt::Write as _;
use std::time::Duration;

use super::{EXEMPT, KillMatrix};
use crate::stub::deviations::Detection;

/// `alone`, or `lag 300 ms`.
pub(super) fn condition(lag: Duration) -> String {
    if lag.is_zero() {
        "alone".to_owned()
    } else {
        format!("lag {} ms", lag.as_millis())
    }
}

/// See [`KillMatrix::render`].
pub(super) fn render(matrix: &KillMatrix) -> String {
    let mut text = String::new();
    let _ = writeln!(text, "deviation × scenarios that caught it");
    for outcome in &matrix.outcomes {
        let (verb, names) = match outcome.deviation.detection() {
            Detection::Fails | Detection::Cleanup | Detection::BroughtRole => {
                ("failed", &outcome.failed)
            }
            Detection::Lenient => ("passed leniently", &outcome.lenient),
        };
        let mark = if outcome.is_caught() {
            "caught"
        } else {
            "MISSED"
        };
        let _ = writeln!(
            text,
            "  {mark:6} {:32} {:10} {:2} {verb}: {}",
            outcome.deviation.name(),
            condition(outcome.lag),
            names.len(),
            names.join(" | ")
        );
    }
    let _ = writeln!(text, "scenario × runs it failed in");
    for (name, kills) in matrix.kills_per_scenario() {
        let exempt = EXEMPT
            .iter()
            .find(|(e, _)| *e == name)
            .map(|(_, why)| format!(" (exempt: {why})"));
        let _ = writeln!(text, "  {kills:3}  {name}{}", exempt.unwrap_or_default());
    }
    for (lag, name) in matrix.baseline_failures() {
        let _ = writeln!(
            text,
            "FAILS AGAINST THE FAITHFUL STUB ({}): {name}",
            condition(lag)
        );
    }
    let surviving = matrix.surviving();
    let unkilled = matrix.unkilled();
    let lags: Vec<Duration> = matrix.baselines.iter().map(|b| b.lag).collect();
    let per_lag: Vec<String> = lags
        .iter()
        .map(|lag| {
            let runs = matrix.outcomes.iter().filter(|o| o.lag == *lag).count();
            let missed = surviving.iter().filter(|(_, l)| l == lag).count();
            format!(
                "{} of {runs} deviations caught {}",
                runs - missed,
                condition(*lag)
            )
        })
        .collect();
    let _ = writeln!(
        text,
        "{}; {} of {} scenarios caught at least one; {} baseline failures",
        per_lag.join(", "),
        matrix.scenarios.len() - unkilled.len(),
        matrix.scenarios.len(),
        matrix.baseline_failures().len()
    );
    for (deviation, lag) in surviving {
        let _ = writeln!(
            text,
            "hole: no scenario catches {deviation} {} ({})",
            condition(lag),
            deviation.describe()
        );
    }
    for name in unkilled {
        let _ = writeln!(text, "hole: no deviation makes \"{name}\" fail");
    }
    text
}
