@untag @removal
Feature: UntagResource removes the named tags and nothing else
  UntagResource deletes the tags whose keys it is given, from the key it
  names. Tags are matched by their exact, case-sensitive key; every other
  tag keeps its key and value, and every other key keeps its tags, even a key
  of the same account and region that has the same ones.

  Background:
    Given a key with the tags:
      | TagKey  | TagValue |
      | env     | prod     |
      | team    | payments |
      | project | atlas    |

  @rec @contract.1
  Scenario: Removing one of several tags leaves the others unchanged
    When I untag the key, removing "env"
    Then the call succeeds with no output
    And the key has exactly the tags:
      | TagKey  | TagValue |
      | team    | payments |
      | project | atlas    |

  @rec @contract.1
  Scenario: Removing several tags in one call
    When I untag the key, removing "env", "project"
    Then the call succeeds with no output
    And the key has exactly the tags:
      | TagKey | TagValue |
      | team   | payments |

  @rec @contract.2
  Scenario: Removing every tag leaves an empty tag list
    When I untag the key, removing "env", "team", "project"
    Then the call succeeds with no output
    And the key has no tags

  @doc @contract.12
  Scenario: Tag keys are matched case-sensitively
    When I untag the key, removing "ENV", "Team"
    Then the call succeeds with no output
    And the key's tags are unchanged

  @doc @contract.3
  Scenario: A tag key that is only a prefix of a stored key removes nothing
    When I untag the key, removing "pro", "tea"
    Then the call succeeds with no output
    And the key's tags are unchanged

  @doc @contract.3
  Scenario: Tag values are not tag keys
    When I untag the key, removing "prod", "payments"
    Then the call succeeds with no output
    And the key's tags are unchanged

  @doc @contract.1
  Scenario: Removing the second of several tags removes exactly that tag
    When I untag the key, removing "team"
    Then the call succeeds with no output
    And the key has exactly the tags:
      | TagKey  | TagValue |
      | env     | prod     |
      | project | atlas    |

  @doc @contract.1
  Scenario: Removing the last tag in the list removes exactly that tag
    When I untag the key, removing "project"
    Then the call succeeds with no output
    And the key has exactly the tags:
      | TagKey | TagValue |
      | env    | prod     |
      | team   | payments |

  @doc @contract.3
  Scenario: A tag key that ends a stored key, or holds one, removes nothing
    When I untag the key, removing "ject", "environment", "my-team"
    Then the call succeeds with no output
    And the key's tags are unchanged

  @doc @contract.176 @contract.1
  Scenario: Untagging one key leaves another key's tags alone
    Given a second key with the tags:
      | TagKey  | TagValue |
      | env     | prod     |
      | team    | payments |
      | project | atlas    |
    When I untag the key, removing "env"
    Then the call succeeds with no output
    And the key has exactly the tags:
      | TagKey  | TagValue |
      | team    | payments |
      | project | atlas    |
    And the second key's tags are unchanged
