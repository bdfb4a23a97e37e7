//! Helpers shared by the project's integration tests.

#![allow(dead_code)]

pub(crate) mod daemons;
pub(crate) mod stub_iam;
pub(crate) mod tools;

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};

/// The environment variables that steer the binary; tests clear them so the
/// machine's own AWS settings, and its forward proxy, cannot leak in (a
/// test of a forward proxy sets its own).
pub(crate) const STEERING_VARS: [&str; 27] = [
    "AWS_ENDPOINT_URL",
    "AWS_ENDPOINT_URL_KMS",
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "KMS_CONFORMANCE_SECOND_ACCESS_KEY_ID",
    "KMS_CONFORMANCE_SECOND_SECRET_ACCESS_KEY",
    "KMS_CONFORMANCE_SECOND_SESSION_TOKEN",
    "CUCUMBER_FILTER_TAGS",
    "AWS_PROFILE",
    "AWS_CONFIG_FILE",
    "AWS_SHARED_CREDENTIALS_FILE",
    "AWS_ROLE_ARN",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_ENDPOINT_URL_STS",
    "AWS_ENDPOINT_URL_IAM",
    "AWS_ENDPOINT_URL_SSO",
    "HTTP_PROXY",
    "http_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "ALL_PROXY",
    "all_proxy",
    "NO_PROXY",
    "no_proxy",
];

/// The `kms-conformance` binary with a clean environment; run ledgers go
/// under target/, not into the source tree.
pub(crate) fn binary() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_kms-conformance"));
    for var in STEERING_VARS {
        command.env_remove(var);
    }
    command.env(
        "KMS_CONFORMANCE_RUN_DIR",
        PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("runs"),
    );
    // A HOME without ~/.aws: the machine's own profiles stay out of the run.
    command.env(
        "HOME",
        PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("no-home"),
    );
    command
}

/// Runs it with `args`.
pub(crate) fn run(args: &[&str]) -> Output {
    binary().args(args).output().expect("the binary runs")
}

pub(crate) fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub(crate) fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The last non-empty line of standard output.
pub(crate) fn last_line(output: &Output) -> String {
    stdout(output)
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or_default()
        .to_owned()
}

/// The crate's own features folder.
pub(crate) fn features_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("features")
}

/// A fresh, empty temporary folder under target/.
pub(crate) fn temp_dir(name: &str) -> PathBuf {
    let dir =
        PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// A stub process on a free port, stopped when dropped.
pub(crate) struct StubProcess {
    child: Child,
    pub endpoint: String,
}

impl StubProcess {
    pub(crate) fn start(extra: &[&str]) -> Self {
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
    pub(crate) fn terminate(mut self) -> std::process::ExitStatus {
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

/// Asserts the exit code, showing everything the binary printed when it differs.
#[track_caller]
pub(crate) fn assert_exit(output: &Output, code: i32) {
    assert_eq!(
        output.status.code(),
        Some(code),
        "{}{}",
        stdout(output),
        stderr(output)
    );
}

/// Every key on the stub at `endpoint` in the default account and region:
/// `(key state, description)`, read through the wire client.
pub(crate) async fn keys_on(endpoint: &str) -> Vec<(String, String)> {
    use kms_conformance::client::{Client, Credentials, Limits, Operation};
    use serde_json::json;

    let client = Client::new(
        endpoint,
        "us-east-1",
        Credentials::new("test", "test", None),
        Limits::default(),
    )
    .expect("a client");
    let mut keys = Vec::new();
    let mut input = json!({ "Limit": 100 });
    // The stub pages as KMS does: `Truncated` with a `NextMarker` to send
    // back as `Marker`; a hundred pages of a hundred keys is more than any
    // test makes.
    for _ in 0..100 {
        let page = client
            .call(Operation::ListKeys, &input)
            .await
            .expect("listed");
        let body = page.json().expect("json");
        for key in body["Keys"].as_array().expect("keys") {
            let described = client
                .call(Operation::DescribeKey, &json!({ "KeyId": key["KeyId"] }))
                .await
                .expect("described")
                .json()
                .expect("json");
            let metadata = &described["KeyMetadata"];
            let text = |name: &str| metadata[name].as_str().unwrap_or_default().to_owned();
            keys.push((text("KeyState"), text("Description")));
        }
        if body["Truncated"] != json!(true) {
            return keys;
        }
        input["Marker"] = body["NextMarker"].clone();
        assert!(
            input["Marker"].is_string(),
            "a truncated page without a marker"
        );
    }
    panic!("ListKeys did not end within 100 pages");
}

/// The closing line of a run in which every scenario of `scenarios` passed
/// on a target that never throttles: there, the burst of
/// `features/throttling.feature` is skipped as not applicable.
pub(crate) fn all_passed_unthrottled(scenarios: usize) -> String {
    format!("{} passed, 0 failed, 1 skipped", scenarios - 1)
}
