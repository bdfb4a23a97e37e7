@untag @matching
Feature: A tag key's length is counted in characters, not bytes
  A tag key holds 1 to 128 characters (contract row 37) and may hold any
  Unicode letter (row 63). A key of 128 letters that take two bytes each in
  UTF-8 is 256 bytes long, and still a valid tag key.

  @doc @contract.37 @contract.63
  Scenario: A tag key of 128 two-byte letters is removed
    Given a key with the tags:
      | TagKey  | TagValue |
      | {128*é} | long     |
      | short   | kept     |
    When I untag the key, removing "{128*é}"
    Then the call succeeds with no output
    And the key has exactly the tags:
      | TagKey | TagValue |
      | short  | kept     |
