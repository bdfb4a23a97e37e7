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

#[test]
fn each_partition_has_its_own_domain_and_iam_endpoint() {
    assert_eq!(
        regional_endpoint("kms", "eu-west-1"),
        "https://kms.eu-west-1.amazonaws.com/"
    );
    assert_eq!(
        regional_endpoint("kms", "cn-northwest-1"),
        "https://kms.cn-northwest-1.amazonaws.com.cn/"
    );
    assert_eq!(
        regional_endpoint("sts", "us-gov-east-1"),
        "https://sts.us-gov-east-1.amazonaws.com/"
    );
    assert_eq!(Partition::of("cn-north-1").name(), "aws-cn");
    assert_eq!(Partition::of("us-gov-west-1").name(), "aws-us-gov");
    assert_eq!(Partition::of("ap-southeast-7").name(), "aws");
    assert_eq!(
        Partition::of("us-gov-east-1").iam_endpoint(),
        ("https://iam.us-gov.amazonaws.com/", "us-gov-west-1")
    );
    assert!(is_aws_endpoint(Partition::China.iam_endpoint().0));
}
