//! From the members a request sent to an operation's typed input, or the
//! error KMS answers before it looks at any key.
//!
//! Each operation's `validate` drives one [`Validator`]: it reads each
//! member (a member of the wrong JSON type stops it at once with a
//! `SerializationException`, as the AWS deserializer stops), records every
//! constraint violation, and [`finish`](Validator::finish)es with the input,
//! which the handler then gets whole. The member checks every operation
//! shares (`KeyId`, tag keys and values, list sizes, a member of the wrong
//! type) state KMS's rule and ask it of the validation seam.

use serde_json::{Map, Value};

use super::error::{KmsError, Violations};
use super::input::{Members, TagInput};
use super::key::Tag;
use super::seams::{Bends, Bounded, Length, Validation};

/// The longest tag key (contract §4, DOC).
pub(crate) const MAX_TAG_KEY: usize = 128;
const MAX_TAG_VALUE: usize = 256;
const MAX_KEY_ID: usize = 2048;

/// One request being validated: its members, the violations found so far,
/// and the seam the shared rules are asked of.
#[derive(Debug)]
pub(super) struct Validator<'a, 'd> {
    members: Members<'a>,
    violations: Violations,
    seam: &'d Bends<dyn Validation>,
}

impl<'a, 'd> Validator<'a, 'd> {
    /// Validates the members of `map` by KMS's rules, as `seam` bends them.
    pub(super) fn new(map: &'a Map<String, Value>, seam: &'d Bends<dyn Validation>) -> Self {
        Self {
            members: Members::new(map, seam.coerces(false)),
            violations: Violations::default(),
            seam,
        }
    }

    /// The members, to read one after [`finish`](Self::finish).
    pub(super) fn members(&self) -> Members<'a> {
        self.members
    }

    pub(super) fn string(&self, name: &str) -> Result<Option<&'a str>, KmsError> {
        self.members.string(name)
    }

    pub(super) fn integer(&self, name: &str) -> Result<Option<i64>, KmsError> {
        self.members.integer(name)
    }

    pub(super) fn boolean(&self, name: &str) -> Result<Option<bool>, KmsError> {
        self.members.boolean(name)
    }

    pub(super) fn strings(&self, name: &str) -> Result<Option<Vec<Option<&'a str>>>, KmsError> {
        let list = self.members.strings(name)?;
        Ok(list.or_else(|| self.absent_list(name)))
    }

    pub(super) fn tags(&self, name: &str) -> Result<Option<Vec<TagInput<'a>>>, KmsError> {
        let list = self.members.tags(name)?;
        Ok(list.or_else(|| self.absent_list(name)))
    }

    /// What the list `name`, absent or null, stands for: nothing.
    fn absent_list<T>(&self, name: &str) -> Option<Vec<T>> {
        self.seam.absent_is_empty(name, false).then(Vec::new)
    }

    /// A required member: `None`, and a violation, when absent or null.
    pub(super) fn required<T>(&mut self, path: &str, value: Option<T>) -> Option<T> {
        self.violations.required(path, value)
    }

    /// A string whose length the model bounds, always checked.
    pub(super) fn length(&mut self, path: &str, value: &str, min: usize, max: usize) {
        self.violations.length(path, value, min, max);
    }

    /// A string that must match the model's `pattern`.
    pub(super) fn pattern(&mut self, path: &str, value: &str, pattern: &str, matches: bool) {
        self.violations.pattern(path, value, pattern, matches);
    }

    /// The list `member`, at `path`, which must hold one entry at least.
    pub(super) fn non_empty(&mut self, member: &str, path: &str, len: usize) {
        let fewest = self.seam.fewest(member, 1);
        self.violations.list_length(path, "[]", len, fewest);
    }

    /// A number that must lie in `min..=max`.
    pub(super) fn range(&mut self, path: &str, value: i64, min: i64, max: i64) {
        self.violations.range(path, value, min, max);
    }

    /// `member`'s value at `path`, bounded by `kms` as the seam says.
    fn bounded(&mut self, member: Bounded, path: &str, value: &str, kms: Length) {
        if let Some(length) = self.seam.length(member, Some(kms)) {
            self.violations.bounded(path, value, &length);
        }
    }

    /// The `KeyId` member: required, 1 to 2048 characters.
    pub(super) fn key_id(&mut self) -> Result<Option<&'a str>, KmsError> {
        let key_id = match self.members.string("KeyId") {
            Ok(key_id) => key_id,
            Err(wrong_type) => {
                self.seam.key_id(Err(wrong_type))?;
                None
            }
        };
        let key_id = self.violations.required("keyId", key_id);
        match key_id {
            Some(id) => self.bounded(Bounded::KeyId, "keyId", id, Length::chars(1, MAX_KEY_ID)),
            None => self.seam.key_id(Ok(()))?,
        }
        Ok(key_id)
    }

    /// Tag keys as sent to `UntagResource`, each one required and checked
    /// like a tag's key; all of them, when none is missing.
    pub(super) fn tag_keys(
        &mut self,
        path: &str,
        sent: &[Option<&'a str>],
    ) -> Option<Vec<&'a str>> {
        let mut present = Vec::with_capacity(sent.len());
        for (i, tag_key) in sent.iter().enumerate() {
            let at = format!("{path}.{}.member", i + 1);
            if let Some(tag_key) = self.required(&at, *tag_key) {
                let length = Length::chars(1, MAX_TAG_KEY);
                self.bounded(Bounded::UntagTagKey, &at, tag_key, length);
                present.push(tag_key);
            }
        }
        (present.len() == sent.len()).then_some(present)
    }

    /// Tags as sent to `TagResource` or `CreateKey`, checked against the model's
    /// length constraints (the `TagException` rules come after the key is
    /// found); the ones that are complete.
    pub(super) fn new_tags(&mut self, path: &str, tags: &[TagInput<'_>]) -> Vec<Tag> {
        let mut valid = Vec::with_capacity(tags.len());
        for (i, tag) in tags.iter().enumerate() {
            let at = format!("{path}.{}.member", i + 1);
            let key = self.required(&format!("{at}.tagKey"), tag.key);
            let value = self.required(&format!("{at}.tagValue"), tag.value);
            if let Some(key) = key {
                let length = Length::chars(1, MAX_TAG_KEY);
                self.bounded(Bounded::TagKey, &format!("{at}.tagKey"), key, length);
            }
            if let Some(value) = value {
                let length = Length::chars(0, MAX_TAG_VALUE);
                self.bounded(Bounded::TagValue, &format!("{at}.tagValue"), value, length);
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

    /// The validated input, or the `ValidationException` naming every
    /// violation. `input` is `None` only when a [`required`](Self::required)
    /// member is missing, which is itself a violation; were a validator to
    /// lose one, the answer is a 500 for the robustness tests to catch, not
    /// a panic.
    pub(super) fn finish<T>(self, input: Option<T>) -> Result<T, KmsError> {
        self.violations.finish()?;
        input.ok_or_else(|| KmsError::internal("a required member went missing unreported"))
    }
}
