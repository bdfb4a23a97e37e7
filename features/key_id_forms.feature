@untag @identifiers
Feature: Strings shaped almost like key IDs are not key IDs
  A key ID is a dashed UUID, or mrk- and 32 hex digits. Anything else is not
  looked up: it is refused with NotFoundException, the string quoted back.
  Recorded from AWS on DescribeKey (LocalStack's test_get_key_invalid_uuid,
  contract row 19); UntagResource resolves its KeyId the same way.

  @rec @rec.describe-key @contract.19
  Scenario: A UUID without its dashes is not a key ID
    When I untag the key ID "134f2428cec14b25a1ae9048164dba47", removing "env"
    Then the call fails with NotFoundException and the message "Invalid keyId '134f2428cec14b25a1ae9048164dba47'"

  @rec @rec.describe-key @contract.19
  Scenario: mrk- followed by anything but 32 hex digits is not a key ID
    When I untag the key ID "mrk-fake-key-id", removing "env"
    Then the call fails with NotFoundException and the message "Invalid keyId 'mrk-fake-key-id'"
