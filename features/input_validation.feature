@untag @validation
Feature: Malformed UntagResource requests are refused and change nothing
  Sent raw, below any SDK, so the suite can send what SDKs refuse to: both
  members are required, KeyId holds 1 to 2048 characters and each tag key 1
  to 128. A refused request must leave every tag in place.

  Background:
    Given a key with the tags:
      | TagKey | TagValue |
      | env    | prod     |
      | team   | payments |

  @inf @contract.8
  Scenario: TagKeys absent is refused
    When I send UntagResource with the body:
      """
      {"KeyId": "{key-id}"}
      """
    Then the call is refused with a 400 JSON error
    And the key's tags are unchanged

  @inf @contract.8
  Scenario: TagKeys null is refused
    When I send UntagResource with the body:
      """
      {"KeyId": "{key-id}", "TagKeys": null}
      """
    Then the call is refused with a 400 JSON error
    And the key's tags are unchanged

  @doc @contract.7
  Scenario: An empty TagKeys list is refused
    When I untag the key, removing no tag keys
    Then the call is refused with a 400 JSON error
    And the key's tags are unchanged

  @inf @contract.9
  Scenario: KeyId absent is refused
    When I send UntagResource with the body:
      """
      {"TagKeys": ["env"]}
      """
    Then the call is refused with a 400 JSON error
    And the key's tags are unchanged

  @doc @contract.10
  Scenario: An empty KeyId is refused as invalid or as not found
    When I untag the key ID "", removing "env"
    Then the call fails with ValidationException or NotFoundException
    And the key's tags are unchanged

  @doc @contract.10
  Scenario: A KeyId over 2048 characters is refused as invalid or as not found
    When I untag the key ID "{2049*k}", removing "env"
    Then the call fails with ValidationException or NotFoundException
    And the key's tags are unchanged

  @doc @contract.37 @contract.19
  Scenario: A KeyId of exactly 2048 characters is not a length error
    When I untag the key ID "{2048*k}", removing "env"
    Then the call fails with NotFoundException

  @doc @contract.11
  Scenario: An empty tag key is a ValidationException
    When I untag the key, removing ""
    Then the call fails with ValidationException
    And the key's tags are unchanged

  @doc @contract.11
  Scenario: A tag key over 128 characters is a ValidationException
    When I untag the key, removing "{129*k}"
    Then the call fails with ValidationException
    And the key's tags are unchanged

  @doc @contract.11
  Scenario: One over-long tag key among valid ones removes nothing
    When I untag the key, removing "env", "{129*k}"
    Then the call fails with ValidationException
    And the key's tags are unchanged

  @doc @contract.11 @contract.3
  Scenario: A tag key of exactly 128 characters is not a length error
    When I untag the key, removing "{128*k}"
    Then the call succeeds with no output
    And the key's tags are unchanged

  @unk @contract.47
  Scenario: TagKeys sent as a string instead of a list is refused
    When I send UntagResource with the body:
      """
      {"KeyId": "{key-id}", "TagKeys": "env"}
      """
    Then the call is refused with a 400 JSON error
    And the key's tags are unchanged

  @unk @contract.47
  Scenario: A KeyId sent as a number is refused
    When I send UntagResource with the body:
      """
      {"KeyId": 1234, "TagKeys": ["env"]}
      """
    Then the call is refused with a 400 JSON error
    And the key's tags are unchanged

  @unk @contract.13
  Scenario: A tag key starting with aws: either is refused or removes only real tags
    When I untag the key, removing "aws:createdBy", "env"
    Then the call either succeeds with no output or is refused with a 400 JSON error
    And if it succeeded, the key has exactly the tags:
      | TagKey | TagValue |
      | team   | payments |
    And if it was refused, the key's tags are unchanged
