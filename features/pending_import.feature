@untag @key-states
Feature: A key waiting for its key material can be untagged
  CreateKey with Origin EXTERNAL makes a key in the PendingImport state, which
  allows UntagResource.

  @doc @contract.29 @contract.56
  Scenario: A key pending import can be untagged
    Given a key with origin EXTERNAL and the tags:
      | TagKey | TagValue |
      | env    | prod     |
      | team   | payments |
    And the key is in the "PendingImport" state
    When I untag the key, removing "env"
    Then the call succeeds with no output
    And the key has exactly the tags:
      | TagKey | TagValue |
      | team   | payments |
