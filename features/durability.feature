@untag @durability
Feature: A removal lasts
  A tag UntagResource removed stays removed: eventual consistency lets a
  read lag a write, never undo it. The last step waits out the run's settle
  time from the moment the removal was first seen, then reads again behind
  the barrier. The scenario starts among the run's first, so that its wait
  overlaps the rest of the run.

  @inf @contract.211 @contract.1
  Scenario: A removed tag is still gone a settle time after the removal was first seen
    Given a key with the tags:
      | TagKey | TagValue |
      | env    | prod     |
      | team   | payments |
    When I untag the key, removing "env"
    Then the call succeeds with no output
    And the key has exactly the tags:
      | TagKey | TagValue |
      | team   | payments |
    And a settle time after that was first seen, the key still has exactly the tags:
      | TagKey | TagValue |
      | team   | payments |
