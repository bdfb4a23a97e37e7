//! AWS's authorization catches up with a key policy change only after a
//! while (contract row 132). The authorization scenarios wait for their
//! policy to be in force within `--auth-settle`, apart from `--settle`: they
//! pass a stub whose authorization lags, and fail, on the probe and saying
//! why, when the lag outlasts the wait.

use std::sync::Arc;
use std::time::Duration;

use crate::endpoint::{self, TargetArgs, TargetConfig};
use crate::report::{RunReport, Verdict};
use crate::stub::StubOptions;
use crate::suite::{self, RunOptions, Selection};
use crate::wire::Operation;

const EXPLICIT_DENY: &str =
    "An explicit Deny of kms:UntagResource refuses the call and changes nothing";

/// The `@authorization` scenarios against a stub whose authorization lags
/// `lag`, waiting `auth_settle` seconds for a policy to be in force.
fn run(lag: Duration, auth_settle: f64) -> RunReport {
    let args = TargetArgs {
        stub: Some(StubOptions {
            auth_lag: lag,
            ..StubOptions::default()
        }),
        settle: Some(1.0),
        auth_settle: Some(auth_settle),
        ..TargetArgs::default()
    };
    let config = TargetConfig::resolve(&args, &|_| None).expect("resolves");
    let options = RunOptions {
        selection: Selection {
            tags: Some("@authorization".parse().expect("a tag expression")),
            name: None,
        },
        ..RunOptions::default()
    };
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
        .block_on(async {
            let connection = endpoint::connect(&config, "1700000000-0123abcd")
                .await
                .expect("the stub runs");
            suite::run(Arc::clone(&connection.context), options).await
        })
}

#[test]
fn the_authorization_scenarios_wait_out_a_lagging_authorization() {
    let report = run(Duration::from_millis(300), 3.0);
    assert!(
        report.scenarios.len() >= 6,
        "{} scenarios",
        report.scenarios.len()
    );
    let failed: Vec<_> = report
        .scenarios
        .iter()
        .filter(|s| matches!(s.verdict, Verdict::Failed { .. }))
        .map(|s| (&s.name, &s.verdict))
        .collect();
    assert!(failed.is_empty(), "{failed:#?}");
    // The probe was refused only once the policy was in force: it ran more than once.
    let deny = report
        .scenarios
        .iter()
        .find(|s| s.name == EXPLICIT_DENY)
        .expect("the scenario exists");
    let probes = deny
        .exchanges
        .iter()
        .filter(|e| e.called() == Some(Operation::UntagResource))
        .count();
    assert!(
        probes >= 3,
        "{probes} UntagResource calls: the probe never waited"
    );
}

#[test]
fn an_authorization_that_outlasts_the_wait_fails_on_the_probe() {
    let report = run(Duration::from_secs(30), 0.3);
    let deny = report
        .scenarios
        .iter()
        .find(|s| s.name == EXPLICIT_DENY)
        .expect("the scenario exists");
    assert!(
        matches!(&deny.verdict, Verdict::Failed { step, message }
            if step.contains("the key policy is in force")
                && message.contains("not in force")
                && message.contains("--auth-settle")),
        "{:?}",
        deny.verdict
    );
}
