use super::*;
use crate::api::Stub;
use crate::report::Outcome;
use crate::stub::StubOptions;
use crate::stub::deviations::Deviation;

/// A folder of this test's own for the run's ledger.
fn run_dir(test: &str) -> PathBuf {
    std::env::temp_dir().join(format!(
        "kms-conformance-suite-gate-{test}-{}",
        std::process::id()
    ))
}

#[tokio::test]
async fn a_faithful_kms_passes_what_it_runs() {
    let stub = Stub::start().await;
    let report = Suite::new(stub.uri())
        .tags("@key-states and not @multi-region")
        .run_dir(run_dir("faithful"))
        .run()
        .await
        .expect("judged");
    assert!(report.is_success(), "{report}");
    assert!(report.passed() > 3, "{report}");
    assert!(
        report
            .scenarios()
            .all(|s| s.tags().any(|t| t == "key-states"))
    );
    assert!(
        stub.received_requests().len() > report.passed(),
        "it reached the stub"
    );
}

#[tokio::test]
async fn a_wrong_kms_fails_with_the_failing_step_and_why() {
    let stub = Stub::start_with(StubOptions {
        deviations: Deviation::UntagRemovesNothing.into(),
        ..StubOptions::default()
    })
    .await;
    let report = Suite::new(stub.uri())
        .tags("@removal")
        .settle(Duration::from_millis(500))
        .run_dir(run_dir("wrong"))
        .run()
        .await
        .expect("judged");
    assert!(!report.is_success());
    let failure = report.failures().next().expect("a failure");
    assert_eq!(failure.outcome(), Outcome::Failed);
    let reason = failure.reason().expect("a reason");
    assert!(reason.contains("the key has exactly the tags"), "{reason}");
}

#[tokio::test]
async fn options_that_cannot_be_used_are_one_line_errors() {
    let unusable = [
        Suite::new("http://127.0.0.1:9").tags("@a and and"),
        Suite::new("http://127.0.0.1:9").name("("),
        Suite::new("not a url"),
        Suite::new("http://127.0.0.1:9").expectations("/nonexistent/expectations.toml"),
        Suite::new("https://kms.eu-west-1.amazonaws.com"),
    ];
    for suite in unusable {
        let shown = format!("{suite:?}");
        let error = suite.run().await.expect_err(&shown);
        assert!(
            matches!(error, SuiteError::Options(_)),
            "{shown}: {error:?}"
        );
        assert_eq!(error.to_string().lines().count(), 1, "{error}");
    }
}

#[tokio::test]
async fn a_target_that_does_not_answer_cannot_be_judged() {
    // Bound and dropped: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a port")
        .port();
    let error = Suite::new(format!("http://127.0.0.1:{port}"))
        .timeout(Duration::from_secs(2))
        .run_dir(run_dir("unreachable"))
        .run()
        .await
        .expect_err("unreachable");
    assert!(matches!(error, SuiteError::Target(_)), "{error:?}");
}

#[tokio::test]
async fn a_selection_of_nothing_is_no_pass() {
    let stub = Stub::start().await;
    let error = Suite::new(stub.uri())
        .name("no scenario is called this")
        .run_dir(run_dir("nothing"))
        .run()
        .await
        .expect_err("nothing ran");
    assert_eq!(
        error,
        SuiteError::Options("no scenario was selected".into())
    );
}
