//! TagResource, UntagResource and ListResourceTags (contract §2 and §4).

use serde_json::{Value, json};

use super::super::deviations::Deviation;
use super::error::{KmsError, Violations};
use super::input::{Members, TagInput};
use super::key::{Key, KeyAddr, KeyManager, KeyState, Tag};
use super::resolve::Aliases;
use super::{Caller, Model, Output};

/// At most 50 user tags per key (contract row 64, DOC).
pub(crate) const MAX_TAGS: usize = 50;
const MAX_TAG_KEY: usize = 128;
const MAX_TAG_VALUE: usize = 256;
const MAX_KEY_ID: usize = 2048;
const DEFAULT_LIST_LIMIT: i64 = 50;

/// `aws:` in any case is AWS's prefix (contract row 68, REC).
fn is_reserved(tag_key: &str) -> bool {
    tag_key
        .get(..4)
        .is_some_and(|p| p.eq_ignore_ascii_case("aws:"))
}

impl Model {
    /// A string member's length check, unless `no-length-checks`.
    fn check_length(
        &self,
        violations: &mut Violations,
        path: &str,
        value: &str,
        min: usize,
        max: usize,
    ) {
        if !self.deviates(Deviation::NoLengthChecks) {
            violations.length(path, value, min, max);
        }
    }

    fn max_key_id(&self) -> usize {
        if self.deviates(Deviation::KeyIdLimitOffByOne) {
            MAX_KEY_ID - 1
        } else {
            MAX_KEY_ID
        }
    }

    fn max_tag_key(&self) -> usize {
        if self.deviates(Deviation::TagKeyLimitOffByOne) {
            MAX_TAG_KEY - 1
        } else {
            MAX_TAG_KEY
        }
    }

    /// The `KeyId` member: required, 1 to 2048 characters.
    pub(crate) fn key_id_member<'a>(
        &self,
        input: &Members<'a>,
        violations: &mut Violations,
    ) -> Result<Option<&'a str>, KmsError> {
        let key_id = input.string("KeyId").map_err(|e| self.crash_on_key_id(e))?;
        let key_id = violations.required("keyId", key_id);
        match key_id {
            Some(id) => self.check_length(violations, "keyId", id, 1, self.max_key_id()),
            None if self.deviates(Deviation::KeyIdUnchecked500) => {
                return Err(self.crash_on_key_id(KmsError::serialization("KeyId is null")));
            }
            None => {}
        }
        Ok(key_id)
    }

    /// Deviation `key-id-unchecked-500`: a handler that never checked its
    /// KeyId crashes on it.
    fn crash_on_key_id(&self, error: KmsError) -> KmsError {
        if self.deviates(Deviation::KeyIdUnchecked500) {
            KmsError {
                status: 500,
                error_type: "InternalFailure".to_owned(),
                message: "'NoneType' object has no attribute 'startswith'".to_owned(),
            }
        } else {
            error
        }
    }

    /// Validates tags as sent to TagResource or CreateKey: the model's length
    /// constraints (the TagException rules come after the key is found).
    pub(crate) fn validate_new_tags(
        &self,
        path: &str,
        tags: &[TagInput<'_>],
        violations: &mut Violations,
    ) -> Vec<Tag> {
        let mut valid = Vec::with_capacity(tags.len());
        for (i, tag) in tags.iter().enumerate() {
            let at = format!("{path}.{}.member", i + 1);
            let key = violations.required(&format!("{at}.tagKey"), tag.key);
            let value = violations.required(&format!("{at}.tagValue"), tag.value);
            if let Some(key) = key {
                self.check_length(
                    violations,
                    &format!("{at}.tagKey"),
                    key,
                    1,
                    self.max_tag_key(),
                );
            }
            if let Some(value) = value {
                self.check_length(
                    violations,
                    &format!("{at}.tagValue"),
                    value,
                    0,
                    MAX_TAG_VALUE,
                );
            }
            if let (Some(key), Some(value)) = (key, value) {
                valid.push(Tag {
                    key: key.to_owned(),
                    value: value.to_owned(),
                });
            }
        }
        valid
    }

    /// The TagException rules of TagResource and CreateKey (contract rows 66 to 68, REC).
    pub(crate) fn check_tag_rules(&self, tags: &[Tag]) -> Result<(), KmsError> {
        if !self.deviates(Deviation::TagDuplicatesAllowed) {
            for (i, tag) in tags.iter().enumerate() {
                if tags[..i].iter().any(|t| t.key == tag.key) {
                    return Err(KmsError::tag("Duplicate tag keys"));
                }
            }
        }
        if tags.len() > MAX_TAGS {
            return Err(KmsError::tag("Too many tags"));
        }
        if !self.deviates(Deviation::TagReservedPrefixAllowed)
            && tags.iter().any(|t| is_reserved(&t.key))
        {
            return Err(KmsError::tag("Tags beginning with aws: are reserved"));
        }
        Ok(())
    }

    /// Whether tag operations are refused in `state`: only while the key
    /// waits for deletion (contract rows 27, 28 and 49).
    fn refuses_tagging(&self, state: KeyState) -> bool {
        match state {
            KeyState::PendingDeletion => !self.deviates(Deviation::NoStateCheck),
            KeyState::PendingReplicaDeletion => {
                !self.deviates(Deviation::NoStateCheck)
                    && !self.deviates(Deviation::ReplicaDeletionAllowed)
            }
            KeyState::Disabled => self.deviates(Deviation::DisabledRefused),
            KeyState::PendingImport => {
                self.deviates(Deviation::PendingImportRefused)
                    || self.deviates(Deviation::OnlyEnabledOrDisabled)
            }
            KeyState::Unavailable | KeyState::Creating | KeyState::Updating => {
                self.deviates(Deviation::OnlyEnabledOrDisabled)
            }
            KeyState::Enabled => false,
        }
    }

    /// Tag operations are refused on keys waiting for deletion and on AWS
    /// managed keys ("you cannot tag an AWS managed key").
    fn check_taggable(&self, caller: &Caller, operation: &str, key: &Key) -> Result<(), KmsError> {
        if self.refuses_tagging(key.state) {
            return Err(KmsError::invalid_state(&key.arn(), key.state.refusal()));
        }
        if key.manager == KeyManager::Aws && !self.deviates(Deviation::ManagedKeyUntaggable) {
            return Err(KmsError::access_denied(
                &caller.account,
                operation,
                &key.arn(),
                "you cannot tag or untag an AWS managed key",
            ));
        }
        Ok(())
    }

    pub(super) fn tag_resource(
        &mut self,
        caller: &Caller,
        input: &Members<'_>,
    ) -> Result<Output, KmsError> {
        let mut violations = Violations::default();
        let key_id = self.key_id_member(input, &mut violations)?;
        let sent = violations.required("tags", input.tags("Tags")?);
        let tags = sent
            .as_deref()
            .map(|t| self.validate_new_tags("tags", t, &mut violations));
        if let Some(sent) = &sent {
            violations.list_length("tags", "[]", sent.len(), 1);
        }
        violations.finish()?;
        let (Some(key_id), Some(tags)) = (key_id, tags) else {
            unreachable!("finish() fails when a required member is missing")
        };

        let addr = self.resolve(caller, "TagResource", key_id, Aliases::Refused)?;
        self.check_taggable(caller, "TagResource", self.key(&addr))?;
        self.check_tag_rules(&tags)?;
        let overwrite = !self.deviates(Deviation::TagOverwriteAppends);
        let per_key_limit = !self.deviates(Deviation::TagLimitPerRequest);
        let key = self.key_mut(&addr);
        let mut merged = key.tags.clone();
        for tag in tags {
            match merged.iter_mut().find(|t| t.key == tag.key) {
                Some(existing) if overwrite => existing.value = tag.value,
                _ => merged.push(tag),
            }
        }
        if per_key_limit && merged.len() > MAX_TAGS {
            return Err(KmsError::tag("Too many tags"));
        }
        key.tags = merged;
        self.commit(&addr);
        Ok(Output::Empty)
    }

    pub(super) fn untag_resource(
        &mut self,
        caller: &Caller,
        input: &Members<'_>,
    ) -> Result<Output, KmsError> {
        let mut violations = Violations::default();
        let key_id = self.key_id_member(input, &mut violations)?;
        let mut tag_keys = input.strings("TagKeys")?;
        if tag_keys.is_none() && self.deviates(Deviation::MissingTagKeysAccepted) {
            tag_keys = Some(Vec::new());
        }
        let tag_keys = violations.required("tagKeys", tag_keys);
        if let Some(tag_keys) = &tag_keys {
            // The model sets no bound on the list, but KMS refuses an empty
            // one ("TagResource and UntagResource fail when no tags are
            // specified", contract row 7); its error type is unpublished.
            let empty_refused = !self.deviates(Deviation::EmptyTagKeysAccepted)
                && !self.deviates(Deviation::MissingTagKeysAccepted);
            if empty_refused {
                violations.list_length("tagKeys", "[]", tag_keys.len(), 1);
            }
            for (i, tag_key) in tag_keys.iter().enumerate() {
                let at = format!("tagKeys.{}.member", i + 1);
                if let Some(tag_key) = violations.required(&at, *tag_key) {
                    self.check_length(&mut violations, &at, tag_key, 1, self.max_tag_key());
                }
            }
        }
        if let Err(invalid) = violations.finish() {
            if self.deviates(Deviation::UntagPartialOnError)
                && let (Some(key_id), Some(tag_keys)) = (key_id, &tag_keys)
                && let Ok(addr) = self.resolve(caller, "UntagResource", key_id, Aliases::Refused)
            {
                let valid: Vec<&str> = tag_keys
                    .iter()
                    .flatten()
                    .copied()
                    .filter(|k| k.chars().count() <= MAX_TAG_KEY)
                    .collect();
                self.remove_tags(&addr, &valid);
            }
            return Err(invalid);
        }
        let (Some(key_id), Some(tag_keys)) = (key_id, tag_keys) else {
            unreachable!("finish() fails when a required member is missing")
        };
        let tag_keys: Vec<&str> = tag_keys.into_iter().flatten().collect();

        let addr = match self.resolve(caller, "UntagResource", key_id, Aliases::Refused) {
            Err(error)
                if error.error_type == "NotFoundException"
                    && self.deviates(Deviation::UnknownKeyAccepted) =>
            {
                return Ok(Output::Empty);
            }
            other => other?,
        };
        self.check_taggable(caller, "UntagResource", self.key(&addr))?;
        // Unpublished for UntagResource (contract row 13); the stub refuses the
        // reserved prefix as TagResource does, so that nothing changes.
        if tag_keys.iter().any(|k| is_reserved(k)) {
            return Err(KmsError::tag("Tags beginning with aws: are reserved"));
        }
        if self.deviates(Deviation::UntagMissingKeyIsError) {
            let key = self.key(&addr);
            if let Some(missing) = tag_keys
                .iter()
                .find(|k| !key.tags.iter().any(|t| t.key == **k))
            {
                return Err(KmsError::tag(&format!("Tag key {missing} does not exist")));
            }
        }
        self.remove_tags(&addr, &tag_keys);
        Ok(Output::Empty)
    }

    /// Removes the tags `tag_keys` name: an exact, case-sensitive match on
    /// the key (contract rows 3, 4 and 12); keys the key does not have are ignored.
    fn remove_tags(&mut self, addr: &KeyAddr, tag_keys: &[&str]) {
        let named: Vec<&str> = if self.deviates(Deviation::UntagRemovesOnlyFirst) {
            tag_keys.iter().take(1).copied().collect()
        } else {
            tag_keys.to_vec()
        };
        let everything = self.deviates(Deviation::UntagRemovesEverything);
        let nothing = self.deviates(Deviation::UntagRemovesNothing);
        let prefix = self.deviates(Deviation::UntagMatchesPrefix);
        let any_case = self.deviates(Deviation::UntagIgnoresCase);
        let values = self.deviates(Deviation::UntagMatchesValues);
        let removes = |tag: &Tag| {
            if nothing {
                return false;
            }
            everything
                || named.iter().any(|k| {
                    tag.key == *k
                        || (prefix && tag.key.starts_with(k))
                        || (any_case && tag.key.eq_ignore_ascii_case(k))
                        || (values && tag.value == *k)
                })
        };
        self.key_mut(addr).tags.retain(|tag| !removes(tag));
        self.commit(addr);
    }

    pub(super) fn list_resource_tags(
        &mut self,
        caller: &Caller,
        input: &Members<'_>,
    ) -> Result<Output, KmsError> {
        let mut violations = Violations::default();
        let key_id = self.key_id_member(input, &mut violations)?;
        let limit = input.integer("Limit")?;
        if let Some(limit) = limit {
            violations.range("limit", limit, 1, DEFAULT_LIST_LIMIT);
        }
        let marker = input.string("Marker")?;
        if let Some(marker) = marker {
            violations.length("marker", marker, 1, 1024);
        }
        violations.finish()?;
        let Some(key_id) = key_id else {
            unreachable!("finish() fails without a KeyId")
        };

        let addr = self.resolve(caller, "ListResourceTags", key_id, Aliases::Refused)?;
        let key = self.key(&addr);
        if self.deviates(Deviation::ListRefusedPendingDeletion)
            && key.state == KeyState::PendingDeletion
        {
            return Err(KmsError::invalid_state(&key.arn(), key.state.refusal()));
        }
        // A read: it sees the key as of the read lag, if at all yet.
        let tags = self
            .visible(&addr)
            .ok_or_else(|| KmsError::key_does_not_exist(&key.arn()))?
            .tags;
        let start = match marker {
            None => 0,
            Some(marker) => decode_marker(marker, &addr)
                .filter(|start| *start <= tags.len())
                .ok_or_else(|| KmsError::client("InvalidMarkerException", "Invalid marker"))?,
        };
        let limit = if self.deviates(Deviation::ListIgnoresLimit) {
            DEFAULT_LIST_LIMIT
        } else {
            limit.unwrap_or(DEFAULT_LIST_LIMIT)
        };
        let end = tags
            .len()
            .min(start + usize::try_from(limit).unwrap_or(MAX_TAGS));
        let page: Vec<Value> = tags[start..end]
            .iter()
            .map(|t| json!({ "TagKey": t.key, "TagValue": t.value }))
            .collect();
        let mut output = json!({ "Tags": page, "Truncated": end < tags.len() });
        if end < tags.len() {
            output["NextMarker"] = json!(encode_marker(end, &addr));
        }
        Ok(Output::Json(output))
    }
}

/// A marker names the key it pages through, so one key's marker is refused on another.
fn encode_marker(offset: usize, addr: &KeyAddr) -> String {
    format!("{}:{offset}", addr.id)
}

fn decode_marker(marker: &str, addr: &KeyAddr) -> Option<usize> {
    let (id, offset) = marker.rsplit_once(':')?;
    (id == addr.id).then(|| offset.parse().ok())?
}
