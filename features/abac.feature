@untag @authorization
Feature: Untagging a key grants or takes away an IAM role's access
  "Tagging or untagging a KMS key can allow or deny permission to the KMS key." The policies that
  depend on a key's tags are IAM policies (aws:ResourceTag works in no key policy), so each scenario
  makes a role of its own, with an identity policy that names only the scenario's key, and calls as
  that role; the key keeps its default key policy, which delegates to the account's IAM policies.
  Authorization may take up to five minutes to see a tag change, and reads see it first: outcomes
  after a tag change are polled, within --auth-settle, with a call that changes nothing either way
  (untagging a tag key the key does not have).

  @doc @requires.iam @contract.187 @contract.188 @contract.190
  Scenario: A role allowed to untag only keys tagged project=alpha loses that once project is untagged
    Given a key with the tags:
      | TagKey  | TagValue |
      | project | alpha    |
      | env     | prod     |
      | team    | payments |
    And a role "alpha" whose identity policy is:
      """
      {"Version": "2012-10-17", "Statement": [
        {"Sid": "AlphaKeysOnly", "Effect": "Allow", "Action": "kms:UntagResource",
         "Resource": "{key-arn}",
         "Condition": {"StringEquals": {"aws:ResourceTag/project": "alpha"}}}]}
      """
    And within the authorization settle time the role "alpha" may untag "kms-conformance-probe"
    When I untag the key, removing "project"
    Then the key has exactly the tags:
      | TagKey | TagValue |
      | env    | prod     |
      | team   | payments |
    And within the authorization settle time the role "alpha" is refused untagging "kms-conformance-probe" with AccessDeniedException
    When the role "alpha" untags the key, removing "env"
    Then the call fails with AccessDeniedException
    And the key has exactly the tags:
      | TagKey | TagValue |
      | env    | prod     |
      | team   | payments |

  @doc @requires.iam @contract.186 @contract.187 @contract.188
  Scenario: A role denied untagging on keys tagged quarantine=true gains it once quarantine is untagged
    Given a key with the tags:
      | TagKey     | TagValue |
      | quarantine | true     |
      | env        | prod     |
      | team       | payments |
    And a second key with the tags:
      | TagKey | TagValue |
      | env    | prod     |
    And a role "janitor" whose identity policy is:
      """
      {"Version": "2012-10-17", "Statement": [
        {"Sid": "UntagTheseKeys", "Effect": "Allow", "Action": "kms:UntagResource",
         "Resource": ["{key-arn}", "{second-key-arn}"]},
        {"Sid": "NotWhileQuarantined", "Effect": "Deny", "Action": "kms:UntagResource",
         "Resource": ["{key-arn}", "{second-key-arn}"],
         "Condition": {"StringEquals": {"aws:ResourceTag/quarantine": "true"}}}]}
      """
    And within the authorization settle time the role "janitor" may untag "kms-conformance-probe" on the second key
    And within the authorization settle time the role "janitor" is refused untagging "kms-conformance-probe" with AccessDeniedException
    When I untag the key, removing "quarantine"
    Then within the authorization settle time the role "janitor" may untag "kms-conformance-probe"
    When the role "janitor" untags the key, removing "env"
    Then the call succeeds with no output
    And the key has exactly the tags:
      | TagKey | TagValue |
      | team   | payments |

  @doc @requires.iam @contract.189 @contract.130
  Scenario: A role allowed to untag only env and team is refused a request that names owner too, and nothing changes
    Given a key with the tags:
      | TagKey | TagValue |
      | env    | prod     |
      | team   | payments |
      | owner  | alice    |
    And a role "env-team" whose identity policy is:
      """
      {"Version": "2012-10-17", "Statement": [
        {"Sid": "OnlyTheseTagKeys", "Effect": "Allow", "Action": "kms:UntagResource",
         "Resource": "{key-arn}",
         "Condition": {"ForAllValues:StringEquals":
                        {"aws:TagKeys": ["env", "team", "kms-conformance-probe"]}}}]}
      """
    And within the authorization settle time the role "env-team" may untag "kms-conformance-probe"
    When the role "env-team" untags the key, removing "env" and "owner"
    Then the call fails with AccessDeniedException
    And the key's tags are unchanged
    When the role "env-team" untags the key, removing "env"
    Then the call succeeds with no output
    And the key has exactly the tags:
      | TagKey | TagValue |
      | team   | payments |
      | owner  | alice    |

  @rec @rec.create-alias @requires.iam @contract.190 @contract.191 @contract.129 @contract.130
  Scenario: A role whose identity policy allows only DescribeKey is refused UntagResource, named by its session
    Given a key with the tags:
      | TagKey | TagValue |
      | env    | prod     |
      | team   | payments |
    And a role "reader" whose identity policy is:
      """
      {"Version": "2012-10-17", "Statement": [
        {"Sid": "DescribeOnly", "Effect": "Allow", "Action": "kms:DescribeKey", "Resource": "{key-arn}"}]}
      """
    And within the authorization settle time the role "reader" may describe the key
    When the role "reader" untags the key, removing "env"
    Then the call fails with AccessDeniedException and the message begins "User: {reader-session-arn} is not authorized to perform: kms:UntagResource on resource: {key-arn}"
    And the key's tags are unchanged
