use super::*;

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "kms-conformance-store-{name}-{}",
        uuid::Uuid::new_v4().simple()
    ));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn document(scenario: &str) -> Document {
    Document {
        scenario: scenario.to_owned(),
        verdict: "passed".to_owned(),
        exchanges: Vec::new(),
    }
}

#[test]
fn names_become_file_names() {
    assert_eq!(
        slug("An ARN naming another account does not touch the caller's key with that key ID"),
        "an_arn_naming_another_account_does_not_touch_the_callers_key_with_that_key_id"
    );
    assert_eq!(
        slug("A tag key starting with aws: either is refused"),
        "a_tag_key_starting_with_aws_either_is_refused"
    );
    assert_eq!(
        slug("TagKeys null is a ValidationException"),
        "tagkeys_null_is_a_validationexception"
    );
}

#[test]
fn a_written_snapshot_reads_back_through_insta() {
    let folder = Folder::new(temp_dir("roundtrip"));
    let scenario = "A tag key starting with aws: either is refused, or \"not\"";
    let path = folder
        .write(&document(scenario), Path::new("features/x.feature"), false)
        .expect("written");
    let stored = folder.read(scenario).expect("readable").expect("present");
    assert_eq!(folder.path(scenario), path, "it reads the file it wrote");
    assert_eq!(stored.document, document(scenario).to_value());
    let snapshot = insta::Snapshot::from_file(&path).expect("insta reads it");
    assert_eq!(snapshot.metadata().description(), Some(scenario));
    assert_eq!(snapshot.metadata().source(), Some("features/x.feature"));
    std::fs::remove_dir_all(folder.dir).expect("cleaned up");
}

#[test]
fn insta_rewrites_an_accepted_snapshot_byte_for_byte() {
    // `cargo insta review` re-serialises what it accepts; if its bytes
    // differed from ours, every later update would churn the file.
    let folder = Folder::new(temp_dir("accept"));
    for scenario in ["Plain name", "Quoted: 'yes'", "yes", "- dash", "100"] {
        let path = folder
            .write(&document(scenario), Path::new("features/x.feature"), true)
            .expect("written");
        let accepted = folder.dir.join("accepted.snap");
        insta::Snapshot::from_file(&path)
            .expect("insta reads it")
            .save(&accepted)
            .expect("insta writes it");
        assert_eq!(
            std::fs::read_to_string(&accepted).expect("read"),
            std::fs::read_to_string(&path).expect("read"),
            "{scenario}"
        );
    }
    std::fs::remove_dir_all(folder.dir).expect("cleaned up");
}

#[test]
fn a_missing_snapshot_is_none_and_a_broken_one_an_error() {
    let folder = Folder::new(temp_dir("broken"));
    assert!(folder.read("Nothing here").expect("no error").is_none());
    std::fs::write(folder.path("Broken"), "---\nsource: x\n---\nnot json\n").expect("write");
    assert!(folder.read("Broken").is_err());
    std::fs::remove_dir_all(folder.dir).expect("cleaned up");
}
