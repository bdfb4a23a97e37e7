use super::*;

fn exchange(status: u16, body: &str) -> Exchange {
    Exchange {
        operation: Some(crate::wire::QueryOperation::AssumeRole.action()),
        request: crate::wire::SentRequest {
            method: "POST".to_owned(),
            url: "http://127.0.0.1/".to_owned(),
            headers: Vec::new(),
            body: Vec::new(),
        },
        status,
        headers: Vec::new(),
        body: body.as_bytes().to_vec(),
        elapsed: std::time::Duration::ZERO,
        throttled: 0,
        resent: None,
        transient: 0,
    }
}

const SECRET: &str = "sEcReTcAnArY/0123456789+abcdefghijklmnop";
const TOKEN: &str = "tOkEnCaNaRy//////////wEaCXVzLWVhc3QtMSJHMEUCIQ==";

#[test]
fn the_credentials_an_answer_hands_out_are_taken_out_of_the_record() {
    let body = format!(
        "<AssumeRoleResponse><AssumeRoleResult><Credentials>\
         <AccessKeyId>ASIACANARY0000000000</AccessKeyId><SecretAccessKey>{SECRET}</SecretAccessKey>\
         <SessionToken>{TOKEN}</SessionToken><Expiration>2030-01-01T00:00:00Z</Expiration>\
         </Credentials><AssumedRoleUser><Arn>arn:aws:sts::111122223333:assumed-role/r/s</Arn>\
         </AssumedRoleUser></AssumeRoleResult></AssumeRoleResponse>"
    );
    let answer = redacted(exchange(200, &body));
    let recorded = String::from_utf8(answer.exchange.body.clone()).expect("utf-8");
    for secret in [SECRET, TOKEN, "ASIACANARY0000000000"] {
        assert!(!recorded.contains(secret), "{recorded}");
    }
    let document = answer.document.as_ref().expect("still XML");
    assert_eq!(document.text_of("SessionToken"), Some(REDACTED_TEXT));
    assert_eq!(
        document.text_of("Arn"),
        Some("arn:aws:sts::111122223333:assumed-role/r/s")
    );
    let credentials = answer.credentials.as_ref().expect("handed out");
    assert_eq!(credentials.access_key_id(), "ASIACANARY0000000000");
    assert_eq!(credentials.secrets().collect::<Vec<_>>(), [SECRET, TOKEN]);
    assert!(!format!("{answer:?}").contains(SECRET));
}

const REDACTED_TEXT: &str = crate::wire::REDACTED;

#[test]
fn a_query_error_names_its_code_and_message() {
    let answer = redacted(exchange(
        404,
        "<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><Error>\
         <Type>Sender</Type><Code>NoSuchEntity</Code><Message>Role x not found</Message>\
         </Error><RequestId>r</RequestId></ErrorResponse>",
    ));
    assert_eq!(
        answer.error(),
        Some((ErrorCode::NoSuchEntity, "Role x not found".to_owned()))
    );
    assert_eq!(
        answer.describe(),
        "HTTP 404 NoSuchEntity (Role x not found)"
    );
    assert!(answer.credentials.is_none());
}

#[test]
fn only_a_400_throttling_is_a_throttle() {
    let throttle = "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code>\
                    <Message>Rate exceeded</Message></Error></ErrorResponse>";
    let answer = redacted(exchange(400, throttle));
    assert!(is_query_throttle(
        &answer.exchange,
        answer.document.as_ref()
    ));
    let answer = redacted(exchange(403, throttle));
    assert!(!is_query_throttle(
        &answer.exchange,
        answer.document.as_ref()
    ));
    let answer = redacted(exchange(400, "{\"__type\": \"ThrottlingException\"}"));
    assert!(!is_query_throttle(
        &answer.exchange,
        answer.document.as_ref()
    ));
}
