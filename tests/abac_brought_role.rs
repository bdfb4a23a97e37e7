//! The ABAC scenarios with a role brought along (`--abac-role-arn`), as on
//! an account where the run may not make roles: rehearsed against a
//! standalone stub in which the role was made beforehand, as a user would
//! provision it (trust and permission policy as `docs/authorization.md`
//! documents them).

mod support;

use kms_conformance::client::QueryOperation;
use support::stub_iam::{admin, runtime};
use support::{StubProcess, assert_exit, last_line, run, stderr, stdout};

/// The role's trust policy: the caller's account (the stub's default).
const TRUST: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole"}]}"#;

/// The role's permission policy, as documented: the KMS actions the ABAC
/// scenarios call as the role, on the account's keys.
const PERMISSIONS: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"KmsConformanceAbac","Effect":"Allow","Action":["kms:DescribeKey","kms:UntagResource"],"Resource":"arn:aws:kms:*:111122223333:key/*"}]}"#;

/// Makes the role `/team/kms-abac` in the stub; its ARN.
fn provision(stub: &StubProcess) -> String {
    runtime().block_on(async {
        let client = admin(stub);
        let created = client
            .query(
                QueryOperation::CreateRole,
                &[
                    ("RoleName", "kms-abac"),
                    ("Path", "/team/"),
                    ("AssumeRolePolicyDocument", TRUST),
                ],
            )
            .await
            .expect("a role made");
        assert!(created.is_success(), "{}", created.describe());
        let put = client
            .query(
                QueryOperation::PutRolePolicy,
                &[
                    ("RoleName", "kms-abac"),
                    ("PolicyName", "kms-conformance-abac"),
                    ("PolicyDocument", PERMISSIONS),
                ],
            )
            .await
            .expect("a policy put");
        assert!(put.is_success(), "{}", put.describe());
        created
            .document
            .as_ref()
            .and_then(|d| d.text_of("Arn"))
            .expect("an ARN")
            .to_owned()
    })
}

/// What is left of the role, and whether the run made any of its own.
fn after_the_run(stub: &StubProcess) -> (Vec<String>, usize) {
    runtime().block_on(async {
        let client = admin(stub);
        let policies = client
            .query(
                QueryOperation::ListRolePolicies,
                &[("RoleName", "kms-abac")],
            )
            .await
            .expect("its policies listed");
        assert!(
            policies.is_success(),
            "the role is still there: {}",
            policies.describe()
        );
        let names = policies
            .document
            .as_ref()
            .and_then(|d| d.find("PolicyNames"))
            .map(|n| n.children_named("member").map(|m| m.text.clone()).collect())
            .unwrap_or_default();
        let ours = client
            .query(
                QueryOperation::ListRoles,
                &[("PathPrefix", "/kms-conformance/")],
            )
            .await
            .expect("the roles listed");
        let made = ours
            .document
            .as_ref()
            .and_then(|d| d.find("Roles"))
            .map_or(0, |r| r.children_named("member").count());
        (names, made)
    })
}

fn abac_run(stub: &StubProcess, arn: &str) -> std::process::Output {
    run(&[
        "--endpoint",
        &stub.endpoint,
        "--tags",
        "@requires.iam",
        "--abac-role-arn",
        arn,
    ])
}

#[test]
fn a_brought_role_runs_the_abac_scenarios_through_session_policies_and_is_left_as_it_was() {
    let stub = StubProcess::start(&[]);
    let arn = provision(&stub);
    assert_eq!(arn, "arn:aws:iam::111122223333:role/team/kms-abac");
    let output = abac_run(&stub, &arn);
    assert_exit(&output, 0);
    assert_eq!(
        last_line(&output),
        "4 passed, 0 failed",
        "{}",
        stdout(&output)
    );
    let (policies, made) = after_the_run(&stub);
    assert_eq!(
        policies,
        ["kms-conformance-abac"],
        "the role's own policy, untouched"
    );
    assert_eq!(made, 0, "the run made no role of its own");
}

#[test]
fn a_target_that_ignores_session_policies_fails_the_brought_role_scenarios() {
    let stub = StubProcess::start(&["--deviation", "session-policy-ignored"]);
    let arn = provision(&stub);
    let output = abac_run(&stub, &arn);
    assert_exit(&output, 1);
    let printed = stdout(&output);
    let failed = printed.lines().filter(|l| l.starts_with("FAIL  ")).count();
    // The role itself may untag any key: every scenario whose session
    // policy takes something away from it sees it do that.
    assert_eq!(failed, 4, "{printed}");
}

#[test]
fn a_brought_role_that_cannot_be_assumed_ends_the_run_before_any_scenario() {
    let stub = StubProcess::start(&[]);
    let output = abac_run(&stub, "arn:aws:iam::111122223333:role/team/nobody");
    assert_exit(&output, 2);
    let said = stderr(&output);
    assert_eq!(said.lines().count(), 1, "{said}");
    assert!(
        said.contains("cannot assume --abac-role-arn arn:aws:iam::111122223333:role/team/nobody: AssumeRole answered HTTP 403 AccessDenied"),
        "{said}"
    );
    assert!(!stdout(&output).contains("PASS"), "{}", stdout(&output));
}

#[test]
fn a_brought_role_is_no_iam_role_arn_is_a_usage_error() {
    let output = run(&["--abac-role-arn", "kms-abac", "--tags", "@requires.iam"]);
    assert_exit(&output, 2);
    assert!(
        stderr(&output).contains("is not an IAM role ARN"),
        "{}",
        stderr(&output)
    );
}
