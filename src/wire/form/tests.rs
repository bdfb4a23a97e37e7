use super::*;

#[test]
fn reserved_characters_are_percent_encoded() {
    assert_eq!(form_encode("a b/c:d~e"), "a%20b%2Fc%3Ad~e");
    assert_eq!(form_encode("{\"é\"}"), "%7B%22%C3%A9%22%7D");
    assert_eq!(
        form_encode("arn:aws:iam::1:role/a b+c"),
        "arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fa%20b%2Bc"
    );
}

#[test]
fn a_form_decodes_to_what_was_encoded() {
    let pairs = [
        ("Action", "SetThings"),
        (
            "PolicyDocument",
            "{\"Version\": \"2012-10-17\", \"x\": \"a&b=c+d%\"}",
        ),
        ("Empty", ""),
    ];
    let body = encode_form(pairs);
    let decoded = decode_form(body.as_bytes()).expect("decodes");
    let expected: Vec<(String, String)> = pairs
        .iter()
        .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
        .collect();
    assert_eq!(decoded, expected);
}

#[test]
fn a_plus_is_a_space_and_a_broken_escape_is_refused() {
    assert_eq!(
        decode_form(b"RoleName=a+b"),
        Some(vec![("RoleName".to_owned(), "a b".to_owned())])
    );
    assert_eq!(decode_form(b"RoleName=%zz"), None);
    assert_eq!(decode_form(b"RoleName=%4"), None);
    assert_eq!(decode_form(b"RoleName=%FF"), None);
}
