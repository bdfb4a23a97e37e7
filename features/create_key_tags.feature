@tag @validation
Feature: CreateKey refuses the tags TagResource refuses
  A KMS that checks tags only in TagResource lets a key be born with tags it
  could never be given afterwards. "Too many tags" was recorded on CreateKey
  itself (contract row 67), so its text is held; the duplicate-key text was
  recorded on TagResource (row 66), so on CreateKey only the error type is,
  TagException being the error CreateKey documents for tags that are not
  valid. A key either call wrongly makes is tracked and cleaned up.

  @rec @contract.67
  Scenario: Fifty-one tags at creation are too many
    When I create a key with 51 tags
    Then the call fails with TagException and the message "Too many tags"

  @doc @contract.66
  Scenario: Duplicate tag keys at creation are refused
    When I create a key with the tags:
      | TagKey | TagValue |
      | dup    | one      |
      | dup    | two      |
    Then the call fails with TagException
