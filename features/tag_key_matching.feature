@untag @matching
Feature: A tag key is matched exactly, whatever characters it holds
  Tag keys may hold Unicode letters, digits, spaces and _ . : / = + - @, and
  up to 128 characters. UntagResource removes a tag by its exact key: no
  character is a wildcard. That a space at either end of a key is part of it,
  and not trimmed, is this project's reading of that rule (contract row 63),
  so the scenario that says so is tagged inf; so is the one that says a run
  of spaces inside a key is not one space. Nothing here says how keys that
  look alike in Unicode (composed and decomposed accents) compare: AWS does
  not publish it.

  @doc @contract.12 @contract.61
  Scenario: Two tag keys differing only in case are told apart
    Given a key with the tags:
      | TagKey | TagValue |
      | Env    | upper    |
      | env    | lower    |
    When I untag the key, removing "Env"
    Then the call succeeds with no output
    And the key has exactly the tags:
      | TagKey | TagValue |
      | env    | lower    |

  @doc @contract.62
  Scenario: A tag with an empty value is removed like any other
    Given a key with the tags:
      | TagKey   | TagValue |
      | flag     |          |
      | owner    | alice    |
    When I untag the key, removing "flag"
    Then the call succeeds with no output
    And the key has exactly the tags:
      | TagKey | TagValue |
      | owner  | alice    |

  @doc @contract.63
  Scenario: Tag keys with spaces and punctuation are removed by their exact key
    Given a key with the tags:
      | TagKey            | TagValue |
      | cost center       | 1234     |
      | app:component/x_y | api      |
      | a.b+c=d-e@f       | z        |
    When I untag the key, removing "cost center", "app:component/x_y"
    Then the call succeeds with no output
    And the key has exactly the tags:
      | TagKey      | TagValue |
      | a.b+c=d-e@f | z        |

  @doc @contract.37
  Scenario: A tag key of the maximum length, 128 characters, is removed
    Given a key with the tags:
      | TagKey     | TagValue |
      | {128*k}    | long     |
      | short      | kept     |
    When I untag the key, removing "{128*k}"
    Then the call succeeds with no output
    And the key has exactly the tags:
      | TagKey | TagValue |
      | short  | kept     |

  @doc @contract.64 @contract.2
  Scenario: All fifty tags of a full key are removed in one call
    Given a key with 50 tags
    When I untag the key, removing every tag it has
    Then the call succeeds with no output
    And the key has no tags

  @inf @contract.63 @contract.3
  Scenario: White space at the ends of a tag key is part of it
    Given a key with the tags:
      | TagKey | TagValue |
      | env    | prod     |
      | team   | payments |
    When I untag the key, removing "env ", " team"
    Then the call succeeds with no output
    And the key's tags are unchanged

  @doc @contract.63 @contract.1
  Scenario: A dot or an underscore in a tag key matches only itself
    Given a key with the tags:
      | TagKey | TagValue |
      | v1.0   | dotted   |
      | v1x0   | plain    |
      | c_d    | snake    |
      | cxd    | joined   |
    When I untag the key, removing "v1.0", "c_d"
    Then the call succeeds with no output
    And the key has exactly the tags:
      | TagKey | TagValue |
      | v1x0   | plain    |
      | cxd    | joined   |

  @doc @contract.63 @contract.61
  Scenario: A + in a tag key is not a space, and a letter outside ASCII keeps its case
    Given a key with the tags:
      | TagKey | TagValue |
      | a+b    | plus     |
      | a b    | space    |
      | É      | upper    |
      | é      | lower    |
    When I untag the key, removing "a+b", "É"
    Then the call succeeds with no output
    And the key has exactly the tags:
      | TagKey | TagValue |
      | a b    | space    |
      | é      | lower    |

  @inf @contract.63 @contract.3
  Scenario: A run of spaces inside a tag key is part of it
    Given a key with the tags:
      | TagKey | TagValue   |
      | a  b   | two spaces |
      | a b    | one space  |
    When I untag the key, removing "a  b"
    Then the call succeeds with no output
    And the key has exactly the tags:
      | TagKey | TagValue  |
      | a b    | one space |
