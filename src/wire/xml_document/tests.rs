use super::*;

const ANSWER: &str = "<?xml version='1.0' encoding='utf-8'?>\n\
<CreateRoleResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">\
<CreateRoleResult><Role><Path>/kms-conformance/</Path><RoleName>r1</RoleName>\
<Arn>arn:aws:iam::111122223333:role/kms-conformance/r1</Arn>\
<AssumeRolePolicyDocument>%7B%22a%22%7D</AssumeRolePolicyDocument><RoleLastUsed/>\
<Description>a &amp; b &lt;c&gt;</Description></Role></CreateRoleResult>\
<ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></CreateRoleResponse>";

#[test]
fn an_answer_reads_as_a_tree_with_unescaped_text() {
    let root = XmlElement::parse(ANSWER.as_bytes()).expect("parses");
    assert_eq!(root.name, "CreateRoleResponse");
    let role = root.find("Role").expect("a role");
    assert_eq!(role.text_of("RoleName"), Some("r1"));
    assert_eq!(role.text_of("Description"), Some("a & b <c>"));
    assert_eq!(
        role.child("RoleLastUsed").map(|e| e.text.as_str()),
        Some("")
    );
    assert_eq!(root.text_of("RequestId"), Some("req-1"));
}

#[test]
fn lists_keep_their_order() {
    let xml = b"<R><PolicyNames><member>b</member><member>a</member></PolicyNames></R>";
    let root = XmlElement::parse(xml).expect("parses");
    let names: Vec<&str> = root
        .find("PolicyNames")
        .expect("the list")
        .children_named("member")
        .map(|m| m.text.as_str())
        .collect();
    assert_eq!(names, ["b", "a"]);
}

#[test]
fn what_is_not_one_well_formed_document_is_none() {
    for bad in [
        &b"{\"__type\": \"x\"}"[..],
        b"<a><b></a>",
        b"<a></a><b></b>",
        b"<a>",
        b"",
        b"<!doctype html><html><body>oops",
    ] {
        assert_eq!(
            XmlElement::parse(bad),
            None,
            "{}",
            String::from_utf8_lossy(bad)
        );
    }
}
