//! Every key policy a scenario puts is safe on a real account and readable
//! in a failing trace (contract row 134, and "The caller is named by its
//! account" in the contract's choices):
//!
//! - under the stub's evaluator, it allows the caller `kms:ScheduleKeyDeletion`
//!   (cleanup), `kms:DescribeKey`, `kms:ListResourceTags` and
//!   `kms:GetKeyPolicy` (the scenario's own reads), and `kms:PutKeyPolicy`
//!   unless the scenario is about the lockout safety check (contract row 126);
//! - a document that is no policy at all is sent only where the scenario
//!   expects `MalformedPolicyDocumentException`;
//! - the `PutKeyPolicy` request that sends it fits in a trace's 1000 bytes,
//!   so a failing scenario shows the policy that was in force.

use crate::report::terminal::BODY_LIMIT;
use crate::stub::model::{Caller, caller_principal};
use crate::stub::policy::{Context, KeyPolicy, Request};
use crate::suite::FeatureSource;
use crate::suite::policy_text::compact;
use cucumber::gherkin::{self, GherkinEnv, Step};
use regex::Regex;
use serde_json::json;

const ACCOUNT: &str = "111122223333";
/// The second account, as the stub's run has it.
const SECOND_ACCOUNT: &str = "444455556666";
const KEY_ID: &str = "1234abcd-12ab-34cd-56ef-1234567890ab";
/// What the caller must always keep.
const ALWAYS: [&str; 4] = [
    "kms:ScheduleKeyDeletion",
    "kms:DescribeKey",
    "kms:ListResourceTags",
    "kms:GetKeyPolicy",
];
/// The steps that send a key policy doc string, and whose key it is.
const POLICY_STEPS: [(&str, &str); 4] = [
    ("the key policy is:", ACCOUNT),
    ("the second account's key policy is:", SECOND_ACCOUNT),
    ("I put the key policy:", ACCOUNT),
    (
        "I put the key policy, bypassing the lockout safety check:",
        ACCOUNT,
    ),
];

/// One policy doc string, and the scenario that sends it.
struct Sent {
    scenario: String,
    tags: Vec<String>,
    /// Every step of the scenario, its background's first.
    steps: Vec<String>,
    /// The account that owns the key, and so sends the policy.
    owner: &'static str,
    text: String,
}

fn key_arn(owner: &str) -> String {
    format!("arn:aws:kms:us-east-1:{owner}:key/{KEY_ID}")
}

/// Templates filled in as a run on the stub would fill them.
fn expand(text: &str) -> String {
    let filled = text
        .replace("{account}", ACCOUNT)
        .replace("{second-account}", SECOND_ACCOUNT)
        .replace("{partition}", "aws")
        .replace("{region}", "us-east-1")
        .replace("{key-arn}", &key_arn(ACCOUNT));
    let unknown = Regex::new(r"\{[a-z][a-z0-9-]*\}").expect("regex");
    assert!(
        !unknown.is_match(&filled),
        "a policy uses a template this test does not fill: {filled}"
    );
    filled
}

fn policies() -> Vec<Sent> {
    let mut sent = Vec::new();
    for (path, text) in FeatureSource::Embedded.load().expect("embedded features") {
        let feature = gherkin::Feature::parse(&text, GherkinEnv::default())
            .unwrap_or_else(|e| panic!("{} does not parse: {e}", path.display()));
        let background: Vec<Step> = feature
            .background
            .as_ref()
            .map(|b| b.steps.clone())
            .unwrap_or_default();
        let scenarios = feature
            .scenarios
            .iter()
            .chain(feature.rules.iter().flat_map(|r| &r.scenarios));
        for scenario in scenarios {
            let steps: Vec<&Step> = background.iter().chain(&scenario.steps).collect();
            for step in &steps {
                let owner = POLICY_STEPS
                    .iter()
                    .find(|(text, _)| *text == step.value)
                    .map(|(_, owner)| *owner);
                if let (Some(owner), Some(doc)) = (owner, &step.docstring) {
                    sent.push(Sent {
                        scenario: scenario.name.clone(),
                        tags: scenario.tags.clone(),
                        steps: steps.iter().map(|s| s.value.clone()).collect(),
                        owner,
                        text: expand(doc),
                    });
                }
            }
        }
    }
    sent
}

/// Whether `policy` lets the caller of `owner`, the key's account, do `action`.
fn allowed(policy: &KeyPolicy, owner: &str, action: &str) -> bool {
    let principal = caller_principal(&Caller::user(owner, "us-east-1"));
    let context = Context::for_principal(&principal);
    policy
        .evaluate(&Request {
            action,
            key_arn: &key_arn(owner),
            principal: &principal,
            context: &context,
        })
        .is_allowed()
}

#[test]
fn every_policy_a_scenario_puts_leaves_the_caller_cleanup_and_its_reads() {
    let sent = policies();
    assert!(sent.len() >= 8, "found only {} policies", sent.len());
    for Sent {
        scenario,
        tags,
        steps,
        owner,
        text,
    } in &sent
    {
        let Ok(policy) = KeyPolicy::parse(text) else {
            // Where the type is unpublished (an Effect KMS is only inferred
            // to check, contract row 124) the scenario expects a refusal
            // without naming it; either way the document must not be kept.
            assert!(
                steps.iter().any(|s| {
                    s == "the call fails with MalformedPolicyDocumentException"
                        || s == "the call is refused with a 400 JSON error"
                }),
                "{scenario:?} sends a document that is no key policy without expecting \
                 it refused: {text}"
            );
            continue;
        };
        for action in ALWAYS {
            assert!(
                allowed(&policy, owner, action),
                "{scenario:?} puts a policy that denies the caller {action}: {text}"
            );
        }
        let about_lockout = tags.iter().any(|t| t == "contract.126");
        assert!(
            about_lockout || allowed(&policy, owner, "kms:PutKeyPolicy"),
            "{scenario:?} puts a policy that denies the caller kms:PutKeyPolicy: {text}"
        );
    }
}

#[test]
fn every_policy_a_scenario_puts_fits_whole_in_a_trace() {
    for Sent { scenario, text, .. } in policies() {
        let body = json!({ "KeyId": KEY_ID, "Policy": compact(&text) }).to_string();
        assert!(
            body.len() <= BODY_LIMIT,
            "{scenario:?}: the PutKeyPolicy body is {} bytes, more than a trace shows ({BODY_LIMIT})",
            body.len()
        );
    }
}
