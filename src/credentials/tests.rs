use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::json;
use wiremock::matchers::{body_string_contains, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::*;

/// A temporary HOME with `~/.aws/config` and `~/.aws/credentials`.
fn home(name: &str, config: &str, credentials: &str) -> PathBuf {
    let home = std::env::temp_dir().join(format!(
        "kms-conformance-creds-{name}-{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&home);
    std::fs::create_dir_all(home.join(".aws/sso/cache")).expect("home");
    std::fs::write(home.join(".aws/config"), config).expect("config");
    std::fs::write(home.join(".aws/credentials"), credentials).expect("credentials");
    home
}

fn env_of(vars: &[(&str, &str)], home: &Path) -> impl Fn(&str) -> Option<String> + use<> {
    let mut map: BTreeMap<String, String> = vars
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    map.insert("HOME".into(), home.display().to_string());
    move |name| map.get(name).cloned()
}

fn resolved(flag: Option<&str>, env: &dyn Fn(&str) -> Option<String>) -> Found {
    resolve(flag, "us-east-1", env)
        .expect("resolves")
        .expect("found")
}

#[test]
fn the_environment_comes_first_unless_a_profile_is_named() {
    let home = home(
        "env",
        "[profile dev]\nregion = eu-west-1\n",
        "[dev]\naws_access_key_id = AKIADEV\naws_secret_access_key = dev-secret\n",
    );
    let env = env_of(
        &[
            ("AWS_ACCESS_KEY_ID", "AKIAENV"),
            ("AWS_SECRET_ACCESS_KEY", "env-secret"),
            ("AWS_PROFILE", "dev"),
        ],
        &home,
    );
    assert_eq!(resolved(None, &env).credentials.access_key_id(), "AKIAENV");
    let profile = resolved(Some("dev"), &env);
    assert_eq!(profile.credentials.access_key_id(), "AKIADEV");
    assert_eq!(profile.source, "profile dev");
    assert_eq!(
        profile_region(Some("dev"), &env),
        Ok(Some("eu-west-1".into()))
    );
}

#[test]
fn the_credentials_file_wins_over_the_config_file_and_files_can_move() {
    let home = home(
        "files",
        "[default]\naws_access_key_id = AKIACONFIG\naws_secret_access_key = s\n",
        "[default]\naws_access_key_id = AKIACREDS\naws_secret_access_key = s\n",
    );
    let env = env_of(&[], &home);
    assert_eq!(
        resolved(None, &env).credentials.access_key_id(),
        "AKIACREDS"
    );
    let elsewhere = home.join("elsewhere");
    std::fs::write(
        &elsewhere,
        "[default]\naws_access_key_id = AKIAMOVED\naws_secret_access_key = s\n",
    )
    .expect("file");
    let env = env_of(
        &[(
            "AWS_SHARED_CREDENTIALS_FILE",
            elsewhere.to_str().expect("utf-8"),
        )],
        &home,
    );
    assert_eq!(
        resolved(None, &env).credentials.access_key_id(),
        "AKIAMOVED"
    );
}

#[test]
fn no_source_is_none_but_a_named_profile_must_exist_and_give_credentials() {
    let home = home(
        "none",
        "[profile chained]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = default\n",
        "",
    );
    let env = env_of(&[], &home);
    assert!(
        resolve(None, "us-east-1", &env)
            .expect("no error")
            .is_none()
    );
    let missing = resolve(Some("nope"), "us-east-1", &env).expect_err("no such profile");
    assert_eq!(missing, CredentialsError::NoSuchProfile("nope".into()));
    let chained = resolve(Some("chained"), "us-east-1", &env).expect_err("not followed");
    assert!(chained.to_string().contains("source_profile"), "{chained}");
}

#[cfg(unix)]
#[test]
fn credential_process_prints_version_1_credentials_and_its_failures_hide_its_output() {
    let home = home("process", "", "");
    let script = home.join("creds.sh");
    std::fs::write(
        &script,
        "#!/bin/sh\necho '{\"Version\": 1, \"AccessKeyId\": \"AKIAPROCESS\", \"SecretAccessKey\": \"process-secret\", \
         \"SessionToken\": \"process-token\", \"Expiration\": \"2099-01-01T00:00:00Z\"}'\n",
    )
    .expect("script");
    let config = format!(
        "[profile tool]\ncredential_process = sh '{}'\n[profile broken]\ncredential_process = echo not-json-secret\n\
         [profile failing]\ncredential_process = exit 3\n",
        script.display()
    );
    std::fs::write(home.join(".aws/config"), config).expect("config");
    let env = env_of(&[], &home);
    let found = resolved(Some("tool"), &env);
    assert_eq!(found.credentials.access_key_id(), "AKIAPROCESS");
    assert_eq!(
        found.credentials.secrets().collect::<Vec<_>>(),
        ["process-secret", "process-token"]
    );
    assert!(found.expires.is_some());
    let broken = resolve(Some("broken"), "us-east-1", &env)
        .expect_err("not JSON")
        .to_string();
    assert!(
        broken.contains("not JSON") && !broken.contains("not-json-secret"),
        "{broken}"
    );
    let failing = resolve(Some("failing"), "us-east-1", &env)
        .expect_err("exit 3")
        .to_string();
    assert!(failing.contains("exit"), "{failing}");
}

fn fake_server(mount: impl FnOnce(&MockServer) -> Mock) -> (tokio::runtime::Runtime, MockServer) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let server = runtime.block_on(async {
        let server = MockServer::start().await;
        mount(&server).mount(&server).await;
        server
    });
    (runtime, server)
}

#[test]
fn web_identity_assumes_the_role_at_sts() {
    let (_runtime, sts) = fake_server(|_| {
        Mock::given(method("POST"))
            .and(body_string_contains("Action=AssumeRoleWithWebIdentity"))
            .and(body_string_contains("WebIdentityToken=oidc-token"))
            .and(body_string_contains("RoleArn=arn%3Aaws%3Aiam%3A%3A111122223333%3Arole%2Fci"))
            .respond_with(ResponseTemplate::new(200).set_body_string(
                "<AssumeRoleWithWebIdentityResponse><AssumeRoleWithWebIdentityResult><Credentials>\
                 <AccessKeyId>ASIAWEB</AccessKeyId><SecretAccessKey>web-secret</SecretAccessKey>\
                 <SessionToken>web-token</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration>\
                 </Credentials></AssumeRoleWithWebIdentityResult></AssumeRoleWithWebIdentityResponse>",
            ))
    });
    let home = home("web", "", "");
    let token = home.join("token");
    std::fs::write(&token, "oidc-token\n").expect("token");
    let env = env_of(
        &[
            ("AWS_ROLE_ARN", "arn:aws:iam::111122223333:role/ci"),
            (
                "AWS_WEB_IDENTITY_TOKEN_FILE",
                token.to_str().expect("utf-8"),
            ),
            ("AWS_ENDPOINT_URL_STS", &sts.uri()),
        ],
        &home,
    );
    let found = resolved(None, &env);
    assert_eq!(found.credentials.access_key_id(), "ASIAWEB");
    assert_eq!(
        found.source,
        "web identity, role arn:aws:iam::111122223333:role/ci"
    );
}

#[test]
fn sso_exchanges_the_cached_token_at_the_portal() {
    let (_runtime, portal) = fake_server(|_| {
        Mock::given(method("GET"))
            .and(path("/federation/credentials"))
            .and(query_param("account_id", "111122223333"))
            .and(query_param("role_name", "Admin"))
            .and(header("x-amz-sso_bearer_token", "sso-access-token"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "roleCredentials": {
                    "accessKeyId": "ASIASSO", "secretAccessKey": "sso-secret",
                    "sessionToken": "sso-token", "expiration": 4_070_908_800_000_u64
                }
            })))
    });
    let home = home(
        "sso",
        "[profile corp]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Admin\n\
         [sso-session corp]\nsso_region = us-east-1\nsso_start_url = https://corp.awsapps.com/start\n",
        "",
    );
    // SHA-1 of "corp", as the AWS CLI names the cache file.
    std::fs::write(
        home.join(".aws/sso/cache/ee0bfd2552fbd840c02cc48b6e823320543c450f.json"),
        json!({ "accessToken": "sso-access-token", "expiresAt": "2099-01-01T00:00:00Z" })
            .to_string(),
    )
    .expect("cache");
    let env = env_of(&[("AWS_ENDPOINT_URL_SSO", &portal.uri())], &home);
    let found = resolved(Some("corp"), &env);
    assert_eq!(found.credentials.access_key_id(), "ASIASSO");
    assert!(
        found.source.contains("SSO of profile corp"),
        "{}",
        found.source
    );
    // Without a cached token, the way to get one.
    let empty = home.join("empty");
    std::fs::create_dir_all(empty.join(".aws")).expect("dir");
    std::fs::copy(home.join(".aws/config"), empty.join(".aws/config")).expect("config");
    let env = env_of(&[("AWS_ENDPOINT_URL_SSO", &portal.uri())], &empty);
    let error = resolve(Some("corp"), "us-east-1", &env)
        .expect_err("no token")
        .to_string();
    assert!(error.contains("aws sso login"), "{error}");
}
