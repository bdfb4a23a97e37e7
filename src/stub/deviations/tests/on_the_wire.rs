//! How a request is let in and how the reply is written ([`Requests`],
//! [`Responses`]); and every deviation has a seam to plug into.
//!
//! [`Requests`]: crate::stub::http_seams::Requests
//! [`Responses`]: crate::stub::http_seams::Responses

use super::*;
use crate::stub::http_seams::Reply;
use crate::stub::{StubOptions, StubServer};
use crate::wire::{Client, Credentials, ErrorCode, Exchange, Limits, Operation, WireRequest};

#[test]
fn every_deviation_plugs_into_a_seam_and_none_is_kms() {
    assert!(Deviations::none().seams().is_faithful());
    for deviation in Deviation::ALL {
        assert!(
            !Deviations::from(*deviation).seams().is_faithful(),
            "{deviation} bends no seam"
        );
    }
}

#[test]
fn distortions_of_one_reply_compose() {
    let deviations: Deviations = [
        Deviation::NotFoundNamesIdSent,
        Deviation::NotFoundIs404,
        Deviation::ErrorEnvelope,
        Deviation::NoRequestId,
    ]
    .into_iter()
    .collect();
    let wire = deviations.seams().wire;
    let input = json!({ "KeyId": "1234abcd-12ab-34cd-56ef-1234567890ab", "TagKeys": ["a"] });
    let arn = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    let answer = wire.responses.answer(
        Some(Operation::UntagResource),
        &input,
        Err(KmsError::key_does_not_exist(arn)),
    );
    let reply = wire
        .responses
        .reply(&answer, &input, Reply::render(&answer));
    assert_eq!(reply.status, 404);
    let body: Value = serde_json::from_slice(&reply.body).expect("JSON");
    assert_eq!(
        body,
        json!({ "error": {
            "code": "NotFoundException",
            "message": "Key '1234abcd-12ab-34cd-56ef-1234567890ab' does not exist"
        } })
    );
    assert!(reply.headers.is_empty(), "{:?}", reply.headers);
}

async fn list_keys(stub: &StubServer, how: &str) -> Exchange {
    let client = Client::new(
        stub.uri(),
        "eu-west-1",
        Credentials::new("AKID", "test", None),
        Limits::default(),
    )
    .expect("a client");
    let request = WireRequest::operation(Operation::ListKeys, &json!({}));
    let request = match how {
        "unsigned" => request.unsigned(),
        "wrong secret" => request.with_wrong_secret(),
        _ => request,
    };
    client.send(request).await.expect("an answer")
}

#[tokio::test]
async fn requests_kms_refuses_are_served() {
    let deviant = |d: Deviation| {
        StubServer::start_with(StubOptions {
            deviations: d.into(),
            ..StubOptions::default()
        })
    };
    let unchecked = deviant(Deviation::SignatureUnchecked).await;
    assert_eq!(list_keys(&unchecked, "wrong secret").await.status, 200);
    assert_eq!(list_keys(&unchecked, "unsigned").await.status, 400);
    let anonymous = deviant(Deviation::UnsignedAccepted).await;
    assert_eq!(list_keys(&anonymous, "unsigned").await.status, 200);
    assert_eq!(list_keys(&anonymous, "wrong secret").await.status, 400);
}

#[test]
fn replicate_key_of_an_unknown_key_is_unsupported_and_nothing_else_is() {
    let wire = Deviations::from(Deviation::ReplicateUnknownKeyUnsupported)
        .seams()
        .wire;
    let arn = "arn:aws:kms:us-east-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab";
    let input = json!({ "KeyId": "mrk-1234abcd12ab34cd56ef1234567890ab" });
    let unknown = |operation| {
        wire.responses
            .answer(
                Some(operation),
                &input,
                Err(KmsError::key_does_not_exist(arn)),
            )
            .expect_err("still refused")
            .error_type
    };
    assert_eq!(
        unknown(Operation::ReplicateKey),
        ErrorCode::UnsupportedOperationException
    );
    assert_eq!(
        unknown(Operation::DescribeKey),
        ErrorCode::NotFoundException
    );
}
