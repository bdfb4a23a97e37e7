use super::*;

#[test]
fn sections_keys_and_comments() {
    let parsed = sections(
        "# comment\n[default]\nregion = eu-west-1\n\n[profile dev]\nAWS_ACCESS_KEY_ID=AKID\n\
         s3 =\n  max_concurrent_requests = 10\n; another\n[sso-session  corp ]\nsso_region=us-east-1\n",
    );
    assert_eq!(parsed["default"]["region"], "eu-west-1");
    assert_eq!(parsed["profile dev"]["aws_access_key_id"], "AKID");
    assert_eq!(parsed["profile dev"]["s3"], "");
    assert!(!parsed["profile dev"].contains_key("max_concurrent_requests"));
    assert_eq!(parsed["sso-session corp"]["sso_region"], "us-east-1");
}
