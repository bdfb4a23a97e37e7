//! From the members a request sent to an operation's typed input, or the
//! error KMS answers before it looks at any key.
//!
//! Each operation's `validate` drives one [`Validator`]: it reads each
//! member (a member of the wrong JSON type stops it at once with a
//! `SerializationException`, as the AWS deserializer stops), records every
//! constraint violation, and [`finish`](Validator::finish)es with the input,
//! which the handler then gets whole. The rules that deviations bend
//! (`no-length-checks`, the off-by-one limits, `key-id-unchecked-500`) are
//! here, in the member checks every operation shares.

use serde_json::{Map, Value};

use super::super::deviations::{Deviation, Deviations};
use super::error::{KmsError, Violations};
use super::input::{Members, TagInput};
use super::key::Tag;

/// The longest tag key (contract §4, DOC).
pub(crate) const MAX_TAG_KEY: usize = 128;
const MAX_TAG_VALUE: usize = 256;
const MAX_KEY_ID: usize = 2048;

/// One request being validated: its members, the violations found so far,
/// and the deviations that bend the rules.
#[derive(Debug)]
pub(super) struct Validator<'a, 'd> {
    members: Members<'a>,
    violations: Violations,
    deviations: &'d Deviations,
}

impl<'a, 'd> Validator<'a, 'd> {
    /// Validates the members of `map`, as a stub with `deviations` does.
    pub(super) fn new(map: &'a Map<String, Value>, deviations: &'d Deviations) -> Self {
        Self {
            members: Members::new(map, deviations.has(Deviation::TypeErrorsCoerced)),
            violations: Violations::default(),
            deviations,
        }
    }

    /// The members, to read one after [`finish`](Self::finish).
    pub(super) fn members(&self) -> Members<'a> {
        self.members
    }

    pub(super) fn deviates(&self, deviation: Deviation) -> bool {
        self.deviations.has(deviation)
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
        self.members.strings(name)
    }

    pub(super) fn tags(&self, name: &str) -> Result<Option<Vec<TagInput<'a>>>, KmsError> {
        self.members.tags(name)
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

    /// A list that must hold at least `min` members.
    pub(super) fn list_length(&mut self, path: &str, shown: &str, len: usize, min: usize) {
        self.violations.list_length(path, shown, len, min);
    }

    /// A number that must lie in `min..=max`.
    pub(super) fn range(&mut self, path: &str, value: i64, min: i64, max: i64) {
        self.violations.range(path, value, min, max);
    }

    /// A key ID or tag length check, unless `no-length-checks`.
    fn bounded(&mut self, path: &str, value: &str, min: usize, max: usize) {
        if !self.deviates(Deviation::NoLengthChecks) {
            self.violations.length(path, value, min, max);
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
    pub(super) fn key_id(&mut self) -> Result<Option<&'a str>, KmsError> {
        let key_id = self
            .members
            .string("KeyId")
            .map_err(|e| self.crash_on_key_id(e))?;
        let key_id = self.violations.required("keyId", key_id);
        match key_id {
            Some(id) => self.bounded("keyId", id, 1, self.max_key_id()),
            None if self.deviates(Deviation::KeyIdUnchecked500) => {
                return Err(self.crash_on_key_id(KmsError::serialization("KeyId is null")));
            }
            None => {}
        }
        Ok(key_id)
    }

    /// Deviation `key-id-unchecked-500`: a handler that never checked its
    /// `KeyId` crashes on it.
    fn crash_on_key_id(&self, error: KmsError) -> KmsError {
        if self.deviates(Deviation::KeyIdUnchecked500) {
            KmsError::internal("'NoneType' object has no attribute 'startswith'")
        } else {
            error
        }
    }

    /// A tag key sent at `path`: 1 to 128 characters.
    fn tag_key(&mut self, path: &str, tag_key: &str) {
        self.bounded(path, tag_key, 1, self.max_tag_key());
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
                if self.deviates(Deviation::UntagTagKeyLengthInBytes) {
                    self.violations
                        .length_in_bytes(&at, tag_key, self.max_tag_key());
                }
                self.tag_key(&at, tag_key);
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
                self.tag_key(&format!("{at}.tagKey"), key);
            }
            if let Some(value) = value
                && !self.deviates(Deviation::TagValueLengthUnchecked)
            {
                let path = format!("{at}.tagValue");
                self.bounded(&path, value, 0, MAX_TAG_VALUE);
                // tag-value-limit-off-by-one: `< 256` where `<= 256` was
                // meant, with AWS's own words, so that only the boundary
                // shows it (the 257-character refusal stays right).
                if self.deviates(Deviation::TagValueLimitOffByOne)
                    && value.chars().count() == MAX_TAG_VALUE
                {
                    let constraint = format!("have length less than or equal to {MAX_TAG_VALUE}");
                    self.violations.push(Some(value), &path, &constraint);
                }
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
