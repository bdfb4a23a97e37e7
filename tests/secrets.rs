//! No credential ever leaves the process: the suite runs with canary
//! credentials and every output is scanned for them: the terminal (with
//! traces of every exchange), the JUnit and Cucumber JSON reports, the
//! results file, the run's ledger, and a matrix's results files,
//! `matrix.md` and `matrix.html`. One target even echoes every request
//! header back.

mod support;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::Path;

use kms_conformance::Secrets;
use kms_conformance::{Deviation, Deviations};
use kms_conformance::{Stub, StubOptions};
use support::{binary, stderr, stdout};

const ACCESS_KEY: &str = "AKIACANARY7Q3XZJ5PLK";
const SECRET: &str = "cAnArYsEcReT/0123456789+abcdefghijklmnopq";
const TOKEN: &str = "IQoJb3JpZ2luX2VjEXAMPLECANARYTOKEN//////////wEaCXVzLWVhc3QtMSJHMEUCIQ";
const SECOND_SECRET: &str = "sEcOnDcAnArYsEcReT/0123456789+abcdefghijk";
const ECHO_ACCESS_KEY: &str = "AKIAECHOCANARY4Q7ZX2";
/// The error type the echo target answers, which no KMS has: where it shows,
/// what the target echoed shows too.
const ECHOED: &str = "EchoedHeaders";

/// The stub verifies signatures: it must know the canaries' secrets.
fn canary_secrets() -> Secrets {
    Secrets::default()
        .with(ACCESS_KEY, SECRET)
        .with("444455556666", SECOND_SECRET)
}

/// Runs the binary against `endpoint` with the canary credentials, writing
/// every report into `dir`; returns everything it produced.
fn run_with_canaries(endpoint: &str, dir: &Path, tags: &str) -> Vec<(String, String)> {
    let env = [
        ("AWS_ACCESS_KEY_ID", ACCESS_KEY.to_owned()),
        ("AWS_SECRET_ACCESS_KEY", SECRET.to_owned()),
        ("AWS_SESSION_TOKEN", TOKEN.to_owned()),
    ];
    run_with_env(endpoint, dir, tags, &env)
}

/// Runs the binary against `endpoint` with `env` (which names the caller's
/// credentials one way or another), writing every report into `dir`;
/// returns everything it produced.
fn run_with_env(
    endpoint: &str,
    dir: &Path,
    tags: &str,
    env: &[(&str, String)],
) -> Vec<(String, String)> {
    let junit = dir.join("junit.xml");
    let json = dir.join("cucumber.json");
    let results = dir.join("results.json");
    let runs = dir.join("runs");
    let output = binary()
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .env("KMS_CONFORMANCE_SECOND_ACCESS_KEY_ID", "444455556666")
        .env("KMS_CONFORMANCE_SECOND_SECRET_ACCESS_KEY", SECOND_SECRET)
        .args(["--endpoint", endpoint, "--trace", "--tags", tags])
        .args([
            "--junit",
            junit.to_str().expect("utf-8"),
            "--json",
            json.to_str().expect("utf-8"),
            "--results",
            results.to_str().expect("utf-8"),
        ])
        .args(["--run-dir", runs.to_str().expect("utf-8")])
        .output()
        .expect("the binary runs");
    let mut outputs = vec![
        ("stdout".to_owned(), stdout(&output)),
        ("stderr".to_owned(), stderr(&output)),
    ];
    for file in [junit, json, results] {
        outputs.push((
            file.display().to_string(),
            std::fs::read_to_string(&file).unwrap_or_default(),
        ));
    }
    for ledger in std::fs::read_dir(&runs).into_iter().flatten().flatten() {
        outputs.push((
            ledger.path().display().to_string(),
            std::fs::read_to_string(ledger.path()).unwrap_or_default(),
        ));
    }
    outputs
}

/// Fails on any canary or any SigV4 signature in any output.
fn assert_no_credentials(outputs: &[(String, String)]) {
    let signature = regex::Regex::new("Signature=[0-9a-f]{64}").expect("valid regex");
    for (name, text) in outputs {
        for canary in [ACCESS_KEY, SECRET, TOKEN, SECOND_SECRET] {
            assert!(!text.contains(canary), "{name} holds a credential");
        }
        assert!(!signature.is_match(text), "{name} holds a signature");
    }
}

#[test]
fn failing_scenarios_traced_and_reported_hold_no_credential() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let options = StubOptions {
        deviations: Deviations::from(Deviation::UntagRemovesNothing),
        secrets: canary_secrets(),
        ..StubOptions::default()
    };
    let stub = runtime.block_on(Stub::start_with(options));
    let dir = support::temp_dir("secrets-stub");
    let outputs = run_with_canaries(stub.uri(), &dir, "@removal or @cross-account");
    let terminal = &outputs[0].1;
    assert!(
        terminal.contains("FAIL  Removing one of several tags"),
        "the deviation must make scenarios fail"
    );
    assert!(
        terminal.contains("x-amz-security-token: <redacted>"),
        "the trace must show the token header, redacted"
    );
    assert!(terminal.contains("Credential=<redacted>/"), "{terminal}");
    assert!(outputs.iter().any(|(name, text)| {
        Path::new(name).extension().is_some_and(|e| e == "jsonl")
            && text.contains("\"event\":\"created\"")
    }));
    assert_no_credentials(&outputs);
}

#[test]
fn a_target_that_echoes_the_request_headers_leaks_nothing() {
    let endpoint = echo_target();
    let dir = support::temp_dir("secrets-echo");
    let outputs = run_with_canaries(&endpoint, &dir, "@output");
    assert!(outputs[0].1.contains(ECHOED), "{}", outputs[0].1);
    assert_no_credentials(&outputs);
}

#[test]
fn a_matrix_and_its_results_hold_no_credential() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let options = StubOptions {
        deviations: Deviations::from(Deviation::UntagRemovesNothing),
        secrets: canary_secrets(),
        ..StubOptions::default()
    };
    let stub = runtime.block_on(Stub::start_with(options));
    let dir = support::temp_dir("secrets-matrix");
    let out = dir.join("matrix");
    // The deviant stub signs with the shared canaries, the echo target
    // with its own (ECHO_...): both kinds of credential are scanned for.
    let output = binary()
        .env("AWS_ACCESS_KEY_ID", ACCESS_KEY)
        .env("AWS_SECRET_ACCESS_KEY", SECRET)
        .env("AWS_SESSION_TOKEN", TOKEN)
        .env("ECHO_AWS_ACCESS_KEY_ID", ECHO_ACCESS_KEY)
        .env("ECHO_AWS_SECRET_ACCESS_KEY", SECOND_SECRET)
        .env("ECHO_AWS_SESSION_TOKEN", TOKEN)
        .args(["matrix", "--target", &format!("deviant={}", stub.uri())])
        .args(["--target", &format!("echo={}", echo_target())])
        .args(["--tags", "@removal or @output"])
        .args(["--out", out.to_str().expect("utf-8")])
        .args(["--run-dir", dir.join("runs").to_str().expect("utf-8")])
        .output()
        .expect("the binary runs");
    support::assert_exit(&output, 0);
    let mut outputs = vec![
        ("stdout".to_owned(), stdout(&output)),
        ("stderr".to_owned(), stderr(&output)),
    ];
    let mut names = Vec::new();
    for file in std::fs::read_dir(&out).expect("written").flatten() {
        names.push(file.file_name().to_string_lossy().into_owned());
        outputs.push((
            file.path().display().to_string(),
            std::fs::read_to_string(file.path()).expect("text"),
        ));
    }
    names.sort();
    assert_eq!(
        names,
        [
            "deviant.results.json",
            "echo.results.json",
            "matrix.html",
            "matrix.md"
        ]
    );
    let page = &outputs
        .iter()
        .find(|(n, _)| n.ends_with("matrix.html"))
        .expect("page")
        .1;
    assert!(page.contains(ECHOED), "the echoed headers are in the page");
    assert!(
        page.contains("Credential=\\u003credacted\\u003e/"),
        "and redacted"
    );
    assert_no_credentials(&outputs);
    for (name, text) in &outputs {
        assert!(!text.contains(ECHO_ACCESS_KEY), "{name} holds a credential");
    }
}

/// The canaries as `credential_process` prints them.
fn canary_json() -> String {
    serde_json::json!({
        "Version": 1, "AccessKeyId": ACCESS_KEY, "SecretAccessKey": SECRET,
        "SessionToken": TOKEN, "Expiration": "2099-01-01T00:00:00Z"
    })
    .to_string()
}

/// A HOME whose `~/.aws/config` is `config`.
fn home_with(name: &str, config: &str) -> std::path::PathBuf {
    let home = support::temp_dir(name);
    std::fs::create_dir_all(home.join(".aws/sso/cache")).expect("~/.aws");
    std::fs::write(home.join(".aws/config"), config).expect("config");
    home
}

/// Every credential source beyond the environment, each handing out the
/// canaries: a profile's keys, its `credential_process`, web identity from
/// a fake STS and SSO from a fake portal. Against a target that echoes
/// every request header back, with traces and every report.
#[test]
fn credentials_from_profiles_processes_web_identity_and_sso_leak_nowhere() {
    use wiremock::matchers::any;
    use wiremock::{Mock, MockServer, ResponseTemplate};

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let fake = |body: String| {
        runtime.block_on(async {
            let server = MockServer::start().await;
            Mock::given(any())
                .respond_with(ResponseTemplate::new(200).set_body_string(body))
                .mount(&server)
                .await;
            server
        })
    };
    let sts = fake(format!(
        "<AssumeRoleWithWebIdentityResponse><AssumeRoleWithWebIdentityResult><Credentials>\
         <AccessKeyId>{ACCESS_KEY}</AccessKeyId><SecretAccessKey>{SECRET}</SecretAccessKey>\
         <SessionToken>{TOKEN}</SessionToken></Credentials></AssumeRoleWithWebIdentityResult>\
         </AssumeRoleWithWebIdentityResponse>"
    ));
    let portal = fake(
        serde_json::json!({ "roleCredentials": {
            "accessKeyId": ACCESS_KEY, "secretAccessKey": SECRET, "sessionToken": TOKEN,
            "expiration": 4_070_908_800_000_u64 } })
        .to_string(),
    );
    let endpoint = echo_target();

    let sources = canary_sources(&sts.uri(), &portal.uri());
    for (source, env) in sources {
        let dir = support::temp_dir(&format!("secrets-{}", source.replace(' ', "-")));
        let outputs = run_with_env(&endpoint, &dir, "@output", &env);
        assert!(
            outputs[0].1.contains(ECHOED),
            "{source}: the run reached the echo target: {}{}",
            outputs[0].1,
            outputs[1].1
        );
        assert!(
            outputs[0].1.contains("Credential=<redacted>/"),
            "{source}: signed with the canaries"
        );
        assert_no_credentials(&outputs);
        for (name, text) in &outputs {
            for token in ["oidc-canary-token", "sso-canary-access-token"] {
                assert!(!text.contains(token), "{source}: {name} holds a token");
            }
        }
    }
}

/// Each credential source beyond the environment, set up in a HOME of its
/// own to hand out the canaries: its name and the run's environment.
fn canary_sources(sts: &str, portal: &str) -> [(&'static str, Vec<(&'static str, String)>); 4] {
    let profile = home_with(
        "canary-profile",
        &format!(
            "[profile canary]\naws_access_key_id = {ACCESS_KEY}\naws_secret_access_key = {SECRET}\n\
             aws_session_token = {TOKEN}\n"
        ),
    );
    let process = home_with("canary-process", "");
    let script = process.join("creds");
    std::fs::write(&script, format!("#!/bin/sh\necho '{}'\n", canary_json())).expect("script");
    std::fs::write(
        process.join(".aws/config"),
        format!("[default]\ncredential_process = sh {}\n", script.display()),
    )
    .expect("config");
    let web = home_with("canary-web", "");
    std::fs::write(web.join("token"), "oidc-canary-token").expect("token");
    let sso = home_with(
        "canary-sso",
        "[profile corp]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Admin\n\
         [sso-session corp]\nsso_region = us-east-1\nsso_start_url = https://corp.example/start\n",
    );
    std::fs::write(
        sso.join(".aws/sso/cache/ee0bfd2552fbd840c02cc48b6e823320543c450f.json"),
        r#"{"accessToken": "sso-canary-access-token", "expiresAt": "2099-01-01T00:00:00Z"}"#,
    )
    .expect("token cache");

    let home = |dir: &Path| dir.display().to_string();
    [
        (
            "profile",
            vec![("HOME", home(&profile)), ("AWS_PROFILE", "canary".into())],
        ),
        ("credential_process", vec![("HOME", home(&process))]),
        (
            "web identity",
            vec![
                ("HOME", home(&web)),
                ("AWS_ROLE_ARN", "arn:aws:iam::111122223333:role/ci".into()),
                ("AWS_WEB_IDENTITY_TOKEN_FILE", home(&web.join("token"))),
                ("AWS_ENDPOINT_URL_STS", sts.to_owned()),
            ],
        ),
        (
            "SSO",
            vec![
                ("HOME", home(&sso)),
                ("AWS_PROFILE", "corp".into()),
                ("AWS_ENDPOINT_URL_SSO", portal.to_owned()),
            ],
        ),
    ]
}

/// A target, on a thread of this test, that echoes every request's headers.
fn echo_target() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let endpoint = format!("http://{}", listener.local_addr().expect("addr"));
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || echo(&stream));
        }
    });
    endpoint
}

/// Answers every request with its own headers in a KMS-shaped error.
fn echo(stream: &std::net::TcpStream) {
    let mut reader = BufReader::new(stream.try_clone().expect("clone"));
    loop {
        let mut headers = Vec::new();
        let mut length = 0;
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                return;
            }
            let line = line.trim_end().to_owned();
            if line.is_empty() {
                break;
            }
            if let Some(value) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                length = value.trim().parse().unwrap_or(0);
            }
            headers.push(line);
        }
        let mut body = vec![0; length];
        if std::io::Read::read_exact(&mut reader, &mut body).is_err() {
            return;
        }
        let message =
            serde_json::json!({ "__type": ECHOED, "message": headers.join(" | ") }).to_string();
        let mut stream = stream.try_clone().expect("clone");
        let response = format!(
            "HTTP/1.1 400 Bad Request\r\ncontent-type: application/x-amz-json-1.1\r\ncontent-length: {}\r\n\r\n{message}",
            message.len()
        );
        if stream.write_all(response.as_bytes()).is_err() {
            return;
        }
    }
}
