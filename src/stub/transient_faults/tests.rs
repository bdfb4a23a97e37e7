use std::time::SystemTime;

use serde_json::json;

use super::*;
use crate::stub::model::Caller;
use crate::wire::{ErrorCode, Operation};

fn call<'a>(caller: &'a Caller, input: &'a serde_json::Value) -> Call<'a> {
    Call {
        caller,
        operation: Operation::UntagResource,
        input,
        at: SystemTime::UNIX_EPOCH,
    }
}

#[test]
fn each_key_name_faults_once_and_a_call_naming_no_key_never() {
    let faults = TransientFaults::default();
    let alice = Caller {
        account: "111122223333".to_owned(),
        region: "us-east-1".to_owned(),
        identity: crate::stub::model::CallerIdentity::User,
    };
    let by_id = json!({ "KeyId": "1234abcd-12ab-34cd-56ef-1234567890ab" });
    let first = faults.fault(&call(&alice, &by_id), None).expect("a fault");
    assert_eq!(
        (first.status, first.error_type),
        (500, ErrorCode::KmsInternalException)
    );
    assert_eq!(faults.fault(&call(&alice, &by_id), None), None, "once");
    let elsewhere = Caller {
        region: "us-west-2".to_owned(),
        ..alice.clone()
    };
    assert!(faults.fault(&call(&elsewhere, &by_id), None).is_some());
    assert_eq!(faults.fault(&call(&alice, &json!({})), None), None);
}
