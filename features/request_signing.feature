@untag @authentication
Feature: A request KMS cannot authenticate is refused and changes nothing
  KMS signs nothing on trust: it computes every request's SigV4 signature
  again with the secret of the access key the request names, and refuses a
  request whose signature does not match, or that carries none. AWS's JSON
  services have been seen answering such a request with a 400 JSON error
  (InvalidSignatureException, MissingAuthenticationTokenException), and
  IAM's troubleshooting page speaks of 403; neither the status nor the type
  KMS answers is published, so these scenarios assert only a 4xx JSON
  refusal and that nothing changed. An endpoint that serves such requests
  is no stand-in for KMS: code tested against it never learns that its
  credentials are wrong.

  Background:
    Given a key with the tags:
      | TagKey | TagValue |
      | env    | prod     |
      | team   | payments |

  @unk @requires.client-signatures @contract.168
  Scenario: A request signed with the wrong secret is refused
    When I untag the key with a request signed with the wrong secret, removing "env"
    Then the call is refused with a 4xx JSON error
    And the key's tags are unchanged

  @unk @requires.client-signatures @contract.169
  Scenario: A request without an Authorization header is refused
    When I untag the key with a request that carries no Authorization header, removing "env"
    Then the call is refused with a 4xx JSON error
    And the key's tags are unchanged
