@tag @validation
Feature: TagResource refuses what AWS refuses, in AWS's words
  The texts were recorded from AWS on CreateKey, which checks the tags it is
  given with the same rules as TagResource (LocalStack's tag validation
  tests, contract rows 67, 68 and 70); these scenarios hold TagResource to
  them, and a refused TagResource must change nothing. An empty Tags list is
  refused too, in words nobody has published (contract row 71).

  Background:
    Given a key with the tags:
      | TagKey | TagValue |
      | env    | prod     |

  @rec @rec.create-key @contract.68
  Scenario: A tag key starting with AWS: in capitals cannot be added
    When I tag the key with:
      | TagKey    | TagValue |
      | AWS:owner | me       |
    Then the call fails with TagException and the message "Tags beginning with aws: are reserved"
    And the key's tags are unchanged

  @rec @rec.create-key @contract.70
  Scenario: A tag value over 256 characters cannot be added
    When I tag the key with:
      | TagKey | TagValue |
      | long   | {257*v}  |
    Then the call fails with ValidationException and the message "1 validation error detected: Value '{257*v}' at 'tags.1.member.tagValue' failed to satisfy constraint: Member must have length less than or equal to 256"
    And the key's tags are unchanged

  # The bound is 256 inclusive: a check written "< 256" refuses the longest
  # value AWS takes.
  @doc @contract.70
  Scenario: A tag value of exactly 256 characters can be added
    When I tag the key with:
      | TagKey | TagValue |
      | long   | {256*v}  |
    Then the call succeeds with no output
    And the key has exactly the tags:
      | TagKey | TagValue |
      | env    | prod     |
      | long   | {256*v}  |

  @rec @rec.create-key @contract.67
  Scenario: Fifty-one tags in one call are too many
    When I tag the key with 51 new tags
    Then the call fails with TagException and the message "Too many tags"
    And the key's tags are unchanged

  @doc @contract.71
  Scenario: An empty Tags list is refused
    When I send the operation "TagResource" with the body:
      """
      {"KeyId": "{key-id}", "Tags": []}
      """
    Then the call is refused with a 400 JSON error
    And the key's tags are unchanged
