//! A [`Reading`] is asked at each rule of the grammar an evaluator can
//! misread, with IAM's answer, and the answer it gives is the one used.

use std::cell::RefCell;

use super::{ACCOUNT, Context, KEY_ARN, parse, root};
use crate::stub::policy::{Comparison, Iam, Reading, Request, SetQualifier};

/// Gives back IAM's answer everywhere, noting what it was asked.
#[derive(Default)]
struct Noting(RefCell<Vec<String>>);

impl Noting {
    fn note(&self, what: String) {
        self.0.borrow_mut().push(what);
    }
}

impl Reading for Noting {
    fn covers_caller(&self, iam: bool) -> bool {
        self.note(format!("principal {iam}"));
        iam
    }

    fn names_action(&self, pattern: &str, action: &str, iam: bool) -> bool {
        self.note(format!("action {pattern} {action} {iam}"));
        iam
    }

    fn qualifier(&self, written: SetQualifier) -> SetQualifier {
        self.note(format!("qualifier {written:?}"));
        written
    }

    fn without_values(&self, qualifier: SetQualifier, iam: bool) -> bool {
        self.note(format!("no values {qualifier:?} {iam}"));
        iam
    }

    fn names_key(&self, written: &str, carried: &str, iam: bool) -> bool {
        self.note(format!("key {written} {carried} {iam}"));
        iam
    }

    fn compares(&self, comparison: Comparison, request: &str, policy: &str, iam: bool) -> bool {
        self.note(format!("{comparison:?} {request} {policy} {iam}"));
        iam
    }
}

/// A Deny on a key no request of the tests carries, then an Allow with
/// every other rule a reading is asked about.
const POLICY: &str = r#"{"Version": "2012-10-17", "Statement": [
    {"Effect": "Deny", "Principal": {"AWS": "*"}, "Action": "kms:UntagResource",
     "Resource": "*",
     "Condition": {"ForAnyValue:StringEquals": {"kms:GrantOperations": ["Decrypt"]}}},
    {"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "KMS:untagResource",
     "Resource": "*",
     "Condition": {"ForAllValues:StringEqualsIgnoreCase": {"aws:tagkeys": ["ENV"]},
                   "StringEquals": {"kms:CallerAccount": "111122223333"}}}]}"#;

#[test]
fn a_reading_is_asked_each_rule_with_iams_answer_and_decides() {
    let policy = parse(POLICY);
    let principal = root();
    let context = Context::for_principal(&principal).with_tag_keys(["env"]);
    let request = Request {
        action: "kms:UntagResource",
        key_arn: KEY_ARN,
        principal: &principal,
        context: &context,
    };
    let noting = Noting::default();
    // The ForAnyValue on a key the request lacks is false: no Deny applies.
    let decision = policy.evaluate_as(&request, &noting);
    assert_eq!(decision, policy.evaluate(&request));
    assert_eq!(decision, policy.evaluate_as(&request, &Iam));
    assert!(decision.is_allowed());
    let asked = noting.0.into_inner();
    for expected in [
        "principal true".to_owned(),
        "action KMS:untagResource kms:UntagResource true".to_owned(),
        "qualifier ForAllValues".to_owned(),
        "key aws:tagkeys aws:TagKeys true".to_owned(),
        "IgnoreCase env ENV true".to_owned(),
        "no values ForAnyValue false".to_owned(),
        format!("Exact {ACCOUNT} {ACCOUNT} true"),
    ] {
        assert!(asked.contains(&expected), "{expected:?} not in {asked:?}");
    }
}

/// Reads `ForAnyValue:` over no values as true: the one answer it bends.
struct AnyOfNothing;

impl Reading for AnyOfNothing {
    fn without_values(&self, qualifier: SetQualifier, iam: bool) -> bool {
        iam || qualifier == SetQualifier::ForAnyValue
    }
}

#[test]
fn the_answer_a_reading_gives_is_the_one_used() {
    let policy = parse(POLICY);
    let principal = root();
    let context = Context::for_principal(&principal).with_tag_keys(["env"]);
    let request = Request {
        action: "kms:UntagResource",
        key_arn: KEY_ARN,
        principal: &principal,
        context: &context,
    };
    assert!(!policy.evaluate_as(&request, &AnyOfNothing).is_allowed());
}
