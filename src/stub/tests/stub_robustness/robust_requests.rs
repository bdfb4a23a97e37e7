//! What the fuzzer sends: valid KMS request bodies, mutated; random JSON;
//! random operation names; random bytes and odd headers for the wire.
//!
//! Bodies name keys through placeholders (`{key-id}`), because the keys'
//! IDs are drawn when the fixture is made, after the strategy ran; the
//! placeholders are replaced wherever they occur in a string, so markers
//! and ARNs can be built around them.

use std::collections::BTreeMap;

use crate::wire::{Operation, TARGET_PREFIX};
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::{Map, Value, json};

use super::robust_policies::policy;

/// The placeholders a [`Fixture`](super::Fixture) fills in.
pub(crate) const KEY_ID: &str = "{key-id}";
pub(crate) const KEY_ARN: &str = "{key-arn}";
pub(crate) const PENDING_KEY_ID: &str = "{pending-key-id}";
pub(crate) const MANAGED_KEY_ID: &str = "{managed-key-id}";
pub(crate) const ALIAS: &str = "{alias}";
/// A multi-Region primary key, with a replica in us-west-2.
pub(crate) const MRK_KEY_ID: &str = "{mrk-key-id}";

/// Every operation the model knows, and the stub's control operation.
pub(crate) const OPERATIONS: [Operation; 16] = [
    Operation::CreateKey,
    Operation::DescribeKey,
    Operation::ListKeys,
    Operation::EnableKey,
    Operation::DisableKey,
    Operation::ScheduleKeyDeletion,
    Operation::CancelKeyDeletion,
    Operation::CreateAlias,
    Operation::DeleteAlias,
    Operation::TagResource,
    Operation::UntagResource,
    Operation::ListResourceTags,
    Operation::PutKeyPolicy,
    Operation::GetKeyPolicy,
    Operation::ListKeyPolicies,
    Operation::ReplicateKey,
];

/// The member names of the operations above, and a few more.
const MEMBERS: [&str; 18] = [
    "KeyId",
    "TagKeys",
    "Tags",
    "TagKey",
    "TagValue",
    "Limit",
    "Marker",
    "Description",
    "Origin",
    "MultiRegion",
    "PendingWindowInDays",
    "AliasName",
    "TargetKeyId",
    "KeyState",
    "Policy",
    "PolicyName",
    "BypassPolicyLockoutSafetyCheck",
    "ReplicaRegion",
];

/// Strings that sit on the edges KMS draws: lengths, prefixes, numbers.
pub(crate) fn text() -> BoxedStrategy<String> {
    prop_oneof![
        4 => "[a-zA-Z0-9:/_ .+=@-]{0,12}",
        2 => any::<String>(),
        2 => key_ref(),
        1 => "(aws|AWS|Aws):[a-z]{0,5}",
        1 => "[0-9]{1,25}",
        1 => edge_number(),
        1 => select(vec![
            String::new(),
            " ".to_owned(),
            "k".repeat(128),
            "k".repeat(129),
            "v".repeat(257),
            "é".repeat(128),
            "x".repeat(2049),
        ]),
    ]
    .boxed()
}

/// What a `KeyId` may be: the fixture's keys by every name, and near misses.
fn key_ref() -> BoxedStrategy<String> {
    prop_oneof![
        6 => select(vec![KEY_ID, KEY_ID, KEY_ARN, PENDING_KEY_ID, MANAGED_KEY_ID, ALIAS, "alias/aws/s3", MRK_KEY_ID])
            .prop_map(str::to_owned),
        1 => "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        1 => "mrk-[0-9a-f]{32}",
        1 => "arn:(aws|aws-cn)?:kms:(us-east-1|us-west-2|[a-z0-9-]{0,6}):([0-9]{12}|[0-9]{0,13}):(key|alias)/[a-zA-Z0-9/_{}-]{0,40}",
        1 => "alias/[a-z/]{0,10}",
        1 => "arn:aws:kms:us-east-1:111122223333:key/\\{key-id\\}",
        1 => "arn:aws:kms:us-west-2:444455556666:key/\\{key-id\\}",
    ]
    .boxed()
}

/// Any JSON value, a few levels deep.
pub(crate) fn json_value() -> BoxedStrategy<Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        text().prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(member_name(), inner, 0..6)
                .prop_map(|members| Value::Object(members.into_iter().collect())),
        ]
    })
    .boxed()
}

fn member_name() -> BoxedStrategy<String> {
    prop_oneof![
        3 => select(MEMBERS.to_vec()).prop_map(str::to_owned),
        1 => "[A-Za-z]{0,8}",
    ]
    .boxed()
}

fn tag_key() -> BoxedStrategy<String> {
    prop_oneof![5 => "[a-z]{1,4}", 1 => text()].boxed()
}

fn tag() -> BoxedStrategy<Value> {
    (tag_key(), text())
        .prop_map(|(key, value)| json!({ "TagKey": key, "TagValue": value }))
        .boxed()
}

fn tags(most: usize) -> BoxedStrategy<Vec<Value>> {
    prop_oneof![
        4 => prop::collection::vec(tag(), 0..most),
        // Past the 50-tag limit, with distinct keys.
        1 => (45usize..55).prop_map(|n| {
            (0..n).map(|i| json!({ "TagKey": format!("bulk-{i}"), "TagValue": "x" })).collect()
        }),
    ]
    .boxed()
}

/// Numbers at the edges of the integer types a marker may be parsed into.
fn edge_number() -> BoxedStrategy<String> {
    select(vec![
        "18446744073709551615",
        "18446744073709551600",
        "9223372036854775807",
        "4294967295",
        "-1",
        "0",
    ])
    .prop_map(str::to_owned)
    .boxed()
}

fn marker() -> BoxedStrategy<String> {
    prop_oneof![
        edge_number(),
        edge_number().prop_map(|n| format!("{KEY_ID}:{n}")),
        "[0-9]{1,25}",
        "\\{key-id\\}:[0-9]{1,25}",
        "\\{pending-key-id\\}:[0-9]{1,3}",
        text(),
    ]
    .boxed()
}

fn limit() -> BoxedStrategy<Option<i64>> {
    prop::option::of(prop_oneof![-2i64..60, 990i64..1010, any::<i64>()]).boxed()
}

/// A well-formed body for `operation`, naming the fixture's keys.
fn valid_call() -> BoxedStrategy<(String, Value)> {
    let call = |operation: Operation| move |input: Value| (operation.name().to_owned(), input);
    prop_oneof![
        (key_ref(), prop::collection::vec(tag_key(), 0..5))
            .prop_map(|(key, tag_keys)| json!({ "KeyId": key, "TagKeys": tag_keys }))
            .prop_map(call(Operation::UntagResource)),
        (key_ref(), tags(5))
            .prop_map(|(key, tags)| json!({ "KeyId": key, "Tags": tags }))
            .prop_map(call(Operation::TagResource)),
        (
            text(),
            tags(4),
            select(vec!["AWS_KMS", "EXTERNAL", "AWS_CLOUDHSM", "nonsense"]),
            any::<bool>()
        )
            .prop_map(|(description, tags, origin, multi_region)| {
                json!({
                    "Description": description,
                    "Tags": tags,
                    "Origin": origin,
                    "MultiRegion": multi_region,
                })
            })
            .prop_map(call(Operation::CreateKey)),
        (key_ref(), limit(), prop::option::of(marker()))
            .prop_map(|(key, limit, marker)| paged(json!({ "KeyId": key }), limit, marker))
            .prop_map(call(Operation::ListResourceTags)),
        (limit(), prop::option::of(marker()))
            .prop_map(|(limit, marker)| paged(json!({}), limit, marker))
            .prop_map(call(Operation::ListKeys)),
        (select(OPERATIONS.to_vec()), key_ref(), -1i64..40).prop_map(|(operation, key, days)| {
            let mut input = json!({ "KeyId": key });
            if operation == Operation::ScheduleKeyDeletion {
                input["PendingWindowInDays"] = json!(days);
            }
            (operation.name().to_owned(), input)
        }),
        (
            "alias/[a-z]{1,4}|alias/aws/[a-z]{1,3}|[a-z]{1,6}|\\{alias\\}",
            key_ref()
        )
            .prop_map(|(name, key)| json!({ "AliasName": name, "TargetKeyId": key }))
            .prop_map(call(Operation::CreateAlias)),
        ("alias/[a-z]{1,4}|\\{alias\\}")
            .prop_map(|name| json!({ "AliasName": name }))
            .prop_map(call(Operation::DeleteAlias)),
        (
            key_ref(),
            policy(),
            any::<bool>(),
            prop::option::of("default|other|")
        )
            .prop_map(|(key, policy, bypass, name)| {
                let mut input = json!({
                    "KeyId": key,
                    "Policy": policy,
                    "BypassPolicyLockoutSafetyCheck": bypass,
                });
                if let Some(name) = name {
                    input["PolicyName"] = json!(name);
                }
                input
            })
            .prop_map(call(Operation::PutKeyPolicy)),
        (
            key_ref(),
            select(vec!["us-west-2", "us-east-1", "eu-west-1", "Mars", ""]),
            tags(4),
            text()
        )
            .prop_map(|(key, region, tags, description)| {
                json!({
                    "KeyId": key,
                    "ReplicaRegion": region,
                    "Tags": tags,
                    "Description": description,
                })
            })
            .prop_map(call(Operation::ReplicateKey)),
    ]
    .boxed()
}

fn paged(mut input: Value, limit: Option<i64>, marker: Option<String>) -> Value {
    if let Some(limit) = limit {
        input["Limit"] = json!(limit);
    }
    if let Some(marker) = marker {
        input["Marker"] = json!(marker);
    }
    input
}

/// One way to spoil a body.
#[derive(Clone, Debug)]
pub(crate) enum Mutation {
    /// Drop the n-th member.
    Drop(usize),
    /// Give the n-th member another value.
    Replace(usize, Value),
    /// Add a member.
    Insert(String, Value),
    /// Wrap the n-th member in a list (a string for a list of strings, say).
    Wrap(usize),
    /// Replace an element of the n-th member, when it is a list.
    ReplaceElement(usize, usize, Value),
    /// Replace the whole body.
    Whole(Value),
}

fn mutation() -> BoxedStrategy<Mutation> {
    prop_oneof![
        2 => any::<usize>().prop_map(Mutation::Drop),
        3 => (any::<usize>(), json_value()).prop_map(|(at, value)| Mutation::Replace(at, value)),
        2 => (member_name(), json_value()).prop_map(|(name, value)| Mutation::Insert(name, value)),
        1 => any::<usize>().prop_map(Mutation::Wrap),
        2 => (any::<usize>(), any::<usize>(), json_value())
            .prop_map(|(at, element, value)| Mutation::ReplaceElement(at, element, value)),
        1 => json_value().prop_map(Mutation::Whole),
    ]
    .boxed()
}

/// `body` with `mutation` applied; members are counted in key order.
pub(crate) fn mutate(body: &mut Value, mutation: &Mutation) {
    if let Mutation::Whole(value) = mutation {
        *body = value.clone();
        return;
    }
    let Value::Object(members) = body else { return };
    if let Mutation::Insert(name, value) = mutation {
        members.insert(name.clone(), value.clone());
        return;
    }
    let names: Vec<String> = members.keys().cloned().collect();
    if names.is_empty() {
        return;
    }
    let nth = |at: &usize| names[at % names.len()].clone();
    match mutation {
        Mutation::Drop(at) => {
            members.remove(&nth(at));
        }
        Mutation::Replace(at, value) => {
            members.insert(nth(at), value.clone());
        }
        Mutation::Wrap(at) => {
            let name = nth(at);
            let inner = members.remove(&name).unwrap_or_default();
            members.insert(name, Value::Array(vec![inner]));
        }
        Mutation::ReplaceElement(at, element, value) => {
            if let Some(Value::Array(list)) = members.get_mut(&nth(at))
                && !list.is_empty()
            {
                let index = element % list.len();
                list[index] = value.clone();
            }
        }
        Mutation::Insert(..) | Mutation::Whole(_) => unreachable!("handled above"),
    }
}

/// An operation name: mostly one KMS has, sometimes not.
fn operation_name() -> BoxedStrategy<Option<String>> {
    prop_oneof![
        8 => Just(None),
        1 => select(OPERATIONS.to_vec()).prop_map(|o| Some(o.name().to_owned())),
        1 => prop_oneof!["[A-Za-z]{0,20}", any::<String>()].prop_map(Some),
    ]
    .boxed()
}

/// A call to the model: the operation (or the control operation) and its input.
#[derive(Clone, Debug)]
pub(crate) struct Attempt {
    /// `None` for the stub's control operation, `SetKeyState`.
    pub operation: Option<String>,
    pub input: Value,
    /// Which of the test callers sends it.
    pub caller: usize,
}

fn set_key_state() -> BoxedStrategy<Value> {
    (
        key_ref(),
        prop_oneof![
            select(vec![
                "Creating",
                "Enabled",
                "Disabled",
                "PendingDeletion",
                "PendingReplicaDeletion",
                "PendingImport",
                "Unavailable",
                "Updating",
            ])
            .prop_map(str::to_owned),
            text(),
        ],
    )
        .prop_map(|(key, state)| json!({ "KeyId": key, "KeyState": state }))
        .boxed()
}

/// No mutation half of the time: a valid call gets past validation and
/// exercises the state the earlier calls left.
fn mutations(most: usize) -> BoxedStrategy<Vec<Mutation>> {
    prop_oneof![
        Just(Vec::new()),
        prop::collection::vec(mutation(), 1..=most),
    ]
    .boxed()
}

/// A valid call, maybe renamed, with up to two mutations; or a random
/// body; or a `SetKeyState`.
pub(crate) fn attempt() -> BoxedStrategy<Attempt> {
    let caller = prop_oneof![6 => Just(0usize), 1 => 1usize..4];
    prop_oneof![
        6 => (valid_call(), operation_name(), mutations(2), caller.clone())
            .prop_map(|((operation, mut input), renamed, mutations, caller)| {
                for mutation in &mutations {
                    mutate(&mut input, mutation);
                }
                Attempt { operation: Some(renamed.unwrap_or(operation)), input, caller }
            }),
        1 => (select(OPERATIONS.to_vec()), json_value(), caller.clone()).prop_map(|(operation, input, caller)| {
            Attempt { operation: Some(operation.name().to_owned()), input, caller }
        }),
        1 => (set_key_state(), mutations(1), caller).prop_map(|(mut input, mutations, caller)| {
            for mutation in &mutations {
                mutate(&mut input, mutation);
            }
            Attempt { operation: None, input, caller }
        }),
    ]
    .boxed()
}

/// Replaces every placeholder in every string of `value` (keys included).
pub(crate) fn fill_in(value: &mut Value, names: &BTreeMap<&str, String>) {
    match value {
        Value::String(text) => *text = filled(text, names),
        Value::Array(items) => items.iter_mut().for_each(|item| fill_in(item, names)),
        Value::Object(members) => {
            let old = std::mem::take(members);
            *members = old
                .into_iter()
                .map(|(name, mut member)| {
                    fill_in(&mut member, names);
                    (filled(&name, names), member)
                })
                .collect::<Map<String, Value>>();
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

fn filled(text: &str, names: &BTreeMap<&str, String>) -> String {
    names
        .iter()
        .fold(text.to_owned(), |text, (placeholder, name)| {
            text.replace(placeholder, name)
        })
}

/// A request as it goes on the wire, before placeholders are filled in.
#[derive(Clone, Debug)]
pub(crate) struct RawRequest {
    pub target: Option<String>,
    pub content_type: Option<String>,
    pub body: RawBody,
    pub authorization: Authorization,
}

/// How a request is authorised.
#[derive(Clone, Debug)]
pub(crate) enum Authorization {
    /// Signed with SigV4, as a client would.
    Signed,
    /// Unsigned, with no `Authorization` header.
    Absent,
    /// Unsigned, with this `Authorization` header.
    Header(String),
}

/// A body: bytes as they are, or JSON whose placeholders are filled in.
#[derive(Clone, Debug)]
pub(crate) enum RawBody {
    Bytes(Vec<u8>),
    Json(Value),
}

/// A header value reqwest can send: printable ASCII.
fn header_text() -> BoxedStrategy<String> {
    "[ -~]{0,40}".boxed()
}

fn target_header() -> BoxedStrategy<Option<String>> {
    prop_oneof![
        1 => Just(None),
        4 => select(OPERATIONS.to_vec()).prop_map(|o| Some(o.target().to_owned())),
        1 => Just(Some("KmsConformanceStub.SetKeyState".to_owned())),
        1 => "TrentService\\.[ -~]{0,20}".prop_map(Some),
        1 => header_text().prop_map(Some),
    ]
    .boxed()
}

fn authorization() -> BoxedStrategy<Authorization> {
    prop_oneof![
        4 => Just(Authorization::Signed),
        1 => Just(Authorization::Absent),
        2 => prop_oneof![
            Just(String::new()),
            Just("AWS4-HMAC-SHA256".to_owned()),
            Just("AWS4-HMAC-SHA256 Credential=".to_owned()),
            Just("AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=00".to_owned()),
            Just("AWS4-HMAC-SHA256 Credential=444455556666/20260101/us-west-2/kms/aws4_request".to_owned()),
            Just("Basic dXNlcjpwYXNz".to_owned()),
            "AWS4-HMAC-SHA256 Credential=[ -~]{0,40}",
            header_text(),
        ].prop_map(Authorization::Header),
    ]
    .boxed()
}

/// Mostly a model [`Attempt`] sent under its own operation's target, so
/// the body gets past the adapter; sometimes bytes or a target of its own.
pub(crate) fn raw_request() -> BoxedStrategy<RawRequest> {
    let own_target = |attempt: &Attempt| match &attempt.operation {
        Some(operation) => Some(format!("{TARGET_PREFIX}{operation}")),
        None => Some("KmsConformanceStub.SetKeyState".to_owned()),
    };
    (
        attempt(),
        prop_oneof![3 => Just(None), 1 => target_header().prop_map(Some)],
        prop_oneof![
            3 => Just(None),
            1 => prop::collection::vec(any::<u8>(), 0..200).prop_map(Some),
            1 => Just(Some(Vec::new())),
        ],
        prop_oneof![
            4 => Just(Some("application/x-amz-json-1.1".to_owned())),
            1 => Just(None),
            1 => header_text().prop_map(Some),
        ],
        authorization(),
    )
        .prop_map(
            move |(attempt, target, bytes, content_type, authorization)| RawRequest {
                target: target.unwrap_or_else(|| own_target(&attempt)),
                content_type,
                body: bytes.map_or(RawBody::Json(attempt.input), RawBody::Bytes),
                authorization,
            },
        )
        .boxed()
}
