@list
Feature: ListResourceTags shows what UntagResource left
  The suite checks every removal through ListResourceTags, so its shape is
  part of the contract: "Tags" is always a list, empty when there are none;
  "NextMarker" is there when "Truncated" is true, and "Truncated" only when
  more tags follow; Limit pages the tags. A listing with nothing to follow
  leaves "NextMarker" out rather than sending it null: clients read both
  alike, so only the scenario about it judges it.

  @rec @contract.74
  Scenario: A key without tags lists an empty Tags list
    Given a key with no tags
    When I list the key's tags
    Then the call succeeds
    And the listing's "Tags" is an empty list

  @rec @contract.2 @contract.74
  Scenario: A key untagged down to nothing lists an empty Tags list
    Given a key with the tags:
      | TagKey | TagValue |
      | env    | prod     |
    When I untag the key, removing "env"
    Then the call succeeds with no output
    And the key has no tags
    When I list the key's tags
    Then the listing's "Tags" is an empty list

  @doc @contract.73 @contract.72
  Scenario: A listing of every tag at once is not truncated
    Given a key with the tags:
      | TagKey | TagValue |
      | env    | prod     |
      | team   | payments |
    When I list the key's tags
    Then the call succeeds
    And the listing is not truncated
    And the listing holds exactly the tags:
      | TagKey | TagValue |
      | env    | prod     |
      | team   | payments |

  @inf @contract.182 @contract.73
  Scenario: A listing that is not truncated leaves NextMarker out
    Given a key with the tags:
      | TagKey | TagValue |
      | env    | prod     |
      | team   | payments |
    When I list the key's tags
    Then the call succeeds
    And the listing leaves "NextMarker" out

  @doc @contract.72 @contract.73
  Scenario: Listing one tag at a time pages through every tag exactly once
    Given a key with the tags:
      | TagKey  | TagValue |
      | env     | prod     |
      | team    | payments |
      | project | atlas    |
    When I list the key's tags 1 at a time until the last page
    Then every page but the last was truncated with a "NextMarker"
    And no page held more than 1 tag
    And the pages together hold exactly the tags:
      | TagKey  | TagValue |
      | env     | prod     |
      | team    | payments |
      | project | atlas    |

  @doc @contract.72 @contract.73
  Scenario: Listing two tags at a time pages through five tags exactly once
    Given a key with the tags:
      | TagKey | TagValue |
      | a      | 1        |
      | b      | 2        |
      | c      | 3        |
      | d      | 4        |
      | e      | 5        |
    When I list the key's tags 2 at a time until the last page
    Then every page but the last was truncated with a "NextMarker"
    And no page held more than 2 tags
    And the pages together hold exactly the tags:
      | TagKey | TagValue |
      | a      | 1        |
      | b      | 2        |
      | c      | 3        |
      | d      | 4        |
      | e      | 5        |

  @doc @contract.73 @contract.72
  Scenario: A full page that ends with the key's last tag is not truncated
    Given a key with the tags:
      | TagKey | TagValue |
      | a      | 1        |
      | b      | 2        |
      | c      | 3        |
      | d      | 4        |
    When I list the key's tags 2 at a time until the last page
    Then every page but the last was truncated with a "NextMarker"
    And every page marked Truncated was followed by more tags
    And the pages together hold exactly the tags:
      | TagKey | TagValue |
      | a      | 1        |
      | b      | 2        |
      | c      | 3        |
      | d      | 4        |

  @doc @contract.50
  Scenario: The tags of a key pending deletion can still be listed
    Given a key with the tags:
      | TagKey | TagValue |
      | env    | prod     |
    And the key is scheduled for deletion
    When I list the key's tags
    Then the call succeeds
    And the listing holds exactly the tags:
      | TagKey | TagValue |
      | env    | prod     |
