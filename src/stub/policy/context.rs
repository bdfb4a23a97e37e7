//! The request context: condition keys and their values for one request.
//!
//! Key names are case-insensitive ("Context key names are not
//! case-sensitive", IAM User Guide, Condition element), so they are stored
//! lowercased; values keep their case.

use std::collections::BTreeMap;

use super::principal::Principal;

/// Condition keys and their values for one request: what a policy's
/// `Condition` elements are tested against.
///
/// Build it with [`Context::for_principal`] and the `with_*` methods. The
/// default value is empty: every key missing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Context {
    values: BTreeMap<String, Value>,
    /// Each key's name as it was given (`aws:TagKeys`), by its lowercased
    /// name: what a reading that compares key names by case sees.
    names: BTreeMap<String, String>,
}

/// One key's value: single-valued, or multivalued like `aws:TagKeys`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Value {
    Single(String),
    Multi(Vec<String>),
}

impl Context {
    /// An empty context: every condition key missing.
    #[must_use]
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// The keys every request of `principal` carries: `aws:PrincipalArn`,
    /// `aws:PrincipalAccount` and `kms:CallerAccount`.
    #[must_use]
    pub(crate) fn for_principal(principal: &Principal) -> Self {
        Self::new()
            .with("aws:PrincipalArn", principal.arn())
            .with("aws:PrincipalAccount", principal.account())
            .with("kms:CallerAccount", principal.account())
    }

    /// Sets a single-valued key, replacing any value it had.
    #[must_use]
    pub(crate) fn with(mut self, key: &str, value: impl Into<String>) -> Self {
        let name = self.named(key);
        self.values.insert(name, Value::Single(value.into()));
        self
    }

    /// Sets a multivalued key, replacing any value it had. An empty list
    /// counts as a missing key, as an "empty data set" does in IAM.
    #[must_use]
    pub(crate) fn with_values<I, S>(mut self, key: &str, values: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let values = values.into_iter().map(Into::into).collect();
        let name = self.named(key);
        self.values.insert(name, Value::Multi(values));
        self
    }

    /// The same context without `key`: as if the request did not carry it.
    #[must_use]
    pub(crate) fn without(mut self, key: &str) -> Self {
        self.values.remove(&key.to_lowercase());
        self.names.remove(&key.to_lowercase());
        self
    }

    /// `aws:TagKeys`: the tag keys in the request (`UntagResource`'s
    /// `TagKeys`, the keys of `TagResource`'s or `CreateKey`'s `Tags`).
    #[must_use]
    pub(crate) fn with_tag_keys<I, S>(self, keys: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.with_values("aws:TagKeys", keys)
    }

    /// `aws:RequestTag/<key>` for each tag in the request (`TagResource`,
    /// `CreateKey`).
    #[must_use]
    pub(crate) fn with_request_tags<I, K, V>(self, tags: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: Into<String>,
    {
        self.with_tags("aws:RequestTag/", tags)
    }

    /// `aws:ResourceTag/<key>` for each tag the key has now.
    #[must_use]
    pub(crate) fn with_resource_tags<I, K, V>(self, tags: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: Into<String>,
    {
        self.with_tags("aws:ResourceTag/", tags)
    }

    /// Tag keys that differ only in case name the same condition key; the
    /// first one given keeps it (UNK which one AWS picks).
    fn with_tags<I, K, V>(mut self, prefix: &str, tags: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: Into<String>,
    {
        for (key, value) in tags {
            let given = format!("{prefix}{}", key.as_ref());
            let name = given.to_lowercase();
            if !self.values.contains_key(&name) {
                self.names.insert(name.clone(), given);
                self.values.insert(name, Value::Single(value.into()));
            }
        }
        self
    }

    /// `key` lowercased, its name as given remembered.
    fn named(&mut self, key: &str) -> String {
        let name = key.to_lowercase();
        self.names.insert(name.clone(), key.to_owned());
        name
    }

    /// The name `key` (already lowercased) was given as.
    pub(super) fn name(&self, key: &str) -> Option<&str> {
        self.names.get(key).map(String::as_str)
    }

    /// The value of `key` (already lowercased); `None` when it is missing
    /// or multivalued and empty.
    pub(super) fn get(&self, key: &str) -> Option<&Value> {
        match self.values.get(key)? {
            Value::Multi(values) if values.is_empty() => None,
            value => Some(value),
        }
    }
}
