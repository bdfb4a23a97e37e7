//! The kill matrix's ABAC cases judged as an endpoint, where the
//! `@requires.iam` probe runs (the in-process matrix never probes its own
//! stub). A target that lets the suite make and assume a role runs the ABAC
//! scenarios, and fails them when it ignores the role's identity policies:
//! KMS must consult them (contract rows 184 to 193), so a skip would hide
//! that fault (the red team's escape 1).

mod support;

use support::{StubProcess, assert_exit, stdout};

/// The scenarios of `features/abac.feature`, every one `@requires.iam`.
const ABAC_SCENARIOS: usize = 4;

fn abac_run(stub: &StubProcess) -> std::process::Output {
    support::run(&[
        "--endpoint",
        &stub.endpoint,
        "--tags",
        "@requires.iam",
        "--snapshots",
        "off",
    ])
}

fn count(printed: &str, verdict: &str) -> usize {
    printed.lines().filter(|l| l.starts_with(verdict)).count()
}

#[test]
fn a_faithful_stub_as_an_endpoint_runs_and_passes_the_abac_scenarios() {
    let stub = StubProcess::start(&[]);
    let output = abac_run(&stub);
    assert_exit(&output, 0);
    let printed = stdout(&output);
    assert_eq!(count(&printed, "PASS  "), ABAC_SCENARIOS, "{printed}");
}

#[test]
fn a_target_that_serves_iam_but_ignores_identity_policies_fails_the_abac_scenarios() {
    for deviation in ["assumed-role-as-account-root", "identity-policy-ignored"] {
        let stub = StubProcess::start(&["--deviation", deviation]);
        let output = abac_run(&stub);
        assert_exit(&output, 1);
        let printed = stdout(&output);
        assert_eq!(count(&printed, "SKIP  "), 0, "{deviation}: {printed}");
        assert!(count(&printed, "FAIL  ") > 0, "{deviation}: {printed}");
    }
}
