//! IAM and STS calls go where `AWS_ENDPOINT_URL_IAM` and
//! `AWS_ENDPOINT_URL_STS` say, as the AWS SDKs send them, and KMS calls
//! stay on the target: the routing a run on AWS needs (IAM global, STS
//! regional, neither on the KMS endpoint), rehearsed against one stub
//! reached through three listeners that each note what passes.

mod support;

use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

use kms_conformance::client::{Operation, QueryOperation};

/// The JSON 1.1 target header's prefix for KMS operations.
const TARGET_PREFIX: &str = "TrentService.";
use support::{StubProcess, assert_exit, binary, last_line, stdout};

/// A listener that passes every connection on to `upstream` and keeps
/// what clients sent.
struct Listener {
    endpoint: String,
    sent: Arc<Mutex<Vec<u8>>>,
}

impl Listener {
    fn to(upstream: SocketAddr) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let endpoint = format!("http://{}/", listener.local_addr().expect("addr"));
        let sent = Arc::new(Mutex::new(Vec::new()));
        let noted = Arc::clone(&sent);
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                let Ok(server) = TcpStream::connect(upstream) else {
                    continue;
                };
                let (mut client_in, mut server_out) = (
                    client.try_clone().expect("clone"),
                    server.try_clone().expect("clone"),
                );
                let noted = Arc::clone(&noted);
                std::thread::spawn(move || {
                    let mut buffer = [0; 8192];
                    while let Ok(n) = client_in.read(&mut buffer) {
                        if n == 0 || server_out.write_all(&buffer[..n]).is_err() {
                            break;
                        }
                        noted.lock().expect("lock").extend_from_slice(&buffer[..n]);
                    }
                    let _ = server_out.shutdown(std::net::Shutdown::Write);
                });
                let (mut server_in, mut client_out) = (server, client);
                std::thread::spawn(move || {
                    let _ = std::io::copy(&mut server_in, &mut client_out);
                    let _ = client_out.shutdown(std::net::Shutdown::Write);
                });
            }
        });
        Self { endpoint, sent }
    }

    /// A listener in front of `stub`.
    fn before(stub: &StubProcess) -> Self {
        Self::to(
            stub.endpoint
                .trim_start_matches("http://")
                .parse()
                .expect("an address"),
        )
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.sent.lock().expect("lock")).into_owned()
    }

    /// The Query actions (`Action=...`) sent through it.
    fn actions(&self) -> BTreeSet<String> {
        self.text()
            .split("Action=")
            .skip(1)
            .map(|rest| {
                rest.chars()
                    .take_while(char::is_ascii_alphanumeric)
                    .collect()
            })
            .collect()
    }
}

fn set(operations: &[QueryOperation]) -> BTreeSet<String> {
    operations.iter().map(|op| op.name().to_owned()).collect()
}

#[test]
fn iam_and_sts_calls_go_where_their_own_settings_say_and_kms_calls_stay_on_the_target() {
    let stub = StubProcess::start(&[]);
    let (kms, iam, sts) = (
        Listener::before(&stub),
        Listener::before(&stub),
        Listener::before(&stub),
    );
    let output = binary()
        .env("AWS_ENDPOINT_URL_IAM", &iam.endpoint)
        .env("AWS_ENDPOINT_URL_STS", &sts.endpoint)
        .args(["--endpoint", &kms.endpoint, "--tags", "@requires.iam"])
        .output()
        .expect("the binary runs");
    assert_exit(&output, 0);
    assert_eq!(
        last_line(&output),
        "4 passed, 0 failed",
        "{}",
        stdout(&output)
    );
    // The probe's role and each scenario's: made, given a policy, deleted.
    assert_eq!(
        iam.actions(),
        set(&[
            QueryOperation::CreateRole,
            QueryOperation::DeleteRole,
            QueryOperation::DeleteRolePolicy,
            QueryOperation::ListRolePolicies,
            QueryOperation::PutRolePolicy,
        ])
    );
    assert!(
        iam.text().contains("/us-east-1/iam/aws4_request"),
        "signed for IAM"
    );
    assert_eq!(
        sts.actions(),
        set(&[
            QueryOperation::AssumeRole,
            QueryOperation::GetCallerIdentity
        ])
    );
    assert!(
        sts.text().contains("/us-east-1/sts/aws4_request"),
        "signed for STS"
    );
    assert_eq!(
        kms.actions(),
        BTreeSet::new(),
        "no IAM or STS call on the KMS endpoint"
    );
    let untag = format!("{TARGET_PREFIX}{}", Operation::UntagResource.name());
    assert!(kms.text().contains(&untag));
}

#[test]
fn without_their_own_settings_iam_and_sts_calls_go_to_the_target() {
    let stub = StubProcess::start(&[]);
    let kms = Listener::before(&stub);
    let output = binary()
        .env("AWS_ENDPOINT_URL", "http://127.0.0.1:9/")
        .args(["--endpoint", &kms.endpoint, "--tags", "@requires.iam"])
        .output()
        .expect("the binary runs");
    assert_exit(&output, 0);
    let actions = kms.actions();
    assert!(
        actions.contains(QueryOperation::CreateRole.name())
            && actions.contains(QueryOperation::AssumeRole.name()),
        "{actions:?}"
    );
}
