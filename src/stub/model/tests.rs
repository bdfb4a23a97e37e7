//! The model against the contract (`docs/contract.md`), row by row; test
//! names carry the contract's row numbers.
//!
//! One file per area of the contract: [`untagging`] (what `UntagResource`
//! removes and refuses), [`key_ids`] (which key a `KeyId` names),
//! [`key_states`] (states and managers that refuse), [`tagging_and_listing`]
//! (`TagResource` and listing), [`requests`] (requests no operation accepts) and
//! [`access_control`] (key policies and authorization, contract §6). Each drives
//! a fresh [`Model`] through the helpers here, which call it the way the HTTP
//! adapter does: one caller, `SystemTime::now()`, a JSON input.

use std::time::SystemTime;

use serde_json::{Value, json};

use super::*;
use crate::wire::Operation;

pub(super) const ACCOUNT: &str = "111122223333";
pub(super) const REGION: &str = "us-east-1";

/// The caller every model test signs as (the authorization tests too).
pub(super) fn caller() -> Caller {
    Caller::user(ACCOUNT, REGION)
}

#[expect(
    clippy::needless_pass_by_value,
    reason = "the tests hand `json!(...)` literals straight in"
)]
fn call(
    model: &mut Model,
    who: &Caller,
    operation: Operation,
    input: Value,
) -> Result<Output, KmsError> {
    model.handle(&Call {
        caller: who,
        operation,
        input: &input,
        at: SystemTime::now(),
    })
}

fn ok_json(result: Result<Output, KmsError>) -> Value {
    match result {
        Ok(Output::Json(value)) => value,
        other => panic!("expected JSON output, got {other:?}"),
    }
}

fn create(model: &mut Model, tags: &[(&str, &str)]) -> (String, String) {
    let tags: Vec<Value> = tags
        .iter()
        .map(|(k, v)| json!({ "TagKey": k, "TagValue": v }))
        .collect();
    let mut input = json!({ "Description": "test" });
    if !tags.is_empty() {
        input["Tags"] = json!(tags);
    }
    let out = ok_json(call(model, &caller(), Operation::CreateKey, input));
    let metadata = &out["KeyMetadata"];
    (
        metadata["KeyId"].as_str().unwrap().to_owned(),
        metadata["Arn"].as_str().unwrap().to_owned(),
    )
}

fn tags_of(model: &mut Model, key_id: &str) -> Vec<(String, String)> {
    let out = ok_json(call(
        model,
        &caller(),
        Operation::ListResourceTags,
        json!({ "KeyId": key_id }),
    ));
    out["Tags"]
        .as_array()
        .expect("Tags is a list")
        .iter()
        .map(|t| {
            (
                t["TagKey"].as_str().unwrap().to_owned(),
                t["TagValue"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn untag(model: &mut Model, key_id: &str, tag_keys: &[&str]) -> Result<Output, KmsError> {
    call(
        model,
        &caller(),
        Operation::UntagResource,
        json!({ "KeyId": key_id, "TagKeys": tag_keys }),
    )
}

fn pairs(tags: &[(&str, &str)]) -> Vec<(String, String)> {
    tags.iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn error_of(result: Result<Output, KmsError>) -> KmsError {
    result.expect_err("the call should fail")
}

mod access_control;
mod key_ids;
mod key_states;
mod requests;
mod tagging_and_listing;
mod untagging;
