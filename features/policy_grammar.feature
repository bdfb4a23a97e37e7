@untag @authorization
Feature: A key policy means what its grammar says
  A statement applies only to the principals it names; ForAllValues: asks
  every tag key of the request to match and ForAnyValue: one, and on a
  request that carries no value for the key the first holds and the second
  does not, in an Allow as in a Deny; action names and condition key names
  ignore case, while condition values compare as their operator says. An
  evaluator can get any of these wrong while a Deny or an Allow by action
  still works. Every statement that names someone else also requires the
  caller's account, so on a correct KMS it grants or denies nothing to
  anyone; every policy leaves the caller PutKeyPolicy, ScheduleKeyDeletion
  and the reads, in the same statement, so cleanup works on a real account.
  The statement ShowsThePolicyInForce refuses only the probe's tag key, so
  that the probe sees the policy in force however the rest is read.

  @doc @contract.206 @contract.127 @contract.130
  Scenario: An Allow that names only an AWS service does not let the caller untag
    Given a key with the tags:
      | TagKey | TagValue |
      | env    | prod     |
      | team   | payments |
    And the key policy is:
      """
      {"Version": "2012-10-17", "Statement": [
        {"Sid": "AllButUntagging", "Effect": "Allow", "Principal": {"AWS": "*"},
         "NotAction": "kms:UntagResource", "Resource": "*",
         "Condition": {"StringEquals": {"kms:CallerAccount": "{account}"}}},
        {"Sid": "UntaggingForAServiceOnly", "Effect": "Allow",
         "Principal": {"Service": "cloudtrail.amazonaws.com"},
         "Action": "kms:UntagResource", "Resource": "*",
         "Condition": {"StringEquals": {"kms:CallerAccount": "{account}"}}},
        {"Sid": "ShowsThePolicyInForce", "Effect": "Deny", "Principal": {"AWS": "*"},
         "Action": "kms:UntagResource", "Resource": "*",
         "Condition": {"StringEquals": {"kms:CallerAccount": "{account}"},
                       "ForAnyValue:StringEquals": {"aws:TagKeys": ["kms-conformance-probe"]}}}]}
      """
    And the key policy is in force: untagging "kms-conformance-probe" is refused
    When I untag the key, removing "env"
    Then the call fails with AccessDeniedException
    And the key's tags are unchanged

  # The second account's key is made only to learn that account's ID: a key
  # policy may name only principals that exist (PutKeyPolicy refuses others).
  @doc @requires.second-account @contract.206 @contract.127 @contract.130
  Scenario: An Allow that names only another account does not let the caller untag
    Given a key with the tags:
      | TagKey | TagValue |
      | env    | prod     |
      | team   | payments |
    And a key in the second account with the tags:
      | TagKey | TagValue |
      | env    | prod     |
    And the key policy is:
      """
      {"Version": "2012-10-17", "Statement": [
        {"Sid": "AllButUntagging", "Effect": "Allow", "Principal": {"AWS": "*"},
         "NotAction": "kms:UntagResource", "Resource": "*",
         "Condition": {"StringEquals": {"kms:CallerAccount": "{account}"}}},
        {"Sid": "UntaggingForTheOtherAccountOnly", "Effect": "Allow",
         "Principal": {"AWS": "arn:{partition}:iam::{second-account}:root"},
         "Action": "kms:UntagResource", "Resource": "*",
         "Condition": {"StringEquals": {"kms:CallerAccount": "{account}"}}},
        {"Sid": "ShowsThePolicyInForce", "Effect": "Deny", "Principal": {"AWS": "*"},
         "Action": "kms:UntagResource", "Resource": "*",
         "Condition": {"StringEquals": {"kms:CallerAccount": "{account}"},
                       "ForAnyValue:StringEquals": {"aws:TagKeys": ["kms-conformance-probe"]}}}]}
      """
    And the key policy is in force: untagging "kms-conformance-probe" is refused
    When I untag the key, removing "env"
    Then the call fails with AccessDeniedException
    And the key's tags are unchanged

  @doc @contract.206
  Scenario: A Deny that names only an AWS service does not refuse the caller
    Given a key with the tags:
      | TagKey | TagValue |
      | env    | prod     |
      | team   | payments |
    And the key policy is:
      """
      {"Version": "2012-10-17", "Statement": [
        {"Sid": "Enable IAM User Permissions", "Effect": "Allow",
         "Principal": {"AWS": "arn:{partition}:iam::{account}:root"}, "Action": "kms:*", "Resource": "*"},
        {"Sid": "NoUntaggingForAService", "Effect": "Deny",
         "Principal": {"Service": "cloudtrail.amazonaws.com"},
         "Action": "kms:UntagResource", "Resource": "*"},
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

  @doc @contract.207 @contract.127 @contract.130
  Scenario: Under ForAllValues, an Allow refuses a request that names a tag key it does not list
    Given a key with the tags:
      | TagKey | TagValue |
      | env    | prod     |
      | team   | payments |
      | owner  | alice    |
    And the key policy is:
      """
      {"Version": "2012-10-17", "Statement": [
        {"Sid": "AllButUntagging", "Effect": "Allow", "Principal": {"AWS": "*"},
         "NotAction": "kms:UntagResource", "Resource": "*",
         "Condition": {"StringEquals": {"kms:CallerAccount": "{account}"}}},
        {"Sid": "UntagListedKeysOnly", "Effect": "Allow", "Principal": {"AWS": "*"},
         "Action": "kms:UntagResource", "Resource": "*",
         "Condition": {"StringEquals": {"kms:CallerAccount": "{account}"},
                       "ForAllValues:StringEquals": {"aws:TagKeys": ["env", "team"]}}}]}
      """
    And the key policy is in force: untagging "kms-conformance-probe" is refused
    When I untag the key, removing "env", "owner"
    Then the call fails with AccessDeniedException
    And the key's tags are unchanged

  @doc @contract.207
  Scenario: Under ForAllValues, an Allow lets the caller remove tag keys it lists
    Given a key with the tags:
      | TagKey | TagValue |
      | env    | prod     |
      | team   | payments |
      | owner  | alice    |
    And the key policy is:
      """
      {"Version": "2012-10-17", "Statement": [
        {"Sid": "AllButUntagging", "Effect": "Allow", "Principal": {"AWS": "*"},
         "NotAction": "kms:UntagResource", "Resource": "*",
         "Condition": {"StringEquals": {"kms:CallerAccount": "{account}"}}},
        {"Sid": "UntagListedKeysOnly", "Effect": "Allow", "Principal": {"AWS": "*"},
         "Action": "kms:UntagResource", "Resource": "*",
         "Condition": {"StringEquals": {"kms:CallerAccount": "{account}"},
                       "ForAllValues:StringEquals": {"aws:TagKeys": ["env", "team"]}}}]}
      """
    And the key policy is in force: untagging "kms-conformance-probe" is refused
    When I untag the key, removing "env", "team"
    Then the call succeeds with no output
    And the key has exactly the tags:
      | TagKey | TagValue |
      | owner  | alice    |

  @doc @contract.207
  Scenario: Under ForAnyValue, an Allow lets a request that names one listed tag key remove every key it names
    Given a key with the tags:
      | TagKey | TagValue |
      | env    | prod     |
      | team   | payments |
      | owner  | alice    |
    And the key policy is:
      """
      {"Version": "2012-10-17", "Statement": [
        {"Sid": "AllButUntagging", "Effect": "Allow", "Principal": {"AWS": "*"},
         "NotAction": "kms:UntagResource", "Resource": "*",
         "Condition": {"StringEquals": {"kms:CallerAccount": "{account}"}}},
        {"Sid": "UntagWithEnv", "Effect": "Allow", "Principal": {"AWS": "*"},
         "Action": "kms:UntagResource", "Resource": "*",
         "Condition": {"StringEquals": {"kms:CallerAccount": "{account}"},
                       "ForAnyValue:StringEquals": {"aws:TagKeys": ["env"]}}}]}
      """
    And the key policy is in force: untagging "kms-conformance-probe" is refused
    When I untag the key, removing "env", "owner"
    Then the call succeeds with no output
    And the key has exactly the tags:
      | TagKey | TagValue |
      | team   | payments |

  @doc @contract.207
  Scenario: Under ForAllValues, a Deny applies only when every requested tag key is listed
    Given a key with the tags:
      | TagKey | TagValue |
      | env    | prod     |
      | team   | payments |
      | owner  | alice    |
    And the key policy is:
      """
      {"Version": "2012-10-17", "Statement": [
        {"Sid": "Enable IAM User Permissions", "Effect": "Allow",
         "Principal": {"AWS": "arn:{partition}:iam::{account}:root"}, "Action": "kms:*", "Resource": "*"},
        {"Sid": "NoUntaggingOwnerAlone", "Effect": "Deny", "Principal": {"AWS": "*"},
         "Action": "kms:UntagResource", "Resource": "*",
         "Condition": {"StringEquals": {"kms:CallerAccount": "{account}"},
                       "ForAllValues:StringEquals": {"aws:TagKeys": ["owner", "kms-conformance-probe"]}}}]}
      """
    And the key policy is in force: untagging "kms-conformance-probe" is refused
    When I untag the key, removing "env", "owner"
    Then the call succeeds with no output
    And the key has exactly the tags:
      | TagKey | TagValue |
      | team   | payments |

  # A request without aws:TagKeys, shown where KMS itself evaluates one: the
  # lockout safety check asks whether the caller could still call
  # PutKeyPolicy, whose request carries no tag keys, so ForAllValues holds
  # there and the policy is accepted. Were it read otherwise, KMS would
  # refuse the policy and nothing would change. This policy refuses the
  # barrier's tag too, so the scenario ends on what the key has.
  @doc @contract.207 @contract.126
  Scenario: A key policy that allows everything only for listed tag keys still lets the caller manage the key
    Given a key with the tags:
      | TagKey | TagValue |
      | env    | prod     |
      | owner  | alice    |
    And the key policy is:
      """
      {"Version": "2012-10-17", "Statement": [
        {"Sid": "EverythingForListedTagKeys", "Effect": "Allow", "Principal": {"AWS": "*"},
         "Action": "kms:*", "Resource": "*",
         "Condition": {"StringEquals": {"kms:CallerAccount": "{account}"},
                       "ForAllValues:StringEquals": {"aws:TagKeys": ["env", "team"]}}}]}
      """
    And the key policy is in force: untagging "kms-conformance-probe" is refused
    When I untag the key, removing "env"
    Then the call succeeds with no output
    And the key has exactly the tags:
      | TagKey | TagValue |
      | owner  | alice    |

  # kms:GrantOperations is multivalued and only CreateGrant carries it, so an
  # UntagResource request has no value for it: ForAllValues holds there.
  @doc @contract.207 @contract.127 @contract.130
  Scenario: A Deny under ForAllValues on a condition key the untag does not carry refuses it
    Given a key with the tags:
      | TagKey | TagValue |
      | env    | prod     |
      | team   | payments |
    And the key policy is:
      """
      {"Version": "2012-10-17", "Statement": [
        {"Sid": "Enable IAM User Permissions", "Effect": "Allow",
         "Principal": {"AWS": "arn:{partition}:iam::{account}:root"}, "Action": "kms:*", "Resource": "*"},
        {"Sid": "DenyWithoutGrantOperations", "Effect": "Deny", "Principal": {"AWS": "*"},
         "Action": "kms:UntagResource", "Resource": "*",
         "Condition": {"StringEquals": {"kms:CallerAccount": "{account}"},
                       "ForAllValues:StringEquals": {"kms:GrantOperations": ["Decrypt"]}}},
        {"Sid": "ShowsThePolicyInForce", "Effect": "Deny", "Principal": {"AWS": "*"},
         "Action": "kms:UntagResource", "Resource": "*",
         "Condition": {"StringEquals": {"kms:CallerAccount": "{account}"},
                       "ForAnyValue:StringEquals": {"aws:TagKeys": ["kms-conformance-probe"]}}}]}
      """
    And the key policy is in force: untagging "kms-conformance-probe" is refused
    When I untag the key, removing "env"
    Then the call fails with AccessDeniedException
    And the key's tags are unchanged

  # The same key under ForAnyValue: no value of the request matches, so the
  # Deny does not apply.
  @doc @contract.207
  Scenario: A Deny under ForAnyValue on a condition key the untag does not carry does not refuse it
    Given a key with the tags:
      | TagKey | TagValue |
      | env    | prod     |
      | team   | payments |
    And the key policy is:
      """
      {"Version": "2012-10-17", "Statement": [
        {"Sid": "Enable IAM User Permissions", "Effect": "Allow",
         "Principal": {"AWS": "arn:{partition}:iam::{account}:root"}, "Action": "kms:*", "Resource": "*"},
        {"Sid": "DenyWithSomeGrantOperation", "Effect": "Deny", "Principal": {"AWS": "*"},
         "Action": "kms:UntagResource", "Resource": "*",
         "Condition": {"StringEquals": {"kms:CallerAccount": "{account}"},
                       "ForAnyValue:StringEquals": {"kms:GrantOperations": ["Decrypt"]}}},
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

  @doc @contract.208 @contract.127 @contract.130
  Scenario: A Deny of kms:untagresource, in lower case, refuses UntagResource
    Given a key with the tags:
      | TagKey | TagValue |
      | env    | prod     |
      | team   | payments |
    And the key policy is:
      """
      {"Version": "2012-10-17", "Statement": [
        {"Sid": "Enable IAM User Permissions", "Effect": "Allow",
         "Principal": {"AWS": "arn:{partition}:iam::{account}:root"}, "Action": "kms:*", "Resource": "*"},
        {"Sid": "LowerCase", "Effect": "Deny", "Principal": {"AWS": "*"},
         "Action": "kms:untagresource", "Resource": "*",
         "Condition": {"StringEquals": {"kms:CallerAccount": "{account}"}}},
        {"Sid": "ShowsThePolicyInForce", "Effect": "Deny", "Principal": {"AWS": "*"},
         "Action": "kms:UntagResource", "Resource": "*",
         "Condition": {"StringEquals": {"kms:CallerAccount": "{account}"},
                       "ForAnyValue:StringEquals": {"aws:TagKeys": ["kms-conformance-probe"]}}}]}
      """
    And the key policy is in force: untagging "kms-conformance-probe" is refused
    When I untag the key, removing "env"
    Then the call fails with AccessDeniedException
    And the key's tags are unchanged

  @doc @contract.208
  Scenario: An Allow of KMS:UNTAGRESOURCE, in upper case, lets the caller untag
    Given a key with the tags:
      | TagKey | TagValue |
      | env    | prod     |
      | team   | payments |
    And the key policy is:
      """
      {"Version": "2012-10-17", "Statement": [
        {"Sid": "AllButUntagging", "Effect": "Allow", "Principal": {"AWS": "*"},
         "NotAction": "kms:UntagResource", "Resource": "*",
         "Condition": {"StringEquals": {"kms:CallerAccount": "{account}"}}},
        {"Sid": "UpperCase", "Effect": "Allow", "Principal": {"AWS": "*"},
         "Action": "KMS:UNTAGRESOURCE", "Resource": "*",
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

  @doc @contract.209 @contract.127 @contract.130
  Scenario: A condition on aws:tagkeys, in lower case, protects a tag as aws:TagKeys does
    Given a key with the tags:
      | TagKey | TagValue |
      | env    | prod     |
      | owner  | alice    |
    And the key policy is:
      """
      {"Version": "2012-10-17", "Statement": [
        {"Sid": "Enable IAM User Permissions", "Effect": "Allow",
         "Principal": {"AWS": "arn:{partition}:iam::{account}:root"}, "Action": "kms:*", "Resource": "*"},
        {"Sid": "KeepOwner", "Effect": "Deny", "Principal": {"AWS": "*"},
         "Action": "kms:UntagResource", "Resource": "*",
         "Condition": {"StringEquals": {"kms:CallerAccount": "{account}"},
                       "ForAnyValue:StringEquals": {"aws:tagkeys": ["owner"]}}},
        {"Sid": "ShowsThePolicyInForce", "Effect": "Deny", "Principal": {"AWS": "*"},
         "Action": "kms:UntagResource", "Resource": "*",
         "Condition": {"StringEquals": {"kms:CallerAccount": "{account}"},
                       "ForAnyValue:StringEquals": {"aws:TagKeys": ["kms-conformance-probe"]}}}]}
      """
    And the key policy is in force: untagging "kms-conformance-probe" is refused
    When I untag the key, removing "owner"
    Then the call fails with AccessDeniedException
    And the key's tags are unchanged

  @doc @contract.210
  Scenario: StringEquals compares tag keys exactly: a Deny naming Owner leaves owner removable
    Given a key with the tags:
      | TagKey | TagValue |
      | env    | prod     |
      | owner  | alice    |
    And the key policy is:
      """
      {"Version": "2012-10-17", "Statement": [
        {"Sid": "Enable IAM User Permissions", "Effect": "Allow",
         "Principal": {"AWS": "arn:{partition}:iam::{account}:root"}, "Action": "kms:*", "Resource": "*"},
        {"Sid": "KeepOwnerCapitalised", "Effect": "Deny", "Principal": {"AWS": "*"},
         "Action": "kms:UntagResource", "Resource": "*",
         "Condition": {"StringEquals": {"kms:CallerAccount": "{account}"},
                       "ForAnyValue:StringEquals": {"aws:TagKeys": ["Owner", "kms-conformance-probe"]}}}]}
      """
    And the key policy is in force: untagging "kms-conformance-probe" is refused
    When I untag the key, removing "owner"
    Then the call succeeds with no output
    And the key has exactly the tags:
      | TagKey | TagValue |
      | env    | prod     |

  @doc @contract.210 @contract.127 @contract.130
  Scenario: StringEqualsIgnoreCase compares tag keys ignoring case: a Deny naming OWNER protects owner
    Given a key with the tags:
      | TagKey | TagValue |
      | env    | prod     |
      | owner  | alice    |
    And the key policy is:
      """
      {"Version": "2012-10-17", "Statement": [
        {"Sid": "Enable IAM User Permissions", "Effect": "Allow",
         "Principal": {"AWS": "arn:{partition}:iam::{account}:root"}, "Action": "kms:*", "Resource": "*"},
        {"Sid": "KeepOwnerInAnyCase", "Effect": "Deny", "Principal": {"AWS": "*"},
         "Action": "kms:UntagResource", "Resource": "*",
         "Condition": {"StringEquals": {"kms:CallerAccount": "{account}"},
                       "ForAnyValue:StringEqualsIgnoreCase": {"aws:TagKeys": ["OWNER", "kms-conformance-probe"]}}}]}
      """
    And the key policy is in force: untagging "kms-conformance-probe" is refused
    When I untag the key, removing "owner"
    Then the call fails with AccessDeniedException
    And the key's tags are unchanged
