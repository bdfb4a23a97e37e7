//! `TagResource` and `ListResourceTags`, and the rules every tag operation
//! shares (contract §2 and §4).

use serde_json::{Value, json};

use super::authorize::Access;
use super::error::KmsError;
use super::key::{KeyAddr, Tag};
use super::resolve::Aliases;
use super::seams::{Page, TagRules};
use super::validate::Validator;
use super::{Caller, Model, Output};
use crate::wire::{ErrorCode, Operation};

/// At most 50 user tags per key (contract §4, DOC).
pub(super) const MAX_TAGS: usize = 50;
const DEFAULT_LIST_LIMIT: i64 = 50;

/// `aws:` in any case is AWS's prefix (contract §4, REC).
pub(super) fn is_reserved(tag_key: &str) -> bool {
    tag_key
        .get(..4)
        .is_some_and(|p| p.eq_ignore_ascii_case("aws:"))
}

/// The input of `TagResource`.
#[derive(Debug)]
pub(super) struct TagResource<'a> {
    pub(super) key_id: &'a str,
    pub(super) tags: Vec<Tag>,
}

impl<'a> TagResource<'a> {
    pub(super) fn validate(mut v: Validator<'a, '_>) -> Result<Self, KmsError> {
        let key_id = v.key_id()?;
        let sent = v.tags("Tags")?;
        let sent = v.required("tags", sent);
        let tags = sent.as_deref().map(|t| v.new_tags("tags", t));
        // An empty list is refused (contract row 71); its error type is unpublished.
        if let Some(sent) = &sent {
            v.non_empty("Tags", "tags", sent.len());
        }
        v.finish(key_id.zip(tags).map(|(key_id, tags)| Self { key_id, tags }))
    }
}

/// The input of `ListResourceTags`.
#[derive(Clone, Copy, Debug)]
pub(super) struct ListResourceTags<'a> {
    pub(super) key_id: &'a str,
    pub(super) limit: Option<i64>,
    pub(super) marker: Option<&'a str>,
}

impl<'a> ListResourceTags<'a> {
    pub(super) fn validate(mut v: Validator<'a, '_>) -> Result<Self, KmsError> {
        let key_id = v.key_id()?;
        let limit = v.integer("Limit")?;
        if let Some(limit) = limit {
            v.range("limit", limit, 1, DEFAULT_LIST_LIMIT);
        }
        let marker = v.string("Marker")?;
        if let Some(marker) = marker {
            v.length("marker", marker, 1, 1024);
        }
        v.finish(key_id.map(|key_id| Self {
            key_id,
            limit,
            marker,
        }))
    }
}

/// KMS's `TagException` rules for the tags `operation` adds (contract §4,
/// REC): no tag key twice, at most 50 tags in one request, none with AWS's
/// prefix; `TagResource` adds to the key's tags, which may then number 50
/// at most.
fn kms_tag_rules(operation: Operation) -> TagRules {
    TagRules {
        duplicates_refused: true,
        per_request: Some(MAX_TAGS),
        per_key: (operation == Operation::TagResource).then_some(MAX_TAGS),
        full_at: None,
        reserved: Some(is_reserved),
    }
}

/// Checks `tags` against `rules`, but for the count of the key's tags,
/// which only the operation that adds them knows.
fn check_tag_rules(rules: &TagRules, tags: &[Tag]) -> Result<(), KmsError> {
    if rules.duplicates_refused {
        for (i, tag) in tags.iter().enumerate() {
            if tags[..i].iter().any(|t| t.key == tag.key) {
                return Err(KmsError::tag("Duplicate tag keys"));
            }
        }
    }
    if rules.per_request.is_some_and(|max| tags.len() > max) {
        return Err(KmsError::tag("Too many tags"));
    }
    if let Some(reserved) = rules.reserved
        && tags.iter().any(|t| reserved(&t.key))
    {
        return Err(KmsError::tag("Tags beginning with aws: are reserved"));
    }
    Ok(())
}

impl Model {
    /// The `TagException` rules of the tags `operation` adds, checked
    /// against `tags`; the rules, for the count of the key's tags.
    pub(super) fn check_tag_rules(
        &self,
        operation: Operation,
        tags: &[Tag],
    ) -> Result<TagRules, KmsError> {
        let rules = self
            .seams
            .validation
            .tag_rules(operation, kms_tag_rules(operation));
        check_tag_rules(&rules, tags)?;
        Ok(rules)
    }

    pub(super) fn tag_resource(
        &mut self,
        caller: &Caller,
        input: TagResource<'_>,
    ) -> Result<Output, KmsError> {
        let access = Access::tag(&input.tags);
        let addr = self.resolve(caller, access, input.key_id, Aliases::Refused)?;
        self.check_state(&access, self.key(&addr))?;
        let rules = self.check_tag_rules(Operation::TagResource, &input.tags)?;
        if rules
            .full_at
            .is_some_and(|full| self.key(&addr).tags.len() >= full)
        {
            return Err(KmsError::tag("Too many tags"));
        }
        // A tag whose key is already there overwrites it, in its place; tag
        // keys are case-sensitive (contract row 61): `ENV` is another tag
        // than `env`.
        let mut merged = self.key(&addr).tags.clone();
        for tag in input.tags {
            let same_key = |t: &Tag| {
                self.seams
                    .tag_match
                    .matches(Operation::TagResource, &tag.key, t, t.key == tag.key)
            };
            match merged.iter_mut().find(|t| same_key(t)) {
                Some(existing) => *existing = tag,
                None => merged.push(tag),
            }
        }
        let counted = merged.len() + self.still_counted.get(&addr).copied().unwrap_or(0);
        if rules.per_key.is_some_and(|max| counted > max) {
            return Err(KmsError::tag("Too many tags"));
        }
        self.key_mut(&addr).tags = merged;
        self.commit(&addr);
        self.share_tags(&addr);
        Ok(Output::Empty)
    }

    pub(super) fn list_resource_tags(
        &mut self,
        caller: &Caller,
        input: ListResourceTags<'_>,
    ) -> Result<Output, KmsError> {
        let addr = self.resolve(
            caller,
            Operation::ListResourceTags,
            input.key_id,
            Aliases::Refused,
        )?;
        let key = self.key(&addr);
        self.check_state(&Operation::ListResourceTags.into(), key)?;
        // A read: it sees the key as of the read lag, if at all yet.
        let tags = self
            .visible(&addr)
            .ok_or_else(|| KmsError::key_does_not_exist(&key.arn()))?
            .tags;
        let start = match input.marker {
            None => 0,
            Some(marker) => decode_marker(marker, &addr)
                .filter(|start| *start <= tags.len())
                .ok_or_else(|| {
                    KmsError::client(ErrorCode::InvalidMarkerException, "Invalid marker")
                })?,
        };
        let limit = input.limit.unwrap_or(DEFAULT_LIST_LIMIT);
        let limit = self.seams.reads.page_size(DEFAULT_LIST_LIMIT, limit);
        let size = usize::try_from(limit).unwrap_or(MAX_TAGS);
        let end = tags.len().min(start + size);
        let page: Vec<Value> = tags[start..end]
            .iter()
            .map(|t| json!({ "TagKey": t.key, "TagValue": t.value }))
            .collect();
        // Truncated says whether tags follow the page, not whether it is full
        // (contract row 73); the next page starts after this one's last tag.
        let bounds = Page {
            start,
            end,
            size,
            total: tags.len(),
        };
        let truncated = self.seams.reads.truncated(&bounds, end < tags.len());
        let mut output = json!({ "Tags": page, "Truncated": truncated });
        if truncated {
            let next = self.seams.reads.next_start(&bounds, end);
            output["NextMarker"] = json!(encode_marker(next, &addr));
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
