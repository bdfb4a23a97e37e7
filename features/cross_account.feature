@untag @cross-account
Feature: UntagResource never crosses accounts
  The Developer Guide lists UntagResource as "Cross-account use: No". A key
  ARN naming another account must fail, even when that key's policy allows
  the caller's account, and must never act on the caller's own key that
  happens to have the same key ID.

  @doc @contract.23
  Scenario: An ARN naming another account does not touch the caller's key with that key ID
    Given a key with the tags:
      | TagKey | TagValue |
      | env    | prod     |
      | team   | payments |
    When I untag the key by an ARN naming another account, removing "env"
    Then the call is refused with a 400 JSON error
    And the key's tags are unchanged

  @doc @requires.second-account @contract.23
  Scenario: Another account's key cannot be untagged through its key ARN
    Given a key with no tags
    And a key in the second account with the tags:
      | TagKey | TagValue |
      | env    | prod     |
      | team   | payments |
    And the second account's key policy is:
      """
      {"Version": "2012-10-17", "Statement": [
        {"Sid": "Enable IAM User Permissions", "Effect": "Allow",
         "Principal": {"AWS": "arn:{partition}:iam::{second-account}:root"}, "Action": "kms:*", "Resource": "*"},
        {"Sid": "EvenWhenTheOtherAccountIsAllowed", "Effect": "Allow",
         "Principal": {"AWS": "arn:{partition}:iam::{account}:root"}, "Action": "kms:*", "Resource": "*"}]}
      """
    When I untag the second account's key by its key ARN, removing "env"
    Then the call is refused with a 400 JSON error
    And the second account's key's tags are unchanged
