//! What a refused call still does, and what it answers ([`Calls`]).
//!
//! [`Calls`]: crate::stub::model::Calls

use super::*;
use crate::stub::model::Throttle;
use crate::wire::{ErrorCode, Operation, Quotas};

#[test]
fn an_untag_refused_by_its_validation_has_removed_its_valid_tag_keys() {
    let long = "k".repeat(129);
    let mut model = deviant(&[Deviation::UntagPartialOnError]);
    let id = key_with(&mut model, &[("a", "1"), ("b", "2")]);
    let refused = untag(&mut model, &id, &["a", &long]).expect_err("refused");
    assert_eq!(refused.error_type, ErrorCode::ValidationException);
    assert_eq!(tag_keys_of(&model, &id), ["b"]);
    // A KeyId the handler cannot use stops it as it stops validation.
    untag(&mut model, "", &["b", &long]).expect_err("refused");
    assert_eq!(tag_keys_of(&model, &id), ["b"]);
}

#[test]
fn a_throttled_call_has_taken_effect() {
    let seams = Deviations::from(Deviation::ThrottledCallTakesEffect)
        .seams()
        .model;
    let mut model = Model::default()
        .with_throttle(Some(Throttle::new(Quotas::default())))
        .with_seams(seams);
    let at = SystemTime::now();
    let throttled = (0..6)
        .map(|_| {
            model.handle(&Call {
                caller: &caller(REGION),
                operation: Operation::CreateKey,
                input: &json!({}),
                at,
            })
        })
        .filter(|answer| matches!(answer, Err(e) if e.error_type == ErrorCode::ThrottlingException))
        .count();
    assert_eq!(throttled, 1, "five a second, all at once");
    assert_eq!(model.keys().count(), 6, "the throttled call made a key too");
}

#[test]
fn an_untag_of_an_unknown_key_succeeds_and_other_calls_are_still_refused() {
    let mut model = deviant(&[Deviation::UnknownKeyAccepted]);
    let unknown = "11111111-2222-3333-4444-555555555555";
    assert_eq!(untag(&mut model, unknown, &["a"]), Ok(Output::Empty));
    let described = call(
        &mut model,
        Operation::DescribeKey,
        &json!({ "KeyId": unknown }),
    );
    assert_eq!(
        described.expect_err("refused").error_type,
        ErrorCode::NotFoundException
    );
}

#[test]
fn untags_over_five_a_second_on_one_key_are_throttled_and_take_effect() {
    let mut model = deviant(&[Deviation::ThrottledUntagTakesEffect]);
    let tags: Vec<(String, String)> = (1..=7).map(|i| (format!("t{i}"), "v".into())).collect();
    let pairs: Vec<(&str, &str)> = tags.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let id = key_with(&mut model, &pairs);
    let other = key_with(&mut model, &[("a", "1")]);
    let answers: Vec<_> = (1..=7)
        .map(|i| untag(&mut model, &id, &[&format!("t{i}")]))
        .collect();
    let throttled = answers
        .iter()
        .filter(|a| matches!(a, Err(e) if e.error_type == ErrorCode::ThrottlingException))
        .count();
    assert_eq!(throttled, 2, "five at once, then none left: {answers:?}");
    assert!(
        tag_keys_of(&model, &id).is_empty(),
        "every untag took effect"
    );
    // The bucket is the key's: another key's first untag goes through.
    assert_eq!(untag(&mut model, &other, &["a"]), Ok(Output::Empty));
    // Other operations are never throttled by it.
    assert!(tag(&mut model, &id, &[("t1", "v")]).is_ok());
}
