//! Switches that make the stub wrong on purpose, one behaviour each.
//!
//! Each deviation is a way a real emulator gets `UntagResource` wrong (the
//! contract §5 lists the ones seen in moto, LocalStack and local-kms) or a
//! way someone following the documentation might. The suite proves its power
//! by failing against each of them (`kms-conformance selftest`, and the
//! kill-matrix test): a deviation no scenario catches is a hole in the suite.
//!
//! The model and the HTTP adapter hold KMS's behaviour only, and expose a
//! few seams (`model/seams.rs`, `http_seams.rs`). Each deviation is a small
//! value that bends one, in the file of its seam or area; `plug.rs` says
//! where each plugs in. Several compose in the order of [`Deviation::ALL`].

mod admission;
mod answer_words;
mod call_outcomes;
#[macro_use]
mod declare;
mod deviation_set;
mod identifiers;
mod identity_policies;
mod key_lifecycle;
mod names;
mod plug;
mod policy_documents;
mod policy_evaluation;
mod policy_reading;
mod reads;
mod reply_shape;
mod state_rules;
mod tag_limits;
mod tag_matching;
mod untag_reach;
mod validation;

pub(crate) use declare::Detection;
pub use deviation_set::Deviations;

deviations! {
    // Tag removal semantics.
    UntagRemovesNothing = "untag-removes-nothing", Fails,
        "UntagResource answers 200 but removes no tag";
    UntagRemovesEverything = "untag-removes-everything", Fails,
        "UntagResource removes every tag of the key, whatever TagKeys says";
    UntagRemovesOnlyFirst = "untag-removes-only-first", Fails,
        "UntagResource removes only the first key in TagKeys";
    UntagMatchesPrefix = "untag-matches-prefix", Fails,
        "a tag key also removes every tag whose key starts with it";
    UntagIgnoresCase = "untag-ignores-case", Fails,
        "tag keys are matched case-insensitively";
    UntagMatchesValues = "untag-matches-values", Fails,
        "a tag key also removes tags whose value equals it";
    UntagMissingKeyIsError = "untag-missing-key-is-error", Fails,
        "a tag key the key does not have is a 400 TagException instead of being ignored";
    UntagPartialOnError = "untag-partial-on-error", Fails,
        "valid tag keys are removed before an over-long one is refused";
    /// A store whose replicas do not agree on deletes (contract row 211).
    RemovedTagReturns = "removed-tag-returns", Fails,
        "a tag UntagResource removed is back, key and value, 100 ms later";
    /// A store whose background job matches loosely (contract rows 3, 12, 211).
    LateExtraRemoval = "late-extra-removal", Fails,
        "UntagResource removes what it names at once, and 100 ms later the tags whose key differs only in case, starts with a key sent, or whose value equals one";
    // Tag removal that reaches too far: each a way a hand-written store
    // matches rows, found by an audit of what no scenario caught.
    /// A delete missing its `WHERE key_id = ?` (contract row 176).
    UntagEveryKey = "untag-every-key", Fails,
        "UntagResource removes the named tags from every key of the caller's account and region, not only the key named";
    /// `stored.ends_with(sent)` (contract row 3).
    UntagMatchesSuffix = "untag-matches-suffix", Fails,
        "a tag key also removes every tag whose key ends with it";
    /// `sent.contains(stored)` (contract row 3).
    UntagMatchesWithin = "untag-matches-within", Fails,
        "a tag key also removes every tag whose key it contains";
    /// Keys trimmed on one side of the comparison or both (contract row 63).
    UntagTrimsTagKeys = "untag-trims-tag-keys", Fails,
        "tag keys are matched with the white space at their ends trimmed";
    /// The sent key used as a regular expression (contract row 63).
    UntagMatchesRegexDot = "untag-matches-regex-dot", Fails,
        "a . in a tag key matches any one character, as in a regular expression";
    /// The sent key used as a SQL `LIKE` pattern (contract row 63).
    UntagMatchesLikeUnderscore = "untag-matches-like-underscore", Fails,
        "an _ in a tag key matches any one character, as in SQL LIKE";
    /// A URL decoder on a JSON string (contract row 63: `+` is a key's own).
    UntagFormDecodesKeys = "untag-form-decodes-keys", Fails,
        "the tag keys an untag sends are form-decoded before matching: a+b removes a b, not a+b";
    /// A collation that folds case beyond ASCII (contract row 61).
    UntagFoldsUnicodeCase = "untag-folds-unicode-case", Fails,
        "letters outside ASCII are matched without their case: É removes é";
    /// Keys normalised on their way into the store (contract row 63).
    UntagCollapsesInnerSpace = "untag-collapses-inner-space", Fails,
        "runs of white space inside a tag key are matched as one space: a  b removes a b";
    // Output.
    SuccessBodyEcho = "success-body-echo", Fails,
        "success answers the request back as its body";
    /// A handler that reports what it did, and has something to say only
    /// when it did nothing (contract row 38).
    SuccessBodyWhenNothingRemoved = "success-body-when-nothing-removed", Fails,
        "an UntagResource that removed nothing answers {\"Removed\": 0} instead of an empty body";
    SuccessBodyEmptyObject = "success-body-empty-object", Lenient,
        "success answers {} instead of an empty body";
    SuccessStatus204 = "success-status-204", Fails,
        "success is HTTP 204 No Content";
    SuccessEnvelope = "success-envelope", Fails,
        "success is wrapped as {\"success\": true, \"data\": ...}";
    SuccessContentTypeJson = "success-content-type-json", Fails,
        "success is labelled application/json";
    NoRequestId = "no-request-id", Fails,
        "responses carry no x-amzn-RequestId";
    // Errors.
    NotFoundIs404 = "not-found-is-404", Fails,
        "NotFoundException is HTTP 404, as the SDKs' Smithy model says";
    InvalidStateIs409 = "invalid-state-is-409", Fails,
        "KMSInvalidStateException is HTTP 409, as the SDKs' Smithy model says";
    ErrorTypeOnlyInHeader = "error-type-only-in-header", Fails,
        "errors name their type in X-Amzn-Errortype only, not in __type";
    ErrorHeaderDisagrees = "error-header-disagrees", Fails,
        "X-Amzn-Errortype names the Smithy shape (KeyNotFound) while __type says NotFoundException";
    ErrorEnvelope = "error-envelope", Fails,
        "errors are {\"error\": {\"code\": ..., \"message\": ...}}";
    ErrorsAre500 = "errors-are-500", Fails,
        "client errors are HTTP 500";
    ErrorMessageCapitalized = "error-message-capitalized", Fails,
        "errors carry Message instead of message";
    NotFoundIsInvalidArn = "not-found-is-invalid-arn", Fails,
        "an unknown key is InvalidArnException instead of NotFoundException";
    UnknownOperation500 = "unknown-operation-500", Fails,
        "an unknown X-Amz-Target is an HTML 500 page";
    MalformedJson500 = "malformed-json-500", Fails,
        "a body that is not JSON is an HTML 500 page";
    // Key states.
    NoStateCheck = "no-state-check", Fails,
        "tag operations work on keys pending deletion";
    DisabledRefused = "disabled-refused", Fails,
        "tag operations are refused on Disabled keys";
    PendingImportRefused = "pending-import-refused", Fails,
        "tag operations are refused on keys pending import";
    OnlyEnabledOrDisabled = "only-enabled-or-disabled", Fails,
        "tag operations are refused in Unavailable, Creating and Updating too";
    ReplicaDeletionAllowed = "replica-deletion-allowed", Fails,
        "tag operations work on keys pending replica deletion";
    /// The state check placed after the lookup of the tags, behind "nothing
    /// to remove, nothing to do" (contract row 27).
    UntagStateCheckWhenTagFound = "untag-state-check-when-tag-found", Fails,
        "UntagResource checks the key state only when the key has a named tag: a key pending deletion answers 200 to an untag of tags it lacks";
    StateMessageUsesIdSent = "state-message-uses-id-sent", Fails,
        "key-state refusals name the key as sent, not by its ARN";
    CancelDeletionEnables = "cancel-deletion-enables", Fails,
        "CancelKeyDeletion leaves the key Enabled";
    /// A store that sets `KeyState` and forgets the `Enabled` flag beside
    /// it (contract row 218).
    ScheduleDeletionKeepsEnabled = "schedule-deletion-keeps-enabled", Fails,
        "DescribeKey says Enabled true for a key pending deletion";
    /// A `DescribeKey` written before `ScheduleKeyDeletion` was (contract row 218).
    DescribeNoDeletionDate = "describe-no-deletion-date", Fails,
        "DescribeKey leaves out the DeletionDate of a key pending deletion";
    ExternalOriginEnabled = "external-origin-enabled", Fails,
        "CreateKey with Origin EXTERNAL makes an Enabled key";
    ScheduleDeletionEchoesId = "schedule-deletion-echoes-id", Fails,
        "ScheduleKeyDeletion answers with the KeyId as sent";
    ListRefusedPendingDeletion = "list-refused-pending-deletion", Fails,
        "ListResourceTags is refused on keys pending deletion";
    // Identifiers.
    AliasesAccepted = "aliases-accepted", Fails,
        "tag operations accept alias names and alias ARNs";
    ArnAccountIgnored = "arn-account-ignored", Fails,
        "the account inside a key ARN is ignored: the caller's key with that ID is used";
    CrossAccountAllowed = "cross-account-allowed", Fails,
        "a key ARN of another account acts on that account's key";
    ArnRegionIgnored = "arn-region-ignored", Fails,
        "the region inside a key ARN is ignored";
    RegionsShared = "regions-shared", Fails,
        "a key is found from every region";
    /// A multi-Region key ID taken to name the whole set (contract row 212).
    MrkIdFoundInOtherRegion = "mrk-id-found-in-other-region", Fails,
        "a multi-Region key ID with no key in the request's region is looked up in the other regions, and the primary there is untagged";
    UnknownKeyAccepted = "unknown-key-accepted", Fails,
        "untagging an unknown key ID succeeds";
    NotFoundNamesIdSent = "not-found-names-id-sent", Fails,
        "an unknown key is named as sent, not by its full ARN";
    InvalidKeyIdUnquoted = "invalid-key-id-unquoted", Fails,
        "Invalid keyId x, without the quotes";
    MrkIdsRefused = "mrk-ids-refused", Fails,
        "multi-Region key IDs (mrk-...) are refused as invalid key IDs";
    MalformedArn500 = "malformed-arn-500", Fails,
        "a malformed ARN is an internal error, HTTP 500";
    ManagedKeyUntaggable = "managed-key-untaggable", Fails,
        "AWS managed keys can be tagged and untagged";
    ManagedKeyIsCustomer = "managed-key-is-customer", Fails,
        "the key behind alias/aws/s3 reports KeyManager CUSTOMER";
    // Validation.
    EmptyTagKeysAccepted = "empty-tag-keys-accepted", Fails,
        "TagKeys [] is accepted";
    MissingTagKeysAccepted = "missing-tag-keys-accepted", Fails,
        "a missing or null TagKeys is accepted as empty";
    KeyIdUnchecked500 = "key-id-unchecked-500", Fails,
        "a missing or non-string KeyId crashes the handler: HTTP 500";
    NoLengthChecks = "no-length-checks", Fails,
        "KeyId and tag key lengths are not checked";
    KeyIdLimitOffByOne = "key-id-limit-off-by-one", Fails,
        "a KeyId of 2048 characters is already too long";
    TagKeyLimitOffByOne = "tag-key-limit-off-by-one", Fails,
        "a tag key of 128 characters is already too long";
    TypeErrorsCoerced = "type-errors-coerced", Fails,
        "a string is taken for a list of one string (\"env\" for [\"env\"])";
    // ListResourceTags shape.
    ListTagsNullWhenEmpty = "list-tags-null-when-empty", Fails,
        "ListResourceTags answers \"Tags\": null for a key without tags";
    ListTagsAbsentWhenEmpty = "list-tags-absent-when-empty", Fails,
        "ListResourceTags leaves out \"Tags\" for a key without tags";
    ListNextMarkerNull = "list-next-marker-null", Fails,
        "ListResourceTags answers \"NextMarker\": null when not truncated";
    ListIgnoresLimit = "list-ignores-limit", Fails,
        "ListResourceTags ignores Limit";
    // TagResource.
    TagLimitPerRequest = "tag-limit-per-request", Fails,
        "the 50-tag limit counts one request's tags, not the key's";
    TagOverwriteAppends = "tag-overwrite-appends", Fails,
        "tagging an existing tag key adds a second tag instead of overwriting";
    TagReservedPrefixAllowed = "tag-reserved-prefix-allowed", Fails,
        "tag keys starting with aws: can be added";
    TagDuplicatesAllowed = "tag-duplicates-allowed", Fails,
        "duplicate tag keys in one TagResource call are accepted";
    TagValidationMessageDiffers = "tag-validation-message-differs", Fails,
        "an over-long tag key is refused with other wording than AWS's";
    // Consistency.
    StaleReads = "stale-reads", Fails,
        "ListResourceTags keeps answering the tags the key was created with";
    // Authorization (contract §6).
    UntagDenyNotEnforced = "untag-deny-not-enforced", Fails,
        "UntagResource is not authorized by the key policy: a Deny of kms:UntagResource is ignored";
    TagKeysConditionIgnored = "tag-keys-condition-ignored", Fails,
        "requests carry no aws:TagKeys, so key policy conditions on it never match";
    AllowOverridesDeny = "allow-overrides-deny", Fails,
        "an Allow that applies wins over a Deny that applies";
    DenialIsNotFound = "denial-is-not-found", Fails,
        "a key policy's refusal is answered as NotFoundException";
    DenialIs500 = "denial-is-500", Fails,
        "a key policy's refusal is answered as HTTP 500";
    PutKeyPolicyNotStored = "put-key-policy-not-stored", Fails,
        "PutKeyPolicy answers 200 but keeps the key's old policy";
    MalformedPolicyAccepted = "malformed-policy-accepted", Fails,
        "a key policy that is not a valid policy document is stored";
    NoLockoutCheck = "no-lockout-check", Fails,
        "CreateKey and PutKeyPolicy accept a policy that locks the caller out of PutKeyPolicy";
    PolicyNameRequired = "policy-name-required", Fails,
        "GetKeyPolicy and PutKeyPolicy without a PolicyName are NotFoundException";
    // The policy grammar read wrong (contract rows 206 to 210): each rule an
    // evaluator can get wrong while a Deny or an Allow by action still works.
    PrincipalIgnored = "principal-ignored", Fails,
        "a key policy statement applies to every caller, whatever its Principal names (a service, another account)";
    SetOperatorsSwapped = "set-operators-swapped", Fails,
        "ForAllValues: is read as ForAnyValue: and the other way round, in an Allow and in a Deny";
    ForAllValuesNotVacuous = "for-all-values-not-vacuous", Fails,
        "ForAllValues: on a condition key the request does not carry is false, not true";
    ForAnyValueTrueOnEmpty = "for-any-value-true-on-empty", Fails,
        "ForAnyValue: on a condition key the request does not carry is true, not false";
    ActionNamesCaseSensitive = "action-names-case-sensitive", Fails,
        "action names in a key policy are compared case-sensitively: kms:untagresource names no action";
    ConditionKeysCaseSensitive = "condition-keys-case-sensitive", Fails,
        "condition key names are compared case-sensitively: aws:tagkeys is not aws:TagKeys";
    ConditionValuesIgnoreCase = "condition-values-ignore-case", Fails,
        "StringEquals compares condition values ignoring case";
    IgnoreCaseOperatorExact = "ignore-case-operator-exact", Fails,
        "StringEqualsIgnoreCase compares condition values exactly";
    // Throttling.
    /// Shows only with `--throttle`: caught there by the run's cleanup (a
    /// throttled `CreateKey` makes a key) and by `throttling.feature`.
    ThrottledCallTakesEffect = "throttled-call-takes-effect", Cleanup,
        "a throttled call still takes effect: a throttled CreateKey makes a key nobody is told of";
    /// Throttles of its own, so the kill matrix needs no `--throttle` (row 150).
    ThrottledUntagTakesEffect = "throttled-untag-takes-effect", Fails,
        "more than 5 UntagResource calls a second on one key are throttled, and a throttled one still removes its tags";
    /// A lock a burst leaves held: every retry meets it (contract row 41:
    /// a 5xx is retried, and one that persists is judged).
    UntagBurstWedgesKey = "untag-burst-wedges-key", Fails,
        "more than 5 UntagResource calls a second on one key wedge it: every UntagResource of it from then on answers HTTP 500";
    // Multi-Region keys.
    MrkTagsShared = "mrk-tags-shared", Fails,
        "the keys of a multi-Region set share their tags: tagging or untagging one changes them all";
    ReplicateCopiesTags = "replicate-copies-tags", Fails,
        "ReplicateKey gives the replica the primary's tags besides the ones it was sent";
    PrimaryPendingDeletion = "primary-pending-deletion", Fails,
        "ScheduleKeyDeletion puts a primary with replicas into PendingDeletion, not PendingReplicaDeletion";
    MrkIdsUuid = "mrk-ids-uuid", Fails,
        "CreateKey with MultiRegion makes a key with a plain UUID key ID, without mrk-";
    MrkIdsDashed = "mrk-ids-dashed", Fails,
        "CreateKey with MultiRegion makes mrk- and a dashed UUID (as moto does), not 32 hex digits";
    ReplicasDescribedAsPrimary = "replicas-described-as-primary", Fails,
        "DescribeKey of a replica says it is the PRIMARY key of its multi-Region set";
    /// A fault behind an answer that used to make the suite skip every
    /// multi-Region scenario (the red team's escape 3).
    ReplicateUnknownKeyUnsupported = "replicate-unknown-key-unsupported", Fails,
        "ReplicateKey of a key that does not exist is UnsupportedOperationException (the multi-Region check comes before the lookup), and a replica starts with its primary's tags";
    // Every judged error: its type in __type, its labels, its message member.
    UnknownOperationTypeInHeader = "unknown-operation-type-in-header", Fails,
        "an unknown X-Amz-Target is refused with its type only in X-Amzn-Errortype, as a router in front of the handlers might";
    ErrorContentTypeJson = "error-content-type-json", Fails,
        "errors are labelled application/json (successes are not)";
    ErrorNoRequestId = "error-no-request-id", Fails,
        "errors carry no x-amzn-RequestId (successes do)";
    TagExceptionMessageCapitalized = "tag-exception-message-capitalized", Fails,
        "TagException carries Message instead of message";
    // The pending-deletion refusal and TagResource's state check.
    UntagStateMessageUsesIdSent = "untag-state-message-uses-id-sent", Fails,
        "UntagResource's key-state refusal names the key as sent, not by its ARN (other operations' do not)";
    TagResourceNoStateCheck = "tag-resource-no-state-check", Fails,
        "TagResource works on keys pending deletion (UntagResource is still refused)";
    // Recorded inputs.
    KeyIdFormsLoose = "key-id-forms-loose", Fails,
        "a UUID without dashes and any mrk- name are looked up as key IDs instead of refused as invalid";
    TagReservedPrefixCaseSensitive = "tag-reserved-prefix-case-sensitive", Fails,
        "only a lowercase aws: prefix is reserved: AWS:owner can be added";
    TagValueLengthUnchecked = "tag-value-length-unchecked", Fails,
        "tag values of any length are accepted";
    TagLimitCountsKeyOnly = "tag-limit-counts-key-only", Fails,
        "the 50-tag limit counts only the tags the key already has, so one TagResource can add 51";
    /// A soft delete whose count forgets the deleted flag (contract row 64).
    UntagLeavesTagsCounted = "untag-leaves-tags-counted", Fails,
        "tags UntagResource removed no longer list, but still count against the key's 50-tag limit";
    UntagTagKeyLengthInBytes = "untag-tag-key-length-in-bytes", Fails,
        "UntagResource measures tag keys in bytes, so 128 two-byte letters are too long";
    // Authentication.
    SignatureUnchecked = "signature-unchecked", Fails,
        "a signature is not verified: a request signed with the wrong secret is served";
    UnsignedAccepted = "unsigned-accepted", Fails,
        "a request with no Authorization header is served, as the default account in us-east-1";
    // The operations the UntagResource scenarios read and prepare with:
    // ListResourceTags' paging and TagResource's merge and input checks.
    ListTruncatedWhenFull = "list-truncated-when-full", Fails,
        "ListResourceTags marks a full page Truncated, with a NextMarker, even when no tag follows it";
    ListMarkerAdvancesByOne = "list-marker-advances-by-one", Fails,
        "ListResourceTags' NextMarker continues one tag after the page's first, not after its last";
    TagOverwriteIgnoresCase = "tag-overwrite-ignores-case", Fails,
        "TagResource overwrites a tag whose key differs only in case: ENV replaces env";
    TagEmptyTagsAccepted = "tag-empty-tags-accepted", Fails,
        "TagResource with Tags [] is accepted";
    // Around UntagResource and under it: the state check of TagResource, a
    // tag value's bound, how a key policy names actions, how a request
    // names its operation, and the request ID. Each a shortcut a hand-written
    // KMS might take, found by an audit of what no scenario caught.
    /// A state check written as "the key must be Enabled" (contract row 49).
    TagResourceRefusedDisabled = "tag-resource-refused-disabled", Fails,
        "TagResource is refused on Disabled keys (UntagResource is not)";
    /// `len < 256` where `len <= 256` was meant (contract row 70).
    TagValueLimitOffByOne = "tag-value-limit-off-by-one", Fails,
        "a tag value of 256 characters is already too long";
    /// Actions compared with `ends_with` (contract row 127).
    ActionMatchedAsSuffix = "action-matched-as-suffix", Fails,
        "a key policy statement naming kms:TagResource applies to kms:UntagResource too, as when actions are matched by their ends";
    /// Routing on what follows the last dot of `X-Amz-Target`, as moto does
    /// (contract row 178).
    TargetPrefixIgnored = "target-prefix-ignored", Fails,
        "X-Amz-Target is read without its service prefix: DynamoDB_20120810.UntagResource is KMS's UntagResource";
    /// A request ID made once, not per response (contract row 179).
    RequestIdFixed = "request-id-fixed", Fails,
        "every response carries the same x-amzn-RequestId";
    /// A gateway that adds its own request ID beside KMS's, which clients
    /// fold into one value, "a, b" (contract row 40).
    RequestIdDuplicated = "request-id-duplicated", Fails,
        "every response carries two x-amzn-RequestId headers, KMS's and another";
    // CreateKey's own tag checks: a KMS that validates tags in TagResource
    // alone lets a key be born with tags TagResource would refuse.
    /// No duplicate check on `CreateKey` (contract row 66).
    CreateKeyDuplicateTagsAllowed = "create-key-duplicate-tags-allowed", Fails,
        "CreateKey accepts the same tag key twice; TagResource still refuses it";
    /// No 50-tag limit on `CreateKey` (contract row 67).
    CreateKeyTagLimitUnchecked = "create-key-tag-limit-unchecked", Fails,
        "CreateKey accepts 51 tags; TagResource still refuses them";
    // ABAC: how an IAM role's own policies take part (contract rows 184 to
    // 205), each a way an implementation of it gets it wrong.
    IdentityPolicyIgnored = "identity-policy-ignored", Fails,
        "a role session is authorized by the key policy alone: its identity policies, Allow and Deny, are never read";
    ResourceTagAtRoleCreation = "resource-tag-at-role-creation", Fails,
        "aws:ResourceTag in an identity policy reads the key's tags as they were when the role was made";
    ResourceTagAtKeyCreation = "resource-tag-at-key-creation", Fails,
        "aws:ResourceTag in an identity policy reads the tags the key was created with";
    IdentityDenyOverriddenByKeyPolicy = "identity-deny-overridden-by-key-policy", Fails,
        "an Allow in the key policy wins over an explicit Deny in an identity policy";
    AssumedRoleAsAccountRoot = "assumed-role-as-account-root", Fails,
        "a request signed by a role session is authorized as the account's root user";
    TagKeysIgnoredInIdentityPolicies = "tag-keys-ignored-in-identity-policies", Fails,
        "identity policies are evaluated without aws:TagKeys, so a ForAllValues condition on it always holds";
    /// Shows only when the ABAC scenarios assume a brought role with
    /// session policies (`--abac-role-arn`, contract row 216): caught by
    /// `tests/abac_brought_role.rs`.
    SessionPolicyIgnored = "session-policy-ignored", BroughtRole,
        "the policy passed to AssumeRole does not narrow the session: it may do all its role may";
}

#[cfg(test)]
mod tests;
