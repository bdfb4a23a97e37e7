use super::*;

fn response(headers: &[(&str, &str)], body: &str) -> Exchange {
    Exchange {
        operation: Some(Operation::UntagResource.name().into()),
        request: SentRequest {
            method: "POST".into(),
            url: "http://127.0.0.1/".into(),
            headers: vec![],
            body: vec![],
        },
        status: 400,
        headers: headers
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect(),
        body: body.as_bytes().to_vec(),
        elapsed: Duration::ZERO,
        throttled: 0,
        resent: None,
        transient: 0,
    }
}

#[test]
fn error_type_prefers_the_header_then_code_then_type() {
    let both = response(
        &[(
            "X-Amzn-Errortype",
            "FooError:http://internal.amazon.com/coral/",
        )],
        r#"{"__type": "BarError", "code": "BazError"}"#,
    );
    let named = |name: &str| Some(ErrorCode::named(name));
    assert_eq!(both.error_code(), named("FooError"));
    let body_only = response(
        &[],
        r#"{"__type": "aws.protocoltests#BarError", "code": "BazError"}"#,
    );
    assert_eq!(body_only.error_code(), named("BazError"));
    assert_eq!(body_only.body_error_code(), named("BarError"));
}

#[test]
fn error_type_is_absent_from_a_body_that_is_not_json() {
    assert_eq!(response(&[], "<html>502</html>").error_code(), None);
}

#[test]
fn the_operation_called_is_read_from_the_recorded_name() {
    let mut exchange = response(&[], "");
    assert_eq!(exchange.called(), Some(Operation::UntagResource));
    exchange.operation = Some("DynamoDB_20120810.UntagResource".into());
    assert_eq!(exchange.called(), None);
    exchange.operation = None;
    assert_eq!(exchange.called(), None);
}

#[test]
fn message_accepts_both_spellings() {
    assert_eq!(
        response(&[], r#"{"message": "a"}"#)
            .error_message()
            .as_deref(),
        Some("a")
    );
    assert_eq!(
        response(&[], r#"{"Message": "b"}"#)
            .error_message()
            .as_deref(),
        Some("b")
    );
}

#[test]
fn preview_cuts_long_bodies_on_a_character_boundary() {
    assert_eq!(preview("ééé".as_bytes(), 3), "é… (4 more bytes)");
    assert_eq!(preview(b"", 10), "<empty>");
    assert_eq!(preview(&[0xff, 0xfe], 10), "<2 bytes, not UTF-8>");
    assert_eq!(
        preview(b"<html>\n  <p>502</p>\n</html>\n", 100),
        "<html> <p>502</p> </html>"
    );
}
