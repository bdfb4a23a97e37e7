@key-states @pending-deletion
Feature: A key pending deletion refuses tagging and untagging, naming itself by its ARN
  KMS checks a key's state the same way for every operation: while a key is
  pending deletion, UntagResource and TagResource are refused with
  KMSInvalidStateException, and the message names the key by its key ARN,
  whatever the caller sent. That text was recorded from AWS on
  ScheduleKeyDeletion (contract row 54), and the scenarios that hold
  UntagResource to it say so with their tag rec.schedule-key-deletion.

  Background:
    Given a key with the tags:
      | TagKey | TagValue |
      | env    | prod     |
      | team   | payments |
    And the key is scheduled for deletion

  @rec @rec.schedule-key-deletion @contract.27 @contract.54
  Scenario: Untagging a key pending deletion by its key ID names the key by its ARN
    When I untag the key by its key ID, removing "env"
    Then the call fails with KMSInvalidStateException and the message "{key-arn} is pending deletion."
    And the key's tags are unchanged

  @rec @rec.schedule-key-deletion @contract.27 @contract.54 @contract.15
  Scenario: Untagging a key pending deletion by its key ARN names the key by its ARN
    When I untag the key by its key ARN, removing "env"
    Then the call fails with KMSInvalidStateException and the message "{key-arn} is pending deletion."
    And the key's tags are unchanged

  @doc @contract.49
  Scenario: A key pending deletion cannot be tagged
    When I tag the key with:
      | TagKey | TagValue |
      | owner  | alice    |
    Then the call fails with KMSInvalidStateException
    And the key's tags are unchanged

  @rec @rec.schedule-key-deletion @contract.27 @contract.54
  Scenario: Untagging a key pending deletion is refused even for a tag it does not have
    When I untag the key by its key ID, removing "missing"
    Then the call fails with KMSInvalidStateException and the message "{key-arn} is pending deletion."
    And the key's tags are unchanged
