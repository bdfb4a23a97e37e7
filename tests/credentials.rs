//! Credentials from the shared files, as the AWS CLI and SDKs read them: a
//! profile's static keys and region, and a profile's `credential_process`,
//! each in a temporary HOME. The stub maps a 12-digit access key to that
//! account, so the keys' ARNs show whose credentials signed.

mod support;

use std::path::{Path, PathBuf};

use kms_conformance::Secrets;
use kms_conformance::{Stub, StubOptions};
use support::{assert_exit, binary, stderr, stdout};

/// A temporary HOME holding `~/.aws/config` and `~/.aws/credentials`.
fn home(name: &str, config: &str, credentials: &str) -> PathBuf {
    let home = support::temp_dir(name);
    std::fs::create_dir_all(home.join(".aws")).expect("~/.aws");
    std::fs::write(home.join(".aws/config"), config).expect("config");
    std::fs::write(home.join(".aws/credentials"), credentials).expect("credentials");
    home
}

/// Runs a few scenarios against a fresh stub with `home` as HOME; the
/// output and the results file.
fn run_in(home: &Path, args: &[&str], env: &[(&str, &str)]) -> (std::process::Output, String) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    // The stub checks every signature, so each profile's secret must be
    // the one its access key really signs with.
    let secrets = Secrets::default()
        .with("111111111111", "default-secret")
        .with("444455556666", "dev-secret")
        .with("777788889999", "process-secret");
    let stub = runtime.block_on(Stub::start_with(StubOptions {
        secrets,
        ..StubOptions::default()
    }));
    let results = home.join("results.json");
    let output = binary()
        .env("HOME", home)
        .envs(env.iter().copied())
        .args(["--endpoint", stub.uri(), "--tags", "@removal", "-q"])
        .arg("--results")
        .arg(&results)
        .args(args)
        .output()
        .expect("the binary runs");
    (
        output,
        std::fs::read_to_string(&results).unwrap_or_default(),
    )
}

#[test]
fn a_profiles_keys_and_region_sign_the_run() {
    let home = home(
        "creds-profile",
        "[profile dev]\nregion = eu-west-1\n",
        "[default]\naws_access_key_id = 111111111111\naws_secret_access_key = default-secret\n\
         [dev]\naws_access_key_id = 444455556666\naws_secret_access_key = dev-secret\n",
    );
    let (output, results) = run_in(&home, &["--profile", "dev"], &[]);
    assert_exit(&output, 0);
    assert!(
        stderr(&output).contains("credentials from profile dev"),
        "{}",
        stderr(&output)
    );
    assert!(
        stdout(&output).contains("(region eu-west-1,"),
        "{}",
        stdout(&output)
    );
    assert!(
        results.contains("arn:aws:kms:eu-west-1:444455556666:key/"),
        "signed as the profile"
    );

    // AWS_PROFILE names it just as well; without it, `default`.
    let (output, results) = run_in(&home, &[], &[("AWS_PROFILE", "dev")]);
    assert_exit(&output, 0);
    assert!(results.contains(":444455556666:key/"));
    let (output, results) = run_in(&home, &[], &[]);
    assert_exit(&output, 0);
    assert!(results.contains("arn:aws:kms:us-east-1:111111111111:key/"));
}

#[cfg(unix)]
#[test]
fn a_profiles_credential_process_signs_the_run() {
    let home = home("creds-process", "", "");
    let script = home.join("print-credentials");
    std::fs::write(
        &script,
        "#!/bin/sh\necho '{\"Version\": 1, \"AccessKeyId\": \"777788889999\", \
         \"SecretAccessKey\": \"process-secret\", \"SessionToken\": \"process-token\", \
         \"Expiration\": \"2099-01-01T00:00:00Z\"}'\n",
    )
    .expect("script");
    std::fs::write(
        home.join(".aws/config"),
        format!(
            "[profile tool]\ncredential_process = sh {}\n",
            script.display()
        ),
    )
    .expect("config");
    let (output, results) = run_in(&home, &[], &[("AWS_PROFILE", "tool")]);
    assert_exit(&output, 0);
    assert!(
        stderr(&output).contains("credentials from credential_process of profile tool"),
        "{}",
        stderr(&output)
    );
    assert!(
        results.contains(":777788889999:key/"),
        "signed by the process's credentials"
    );
}

#[test]
fn a_profile_that_does_not_exist_is_a_usage_error() {
    let home = home("creds-missing", "", "");
    let (output, _) = run_in(&home, &["--profile", "nope"], &[]);
    assert_exit(&output, 2);
    assert!(
        stderr(&output).contains("no profile nope"),
        "{}",
        stderr(&output)
    );
}
