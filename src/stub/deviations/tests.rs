//! Each deviation bends its own rule at its seam, and several compose; the
//! model's own tests (`stub::model`) test KMS.
//!
//! One file per seam or area: `tag_removal` (what an untag matches and
//! reaches), `refused_calls` (what a refused call still does),
//! `state_checks` (which key states refuse which operations),
//! `member_checks` (validation and the tag rules), `authorizing` (key
//! policies: their decisions and their operations), `reading_policies`
//! (the policy grammar read wrong), `identifying` (which
//! key a `KeyId` names), `replicas` (a key's life, its replicas, its reads),
//! `on_the_wire` (routing, authentication, the reply's words and shape).

mod authorizing;
mod identifying;
mod member_checks;
mod on_the_wire;
mod reading_policies;
mod refused_calls;
mod replicas;
mod state_checks;
mod tag_removal;

use std::time::SystemTime;

use serde_json::{Value, json};

use super::{Deviation, Deviations};
use crate::stub::model::{Call, Caller, KmsError, Model, Output};
use crate::wire::Operation;

const ACCOUNT: &str = "111122223333";
const REGION: &str = "us-east-1";

fn caller(region: &str) -> Caller {
    Caller::user(ACCOUNT, region)
}

/// A model wrong in every way of `deviations` at once.
fn deviant(deviations: &[Deviation]) -> Model {
    let deviations: Deviations = deviations.iter().copied().collect();
    Model::default().with_seams(deviations.seams().model)
}

fn call_in(
    model: &mut Model,
    region: &str,
    operation: Operation,
    input: &Value,
) -> Result<Output, KmsError> {
    model.handle(&Call {
        caller: &caller(region),
        operation,
        input,
        at: SystemTime::now(),
    })
}

fn call(model: &mut Model, operation: Operation, input: &Value) -> Result<Output, KmsError> {
    call_in(model, REGION, operation, input)
}

fn output(result: Result<Output, KmsError>) -> Value {
    match result {
        Ok(Output::Json(value)) => value,
        Ok(Output::Empty) => Value::Null,
        Err(error) => panic!("refused: {error:?}"),
    }
}

/// A key with `tags` (key, value): its key ID.
fn key_with(model: &mut Model, tags: &[(&str, &str)]) -> String {
    let tags: Vec<Value> = tags
        .iter()
        .map(|(k, v)| json!({ "TagKey": k, "TagValue": v }))
        .collect();
    let out = output(call(model, Operation::CreateKey, &json!({ "Tags": tags })));
    out["KeyMetadata"]["KeyId"]
        .as_str()
        .expect("KeyId")
        .to_owned()
}

fn untag(model: &mut Model, id: &str, tag_keys: &[&str]) -> Result<Output, KmsError> {
    call(
        model,
        Operation::UntagResource,
        &json!({ "KeyId": id, "TagKeys": tag_keys }),
    )
}

fn tag(model: &mut Model, id: &str, tags: &[(&str, &str)]) -> Result<Output, KmsError> {
    let tags: Vec<Value> = tags
        .iter()
        .map(|(k, v)| json!({ "TagKey": k, "TagValue": v }))
        .collect();
    call(
        model,
        Operation::TagResource,
        &json!({ "KeyId": id, "Tags": tags }),
    )
}

/// The keys of the tags of `id`, in order.
fn tag_keys_of(model: &Model, id: &str) -> Vec<String> {
    let key = model.keys().find(|k| k.addr.id == id).expect("the key");
    key.tags.iter().map(|t| t.key.clone()).collect()
}
