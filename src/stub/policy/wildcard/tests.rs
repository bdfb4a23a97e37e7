use super::*;

#[test]
fn star_and_question_mark_match_as_iam_documents() {
    // IAM User Guide, Action element: `iam:*AccessKey*` matches the
    // Create/Delete/List/UpdateAccessKey actions.
    let cases = [
        ("iam:*AccessKey*", "iam:CreateAccessKey", true),
        ("iam:*AccessKey*", "iam:ListAccessKeys", true),
        ("iam:*AccessKey*", "iam:ListUsers", false),
        ("kms:*", "kms:UntagResource", true),
        ("*", "", true),
        ("", "", true),
        ("", "a", false),
        ("t?.*", "t2.micro", true),
        ("t?.*", "t.micro", false),
        ("a*b*c", "aXXbYYc", true),
        ("a*b*c", "aXXbYY", false),
        ("*c", "abcabc", true),
        ("key/????", "key/1234", true),
        ("key/????", "key/123", false),
        ("Tag", "tag", false),
    ];
    for (pattern, text, expected) in cases {
        assert_eq!(matches(pattern, text), expected, "{pattern} ~ {text}");
    }
}

#[test]
fn action_patterns_ignore_case() {
    // "The prefix and the action name are case insensitive. For example,
    // iam:ListAccessKeys is the same as IAM:listaccesskeys."
    assert!(matches_ignore_case(
        "IAM:listaccesskeys",
        "iam:ListAccessKeys"
    ));
    assert!(matches_ignore_case("KMS:untag*", "kms:UntagResource"));
}
