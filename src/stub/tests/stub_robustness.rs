//! The stub under abuse. Whatever it is sent, the faithful stub never
//! panics and answers the way AWS shapes an answer; under 64 concurrent
//! clients it loses no update.
//!
//! The property tests drive the model directly (fast, many cases) and, for
//! fewer cases, the running stub over HTTP, where bytes, headers and
//! signatures can be wrong too.

mod robust_policies;
mod robust_requests;
mod robust_shape;

use std::collections::{BTreeMap, BTreeSet};
use std::time::SystemTime;

use crate::stub::StubServer;
use crate::stub::model::{Call, Caller, Model, Output};
use crate::stub::secrets::DEFAULT_SECRET;
use crate::wire::{Client, Credentials, Limits, Operation, WireRequest};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{Value, json};

use robust_requests::{
    ALIAS, Attempt, Authorization, KEY_ARN, KEY_ID, MANAGED_KEY_ID, MRK_KEY_ID, PENDING_KEY_ID,
    RawBody, RawRequest,
};

const ACCOUNT: &str = "111122223333";
const OTHER_ACCOUNT: &str = "444455556666";

/// The callers an [`Attempt`] picks from: mostly the fixture's owner.
fn callers() -> [Caller; 4] {
    let caller = |account: &str, region: &str| Caller::user(account, region);
    [
        caller(ACCOUNT, "us-east-1"),
        caller(ACCOUNT, "us-west-2"),
        caller(OTHER_ACCOUNT, "us-east-1"),
        caller(ACCOUNT, ""),
    ]
}

/// Property-test settings: a fixed number of cases, and no regression files
/// written into the source tree (a failure prints its minimal input).
fn config(cases: u32) -> Config {
    Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    }
}

/// What the placeholders of [`requests`] stand for in one target.
#[derive(Debug, Default)]
struct Names(BTreeMap<&'static str, String>);

impl Names {
    /// Learns the names from the answers of the fixture's set-up calls.
    fn learn(&mut self, placeholder: &'static str, name: &str) {
        self.0.insert(placeholder, name.to_owned());
    }

    fn fill_in(&self, value: &Value) -> Value {
        let mut value = value.clone();
        robust_requests::fill_in(&mut value, &self.0);
        value
    }
}

/// The calls that give a target something to hit: a tagged key, a key
/// pending deletion, an alias, an AWS managed key and a multi-Region key
/// with a replica in us-west-2. `call` sends one call as the fixture's
/// owner and returns its JSON output.
fn set_up(mut call: impl FnMut(Operation, Value) -> Value) -> Names {
    let mut names = Names::default();
    let tagged = call(
        Operation::CreateKey,
        json!({ "Tags": [{ "TagKey": "env", "TagValue": "prod" }, { "TagKey": "team", "TagValue": "x" }] }),
    );
    names.learn(
        KEY_ID,
        tagged["KeyMetadata"]["KeyId"].as_str().unwrap_or_default(),
    );
    names.learn(
        KEY_ARN,
        tagged["KeyMetadata"]["Arn"].as_str().unwrap_or_default(),
    );
    let pending = call(Operation::CreateKey, json!({}));
    let pending_id = pending["KeyMetadata"]["KeyId"].as_str().unwrap_or_default();
    names.learn(PENDING_KEY_ID, pending_id);
    call(
        Operation::ScheduleKeyDeletion,
        json!({ "KeyId": pending_id, "PendingWindowInDays": 7 }),
    );
    names.learn(ALIAS, "alias/fuzz");
    call(
        Operation::CreateAlias,
        json!({ "AliasName": "alias/fuzz", "TargetKeyId": names.0[KEY_ID] }),
    );
    let managed = call(Operation::DescribeKey, json!({ "KeyId": "alias/aws/s3" }));
    names.learn(
        MANAGED_KEY_ID,
        managed["KeyMetadata"]["KeyId"].as_str().unwrap_or_default(),
    );
    let primary = call(
        Operation::CreateKey,
        json!({ "MultiRegion": true, "Tags": [{ "TagKey": "env", "TagValue": "prod" }] }),
    );
    let mrk_id = primary["KeyMetadata"]["KeyId"].as_str().unwrap_or_default();
    names.learn(MRK_KEY_ID, mrk_id);
    call(
        Operation::ReplicateKey,
        json!({ "KeyId": mrk_id, "ReplicaRegion": "us-west-2" }),
    );
    names
}

/// A fresh model with the fixture in it.
fn model_fixture() -> (Model, Names) {
    let mut model = Model::default();
    let owner = &callers()[0];
    let names = set_up(|operation, input| {
        let answer = model.handle(&Call {
            caller: owner,
            operation,
            input: &input,
            at: SystemTime::now(),
        });
        match answer {
            Ok(Output::Json(output)) => output,
            Ok(Output::Empty) => Value::Null,
            Err(error) => panic!("fixture {operation}: {error:?}"),
        }
    });
    (model, names)
}

/// Runs `attempts` against a fresh model: every answer AWS-shaped, no
/// panic, and nothing stored that KMS would refuse.
fn model_survives(attempts: &[Attempt]) -> Result<(), TestCaseError> {
    let (mut model, names) = model_fixture();
    let callers = callers();
    for attempt in attempts {
        let input = names.fill_in(&attempt.input);
        let caller = &callers[attempt.caller % callers.len()];
        let answer = match &attempt.operation {
            // A name that is no KMS operation never reaches the model: the
            // adapter refuses it (`the_stub_answers_every_request_like_aws`).
            Some(name) => match name.parse::<Operation>() {
                Ok(operation) => model.handle(&Call {
                    caller,
                    operation,
                    input: &input,
                    at: SystemTime::now(),
                }),
                Err(_) => continue,
            },
            None => model.set_key_state(caller, &input),
        };
        robust_shape::check_answer(&answer)?;
        robust_shape::check_invariants(&model)?;
    }
    Ok(())
}

#[test]
fn the_model_answers_every_call_like_aws() {
    let strategy = prop::collection::vec(robust_requests::attempt(), 1..12);
    TestRunner::new(config(400))
        .run(&strategy, |attempts| model_survives(&attempts))
        .unwrap_or_else(|failure| panic!("{failure}"));
}

/// A multi-threaded runtime: the stub serves from its own tasks while a
/// test blocks on a request.
fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime")
}

fn client_for(stub: &StubServer, access_key: &str) -> Client {
    Client::new(
        stub.uri(),
        "us-east-1",
        // Every access key's secret on the stub, unless configured.
        Credentials::new(access_key, DEFAULT_SECRET, None),
        Limits::default(),
    )
    .expect("a client for the stub")
}

fn wire_request(raw: &RawRequest, names: &Names) -> WireRequest {
    let body = match &raw.body {
        RawBody::Bytes(bytes) => bytes.clone(),
        RawBody::Json(value) => names.fill_in(value).to_string().into_bytes(),
    };
    let (signed, headers) = match &raw.authorization {
        Authorization::Signed => (true, Vec::new()),
        Authorization::Absent => (false, Vec::new()),
        Authorization::Header(authorization) => (
            false,
            vec![("authorization".to_owned(), authorization.clone())],
        ),
    };
    WireRequest {
        target: raw.target.clone(),
        content_type: raw.content_type.clone(),
        body,
        signed,
        wrong_secret: false,
        headers,
    }
}

#[test]
fn the_stub_answers_every_request_like_aws_over_http() {
    let runtime = runtime();
    let stub = runtime.block_on(StubServer::start());
    let client = client_for(&stub, "AKIDEXAMPLE");
    let names = set_up(|operation, input| {
        let exchange = runtime
            .block_on(client.call(operation, &input))
            .expect("the stub answers");
        assert_eq!(exchange.status, 200, "fixture {operation}");
        exchange.json().unwrap_or_default()
    });
    TestRunner::new(config(300))
        .run(&robust_requests::raw_request(), |raw| {
            let request = wire_request(&raw, &names);
            let exchange = runtime.block_on(client.send(request));
            let exchange = exchange.map_err(|e| TestCaseError::fail(e.to_string()))?;
            robust_shape::check_exchange(&exchange)
        })
        .unwrap_or_else(|failure| panic!("{failure}"));
    drop(stub);
}

/// Clients hammering one stub at once.
const CLIENTS: usize = 64;

/// Tags `tag_key` with `value` on `key_id`, waiting while the key is full:
/// up to 64 clients each hold a tag at times, and a key takes 50.
async fn tag_when_there_is_room(client: &Client, key_id: &str, tag_key: &str, value: &str) {
    let input = json!({ "KeyId": key_id, "Tags": [{ "TagKey": tag_key, "TagValue": value }] });
    for _ in 0..10_000 {
        let exchange = client
            .call(Operation::TagResource, &input)
            .await
            .expect("an answer");
        if exchange.status == 200 {
            return;
        }
        assert_eq!(
            exchange.error_message().as_deref(),
            Some("Too many tags"),
            "TagResource {tag_key}: {}",
            exchange.body_preview(300)
        );
        tokio::task::yield_now().await;
    }
    panic!("{tag_key} never found room on the key");
}

fn tags_of(exchange: &crate::wire::Exchange) -> BTreeMap<String, String> {
    assert_eq!(exchange.status, 200, "{}", exchange.body_preview(300));
    let body = exchange.json().expect("JSON");
    assert_eq!(body["Truncated"], json!(false), "{body}");
    body["Tags"]
        .as_array()
        .expect("a Tags list")
        .iter()
        .map(|t| {
            let text = |name: &str| t[name].as_str().expect("a string").to_owned();
            (text("TagKey"), text("TagValue"))
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_tagging_and_untagging_of_one_key_loses_no_update() {
    const ROUNDS: usize = 10;
    let stub = StubServer::start().await;
    let client = client_for(&stub, "AKIDEXAMPLE");
    let created = client
        .call(Operation::CreateKey, &json!({}))
        .await
        .expect("a key");
    let key_id = created.json().expect("JSON")["KeyMetadata"]["KeyId"]
        .as_str()
        .expect("a key ID")
        .to_owned();

    // Client i owns tag key `client-i`: it sets it to `round-r` and removes
    // it, round after round; the even clients keep their last value.
    let workers = (0..CLIENTS).map(|i| {
        let (client, key_id) = (client.clone(), key_id.clone());
        tokio::spawn(async move {
            let tag_key = format!("client-{i}");
            for round in 0..ROUNDS {
                tag_when_there_is_room(&client, &key_id, &tag_key, &format!("round-{round}")).await;
                if round + 1 == ROUNDS && i % 2 == 0 {
                    break;
                }
                let untag = json!({ "KeyId": key_id, "TagKeys": [tag_key] });
                let exchange = client
                    .call(Operation::UntagResource, &untag)
                    .await
                    .expect("an answer");
                assert_eq!(exchange.status, 200, "{}", exchange.body_preview(300));
            }
        })
    });
    for worker in workers.collect::<Vec<_>>() {
        worker.await.expect("the client finishes");
    }

    let listing = client
        .call(Operation::ListResourceTags, &json!({ "KeyId": key_id }))
        .await
        .expect("the key's tags");
    let expected: BTreeMap<String, String> = (0..CLIENTS)
        .step_by(2)
        .map(|i| (format!("client-{i}"), format!("round-{}", ROUNDS - 1)))
        .collect();
    assert_eq!(tags_of(&listing), expected);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keys_created_concurrently_are_all_listed() {
    const KEYS_PER_CLIENT: usize = 4;
    let stub = StubServer::start().await;
    let client = client_for(&stub, "AKIDEXAMPLE");
    let workers = (0..CLIENTS).map(|i| {
        let client = client.clone();
        tokio::spawn(async move {
            let mut made = Vec::new();
            for k in 0..KEYS_PER_CLIENT {
                let input =
                    json!({ "Tags": [{ "TagKey": "maker", "TagValue": format!("{i}-{k}") }] });
                let exchange = client
                    .call(Operation::CreateKey, &input)
                    .await
                    .expect("an answer");
                assert_eq!(exchange.status, 200, "{}", exchange.body_preview(300));
                let id = exchange.json().expect("JSON")["KeyMetadata"]["KeyId"]
                    .as_str()
                    .expect("a key ID")
                    .to_owned();
                made.push((id, format!("{i}-{k}")));
            }
            made
        })
    });
    let mut made = BTreeMap::new();
    for worker in workers.collect::<Vec<_>>() {
        made.extend(worker.await.expect("the client finishes"));
    }
    assert_eq!(made.len(), CLIENTS * KEYS_PER_CLIENT, "key IDs are unique");

    let listing = client
        .call(Operation::ListKeys, &json!({ "Limit": 1000 }))
        .await
        .expect("the keys");
    let body = listing.json().expect("JSON");
    assert_eq!(body["Truncated"], json!(false), "{body}");
    let listed: BTreeSet<String> = body["Keys"]
        .as_array()
        .expect("a Keys list")
        .iter()
        .map(|k| k["KeyId"].as_str().expect("a key ID").to_owned())
        .collect();
    assert_eq!(listed, made.keys().cloned().collect::<BTreeSet<_>>());
    for (id, maker) in &made {
        let tags = client
            .call(Operation::ListResourceTags, &json!({ "KeyId": id }))
            .await
            .expect("the key's tags");
        assert_eq!(
            tags_of(&tags),
            BTreeMap::from([("maker".to_owned(), maker.clone())])
        );
    }
}
