//! TagResource, UntagResource and ListResourceTags (spec §2 and §4).

use serde_json::{Value, json};

use super::error::{KmsError, Violations};
use super::input::{Members, TagInput};
use super::key::{Key, KeyAddr, KeyManager, Tag};
use super::resolve::Aliases;
use super::{Caller, Model, Output};

/// At most 50 user tags per key (spec §4, DOC).
pub(crate) const MAX_TAGS: usize = 50;
const MAX_TAG_KEY: usize = 128;
const MAX_TAG_VALUE: usize = 256;
const MAX_KEY_ID: usize = 2048;
const DEFAULT_LIST_LIMIT: i64 = 50;

/// The `KeyId` member: required, 1 to 2048 characters.
pub(crate) fn key_id<'a>(
    input: &Members<'a>,
    violations: &mut Violations,
) -> Result<Option<&'a str>, KmsError> {
    let key_id = violations.required("keyId", input.string("KeyId")?);
    if let Some(id) = key_id {
        violations.length("keyId", id, 1, MAX_KEY_ID);
    }
    Ok(key_id)
}

/// Validates tags as sent to TagResource or CreateKey: first the model's
/// length constraints, then the TagException rules (REC wording).
pub(crate) fn validate_new_tags(
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
            violations.length(&format!("{at}.tagKey"), key, 1, MAX_TAG_KEY);
        }
        if let Some(value) = value {
            violations.length(&format!("{at}.tagValue"), value, 0, MAX_TAG_VALUE);
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

/// The TagException rules of TagResource and CreateKey (spec §4, REC).
pub(crate) fn check_tag_rules(tags: &[Tag]) -> Result<(), KmsError> {
    for (i, tag) in tags.iter().enumerate() {
        if tags[..i].iter().any(|t| t.key == tag.key) {
            return Err(KmsError::tag("Duplicate tag keys"));
        }
    }
    if tags.len() > MAX_TAGS {
        return Err(KmsError::tag("Too many tags"));
    }
    if tags.iter().any(|t| is_reserved(&t.key)) {
        return Err(KmsError::tag("Tags beginning with aws: are reserved"));
    }
    Ok(())
}

/// `aws:` in any case is AWS's prefix (spec §4, REC).
fn is_reserved(tag_key: &str) -> bool {
    tag_key
        .get(..4)
        .is_some_and(|p| p.eq_ignore_ascii_case("aws:"))
}

/// Tag operations are refused on keys waiting for deletion and on AWS
/// managed keys ("you cannot tag an AWS managed key").
fn check_taggable(caller: &Caller, operation: &str, key: &Key) -> Result<(), KmsError> {
    if key.state.forbids_tagging() {
        return Err(KmsError::invalid_state(&key.arn(), key.state.refusal()));
    }
    if key.manager == KeyManager::Aws {
        return Err(KmsError::access_denied(
            &caller.account,
            operation,
            &key.arn(),
            "you cannot tag or untag an AWS managed key",
        ));
    }
    Ok(())
}

impl Model {
    pub(super) fn tag_resource(
        &mut self,
        caller: &Caller,
        input: &Members<'_>,
    ) -> Result<Output, KmsError> {
        let mut violations = Violations::default();
        let key_id = key_id(input, &mut violations)?;
        let sent = violations.required("tags", input.tags("Tags")?);
        let tags = sent
            .as_deref()
            .map(|t| validate_new_tags("tags", t, &mut violations));
        if let Some(sent) = &sent {
            violations.list_length("tags", "[]", sent.len(), 1);
        }
        violations.finish()?;
        let (Some(key_id), Some(tags)) = (key_id, tags) else {
            unreachable!("finish() fails when a required member is missing")
        };

        let addr = self.resolve(caller, "TagResource", key_id, Aliases::Refused)?;
        check_taggable(caller, "TagResource", self.key(&addr))?;
        check_tag_rules(&tags)?;
        let key = self.key_mut(&addr);
        let mut merged = key.tags.clone();
        for tag in tags {
            match merged.iter_mut().find(|t| t.key == tag.key) {
                Some(existing) => existing.value = tag.value,
                None => merged.push(tag),
            }
        }
        if merged.len() > MAX_TAGS {
            return Err(KmsError::tag("Too many tags"));
        }
        key.tags = merged;
        Ok(Output::Empty)
    }

    pub(super) fn untag_resource(
        &mut self,
        caller: &Caller,
        input: &Members<'_>,
    ) -> Result<Output, KmsError> {
        let mut violations = Violations::default();
        let key_id = key_id(input, &mut violations)?;
        let tag_keys = violations.required("tagKeys", input.strings("TagKeys")?);
        if let Some(tag_keys) = &tag_keys {
            // The model sets no bound on the list, but KMS refuses an empty
            // one ("TagResource and UntagResource fail when no tags are
            // specified", spec row 7); its error type is unpublished.
            violations.list_length("tagKeys", "[]", tag_keys.len(), 1);
            for (i, tag_key) in tag_keys.iter().enumerate() {
                let at = format!("tagKeys.{}.member", i + 1);
                if let Some(tag_key) = violations.required(&at, *tag_key) {
                    violations.length(&at, tag_key, 1, MAX_TAG_KEY);
                }
            }
        }
        violations.finish()?;
        let (Some(key_id), Some(tag_keys)) = (key_id, tag_keys) else {
            unreachable!("finish() fails when a required member is missing")
        };

        let addr = self.resolve(caller, "UntagResource", key_id, Aliases::Refused)?;
        check_taggable(caller, "UntagResource", self.key(&addr))?;
        // Unpublished for UntagResource (spec row 13); the stub refuses the
        // reserved prefix as TagResource does, so that nothing changes.
        if tag_keys.iter().flatten().any(|k| is_reserved(k)) {
            return Err(KmsError::tag("Tags beginning with aws: are reserved"));
        }
        // Exact, case-sensitive match on the key (rows 3, 4, 12); keys the
        // key does not have are ignored (rows 3 to 6).
        self.key_mut(&addr)
            .tags
            .retain(|tag| !tag_keys.iter().flatten().any(|k| *k == tag.key));
        Ok(Output::Empty)
    }

    pub(super) fn list_resource_tags(
        &mut self,
        caller: &Caller,
        input: &Members<'_>,
    ) -> Result<Output, KmsError> {
        let mut violations = Violations::default();
        let key_id = key_id(input, &mut violations)?;
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
        let tags = &self.key(&addr).tags;
        let start = match marker {
            None => 0,
            Some(marker) => decode_marker(marker, &addr)
                .filter(|start| *start <= tags.len())
                .ok_or_else(|| KmsError::client("InvalidMarkerException", "Invalid marker"))?,
        };
        let limit = usize::try_from(limit.unwrap_or(DEFAULT_LIST_LIMIT)).unwrap_or(MAX_TAGS);
        let end = tags.len().min(start + limit);
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
