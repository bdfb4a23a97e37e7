use super::*;

#[test]
fn elements_and_form_encoding() {
    let xml = "<R><Credentials><AccessKeyId> AKID </AccessKeyId></Credentials></R>";
    assert_eq!(element(xml, "AccessKeyId"), Some("AKID"));
    assert_eq!(element(xml, "SessionToken"), None);
    assert_eq!(
        form_encode("arn:aws:iam::1:role/a b+c"),
        "arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fa%20b%2Bc"
    );
}
