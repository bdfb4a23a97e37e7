use super::*;

#[test]
fn the_caller_arn_is_any_identity_of_the_account() {
    let pattern = beginning_pattern(
        "User: <caller ARN> is not authorized to perform: kms:UntagResource on resource: \
         arn:aws:kms:us-east-1:111122223333:key/k",
        Some("111122223333"),
    );
    let message = |who: &str| {
        format!(
            "User: {who} is not authorized to perform: kms:UntagResource on resource: \
             arn:aws:kms:us-east-1:111122223333:key/k because no resource-based policy allows"
        )
    };
    assert!(pattern.is_match(&message("arn:aws:iam::111122223333:user/kms-conformance")));
    assert!(pattern.is_match(&message(
        "arn:aws:sts::111122223333:assumed-role/Admin/session"
    )));
    assert!(!pattern.is_match(&message("arn:aws:iam::444455556666:user/other")));
    assert!(!pattern.is_match(&message("someone")));
    assert!(!pattern.is_match(&format!(
        "Oops. {}",
        message("arn:aws:iam::111122223333:root")
    )));
}

#[test]
fn without_a_known_account_any_account_will_do_and_the_rest_is_literal() {
    let pattern = beginning_pattern("User: <caller ARN> is (not)", None);
    assert!(pattern.is_match("User: arn:aws-cn:iam::444455556666:root is (not) allowed"));
    assert!(!pattern.is_match("User: arn:aws:iam::444455556666:root is not allowed"));
}
