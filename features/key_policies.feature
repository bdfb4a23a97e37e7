@key-policies
Feature: Key policies are put, read and checked
  Every key has one key policy, named default. PutKeyPolicy replaces it and
  GetKeyPolicy reads it. A document that is not a valid policy is refused, and
  so is one under which the caller could no longer call PutKeyPolicy, unless
  the lockout safety check is bypassed. Even that policy leaves the caller
  ScheduleKeyDeletion and the reads, so cleanup works on a real account.

  Background:
    Given a key with the tags:
      | TagKey | TagValue |
      | env    | prod     |

  @doc @contract.121 @contract.122
  Scenario: The policy PutKeyPolicy puts is the one GetKeyPolicy returns
    When I put the key policy:
      """
      {"Version": "2012-10-17", "Statement": [
        {"Sid": "Enable IAM User Permissions", "Effect": "Allow",
         "Principal": {"AWS": "arn:{partition}:iam::{account}:root"}, "Action": "kms:*", "Resource": "*"},
        {"Sid": "NoDisabling", "Effect": "Deny", "Principal": {"AWS": "*"},
         "Action": "kms:DisableKey", "Resource": "*",
         "Condition": {"StringEquals": {"kms:CallerAccount": "{account}"}}}]}
      """
    Then the call succeeds with no output
    And the key policy is the one I put

  @doc @contract.121
  Scenario: PutKeyPolicy answers success with an empty body
    When I put the key policy:
      """
      {"Version": "2012-10-17", "Statement": [
        {"Sid": "Enable IAM User Permissions", "Effect": "Allow",
         "Principal": {"AWS": "arn:{partition}:iam::{account}:root"}, "Action": "kms:*", "Resource": "*"}]}
      """
    Then the call succeeds with no output
    And the response body is empty

  @doc @contract.155 @contract.122
  Scenario: GetKeyPolicy without a PolicyName reads the policy named default
    When I send the operation "GetKeyPolicy" with the body:
      """
      {"KeyId": "{key-id}"}
      """
    Then the call succeeds
    And the response's "PolicyName" is "default"

  @doc @contract.124
  Scenario: A key policy that is not JSON is refused
    When I put the key policy:
      """
      Allow everything to everyone
      """
    Then the call fails with MalformedPolicyDocumentException
    And the key policy is unchanged

  # No KMS source says it checks Effect: that a document with another
  # Effect is not "semantically correct" is inferred (contract row 124).
  @inf @contract.124
  Scenario: A key policy whose Effect is neither Allow nor Deny is refused
    When I put the key policy:
      """
      {"Version": "2012-10-17", "Statement": [
        {"Sid": "Enable IAM User Permissions", "Effect": "Permit",
         "Principal": {"AWS": "arn:{partition}:iam::{account}:root"}, "Action": "kms:*", "Resource": "*"}]}
      """
    Then the call is refused with a 400 JSON error
    And the key policy is unchanged

  @rec @contract.126
  Scenario: A key policy that would lock the caller out of PutKeyPolicy is refused
    When I put the key policy:
      """
      {"Version": "2012-10-17", "Statement": [
        {"Sid": "AllButPolicyChanges", "Effect": "Allow", "Principal": {"AWS": "*"},
         "NotAction": "kms:PutKeyPolicy", "Resource": "*",
         "Condition": {"StringEquals": {"kms:CallerAccount": "{account}"}}}]}
      """
    Then the call fails with MalformedPolicyDocumentException and the message "The new key policy will not allow you to update the key policy in the future."
    And the key policy is unchanged

  @doc @contract.126
  Scenario: The lockout safety check can be bypassed
    When I put the key policy, bypassing the lockout safety check:
      """
      {"Version": "2012-10-17", "Statement": [
        {"Sid": "AllButPolicyChanges", "Effect": "Allow", "Principal": {"AWS": "*"},
         "NotAction": "kms:PutKeyPolicy", "Resource": "*",
         "Condition": {"StringEquals": {"kms:CallerAccount": "{account}"}}}]}
      """
    Then the call succeeds with no output
    And the key policy is the one I put
