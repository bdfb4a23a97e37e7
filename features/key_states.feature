@untag @key-states
Feature: UntagResource works in every key state except the pending-deletion ones
  The Developer Guide's key-state table: UntagResource succeeds while a key
  is Enabled, Disabled, PendingImport, Unavailable, Creating or Updating,
  and fails with KMSInvalidStateException while it is PendingDeletion or
  PendingReplicaDeletion.

  Background:
    Given a key with the tags:
      | TagKey | TagValue |
      | env    | prod     |
      | team   | payments |

  @doc @contract.25
  Scenario: An enabled key can be untagged
    Given the key is in the "Enabled" state
    When I untag the key, removing "env"
    Then the call succeeds with no output
    And the key has exactly the tags:
      | TagKey | TagValue |
      | team   | payments |

  @doc @contract.26
  Scenario: A disabled key can be untagged
    Given the key is disabled
    When I untag the key, removing "env"
    Then the call succeeds with no output
    And the key has exactly the tags:
      | TagKey | TagValue |
      | team   | payments |

  @doc @contract.27
  Scenario: A key pending deletion cannot be untagged
    Given the key is scheduled for deletion
    When I untag the key, removing "env"
    Then the call fails with KMSInvalidStateException
    And the key's tags are unchanged

  @doc @contract.27 @contract.15
  Scenario: A key pending deletion cannot be untagged through its key ARN either
    Given the key is scheduled for deletion
    When I untag the key by its key ARN, removing "env"
    Then the call fails with KMSInvalidStateException
    And the key's tags are unchanged

  @doc @contract.57
  Scenario: Scheduling deletion answers with the key ARN
    When I schedule the key's deletion
    Then the call succeeds
    And the response's "KeyId" is "{key-arn}"
    And the key is in the "PendingDeletion" state

  @doc @contract.218 @contract.57
  Scenario: A key pending deletion is described as not enabled, with its deletion date
    When I schedule the key's deletion
    Then the call succeeds
    And DescribeKey describes the key as "PendingDeletion", its Enabled flag and DeletionDate agreeing

  @rec @contract.58 @contract.54
  Scenario: A pending-deletion refusal names the key by its ARN even when sent its key ID
    Given the key is scheduled for deletion
    When I schedule the key's deletion
    Then the call fails with KMSInvalidStateException and the message "{key-arn} is pending deletion."

  @rec @contract.59 @contract.26 @contract.218
  Scenario: A key whose deletion was cancelled is Disabled and can be untagged again
    Given the key is scheduled for deletion
    And the key's deletion is cancelled
    Then DescribeKey describes the key as "Disabled", its Enabled flag and DeletionDate agreeing
    When I untag the key, removing "env"
    Then the call succeeds with no output
    And the key has exactly the tags:
      | TagKey | TagValue |
      | team   | payments |

  @doc @contract.25
  Scenario: A key re-enabled after being disabled can be untagged
    Given the key is disabled
    And the key is enabled again
    When I untag the key, removing "team"
    Then the call succeeds with no output
    And the key has exactly the tags:
      | TagKey | TagValue |
      | env    | prod     |

  # A TagResource that wants the key Enabled, as a cryptographic operation
  # does, refuses a Disabled key; the key-state table allows tagging in every
  # state that allows untagging.
  @doc @contract.49
  Scenario: A disabled key can be tagged
    Given the key is disabled
    When I tag the key with:
      | TagKey | TagValue |
      | owner  | alice    |
    Then the call succeeds with no output
    And the key has exactly the tags:
      | TagKey | TagValue |
      | env    | prod     |
      | team   | payments |
      | owner  | alice    |

  # Unavailable needs a custom key store whose backing store is disconnected,
  # and Updating lasts only while UpdatePrimaryRegion moves a multi-Region
  # key's primary, too briefly to catch: only a target that can force a key
  # state runs these. Creating and PendingReplicaDeletion are reached by
  # ReplicateKey and ScheduleKeyDeletion on every target that has them
  # (multi_region.feature).
  @doc @requires.state-control @contract.30 @contract.31
  Scenario Outline: A key in the <state> state can be untagged
    Given the key is forced into the "<state>" state
    When I untag the key, removing "env"
    Then the call succeeds with no output
    And the key has exactly the tags:
      | TagKey | TagValue |
      | team   | payments |

    Examples:
      | state       |
      | Unavailable |
      | Updating    |
