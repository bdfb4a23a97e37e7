//! `kms-conformance stub` serves the reference model to other clients, and
//! `kms-conformance selftest` prints the kill matrix.

mod support;

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::process::{Child, Stdio};

use serde_json::json;
use support::{binary, last_line, run, stderr, stdout};

/// A stub process on a free port, stopped when dropped.
struct StubProcess {
    child: Child,
    endpoint: String,
}

impl StubProcess {
    fn start(extra: &[&str]) -> Self {
        let port = TcpListener::bind("127.0.0.1:0")
            .expect("bind")
            .local_addr()
            .expect("addr")
            .port();
        let listen = format!("127.0.0.1:{port}");
        let mut child = binary()
            .args(["stub", "--listen", &listen])
            .args(extra)
            .stdout(Stdio::piped())
            .spawn()
            .expect("the stub starts");
        let mut first = String::new();
        BufReader::new(child.stdout.as_mut().expect("stdout"))
            .read_line(&mut first)
            .expect("a line");
        assert!(
            first.contains(&format!("listening on http://{listen}/")),
            "{first}"
        );
        Self {
            child,
            endpoint: format!("http://{listen}"),
        }
    }

    /// SIGTERM, as a CI job stops a service; the exit status.
    fn terminate(mut self) -> std::process::ExitStatus {
        let pid = self.child.id().to_string();
        std::process::Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .expect("kill runs");
        self.child.wait().expect("the stub exits")
    }
}

impl Drop for StubProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn another_client_can_drive_the_standalone_stub() {
    let stub = StubProcess::start(&[]);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let credentials = kms_conformance::wire::Credentials::new("AKIDEXAMPLE", "secret", None);
        let client = kms_conformance::wire::Client::new(&stub.endpoint, "eu-west-1", credentials, Default::default())
            .expect("a client");
        let created = client
            .call("CreateKey", &json!({ "Tags": [{ "TagKey": "env", "TagValue": "prod" }, { "TagKey": "team", "TagValue": "x" }] }))
            .await
            .expect("CreateKey");
        assert_eq!(created.status, 200);
        let arn = created.json().expect("json")["KeyMetadata"]["Arn"].as_str().expect("an ARN").to_owned();
        assert!(arn.starts_with("arn:aws:kms:eu-west-1:111122223333:key/"), "{arn}");
        let untagged = client.call("UntagResource", &json!({ "KeyId": arn, "TagKeys": ["env"] })).await.expect("untag");
        assert_eq!((untagged.status, untagged.body.len()), (200, 0));
        let listed = client.call("ListResourceTags", &json!({ "KeyId": arn })).await.expect("list");
        assert_eq!(listed.json().expect("json")["Tags"], json!([{ "TagKey": "team", "TagValue": "x" }]));
    });
    assert!(stub.terminate().success(), "SIGTERM stops the stub cleanly");
}

#[test]
fn the_suite_passes_the_standalone_stub_as_an_endpoint() {
    let stub = StubProcess::start(&["--read-lag-ms", "200"]);
    let output = run(&["--endpoint", &stub.endpoint, "-q"]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}{}",
        stdout(&output),
        stderr(&output)
    );
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
    for deviation in kms_conformance::stub::deviations::Deviation::ALL {
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
