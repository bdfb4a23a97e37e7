@tag
Feature: TagResource and UntagResource together
  Tags come and go through both operations: an overwrite keeps one tag per
  key, and removing tags makes room under the limit of 50 per key.

  Background:
    Given a key with the tags:
      | TagKey | TagValue |
      | env    | prod     |
      | team   | payments |

  @rec @contract.65 @contract.1
  Scenario: Tagging an existing tag key overwrites its value, and untagging removes it
    When I tag the key with:
      | TagKey | TagValue |
      | env    | staging  |
    Then the call succeeds with no output
    And the key has exactly the tags:
      | TagKey | TagValue |
      | env    | staging  |
      | team   | payments |
    When I untag the key, removing "env"
    Then the call succeeds with no output
    And the key has exactly the tags:
      | TagKey | TagValue |
      | team   | payments |

  @doc @contract.65 @contract.1
  Scenario: A tag removed by UntagResource can be added again
    When I untag the key, removing "env"
    Then the call succeeds with no output
    When I tag the key with:
      | TagKey | TagValue |
      | env    | again    |
    Then the call succeeds with no output
    And the key has exactly the tags:
      | TagKey | TagValue |
      | env    | again    |
      | team   | payments |

  @rec @contract.68
  Scenario: A tag key starting with aws: cannot be added
    When I tag the key with:
      | TagKey    | TagValue |
      | aws:owner | me       |
    Then the call fails with TagException and the message "Tags beginning with aws: are reserved"
    And the key's tags are unchanged

  @rec @contract.66
  Scenario: Duplicate tag keys in one TagResource call are refused
    When I tag the key with:
      | TagKey | TagValue |
      | dup    | one      |
      | dup    | two      |
    Then the call fails with TagException and the message "Duplicate tag keys"
    And the key's tags are unchanged

  @rec @rec.create-key @contract.69
  Scenario: A tag key over 128 characters cannot be added
    When I tag the key with:
      | TagKey  | TagValue |
      | {129*k} | v        |
    Then the call fails with ValidationException and the message "1 validation error detected: Value '{129*k}' at 'tags.1.member.tagKey' failed to satisfy constraint: Member must have length less than or equal to 128"
    And the key's tags are unchanged

  @doc @contract.61 @contract.65 @contract.12
  Scenario: A tag key that differs only in case is a tag of its own, added and removed alone
    When I tag the key with:
      | TagKey | TagValue |
      | ENV    | upper    |
    Then the call succeeds with no output
    And the key has exactly the tags:
      | TagKey | TagValue |
      | env    | prod     |
      | ENV    | upper    |
      | team   | payments |
    When I untag the key, removing "ENV"
    Then the call succeeds with no output
    And the key has exactly the tags:
      | TagKey | TagValue |
      | env    | prod     |
      | team   | payments |
