@untag @authorization
Feature: A key policy can protect one tag from removal
  "Tagging or untagging a KMS key can allow or deny permission to the KMS
  key." What KMS's own API can show of it: aws:TagKeys holds the tag keys an
  UntagResource request names, so a key policy can deny removing one tag
  while the others stay removable. The key gets the protected tag only once
  the policy is in force, so that the probe for it changes nothing.

  Background:
    Given a key with the tags:
      | TagKey | TagValue |
      | env    | prod     |
    And the key policy is:
      """
      {"Version": "2012-10-17", "Statement": [
        {"Sid": "Enable IAM User Permissions", "Effect": "Allow",
         "Principal": {"AWS": "arn:{partition}:iam::{account}:root"}, "Action": "kms:*", "Resource": "*"},
        {"Sid": "KeepTheOwnerTag", "Effect": "Deny", "Principal": {"AWS": "*"},
         "Action": "kms:UntagResource", "Resource": "*",
         "Condition": {"StringEquals": {"kms:CallerAccount": "{account}"},
                       "ForAnyValue:StringEquals": {"aws:TagKeys": ["owner"]}}}]}
      """
    And the key policy is in force: untagging "owner" is refused
    And the key is tagged with:
      | TagKey | TagValue |
      | owner  | alice    |

  @doc @contract.128 @contract.130
  Scenario: Removing the protected tag is refused
    When I untag the key, removing "owner"
    Then the call fails with AccessDeniedException
    And the key's tags are unchanged

  @doc @contract.128 @contract.130
  Scenario: Removing the protected tag together with another removes neither
    When I untag the key, removing "env", "owner"
    Then the call fails with AccessDeniedException
    And the key's tags are unchanged

  @doc @contract.128
  Scenario: The other tags of a key that protects one stay removable
    When I untag the key, removing "env"
    Then the call succeeds with no output
    And the key has exactly the tags:
      | TagKey | TagValue |
      | owner  | alice    |
