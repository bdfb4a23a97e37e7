//! Where IAM and STS calls go, and which roles the ABAC scenarios may use,
//! as pure functions of the options, the region and the environment.

use super::*;

fn env(vars: &[(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
    let vars = vars.to_vec();
    move |name| {
        vars.iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| (*v).to_owned())
    }
}

fn route(endpoint: &str, region: &str) -> QueryRoute {
    QueryRoute {
        endpoint: endpoint.to_owned(),
        region: region.to_owned(),
    }
}

fn aws_args() -> TargetArgs {
    TargetArgs {
        allow_aws: true,
        accounts: vec!["111122223333".to_owned()],
        ..TargetArgs::default()
    }
}

#[test]
fn on_aws_iam_is_the_partitions_global_endpoint_and_sts_the_regions() {
    let consented = TargetArgs {
        allow_iam_roles: true,
        ..aws_args()
    };
    let cases = [
        (
            "eu-west-1",
            ("https://iam.amazonaws.com/", "us-east-1"),
            "https://sts.eu-west-1.amazonaws.com/",
        ),
        (
            "cn-northwest-1",
            ("https://iam.cn-north-1.amazonaws.com.cn/", "cn-north-1"),
            "https://sts.cn-northwest-1.amazonaws.com.cn/",
        ),
        (
            "us-gov-east-1",
            ("https://iam.us-gov.amazonaws.com/", "us-gov-west-1"),
            "https://sts.us-gov-east-1.amazonaws.com/",
        ),
    ];
    for (region, (iam, iam_region), sts) in cases {
        let access = IamAccess::resolve(&consented, true, region, &env(&[])).expect("resolves");
        assert_eq!(access.routes.iam, Some(route(iam, iam_region)), "{region}");
        assert_eq!(access.routes.sts, Some(route(sts, region)), "{region}");
        assert_eq!(access.roles, AbacRoles::Make);
    }
}

#[test]
fn off_aws_iam_and_sts_follow_the_target() {
    let access = IamAccess::resolve(&TargetArgs::default(), false, "eu-west-1", &env(&[]))
        .expect("resolves");
    assert_eq!(access.routes, QueryRoutes::default());
    // The global setting names the target; it does not move IAM away from it.
    let access = IamAccess::resolve(
        &TargetArgs::default(),
        false,
        "eu-west-1",
        &env(&[("AWS_ENDPOINT_URL", "http://127.0.0.1:1/")]),
    )
    .expect("resolves");
    assert_eq!(access.routes, QueryRoutes::default());
}

#[test]
fn each_services_own_setting_wins_on_aws_and_off_it() {
    let vars = env(&[
        ("AWS_ENDPOINT_URL_IAM", "http://127.0.0.1:4001/iam"),
        ("AWS_ENDPOINT_URL_STS", "http://127.0.0.1:4002/"),
    ]);
    for aws in [true, false] {
        let access = IamAccess::resolve(&aws_args(), aws, "eu-west-1", &vars).expect("resolves");
        assert_eq!(
            access.routes.iam,
            Some(route("http://127.0.0.1:4001/iam", "eu-west-1"))
        );
        assert_eq!(
            access.routes.sts,
            Some(route("http://127.0.0.1:4002/", "eu-west-1"))
        );
    }
    let only_sts = env(&[("AWS_ENDPOINT_URL_STS", "http://127.0.0.1:4002/")]);
    let access = IamAccess::resolve(&aws_args(), true, "eu-west-1", &only_sts).expect("resolves");
    assert_eq!(
        access.routes.iam,
        Some(route("https://iam.amazonaws.com/", "us-east-1"))
    );
}

#[test]
fn a_service_setting_that_is_no_url_is_a_usage_error_naming_it() {
    let error = IamAccess::resolve(
        &TargetArgs::default(),
        false,
        "eu-west-1",
        &env(&[("AWS_ENDPOINT_URL_STS", "sts.example")]),
    )
    .expect_err("refused");
    assert!(
        error.to_string().starts_with("AWS_ENDPOINT_URL_STS: "),
        "{error}"
    );
}

#[test]
fn on_aws_roles_need_their_own_consent_and_are_skipped_without_it() {
    let access = IamAccess::resolve(&aws_args(), true, "eu-west-1", &env(&[])).expect("resolves");
    assert_eq!(access.roles, AbacRoles::NoConsent);
    assert!(NO_CONSENT.contains("--allow-iam-roles") && NO_CONSENT.contains("--abac-role-arn"));
    // Off AWS nothing needs it, and asking for it is ignored.
    for allow_iam_roles in [false, true] {
        let args = TargetArgs {
            allow_iam_roles,
            ..TargetArgs::default()
        };
        let access = IamAccess::resolve(&args, false, "eu-west-1", &env(&[])).expect("resolves");
        assert_eq!(access.roles, AbacRoles::Make);
    }
}

#[test]
fn a_brought_role_must_be_an_iam_role_of_an_allowed_account_and_partition() {
    let brought = |arn: &str, aws: bool, region: &str| {
        let args = TargetArgs {
            abac_role_arn: Some(arn.to_owned()),
            ..aws_args()
        };
        IamAccess::resolve(&args, aws, region, &env(&[])).map(|a| a.roles)
    };
    let arn = "arn:aws:iam::111122223333:role/team/kms-abac";
    assert_eq!(
        brought(arn, true, "eu-west-1"),
        Ok(AbacRoles::Bring(arn.to_owned()))
    );
    for bad in [
        "kms-abac",
        "arn:aws:iam::111122223333:user/kms-abac",
        "arn:aws:sts::111122223333:assumed-role/kms-abac/s",
        "arn:aws:iam::1111:role/kms-abac",
        "arn:aws:iam::111122223333:role/",
        "arn:aws:iam::111122223333:role/a b",
    ] {
        let error = brought(bad, false, "eu-west-1").expect_err(bad);
        assert!(
            error.to_string().contains("is not an IAM role ARN"),
            "{bad}: {error}"
        );
    }
    let other = brought("arn:aws:iam::999999999999:role/r", true, "eu-west-1");
    assert!(
        other
            .expect_err("another account")
            .to_string()
            .contains("which --account does not list")
    );
    // Off AWS any account goes: the stub and the emulators make up their own.
    assert!(brought("arn:aws:iam::999999999999:role/r", false, "eu-west-1").is_ok());
    let china = brought(arn, true, "cn-north-1").expect_err("another partition");
    assert!(china.to_string().contains("partition"), "{china}");
}

#[test]
fn a_brought_role_and_consent_to_make_roles_exclude_each_other() {
    let args = TargetArgs {
        allow_iam_roles: true,
        abac_role_arn: Some("arn:aws:iam::111122223333:role/r".to_owned()),
        ..aws_args()
    };
    assert_eq!(
        IamAccess::resolve(&args, true, "eu-west-1", &env(&[])),
        Err(ConfigError::RolesTwice)
    );
}
