use super::*;

#[test]
fn one_violation_reads_like_aws() {
    let mut violations = Violations::default();
    violations.length("tags.1.member.tagKey", &"k".repeat(129), 1, 128);
    let error = violations.finish().expect_err("violated");
    assert_eq!(error.error_type, ErrorCode::ValidationException);
    assert_eq!(
        error.message,
        format!(
            "1 validation error detected: Value '{}' at 'tags.1.member.tagKey' failed to \
             satisfy constraint: Member must have length less than or equal to 128",
            "k".repeat(129)
        )
    );
}

#[test]
fn several_violations_are_counted_and_joined() {
    let mut violations = Violations::default();
    violations.required::<&str>("keyId", None);
    violations.required::<&str>("tagKeys", None);
    let error = violations.finish().expect_err("violated");
    assert!(
        error
            .message
            .starts_with("2 validation errors detected: Value null at 'keyId'")
    );
    assert!(error.message.contains("; Value null at 'tagKeys'"));
}
