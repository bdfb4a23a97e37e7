use super::*;

#[test]
fn aws_regional_endpoints_move_with_the_region() {
    assert_eq!(
        endpoint_in_region(
            "https://kms.us-east-1.amazonaws.com/",
            "us-east-1",
            "us-west-2"
        ),
        "https://kms.us-west-2.amazonaws.com/"
    );
    assert_eq!(
        endpoint_in_region("http://127.0.0.1:4566/", "us-east-1", "us-west-2"),
        "http://127.0.0.1:4566/"
    );
    assert!(!is_aws_endpoint("http://amazonaws.com.evil.example/"));
}
