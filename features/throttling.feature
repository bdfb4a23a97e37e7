@untag @throttling
Feature: A throttled call has no effect
  KMS rejects a call over its quota with ThrottlingException, and a rejected
  call changes nothing. The suite paces itself and retries throttles, so it
  is never throttled by accident; this scenario provokes it: 16 UntagResource
  calls at once on a key of its own, over the default quota of 5 a second and
  a burst on one key besides, none retried. Where the target throttles none
  of them, the scenario says so and is skipped as not applicable: nothing
  was judged.

  @doc @contract.150 @contract.213
  Scenario: Every UntagResource of a burst answered ThrottlingException leaves its tag in place
    Given a key with 16 tags
    When I send 16 UntagResource calls at once, each removing one of the key's tags, retrying none
    Then every call answered ThrottlingException left its tag, and every call that succeeded removed its own
