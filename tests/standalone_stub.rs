//! `kms-conformance stub` serves the reference model to other clients, and
//! `kms-conformance selftest` prints the kill matrix.

mod support;

use kms_conformance::client::Operation;
use serde_json::json;
use support::{StubProcess, last_line, run, stderr, stdout};

#[test]
fn another_client_can_drive_the_standalone_stub() {
    // The client signs with its own secret, which the stub is told.
    let stub = StubProcess::start(&["--secret", "AKIDEXAMPLE=secret"]);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let credentials = kms_conformance::client::Credentials::new("AKIDEXAMPLE", "secret", None);
        let client = kms_conformance::client::Client::new(&stub.endpoint, "eu-west-1", credentials, kms_conformance::client::Limits::default())
            .expect("a client");
        let created = client
            .call(Operation::CreateKey, &json!({ "Tags": [{ "TagKey": "env", "TagValue": "prod" }, { "TagKey": "team", "TagValue": "x" }] }))
            .await
            .expect("a key");
        assert_eq!(created.status, 200);
        let arn = created.json().expect("json")["KeyMetadata"]["Arn"].as_str().expect("an ARN").to_owned();
        assert!(arn.starts_with("arn:aws:kms:eu-west-1:111122223333:key/"), "{arn}");
        let untagged = client.call(Operation::UntagResource, &json!({ "KeyId": arn, "TagKeys": ["env"] })).await.expect("untag");
        assert_eq!((untagged.status, untagged.body.len()), (200, 0));
        let listed = client.call(Operation::ListResourceTags, &json!({ "KeyId": arn })).await.expect("list");
        assert_eq!(listed.json().expect("json")["Tags"], json!([{ "TagKey": "team", "TagValue": "x" }]));
    });
    assert!(stub.terminate().success(), "SIGTERM stops the stub cleanly");
}

#[test]
fn the_suite_passes_the_standalone_stub_as_an_endpoint() {
    let stub = StubProcess::start(&["--read-lag-ms", "200"]);
    let output = run(&["--endpoint", &stub.endpoint, "-q"]);
    support::assert_exit(&output, 0);
    assert!(
        last_line(&output).contains(" passed, 0 failed"),
        "{}",
        last_line(&output)
    );
}

#[test]
fn a_deviant_standalone_stub_fails_the_suite() {
    let stub = StubProcess::start(&["--deviation", "no-state-check"]);
    let output = run(&["--endpoint", &stub.endpoint, "-q", "--tags", "@key-states"]);
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    assert!(
        stdout(&output).contains("FAIL  A key pending deletion cannot be untagged"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn an_unknown_deviation_is_a_usage_error() {
    let output = run(&["stub", "--deviation", "no-such-thing"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("no-such-thing"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn the_deviations_are_listed() {
    let output = run(&["stub", "--list-deviations"]);
    assert_eq!(output.status.code(), Some(0));
    let listed = stdout(&output);
    for deviation in kms_conformance::Deviation::ALL {
        assert!(
            listed.contains(deviation.name()),
            "{deviation} is not listed"
        );
    }
}

#[test]
fn selftest_prints_the_matrix_for_chosen_deviations() {
    let output = run(&[
        "selftest",
        "--deviation",
        "untag-removes-nothing",
        "--deviation",
        "success-body-empty-object",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    let text = stdout(&output);
    assert!(text.contains("caught untag-removes-nothing"), "{text}");
    assert!(text.contains("caught success-body-empty-object"), "{text}");
    assert!(text.contains("2 of 2 deviations caught"), "{text}");
}
