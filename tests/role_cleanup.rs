//! `kms-conformance cleanup` finds the IAM roles earlier runs left under
//! `/kms-conformance/` with no ledger to name them (a machine lost, a
//! ledger deleted), by the marker in their description, as it finds keys;
//! pages through `ListRoles`; leaves every other role, and a role brought
//! along (`--abac-role-arn`), alone.

mod support;

use kms_conformance::client::{Client, QueryOperation};
use support::stub_iam::{admin, runtime};
use support::{StubProcess, assert_exit, run, stdout, temp_dir};

const TRUST: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole"}]}"#;
const POLICY: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:DescribeKey","Resource":"*"}]}"#;

async fn make(client: &Client, name: &str, path: &str, description: &str, policy: bool) {
    let created = client
        .query(
            QueryOperation::CreateRole,
            &[
                ("RoleName", name),
                ("Path", path),
                ("AssumeRolePolicyDocument", TRUST),
                ("Description", description),
            ],
        )
        .await
        .expect("a role made");
    assert!(created.is_success(), "{}", created.describe());
    if policy {
        let put = client
            .query(
                QueryOperation::PutRolePolicy,
                &[
                    ("RoleName", name),
                    ("PolicyName", "kms-conformance-abac"),
                    ("PolicyDocument", POLICY),
                ],
            )
            .await
            .expect("a policy put");
        assert!(put.is_success(), "{}", put.describe());
    }
}

/// The roles under `/kms-conformance/` still there, by name.
async fn remaining(client: &Client) -> Vec<String> {
    let mut names = Vec::new();
    let mut marker: Option<String> = None;
    loop {
        let mut members = vec![("PathPrefix", "/kms-conformance/")];
        if let Some(m) = &marker {
            members.push(("Marker", m));
        }
        let answer = client
            .query(QueryOperation::ListRoles, &members)
            .await
            .expect("the roles listed");
        let document = answer.document.expect("XML");
        names.extend(
            document
                .find("Roles")
                .into_iter()
                .flat_map(|r| r.children_named("member"))
                .filter_map(|m| m.text_of("RoleName").map(str::to_owned)),
        );
        match document.text_of("Marker") {
            Some(next) if document.text_of("IsTruncated") == Some("true") => {
                marker = Some(next.to_owned());
            }
            _ => return names,
        }
    }
}

#[test]
fn cleanup_lists_then_deletes_the_suites_leftover_roles_by_their_marker_and_nothing_else() {
    let stub = StubProcess::start(&[]);
    let client = admin(&stub);
    // More than a page of ListRoles (100), one with an inline policy left.
    runtime().block_on(async {
        for n in 0..103 {
            let name = format!("kms-conformance-left{n:03}");
            let marker = format!(
                "kms-conformance run 1796000000-0000000{} (a scenario)",
                n % 10
            );
            make(&client, &name, "/kms-conformance/", &marker, n == 7).await;
        }
        make(
            &client,
            "someone-elses",
            "/kms-conformance/",
            "not the suite's",
            false,
        )
        .await;
        make(
            &client,
            "elsewhere",
            "/other/",
            "kms-conformance run 1796000000-00000000 (a scenario)",
            false,
        )
        .await;
        make(
            &client,
            "brought",
            "/kms-conformance/",
            "kms-conformance run 1796000000-00000000 (provisioned by hand)",
            true,
        )
        .await;
    });
    let run_dir = temp_dir("role-cleanup");
    let run_dir = run_dir.to_str().expect("a path");
    let brought = "arn:aws:iam::111122223333:role/kms-conformance/brought";

    let listed = run(&[
        "cleanup",
        "--endpoint",
        &stub.endpoint,
        "--run-dir",
        run_dir,
        "--dry-run",
        "--abac-role-arn",
        brought,
    ]);
    assert_exit(&listed, 0);
    let text = stdout(&listed);
    let would: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("would clean up IAM role "))
        .collect();
    assert_eq!(would.len(), 103, "{text}");
    assert!(
        would
            .iter()
            .all(|l| l.ends_with(" (found by its description)")),
        "{text}"
    );
    assert!(text.contains("103 leftovers found (dry run"), "{text}");
    assert_eq!(
        runtime().block_on(remaining(&client)).len(),
        105,
        "a dry run deletes nothing"
    );

    let cleaned = run(&[
        "cleanup",
        "--endpoint",
        &stub.endpoint,
        "--run-dir",
        run_dir,
        "--abac-role-arn",
        brought,
    ]);
    assert_exit(&cleaned, 0);
    assert!(
        stdout(&cleaned).contains("103 leftovers cleaned up, 0 failed"),
        "{}",
        stdout(&cleaned)
    );
    let mut left = runtime().block_on(remaining(&client));
    left.sort();
    assert_eq!(left, ["brought", "someone-elses"]);
}
