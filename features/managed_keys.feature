@untag @managed-keys
Feature: AWS managed keys cannot be untagged
  "You cannot tag an AWS managed key." The AWS managed key for S3 is the one
  behind alias/aws/s3; KMS creates it the first time it is asked for.

  @inf @contract.32
  Scenario: Untagging the AWS managed key for S3 is refused
    Given the AWS managed key for S3
    When I untag the key, removing "env"
    Then the call is refused with a 400 JSON error
    And the key's tags are unchanged
