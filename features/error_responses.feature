@wire @errors
Feature: Errors are HTTP 400 JSON documents that name their type
  Every KMS client error recorded is HTTP 400, NotFoundException and
  KMSInvalidStateException included: the AWS SDKs' Smithy model says 404 and
  409, the wire says 400. The body is {"__type": ..., "message": ...}; boto
  reads only __type, so __type is mandatory.

  Every other scenario judges a refusal by what it is: its status, its type
  and what it changed. How an error is dressed on the wire (its label, its
  request ID, a header naming its type, the member its text is in) is
  judged here, each in a scenario of its own, so that one wrong label fails
  one scenario and not every scenario that sees an error.

  @rec @rec.describe-key @contract.17 @contract.41 @contract.42 @contract.44
  Scenario: NotFoundException is HTTP 400 with its type in __type
    Given a key with no tags
    When I untag the key ID "{random-uuid}", removing "env"
    Then the call fails with NotFoundException
    And the error body names its type in "__type"
    And the error body carries its text in "message"

  @rec @rec.schedule-key-deletion @contract.27 @contract.41 @contract.42 @contract.44
  Scenario: KMSInvalidStateException is HTTP 400 with its type in __type
    Given a key with the tags:
      | TagKey | TagValue |
      | env    | prod     |
    And the key is scheduled for deletion
    When I untag the key, removing "env"
    Then the call fails with KMSInvalidStateException
    And the error body names its type in "__type"
    And the error body carries its text in "message"

  @inf @contract.43
  Scenario: An error type header, when there is one, agrees with the body
    Given a key with no tags
    When I untag the key ID "{random-uuid}", removing "env"
    Then the call is refused with a 400 JSON error
    And any X-Amzn-Errortype header names the same error as "__type"

  # Which status and type KMS answers is unpublished: another AWS JSON 1.1
  # service was seen answering 400 UnknownOperationException, and a 404 is
  # reported too (contract row 35). Any 4xx JSON refusal passes; a 5xx, an
  # HTML page or a success does not.
  @unk @contract.35
  Scenario: An unknown operation is refused with a JSON error
    Given a key with the tags:
      | TagKey | TagValue |
      | env    | prod     |
    When I send the operation "UntagResources" with the body:
      """
      {"KeyId": "{key-id}", "TagKeys": ["env"]}
      """
    Then the call is refused with a 4xx JSON error
    And the key's tags are unchanged

  # Three refusals from three checks a KMS may make in three places: the
  # key's lookup, the model's validation, the tag rules.
  @inf @contract.166
  Scenario: Every error is labelled as KMS JSON 1.1
    Given a key with the tags:
      | TagKey | TagValue |
      | env    | prod     |
    When I untag the key ID "{random-uuid}", removing "env"
    And I untag the key, removing "{129*k}"
    And I tag the key with:
      | TagKey    | TagValue |
      | aws:owner | me       |
    Then every error so far is labelled "application/x-amz-json-1.1"

  @inf @contract.167
  Scenario: Every error carries a request ID
    Given a key with the tags:
      | TagKey | TagValue |
      | env    | prod     |
    When I untag the key ID "{random-uuid}", removing "env"
    And I untag the key, removing "{129*k}"
    And I tag the key with:
      | TagKey    | TagValue |
      | aws:owner | me       |
    Then every error so far carries a request ID

  @rec @contract.68 @contract.44
  Scenario: A TagException carries its text in "message"
    Given a key with the tags:
      | TagKey | TagValue |
      | env    | prod     |
    When I tag the key with:
      | TagKey    | TagValue |
      | aws:owner | me       |
    Then the call fails with TagException
    And the error body carries its text in "message"

  @unk @contract.47
  Scenario: A body that is not JSON is refused with a JSON error
    Given a key with the tags:
      | TagKey | TagValue |
      | env    | prod     |
    When I send UntagResource with the body:
      """
      KeyId={key-id}&TagKeys=env
      """
    Then the call is refused with a 400 JSON error
    And the key's tags are unchanged

  @unk @contract.47
  Scenario: A truncated JSON body is refused with a JSON error
    Given a key with the tags:
      | TagKey | TagValue |
      | env    | prod     |
    When I send UntagResource with the body:
      """
      {"KeyId": "{key-id}", "TagKeys": ["env"]
      """
    Then the call is refused with a 400 JSON error
    And the key's tags are unchanged

  # A router that reads only the name after the last dot, as moto's does,
  # serves KMS's UntagResource under any service's prefix.
  @inf @contract.178
  Scenario: UntagResource under another service's target prefix is refused
    Given a key with the tags:
      | TagKey | TagValue |
      | env    | prod     |
    When I send UntagResource under the target "DynamoDB_20120810.UntagResource" with the body:
      """
      {"KeyId": "{key-id}", "TagKeys": ["env"]}
      """
    Then the call is refused with a 400 JSON error
    And the key's tags are unchanged
