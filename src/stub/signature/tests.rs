use serde_json::json;

use super::super::{StubOptions, StubServer};
use super::*;
use crate::wire::{Client, Credentials, Exchange, Limits, Operation, WireRequest};

async fn list_keys(stub: &StubServer, access_key: &str, secret: &str, how: &str) -> Exchange {
    let client = Client::new(
        stub.uri(),
        "eu-west-1",
        Credentials::new(access_key, secret, None),
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
async fn a_signature_holds_only_with_the_access_keys_secret() {
    let stub = StubServer::start_with(StubOptions {
        secrets: Secrets::default().with("AKIDCANARY", "s3cr3t"),
        ..StubOptions::default()
    })
    .await;
    let status = |e: &Exchange| (e.status, e.body_error_code());
    let ok = (200, None);
    assert_eq!(
        status(&list_keys(&stub, "AKIDCANARY", "s3cr3t", "").await),
        ok
    );
    assert_eq!(status(&list_keys(&stub, "AKIDOTHER", "test", "").await), ok);
    let invalid = (400, Some(ErrorCode::InvalidSignatureException));
    assert_eq!(
        status(&list_keys(&stub, "AKIDCANARY", "test", "").await),
        invalid
    );
    assert_eq!(
        status(&list_keys(&stub, "AKIDOTHER", "test", "wrong secret").await),
        invalid
    );
    // The record says the signature was wrong on purpose, and shows none.
    let wrong = list_keys(&stub, "AKIDOTHER", "test", "wrong secret").await;
    let recorded = wrong
        .request
        .headers
        .iter()
        .find(|(n, _)| n == "authorization");
    assert!(
        recorded.is_some_and(
            |(_, v)| v.ends_with(&format!("Signature={}", crate::wire::WRONG_SIGNATURE))
        ),
        "{recorded:?}"
    );
    let missing = (400, Some(ErrorCode::MissingAuthenticationTokenException));
    assert_eq!(
        status(&list_keys(&stub, "AKIDOTHER", "test", "unsigned").await),
        missing
    );
}
