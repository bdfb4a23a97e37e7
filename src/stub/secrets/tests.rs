use super::*;

#[test]
fn every_access_key_signs_with_test_unless_configured() {
    let secrets = Secrets::default().with("AKIDCANARY", "s3cr3t");
    assert_eq!(secrets.secret_for("AKIDCANARY"), "s3cr3t");
    assert_eq!(secrets.secret_for("444455556666"), DEFAULT_SECRET);
}

#[test]
fn debug_shows_no_key_and_no_secret() {
    let secrets = Secrets::default().with("AKIDCANARY", "s3cr3t");
    let shown = format!("{secrets:?}");
    assert!(
        !shown.contains("AKIDCANARY") && !shown.contains("s3cr3t"),
        "{shown}"
    );
    let arg: SecretArg = "AKIDCANARY=s3cr3t".parse().expect("a pair");
    assert!(!format!("{arg:?}").contains("s3cr3t"));
}

#[test]
fn a_pair_needs_both_parts_and_its_error_repeats_neither() {
    for bad in ["AKIDCANARY", "=s3cr3t", "AKIDCANARY=", ""] {
        let error = bad.parse::<SecretArg>().expect_err(bad);
        assert!(
            !error.contains("s3cr3t") && !error.contains("AKIDCANARY"),
            "{error}"
        );
    }
    let arg: SecretArg = "AKID=a=b".parse().expect("the secret may hold =");
    assert_eq!(arg.secret, "a=b");
}
