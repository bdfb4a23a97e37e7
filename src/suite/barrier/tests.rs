use std::time::Duration;

use super::*;
use crate::endpoint::Via;
use crate::wire::SentRequest;

fn key(tags: usize, created: bool, pending: bool) -> TrackedKey {
    let tags: Vec<TagPair> = (1..=tags)
        .map(|i| (format!("tag-{i:02}"), format!("value-{i:02}")))
        .collect();
    TrackedKey {
        id: "1234abcd-12ab-34cd-56ef-1234567890ab".into(),
        arn: "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab".into(),
        via: Via::Primary,
        baseline: tags.clone(),
        confirmed: Some(tags),
        confirmed_at: None,
        barriers: 0,
        created,
        deletion_scheduled: pending,
    }
}

fn call(operation: Operation, body: &str) -> Exchange {
    Exchange {
        operation: Some(operation.name().into()),
        request: SentRequest {
            method: "POST".into(),
            url: "http://127.0.0.1/".into(),
            headers: vec![],
            body: body.as_bytes().to_vec(),
        },
        status: 400,
        headers: vec![],
        body: Vec::new(),
        elapsed: Duration::ZERO,
        throttled: 0,
        resent: None,
        transient: 0,
    }
}

fn untag(keys: &str) -> Exchange {
    call(
        Operation::UntagResource,
        &format!(r#"{{"KeyId": "k", "TagKeys": [{keys}]}}"#),
    )
}

#[test]
fn a_key_of_the_runs_own_with_room_takes_the_sentinel() {
    let plan = plan(&key(2, true, false), Some(&untag(r#""tag-01""#)));
    assert_eq!(
        plan,
        Plan::Barrier {
            cancel: false,
            mark: Mark::Sentinel
        }
    );
}

#[test]
fn rows_49_and_53_a_key_pending_deletion_is_cancelled_first() {
    let plan = plan(&key(2, true, true), Some(&untag(r#""tag-01""#)));
    assert_eq!(
        plan,
        Plan::Barrier {
            cancel: true,
            mark: Mark::Sentinel
        }
    );
}

#[test]
fn row_64_a_full_key_has_one_of_its_tags_the_call_did_not_name_overwritten() {
    let tagged = call(
        Operation::TagResource,
        r#"{"KeyId": "k", "Tags": [{"TagKey": "tag-50", "TagValue": "x"}]}"#,
    );
    let plan = plan(&key(50, true, false), Some(&tagged));
    assert_eq!(
        plan,
        Plan::Barrier {
            cancel: false,
            mark: Mark::Overwrite(("tag-49".into(), "value-49".into()))
        }
    );
    // 49 tags and the sentinel would leave no room for one more.
    assert!(matches!(
        super::plan(&key(49, true, false), None),
        Plan::Barrier {
            mark: Mark::Overwrite(_),
            ..
        }
    ));
    assert!(matches!(
        super::plan(&key(48, true, false), None),
        Plan::Barrier {
            mark: Mark::Sentinel,
            ..
        }
    ));
}

#[test]
fn the_aws_managed_key_untagged_has_nothing_to_lose_and_nothing_to_wait_for() {
    let managed = key(0, false, false);
    assert_eq!(
        plan(&managed, Some(&untag(r#""env""#))),
        Plan::NothingToLose
    );
    // A key of someone else's that holds tags could lose them: wait.
    assert!(matches!(
        plan(&key(1, false, false), Some(&untag(r#""env""#))),
        Plan::WaitOut(_)
    ));
    // A call that could add a tag is no untag.
    let tagged = call(
        Operation::TagResource,
        r#"{"KeyId": "k", "Tags": [{"TagKey": "a", "TagValue": "b"}]}"#,
    );
    assert!(matches!(plan(&managed, Some(&tagged)), Plan::WaitOut(_)));
}

#[test]
fn an_overwritten_tag_reads_back_as_its_own_value_and_the_sentinel_not_at_all() {
    let Some(Mark::Overwrite(tag)) = Mark::for_key(&key(50, true, false).baseline, &[]) else {
        panic!("a full key gets an overwrite");
    };
    assert_eq!(tag.0, "tag-50");
    let shown = marks::Shown::for_tests(&tag.0, "fresh", Some(&tag.1));
    let listed = vec![
        ("tag-50".to_owned(), "fresh".to_owned()),
        (SENTINEL_KEY.to_owned(), "1".to_owned()),
        ("tag-01".to_owned(), "value-01".to_owned()),
    ];
    assert!(shown.is_in(&listed));
    assert_eq!(
        shown.left_out(listed),
        vec![
            ("tag-50".to_owned(), "value-50".to_owned()),
            ("tag-01".to_owned(), "value-01".to_owned()),
        ]
    );
    let stale = vec![("tag-50".to_owned(), "value-50".to_owned())];
    assert!(!shown.is_in(&stale));
}
