//! Resolving the target from flags and the environment.

use super::*;
use crate::wire::Operation;

fn resolve(args: &TargetArgs, vars: &[(&str, &str)]) -> Result<TargetConfig, ConfigError> {
    let vars: Vec<(String, String)> = vars
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    TargetConfig::resolve(args, &move |name| {
        vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
    })
}

#[test]
fn no_endpoint_means_the_stub() {
    let config = resolve(&TargetArgs::default(), &[]).expect("resolves");
    assert_eq!(config.target, Target::Stub(StubOptions::default()));
    assert_eq!(config.region, "us-east-1");
    assert_eq!(config.other_region, "us-west-2");
    assert!(config.second_credentials.is_some());
    assert!(config.notices.is_empty());
}

#[test]
fn endpoint_and_region_come_from_the_environment_like_the_sdks() {
    let config = resolve(
        &TargetArgs::default(),
        &[
            ("AWS_ENDPOINT_URL", "http://127.0.0.1:1/"),
            ("AWS_ENDPOINT_URL_KMS", "http://127.0.0.1:4566"),
            ("AWS_DEFAULT_REGION", "eu-west-1"),
        ],
    )
    .expect("resolves");
    assert_eq!(
        config.target,
        Target::Endpoint("http://127.0.0.1:4566".into())
    );
    assert_eq!(config.region, "eu-west-1");
    assert_eq!(
        config.notices.len(),
        1,
        "placeholder credentials are announced"
    );
    assert!(config.second_credentials.is_none());
}

#[test]
fn flags_win_over_the_environment() {
    let args = TargetArgs {
        endpoint: Some("http://127.0.0.1:5000".into()),
        region: Some("us-west-2".into()),
        ..TargetArgs::default()
    };
    let config = resolve(
        &args,
        &[
            ("AWS_ENDPOINT_URL", "http://x:1"),
            ("AWS_REGION", "eu-west-1"),
        ],
    )
    .expect("resolves");
    assert_eq!(
        config.target,
        Target::Endpoint("http://127.0.0.1:5000".into())
    );
    assert_eq!(config.region, "us-west-2");
    assert_eq!(config.other_region, "us-east-1");
}

#[test]
fn aws_without_credentials_is_refused() {
    let args = TargetArgs {
        endpoint: Some("https://kms.us-east-1.amazonaws.com".into()),
        allow_aws: true,
        accounts: vec!["111122223333".into()],
        ..TargetArgs::default()
    };
    let error = resolve(&args, &[]).expect_err("refused");
    assert_eq!(error, ConfigError::AwsWithoutCredentials);
}

#[test]
fn a_bad_endpoint_is_a_usage_error() {
    let args = TargetArgs {
        endpoint: Some("not a url".into()),
        ..TargetArgs::default()
    };
    assert!(resolve(&args, &[]).is_err());
}

#[test]
fn aws_needs_consent_and_an_allow_list() {
    let with = |allow_aws: bool, accounts: &[&str]| {
        let args = TargetArgs {
            endpoint: Some("aws".into()),
            allow_aws,
            accounts: accounts.iter().map(|a| (*a).to_owned()).collect(),
            ..TargetArgs::default()
        };
        resolve(
            &args,
            &[
                ("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE"),
                ("AWS_SECRET_ACCESS_KEY", "secret"),
            ],
        )
    };
    assert!(
        with(false, &["111122223333"])
            .expect_err("no consent")
            .to_string()
            .contains("--allow-aws")
    );
    assert!(
        with(true, &[])
            .expect_err("no allow-list")
            .to_string()
            .contains("--account")
    );
    assert!(
        with(true, &["1234"])
            .expect_err("not an account")
            .to_string()
            .contains("12-digit")
    );
    let config = with(true, &["111122223333"]).expect("allowed");
    assert_eq!(
        config.target,
        Target::Endpoint("https://kms.us-east-1.amazonaws.com/".into())
    );
    assert!(config.aws);
}

#[test]
fn pacing_is_on_for_aws_and_a_throttling_stub_and_off_elsewhere_unless_asked() {
    let aws = TargetArgs {
        endpoint: Some("aws".into()),
        allow_aws: true,
        accounts: vec!["111122223333".into()],
        quotas: vec!["CreateKey=20".parse().expect("a quota")],
        ..TargetArgs::default()
    };
    let keys = [
        ("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"),
        ("AWS_SECRET_ACCESS_KEY", "secret"),
    ];
    let paced = resolve(&aws, &keys)
        .expect("resolves")
        .pacing
        .expect("paced");
    assert_eq!(
        paced.rate(Operation::CreateKey.name()),
        Some(20.0),
        "an override"
    );
    assert_eq!(
        paced.rate(Operation::UntagResource.name()),
        Some(5.0),
        "a default"
    );

    let throttling = TargetArgs {
        stub: Some(StubOptions::aws_like(10.0)),
        ..TargetArgs::default()
    };
    let config = resolve(&throttling, &[]).expect("resolves");
    let paced = config.pacing.expect("paced at the stub's quotas");
    assert_eq!(paced.rate(Operation::CreateKey.name()), Some(50.0));
    assert_eq!(config.settle, Duration::from_secs(5), "reads lag");

    assert!(
        resolve(&TargetArgs::default(), &[])
            .expect("resolves")
            .pacing
            .is_none()
    );
    let emulator = TargetArgs {
        endpoint: Some("http://127.0.0.1:4566".into()),
        ..TargetArgs::default()
    };
    assert!(resolve(&emulator, &[]).expect("resolves").pacing.is_none());
    let asked = TargetArgs {
        pace: true,
        ..emulator
    };
    assert!(resolve(&asked, &[]).expect("resolves").pacing.is_some());
}

#[test]
fn authorization_waits_its_own_time_over_five_minutes_on_aws() {
    let keys = [
        ("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE"),
        ("AWS_SECRET_ACCESS_KEY", "secret"),
    ];
    let auth_settle = |endpoint: Option<&str>, flag: Option<f64>| {
        let args = TargetArgs {
            endpoint: endpoint.map(str::to_owned),
            auth_settle: flag,
            allow_aws: true,
            accounts: vec!["111122223333".into()],
            ..TargetArgs::default()
        };
        resolve(&args, &keys).map(|config| config.auth_settle.as_secs_f64())
    };
    assert_eq!(auth_settle(None, None), Ok(1.0));
    assert_eq!(auth_settle(Some("http://127.0.0.1:5000"), None), Ok(5.0));
    // AWS: "up to five minutes for tag and alias changes" (contract row 132).
    assert!(auth_settle(Some("aws"), None).expect("resolves") > 300.0);
    assert_eq!(auth_settle(Some("aws"), Some(2.5)), Ok(2.5));
    assert_eq!(
        auth_settle(None, Some(-1.0)),
        Err(ConfigError::NotSeconds {
            flag: "auth-settle",
            value: -1.0
        })
    );
}
