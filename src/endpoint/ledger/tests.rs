//! The ledger in memory and on disk, and what it says is left to clean up.

use std::io::Write;

use super::*;

#[test]
fn a_scheduled_key_and_a_deleted_alias_are_no_longer_outstanding() {
    let ledger = Ledger::in_memory("run-1", "http://127.0.0.1:1/");
    ledger.created(Via::Primary, "us-east-1", "k1", "arn:k1");
    ledger.created(Via::SecondAccount, "us-east-1", "k2", "arn:k2");
    ledger.alias(Via::Primary, "us-east-1", "alias/a");
    ledger.scheduled("arn:k1");
    ledger.alias_deleted("alias/a", "us-east-1");
    let outstanding = ledger.outstanding();
    assert_eq!(outstanding.keys.len(), 1);
    assert_eq!(outstanding.keys[0].key_id, "k2");
    assert!(outstanding.aliases.is_empty());
    ledger.deletion_cancelled("arn:k1");
    assert_eq!(
        ledger.outstanding().keys.len(),
        2,
        "a cancelled deletion is outstanding again"
    );
}

#[test]
fn an_on_disk_ledger_survives_the_run_and_tolerates_a_torn_last_line() {
    let dir = std::env::temp_dir().join(format!("kms-conformance-ledger-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let ledger = Ledger::on_disk(&dir, "run-2", "http://127.0.0.1:1/").expect("ledger");
    ledger.created(Via::Primary, "eu-west-1", "k1", "arn:k1");
    let path = ledger.path().expect("a file").to_path_buf();
    drop(ledger);
    std::fs::OpenOptions::new()
        .append(true)
        .open(&path)
        .and_then(|mut f| f.write_all(b"{\"event\":\"creat"))
        .expect("torn line");
    let ledgers = read_all(&dir).expect("readable");
    assert_eq!(ledgers.len(), 1);
    assert_eq!(Outstanding::of(&ledgers[0].1).keys.len(), 1);
    append(
        &path,
        &[Entry::Scheduled {
            arn: "arn:k1".into(),
        }],
    )
    .expect("appends");
    assert!(Outstanding::of(&read_all(&dir).expect("readable")[0].1).is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_description_carries_the_marker_and_the_run() {
    let description = key_description("123-abc", "A scenario");
    assert!(description.starts_with(DESCRIPTION_MARKER));
    assert!(description.contains("123-abc"));
}

#[test]
fn replicas_come_first_with_their_primary_and_old_lines_still_read() {
    let ledger = Ledger::in_memory("run-3", "http://127.0.0.1:1/");
    ledger.created(Via::Primary, "us-east-1", "mrk-1", "arn:primary");
    ledger.created(Via::Primary, "us-east-1", "k2", "arn:single");
    ledger.replica(
        Via::OtherRegion,
        "us-west-2",
        "mrk-1",
        "arn:replica",
        "arn:primary",
    );
    let keys = ledger.outstanding().keys;
    let arns: Vec<&str> = keys.iter().map(|k| k.arn.as_str()).collect();
    assert_eq!(arns, ["arn:replica", "arn:primary", "arn:single"]);
    assert_eq!(keys[0].primary.as_deref(), Some("arn:primary"));
    assert_eq!(keys[0].region, "us-west-2");
    // A primary pending replica deletion is recorded as scheduled.
    ledger.scheduled("arn:primary");
    assert!(
        ledger
            .outstanding()
            .keys
            .iter()
            .all(|k| k.arn != "arn:primary")
    );
    // A ledger written before replicas were recorded has no `primary`.
    let old = r#"{"event":"created","run":"r","endpoint":"e","owner":"primary","region":"us-east-1","key_id":"k","arn":"a","at":1}"#;
    let entry: Entry = serde_json::from_str(old).expect("an old line reads");
    assert_eq!(Outstanding::of(&[entry]).keys[0].primary, None);
    let line = serde_json::to_string(&Entry::Scheduled { arn: "a".into() }).expect("json");
    assert!(!line.contains("primary"));
}

#[test]
fn a_role_is_outstanding_from_before_its_creation_until_it_is_deleted() {
    let ledger = Ledger::in_memory("run-3", "http://127.0.0.1:1/");
    ledger.role("kms-conformance-a");
    ledger.role("kms-conformance-b");
    assert!(!ledger.outstanding().is_empty());
    ledger.role_deleted("kms-conformance-a");
    let outstanding = ledger.outstanding();
    assert_eq!(
        outstanding.roles,
        [OutstandingRole {
            name: "kms-conformance-b".to_owned(),
            endpoint: "http://127.0.0.1:1/".to_owned(),
        }]
    );
    ledger.role_deleted("kms-conformance-b");
    assert!(ledger.outstanding().is_empty());
}
