use super::*;

#[test]
fn the_callers_account_must_be_listed_and_known() {
    let allowed = vec!["111122223333".to_owned()];
    assert!(check_account(Some("111122223333"), &allowed).is_ok());
    assert!(
        check_account(Some("444455556666"), &allowed)
            .expect_err("not listed")
            .contains("444455556666")
    );
    assert!(check_account(None, &allowed).is_err());
}

#[test]
fn the_account_is_read_from_a_not_found_answer() {
    let message = "Key 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab' does not exist";
    assert_eq!(account_in_message(message).as_deref(), Some("111122223333"));
    assert_eq!(account_in_message("Invalid keyId 'x'"), None);
    assert_eq!(account_in_message("nothing quoted"), None);
}
