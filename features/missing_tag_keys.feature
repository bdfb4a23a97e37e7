@untag @idempotence
Feature: Tag keys the key does not have are ignored
  Removing a tag that is not there is not an error, so UntagResource can be
  repeated safely.

  Background:
    Given a key with the tags:
      | TagKey | TagValue |
      | env    | prod     |
      | team   | payments |

  @doc @contract.3
  Scenario: Removing a tag key the key does not have changes nothing
    When I untag the key, removing "missing"
    Then the call succeeds with no output
    And the key's tags are unchanged

  @inf @contract.4
  Scenario: Existing and missing tag keys mixed in one call
    When I untag the key, removing "missing", "env", "also-missing"
    Then the call succeeds with no output
    And the key has exactly the tags:
      | TagKey | TagValue |
      | team   | payments |

  @inf @contract.34
  Scenario: Repeating a successful untag succeeds every time
    When I untag the key, removing "env"
    Then the call succeeds with no output
    When I untag the key, removing "env"
    Then the call succeeds with no output
    When I untag the key, removing "env"
    Then the call succeeds with no output
    And the key has exactly the tags:
      | TagKey | TagValue |
      | team   | payments |

  @inf @contract.5
  Scenario: A key without any tags can be untagged
    Given a key with no tags
    When I untag the key, removing "env"
    Then the call succeeds with no output
    And the key has no tags

  @inf @contract.34 @contract.5
  Scenario: Untagging again after every tag is gone still succeeds
    When I untag the key, removing "env", "team"
    Then the call succeeds with no output
    And the key has no tags
    When I untag the key, removing "env", "team"
    Then the call succeeds with no output
    And the key has no tags

  @unk @contract.6
  Scenario: The same tag key twice in one call
    When I untag the key, removing "env", "env"
    Then the call either succeeds with no output or is refused with a 400 JSON error
    And if it succeeded, the key has exactly the tags:
      | TagKey | TagValue |
      | team   | payments |
    And if it was refused, the key's tags are unchanged
