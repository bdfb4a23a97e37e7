//! Typed reads of request members. A member of the wrong JSON type is a
//! `SerializationException`, as the AWS deserializer reports it; an absent or
//! null member is `None`, for the validator to judge.

use serde_json::{Map, Value};

use super::error::KmsError;

/// The members of a request body.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Members<'a> {
    map: &'a Map<String, Value>,
    /// Whether a string is taken for a list of that one string, as a lax
    /// JSON binding takes it (KMS does not: the validation seam decides).
    coerce: bool,
}

fn wrong_type(name: &str, expected: &str) -> KmsError {
    KmsError::serialization(format!("Member '{name}' is not {expected}"))
}

impl<'a> Members<'a> {
    pub(crate) fn new(map: &'a Map<String, Value>, coerce: bool) -> Self {
        Self { map, coerce }
    }

    fn present(&self, name: &str) -> Option<&'a Value> {
        self.map.get(name).filter(|v| !v.is_null())
    }

    pub(crate) fn string(&self, name: &str) -> Result<Option<&'a str>, KmsError> {
        self.present(name)
            .map(|v| v.as_str().ok_or_else(|| wrong_type(name, "a string")))
            .transpose()
    }

    pub(crate) fn integer(&self, name: &str) -> Result<Option<i64>, KmsError> {
        self.present(name)
            .map(|v| v.as_i64().ok_or_else(|| wrong_type(name, "an integer")))
            .transpose()
    }

    pub(crate) fn boolean(&self, name: &str) -> Result<Option<bool>, KmsError> {
        self.present(name)
            .map(|v| v.as_bool().ok_or_else(|| wrong_type(name, "a boolean")))
            .transpose()
    }

    /// A list of strings; a null entry is kept as `None` for the validator.
    pub(crate) fn strings(&self, name: &str) -> Result<Option<Vec<Option<&'a str>>>, KmsError> {
        let Some(value) = self.present(name) else {
            return Ok(None);
        };
        if let (true, Value::String(single)) = (self.coerce, value) {
            return Ok(Some(vec![Some(single.as_str())]));
        }
        let list = value.as_array().ok_or_else(|| wrong_type(name, "a list"))?;
        list.iter()
            .map(|item| match item {
                Value::Null => Ok(None),
                Value::String(s) => Ok(Some(s.as_str())),
                _ => Err(wrong_type(name, "a list of strings")),
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some)
    }

    /// A list of `{"TagKey": …, "TagValue": …}` structures.
    pub(crate) fn tags(&self, name: &str) -> Result<Option<Vec<TagInput<'a>>>, KmsError> {
        let Some(value) = self.present(name) else {
            return Ok(None);
        };
        let list = value.as_array().ok_or_else(|| wrong_type(name, "a list"))?;
        list.iter()
            .map(|item| {
                let map = item
                    .as_object()
                    .ok_or_else(|| wrong_type(name, "a list of tag structures"))?;
                let tag = Members {
                    map,
                    coerce: self.coerce,
                };
                Ok(TagInput {
                    key: tag.string("TagKey")?,
                    value: tag.string("TagValue")?,
                })
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some)
    }
}

/// One tag as sent, before validation.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TagInput<'a> {
    pub key: Option<&'a str>,
    pub value: Option<&'a str>,
}
