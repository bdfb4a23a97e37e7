use super::*;

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

fn env(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> + 'static {
    let vars: Vec<(String, String)> = vars
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    move |name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
}

#[test]
fn targets_are_named_endpoints_or_the_stub_with_declared_versions() {
    let specs = parse(
        &strings(&["ref=stub", "moto=http://127.0.0.1:5000"]),
        &strings(&["moto=5.2.1"]),
    )
    .expect("parses");
    assert_eq!(
        specs,
        vec![
            TargetSpec {
                name: "ref".into(),
                endpoint: None,
                version: None
            },
            TargetSpec {
                name: "moto".into(),
                endpoint: Some("http://127.0.0.1:5000".into()),
                version: Some("5.2.1".into())
            },
        ]
    );
}

#[test]
fn bad_names_and_clashes_are_usage_errors() {
    let error = |targets: &[&str], versions: &[&str]| {
        parse(&strings(targets), &strings(versions)).expect_err("refused")
    };
    assert!(error(&["http://x:1"], &[]).contains("NAME=URL"));
    assert!(error(&["my target=stub"], &[]).contains("starts with a letter"));
    assert!(error(&["1moto=stub"], &[]).contains("starts with a letter"));
    assert!(error(&["a-b=stub", "a.b=stub"], &[]).contains("A_B_"));
    assert!(error(&["moto=stub", "moto=stub"], &[]).contains("same variable prefix"));
    assert!(error(&["moto="], &[]).contains("give a URL"));
    assert!(error(&["moto=stub"], &["localstack=1"]).contains("no --target is called"));
}

#[test]
fn a_targets_own_credentials_are_taken_whole_before_the_shared_ones() {
    let shared = [
        ("AWS_ACCESS_KEY_ID", "shared-key"),
        ("AWS_SECRET_ACCESS_KEY", "shared-secret"),
        ("AWS_SESSION_TOKEN", "shared-token"),
        ("AWS_REGION", "eu-west-1"),
    ];
    let mut vars = shared.to_vec();
    vars.extend([
        ("LOCAL_STACK_AWS_ACCESS_KEY_ID", "own-key"),
        ("LOCAL_STACK_AWS_SECRET_ACCESS_KEY", "own-secret"),
    ]);
    let seen = environment("local-stack", env(&vars)).expect("valid");
    assert_eq!(seen("AWS_ACCESS_KEY_ID").as_deref(), Some("own-key"));
    assert_eq!(seen("AWS_SECRET_ACCESS_KEY").as_deref(), Some("own-secret"));
    assert_eq!(seen("AWS_SESSION_TOKEN"), None, "not the shared token");
    assert_eq!(seen("AWS_REGION").as_deref(), Some("eu-west-1"));
    let other = environment("moto", env(&vars)).expect("valid");
    assert_eq!(other("AWS_ACCESS_KEY_ID").as_deref(), Some("shared-key"));
    assert_eq!(other("AWS_SESSION_TOKEN").as_deref(), Some("shared-token"));
}

#[test]
fn half_a_credential_set_is_a_usage_error() {
    let error = |vars: &[(&str, &str)]| environment("moto", env(vars)).err().expect("refused");
    assert!(
        error(&[("MOTO_AWS_ACCESS_KEY_ID", "k")]).contains("MOTO_AWS_SECRET_ACCESS_KEY is not")
    );
    assert!(
        error(&[("MOTO_KMS_CONFORMANCE_SECOND_SECRET_ACCESS_KEY", "s")])
            .contains("MOTO_KMS_CONFORMANCE_SECOND_ACCESS_KEY_ID is not")
    );
    assert!(error(&[("MOTO_AWS_SESSION_TOKEN", "t")]).contains("without"));
}
