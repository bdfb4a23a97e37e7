@tag @limits
Feature: A key holds at most 50 tags, and untagging makes room
  At most 50 user tags per key. The limit counts the key's tags, not the
  tags of one request.

  @doc @contract.64
  Scenario: Untagging makes room under the 50-tag limit
    Given a key with 50 tags
    When I untag the key, removing "tag-01"
    Then the call succeeds with no output
    When once the untag is in effect, I tag the key with:
      | TagKey   | TagValue |
      | newcomer | yes      |
    Then the call succeeds with no output
    And the key has 50 tags, including "newcomer" and not "tag-01"

  @doc @contract.64
  Scenario: A key with 50 tags refuses one more
    Given a key with 50 tags
    When I tag the key with:
      | TagKey       | TagValue |
      | one-too-many | yes      |
    Then the call is refused with a 400 JSON error
    And the key's tags are unchanged
