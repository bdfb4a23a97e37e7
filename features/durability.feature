@untag @durability
Feature: A removal lasts
  A tag UntagResource removed stays removed: eventual consistency lets a
  read lag a write, never undo it. The last step waits out the run's settle
  time from the moment the removal was first seen, then reads again behind
  the barrier. The scenarios start among the run's first, so that their
  waits overlap the rest of the run. The second holds an untag that names
  nothing the key has to the same: a wrong removal that lands after the
  check made right after the call is still a wrong removal.

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

  @inf @contract.211 @contract.3 @contract.12
  Scenario: An untag of near misses still changed nothing a settle time after that was first seen
    Given a key with the tags:
      | TagKey  | TagValue |
      | env     | prod     |
      | project | apollo   |
      | team    | payments |
    When I untag the key, removing "ENV", "pro", "prod"
    Then the call succeeds with no output
    And the key's tags are unchanged
    And a settle time after that was first seen, the key still has exactly the tags:
      | TagKey  | TagValue |
      | env     | prod     |
      | project | apollo   |
      | team    | payments |
