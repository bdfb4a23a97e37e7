@untag @wire @output
Feature: A successful UntagResource answers HTTP 200 with no output
  UntagResource has no output shape. AWS answers HTTP 200 with an empty body,
  Content-Type application/x-amz-json-1.1 and an x-amzn-RequestId header.
  Clients also accept a body of {} (Smithy test handles_empty_output_shape),
  so {} passes leniently, and the report says so. Only these scenarios
  judge the body, the label and the request ID of a success; every other
  scenario takes any success a client reads as one.

  Background:
    Given a key with the tags:
      | TagKey | TagValue |
      | env    | prod     |

  @doc @contract.38
  Scenario: Success is HTTP 200 with an empty body
    When I untag the key, removing "env"
    Then the call succeeds with no output
    And the response body is empty

  # A handler that reports what it did may have something to say only when
  # it did nothing: the untag of a tag the key lacks is a success too (row 5).
  @doc @contract.38
  Scenario: Success that removed nothing is HTTP 200 with an empty body
    When I untag the key, removing "team"
    Then the call succeeds with no output
    And the response body is empty

  @doc @contract.39
  Scenario: Success is labelled as KMS JSON 1.1
    When I untag the key, removing "env"
    Then the call succeeds with no output
    And the response's Content-Type is "application/x-amz-json-1.1"

  @doc @contract.40
  Scenario: Success carries a request ID
    When I untag the key, removing "env"
    Then the call succeeds with no output
    And the response carries a UUID request ID

  # A request ID made once, when the handler starts, is a UUID every time
  # and names no one call.
  @inf @contract.179
  Scenario: Every response carries a request ID of its own
    When I untag the key, removing "env"
    And I untag the key, removing "env"
    Then the call succeeds with no output
    And every response so far carries a request ID of its own
