//! The ABAC scenarios against a stub whose IAM lags (`--iam-lag-ms`), as
//! AWS's does for seconds (contract row 200): a role just made is refused
//! `AssumeRole` for a while and its policy applies late. The run sends
//! `AssumeRole` again within the settle time and polls what the role may do
//! within `--auth-settle`, so the scenarios pass; the bound is a bound:
//! with a settle time shorter than the lag they fail, saying so.

mod support;

use support::{assert_exit, last_line, run, stdout};

#[test]
fn the_abac_scenarios_wait_out_a_lagging_iam_within_the_settle_time() {
    let output = run(&["--tags", "@requires.iam", "--iam-lag-ms", "2000"]);
    assert_exit(&output, 0);
    assert_eq!(
        last_line(&output),
        "4 passed, 0 failed",
        "{}",
        stdout(&output)
    );
    // The time accounting shows the waiting: AssumeRole sent again.
    assert!(
        stdout(&output).contains("polling for writes to show"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn a_lag_longer_than_the_settle_time_fails_the_abac_scenarios_with_stss_refusal() {
    let output = run(&[
        "--tags",
        "@requires.iam",
        "--iam-lag-ms",
        "3000",
        "--settle",
        "0.5",
    ]);
    assert_exit(&output, 1);
    let text = stdout(&output);
    assert_eq!(last_line(&output), "0 passed, 4 failed", "{text}");
    assert!(text.contains("AssumeRole: HTTP 403 AccessDenied"), "{text}");
}
