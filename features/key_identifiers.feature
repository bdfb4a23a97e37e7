@untag @identifiers
Feature: The key is named by its key ID or its key ARN, and only by those
  UntagResource takes a key ID or a key ARN; alias names and alias ARNs are
  not accepted. An unknown or malformed identifier is refused the way
  DescribeKey refuses it: the texts were recorded from AWS on DescribeKey,
  and the scenarios that borrow them carry the tag rec.describe-key.

  Background:
    Given a key with the tags:
      | TagKey | TagValue |
      | env    | prod     |
      | team   | payments |

  @rec @contract.14
  Scenario: The key can be named by its bare key ID
    When I untag the key by its key ID, removing "env"
    Then the call succeeds with no output
    And the key has exactly the tags:
      | TagKey | TagValue |
      | team   | payments |

  @doc @contract.15
  Scenario: The key can be named by its key ARN
    When I untag the key by its key ARN, removing "env"
    Then the call succeeds with no output
    And the key has exactly the tags:
      | TagKey | TagValue |
      | team   | payments |

  @doc @contract.16
  Scenario: An alias name is not accepted
    Given an alias for the key
    When I untag the key by its alias name, removing "env"
    Then the call is refused with a 400 JSON error
    And the key's tags are unchanged

  @doc @contract.16
  Scenario: An alias ARN is not accepted
    Given an alias for the key
    When I untag the key by its alias ARN, removing "env"
    Then the call is refused with a 400 JSON error
    And the key's tags are unchanged

  @rec @rec.describe-key @contract.17
  Scenario: An unknown key ID is not found, named by its full ARN
    When I untag the key ID "{random-uuid}", removing "env"
    Then the call fails with NotFoundException and the message "Key 'arn:{partition}:kms:{region}:{account}:key/{random-uuid}' does not exist"
    And the key's tags are unchanged

  @rec @rec.describe-key @contract.18
  Scenario: An unknown key ARN in the caller's account and region is not found
    When I untag the key ID "arn:{partition}:kms:{region}:{account}:key/{random-uuid}", removing "env"
    Then the call fails with NotFoundException and the message "Key 'arn:{partition}:kms:{region}:{account}:key/{random-uuid}' does not exist"

  @rec @rec.describe-key @contract.19
  Scenario: A string that is not a key ID is refused with its own text quoted
    When I untag the key ID "fake-key-id", removing "env"
    Then the call fails with NotFoundException and the message "Invalid keyId 'fake-key-id'"

  @rec @rec.describe-key @contract.20
  Scenario: An unknown multi-Region key ID is not found, named by its full ARN
    When I untag the key ID "{random-mrk}", removing "env"
    Then the call fails with NotFoundException and the message "Key 'arn:{partition}:kms:{region}:{account}:key/{random-mrk}' does not exist"

  @rec @rec.describe-key @contract.21
  Scenario: A key ARN naming another region is refused and names that region
    When I untag the key by its key ARN from the other region, removing "env"
    Then the call fails with NotFoundException and the message "Invalid arn {region}"
    And the key's tags are unchanged

  @rec @rec.describe-key @contract.22
  Scenario: The bare key ID of a key in another region is not found in the caller's region
    Given a key in the other region with the tags:
      | TagKey | TagValue |
      | env    | prod     |
    When I untag the other region's key by its key ID, removing "env"
    Then the call fails with NotFoundException and the message "Key 'arn:{partition}:kms:{region}:{account}:key/{other-region-key-id}' does not exist"
    And the other region's key's tags are unchanged

  @doc @contract.24
  Scenario: A malformed key ARN is refused with a JSON error, not a server error
    When I untag the key ID "arn:{partition}:kms:{region}:{account}:foo/{key-id}", removing "env"
    Then the call is refused with a 400 JSON error
    And the key's tags are unchanged
