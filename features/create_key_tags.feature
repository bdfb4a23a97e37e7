@tag @validation
Feature: CreateKey refuses the tags TagResource refuses
  A KMS that checks tags only in TagResource lets a key be born with tags it
  could never be given afterwards. "Too many tags" was recorded on CreateKey
  itself (contract row 67), so its text is held; duplicate tag keys were
  recorded refused on TagResource only (row 66), so that CreateKey refuses
  them too is inferred, and only the refusal is held. A key either call
  wrongly makes is tracked and cleaned up.

  @rec @contract.67
  Scenario: Fifty-one tags at creation are too many
    When I create a key with 51 tags
    Then the call fails with TagException and the message "Too many tags"

  @inf @contract.66
  Scenario: Duplicate tag keys at creation are refused
    When I create a key with the tags:
      | TagKey | TagValue |
      | dup    | one      |
      | dup    | two      |
    Then the call is refused with a 400 JSON error
