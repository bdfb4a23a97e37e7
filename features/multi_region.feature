@untag @multi-region @requires.multi-region
Feature: Each key of a multi-Region set is untagged on its own
  A multi-Region primary key and its replicas share a key ID, one key per
  region, but tags belong to each key alone: untagging a replica, in its
  own region, never touches the primary, and the other way round. A primary
  scheduled for deletion while it has replicas waits for them in
  PendingReplicaDeletion, and refuses UntagResource meanwhile. The replicas
  are made in the run's other region (--other-region); targets without
  ReplicateKey skip this feature.

  @doc @contract.135
  Scenario: A multi-Region key has an mrk- key ID and is its own primary
    Given a multi-Region key with the tags:
      | TagKey | TagValue |
      | env    | prod     |
    When I describe the key
    Then the call succeeds
    And the key's ID is a multi-Region key ID
    And the key is described as a multi-Region PRIMARY key

  # Only the mrk- prefix is documented; every published multi-Region key ID
  # also has 32 hex digits after it, and AWS refuses mrk- with anything else
  # as a key ID (contract rows 19 and 20).
  @inf @contract.135
  Scenario: A multi-Region key ID is mrk- and 32 hex digits
    Given a multi-Region key with the tags:
      | TagKey | TagValue |
      | env    | prod     |
    Then the key's ID is mrk- and 32 hex digits

  @doc @contract.135 @contract.14
  Scenario: A multi-Region primary key can be untagged by its mrk- key ID
    Given a multi-Region key with the tags:
      | TagKey | TagValue |
      | env    | prod     |
      | team   | payments |
    When I untag the key, removing "env"
    Then the call succeeds with no output
    And the key has exactly the tags:
      | TagKey | TagValue |
      | team   | payments |

  @doc @contract.135 @contract.15
  Scenario: A multi-Region primary key can be untagged by its key ARN
    Given a multi-Region key with the tags:
      | TagKey | TagValue |
      | env    | prod     |
      | team   | payments |
    When I untag the key by its key ARN, removing "env"
    Then the call succeeds with no output
    And the key has exactly the tags:
      | TagKey | TagValue |
      | team   | payments |

  # No replica in the other region: the key ID names no key there, and the
  # primary, in its own region, is not a key of that region.
  @doc @contract.212 @contract.22
  Scenario: A multi-Region key ID sent to a region with no key of its set is not found there, and the primary keeps its tags
    Given a multi-Region key with the tags:
      | TagKey | TagValue |
      | env    | prod     |
      | team   | payments |
    When I untag the key by its key ID from the other region, removing "env"
    Then the call fails with NotFoundException
    And the key's tags are unchanged

  @doc @contract.136 @contract.135
  Scenario: A replica has its primary's key ID in its own region, and each side names the other
    Given a multi-Region key with the tags:
      | TagKey | TagValue |
      | env    | prod     |
    When I replicate the key to the other region
    Then the call succeeds
    And the replica has the key's key ID in the other region
    And the replica is described as a multi-Region REPLICA key
    And the key is described as a multi-Region PRIMARY key

  @doc @contract.140
  Scenario: A replica made without tags has none, whatever its primary carries
    Given a multi-Region key with the tags:
      | TagKey | TagValue |
      | env    | prod     |
      | team   | payments |
    When I replicate the key to the other region
    Then the call succeeds
    And the replica has no tags
    And the key's tags are unchanged

  @doc @contract.140 @contract.136
  Scenario: A replica made with tags has exactly those
    Given a multi-Region key with the tags:
      | TagKey | TagValue |
      | env    | prod     |
      | team   | payments |
    When I replicate the key to the other region with the tags:
      | TagKey | TagValue |
      | env    | dr       |
      | site   | oregon   |
    Then the call succeeds
    And the replica has exactly the tags:
      | TagKey | TagValue |
      | env    | dr       |
      | site   | oregon   |
    And the key's tags are unchanged

  @doc @contract.139 @contract.14
  Scenario: Untagging a replica by its key ID in its own region leaves the primary's tags alone
    Given a multi-Region key with the tags:
      | TagKey | TagValue |
      | env    | prod     |
      | team   | payments |
    And the key has a replica in the other region with the tags:
      | TagKey | TagValue |
      | env    | dr       |
      | team   | payments |
    When I untag the replica, removing "env"
    Then the call succeeds with no output
    And the replica has exactly the tags:
      | TagKey | TagValue |
      | team   | payments |
    And the key's tags are unchanged

  @doc @contract.139 @contract.15
  Scenario: Untagging a replica by its key ARN in its own region leaves the primary's tags alone
    Given a multi-Region key with the tags:
      | TagKey | TagValue |
      | env    | prod     |
      | team   | payments |
    And the key has a replica in the other region with the tags:
      | TagKey | TagValue |
      | env    | dr       |
      | team   | payments |
    When I untag the replica by its key ARN, removing "env", "team"
    Then the call succeeds with no output
    And the replica has no tags
    And the key's tags are unchanged

  @doc @contract.139
  Scenario: Untagging a primary leaves its replica's tags alone
    Given a multi-Region key with the tags:
      | TagKey | TagValue |
      | env    | prod     |
      | team   | payments |
    And the key has a replica in the other region with the tags:
      | TagKey | TagValue |
      | env    | dr       |
    When I untag the key, removing "env"
    Then the call succeeds with no output
    And the key has exactly the tags:
      | TagKey | TagValue |
      | team   | payments |
    And the replica's tags are unchanged

  @rec @rec.describe-key @contract.21
  Scenario: The replica's key ARN sent to the primary's region is refused and names the replica's region
    Given a multi-Region key with the tags:
      | TagKey | TagValue |
      | env    | prod     |
    And the key has a replica in the other region with the tags:
      | TagKey | TagValue |
      | env    | dr       |
    When I untag the key by the replica's key ARN, removing "env"
    Then the call fails with NotFoundException and the message "Invalid arn {other-region}"
    And the key's tags are unchanged
    And the replica's tags are unchanged

  @doc @contract.141 @contract.31
  Scenario: A replica can be untagged right after ReplicateKey, Creating or Enabled
    Given a multi-Region key with the tags:
      | TagKey | TagValue |
      | env    | prod     |
    When I replicate the key to the other region with the tags:
      | TagKey | TagValue |
      | env    | dr       |
    And I untag the replica as soon as it can be described, removing "env"
    Then the call succeeds with no output
    And the replica has no tags
    And the key's tags are unchanged

  @doc @contract.142
  Scenario: A primary scheduled for deletion while it has a replica is PendingReplicaDeletion
    Given a multi-Region key with the tags:
      | TagKey | TagValue |
      | env    | prod     |
    And the key has a replica in the other region
    When I schedule the key's deletion
    Then the call succeeds
    And the response's "KeyState" is "PendingReplicaDeletion"
    And the key is in the "PendingReplicaDeletion" state

  @doc @contract.143 @contract.28
  Scenario: A primary pending replica deletion cannot be untagged
    Given a multi-Region key with the tags:
      | TagKey | TagValue |
      | env    | prod     |
      | team   | payments |
    And the key has a replica in the other region
    And the key is scheduled for deletion while it has a replica
    When I untag the key, removing "env"
    Then the call fails with KMSInvalidStateException
    And the key's tags are unchanged

  @doc @contract.139 @contract.25
  Scenario: The replica of a primary pending replica deletion can still be untagged
    Given a multi-Region key with the tags:
      | TagKey | TagValue |
      | env    | prod     |
    And the key has a replica in the other region with the tags:
      | TagKey | TagValue |
      | env    | dr       |
      | team   | payments |
    And the key is scheduled for deletion while it has a replica
    When I untag the replica, removing "env"
    Then the call succeeds with no output
    And the replica has exactly the tags:
      | TagKey | TagValue |
      | team   | payments |
    And the key's tags are unchanged

  @doc @contract.145
  Scenario: A replica pending deletion cannot be untagged
    Given a multi-Region key with the tags:
      | TagKey | TagValue |
      | env    | prod     |
    And the key has a replica in the other region with the tags:
      | TagKey | TagValue |
      | env    | dr       |
    And the replica is scheduled for deletion
    When I untag the replica, removing "env"
    Then the call fails with KMSInvalidStateException
    And the replica's tags are unchanged

  @doc @contract.144 @contract.26
  Scenario: A primary whose deletion was cancelled is Disabled and can be untagged again
    Given a multi-Region key with the tags:
      | TagKey | TagValue |
      | env    | prod     |
      | team   | payments |
    And the key has a replica in the other region
    And the key is scheduled for deletion while it has a replica
    And the key's deletion is cancelled
    Then the key is in the "Disabled" state
    When I untag the key, removing "env"
    Then the call succeeds with no output
    And the key has exactly the tags:
      | TagKey | TagValue |
      | team   | payments |
