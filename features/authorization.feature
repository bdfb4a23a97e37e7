@untag @authorization
Feature: UntagResource is authorized by the key policy
  "Required permissions: kms:UntagResource (key policy)." A key policy that
  denies it, or allows everything else but not it, refuses the call, and a
  refused call changes nothing. Every policy here names the caller by its
  account (the suite cannot know the caller's ARN), and leaves it
  PutKeyPolicy, ScheduleKeyDeletion and the reads the scenario needs, so
  cleanup works on a real account. Before the call under test, a probe
  that changes nothing either way waits, within --auth-settle, until the
  policy is in force.

  @rec @contract.129 @contract.127 @contract.130
  Scenario: An explicit Deny of kms:UntagResource refuses the call and changes nothing
    Given a key with the tags:
      | TagKey | TagValue |
      | env    | prod     |
      | team   | payments |
    And the key policy is:
      """
      {"Version": "2012-10-17", "Statement": [
        {"Sid": "Enable IAM User Permissions", "Effect": "Allow",
         "Principal": {"AWS": "arn:{partition}:iam::{account}:root"}, "Action": "kms:*", "Resource": "*"},
        {"Sid": "NoUntagging", "Effect": "Deny", "Principal": {"AWS": "*"},
         "Action": "kms:UntagResource", "Resource": "*",
         "Condition": {"StringEquals": {"kms:CallerAccount": "{account}"}}}]}
      """
    And the key policy is in force: untagging "kms-conformance-probe" is refused
    When I untag the key, removing "env"
    Then the call fails with AccessDeniedException and the message begins "User: <caller ARN> is not authorized to perform: kms:UntagResource on resource: {key-arn}"
    And the key's tags are unchanged

  @doc @contract.127 @contract.130
  Scenario: A key policy that allows everything but kms:UntagResource refuses it without any Deny
    Given a key with the tags:
      | TagKey | TagValue |
      | env    | prod     |
      | team   | payments |
    And the key policy is:
      """
      {"Version": "2012-10-17", "Statement": [
        {"Sid": "AllButUntagging", "Effect": "Allow", "Principal": {"AWS": "*"},
         "NotAction": "kms:UntagResource", "Resource": "*",
         "Condition": {"StringEquals": {"kms:CallerAccount": "{account}"}}}]}
      """
    And the key policy is in force: untagging "kms-conformance-probe" is refused
    When I untag the key, removing "env"
    Then the call fails with AccessDeniedException
    And the key's tags are unchanged

  @unk @contract.154 @contract.153
  Scenario: A key policy Deny on aws:ResourceTag refuses the untag whole or lets it through whole
    Given a key with the tags:
      | TagKey     | TagValue |
      | quarantine | true     |
      | env        | prod     |
    And the key policy is:
      """
      {"Version": "2012-10-17", "Statement": [
        {"Sid": "Enable IAM User Permissions", "Effect": "Allow",
         "Principal": {"AWS": "arn:{partition}:iam::{account}:root"}, "Action": "kms:*", "Resource": "*"},
        {"Sid": "QuarantinedKeysKeepTheirTags", "Effect": "Deny", "Principal": {"AWS": "*"},
         "Action": "kms:UntagResource", "Resource": "*",
         "Condition": {"StringEquals": {"kms:CallerAccount": "{account}",
                                        "aws:ResourceTag/quarantine": "true"}}}]}
      """
    When I untag the key, removing "env"
    Then the call either succeeds with no output or is refused with a 400 JSON error
    And if it succeeded, the key has exactly the tags:
      | TagKey     | TagValue |
      | quarantine | true     |
    And if it was refused, the key's tags are unchanged

  # An evaluator that matches actions by their ends, or by a substring, reads
  # kms:TagResource into kms:UntagResource. The second Deny only lets the
  # probe see the policy in force; it names a tag key the scenario never uses.
  @doc @contract.127
  Scenario: A Deny of kms:TagResource does not refuse UntagResource
    Given a key with the tags:
      | TagKey | TagValue |
      | env    | prod     |
      | team   | payments |
    And the key policy is:
      """
      {"Version": "2012-10-17", "Statement": [
        {"Sid": "Enable IAM User Permissions", "Effect": "Allow",
         "Principal": {"AWS": "arn:{partition}:iam::{account}:root"}, "Action": "kms:*", "Resource": "*"},
        {"Sid": "NoTagging", "Effect": "Deny", "Principal": {"AWS": "*"},
         "Action": "kms:TagResource", "Resource": "*",
         "Condition": {"StringEquals": {"kms:CallerAccount": "{account}"}}},
        {"Sid": "ShowsThePolicyInForce", "Effect": "Deny", "Principal": {"AWS": "*"},
         "Action": "kms:UntagResource", "Resource": "*",
         "Condition": {"StringEquals": {"kms:CallerAccount": "{account}"},
                       "ForAnyValue:StringEquals": {"aws:TagKeys": ["kms-conformance-probe"]}}}]}
      """
    And the key policy is in force: untagging "kms-conformance-probe" is refused
    When I untag the key, removing "env"
    Then the call succeeds with no output
    And the key has exactly the tags:
      | TagKey | TagValue |
      | team   | payments |
