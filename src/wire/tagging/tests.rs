use super::*;

#[test]
fn each_request_gets_its_own_id_and_its_authorization_is_remembered() {
    let tags = ExchangeTags::new();
    let signed = vec![("authorization".to_owned(), "AWS4-HMAC-SHA256 x".to_owned())];
    let (name, first) = tags.tag(&signed);
    let (_, second) = tags.tag(&[]);
    assert_eq!(name, EXCHANGE_HEADER);
    assert_ne!(first, second);
    assert_eq!(
        tags.authorization(&first),
        Some(Some("AWS4-HMAC-SHA256 x".to_owned()))
    );
    assert_eq!(tags.authorization(&second), Some(None));
    assert_eq!(tags.authorization("not an id"), None);
}
