//! The `Condition` element: operators, set qualifiers and `...IfExists`,
//! tested against a [`Context`].
//!
//! `{"<operator>": {"<key>": <value or values>}}`: every operator and every
//! key must hold (AND); a key's values are alternatives (OR), or must all
//! fail to match under a negated operator (NOR). The module docs list the
//! missing-key rules and their sources.

use std::slice;

use serde_json::{Map, Value};

use super::context::{Context, Value as ContextValue};
use super::document::{PolicyError, malformed};
use super::reading::{Comparison, Reading, SetQualifier as Qualifier};
use super::wildcard;

/// One operator applied to one key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Condition {
    operator: Operator,
    /// Lowercased: key names are case-insensitive.
    key: String,
    /// As the policy writes it, for a reading that compares key names by case.
    written: String,
    values: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Operator {
    qualifier: Option<Qualifier>,
    base: Base,
    if_exists: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Base {
    StringEquals,
    StringNotEquals,
    StringEqualsIgnoreCase,
    StringNotEqualsIgnoreCase,
    StringLike,
    StringNotLike,
    Bool,
    Null,
}

/// Real IAM operators this evaluator refuses rather than misjudges.
const UNSUPPORTED: [&str; 19] = [
    "numericequals",
    "numericnotequals",
    "numericlessthan",
    "numericlessthanequals",
    "numericgreaterthan",
    "numericgreaterthanequals",
    "dateequals",
    "datenotequals",
    "datelessthan",
    "datelessthanequals",
    "dategreaterthan",
    "dategreaterthanequals",
    "binaryequals",
    "ipaddress",
    "notipaddress",
    "arnequals",
    "arnlike",
    "arnnotequals",
    "arnnotlike",
];

impl Condition {
    /// Every condition in one statement's `Condition` block.
    pub(super) fn parse_block(
        block: &Map<String, Value>,
        at: &str,
        variables: bool,
    ) -> Result<Vec<Self>, PolicyError> {
        let mut conditions = Vec::new();
        for (name, keys) in block {
            let operator = Operator::parse(name, at)?;
            let Value::Object(keys) = keys else {
                return Err(malformed(format!(
                    "{at}: condition operator {name} must map condition keys to values."
                )));
            };
            for (key, values) in keys {
                let values = condition_values(values).ok_or_else(|| {
                    malformed(format!(
                        "{at}: the values of {key} under {name} must be strings, \
                         booleans or numbers, or a list of them."
                    ))
                })?;
                if key.is_empty() {
                    return Err(malformed(format!(
                        "{at}: {name} has an empty condition key."
                    )));
                }
                let values = if operator.base == Base::Null {
                    null_values(values).ok_or_else(|| {
                        malformed(format!("{at}: the Null operator takes true or false."))
                    })?
                } else {
                    values
                };
                if variables && values.iter().any(|v| v.contains("${")) {
                    return Err(PolicyError::Unsupported(format!(
                        "{at}: policy variables (${{...}}) in condition values"
                    )));
                }
                conditions.push(Self {
                    operator,
                    key: key.to_lowercase(),
                    written: key.clone(),
                    values,
                });
            }
        }
        Ok(conditions)
    }

    /// Whether the condition holds for `context`, the grammar read as
    /// `reading` says.
    pub(super) fn holds(&self, context: &Context, reading: &dyn Reading) -> bool {
        let found = context.get(&self.key).filter(|_| {
            let carried = context.name(&self.key).unwrap_or(&self.key);
            reading.names_key(&self.written, carried, true)
        });
        let Operator {
            qualifier,
            base,
            if_exists,
        } = self.operator;
        if base == Base::Null {
            let absent = found.is_none();
            return self.values.iter().any(|v| (v == "true") == absent);
        }
        let Some(qualifier) = qualifier.map(|q| reading.qualifier(q)) else {
            return match found {
                None => if_exists || base.negated(),
                Some(ContextValue::Single(value)) => self.matches(value, reading),
                // A multivalued key needs a set qualifier (UNK what AWS does).
                Some(ContextValue::Multi(_)) => false,
            };
        };
        let request_values = match found {
            // The qualifier decides a missing key, `IfExists` or not.
            None => {
                return reading.without_values(qualifier, qualifier == Qualifier::ForAllValues);
            }
            Some(ContextValue::Single(value)) => slice::from_ref(value),
            Some(ContextValue::Multi(values)) => values.as_slice(),
        };
        match qualifier {
            Qualifier::ForAnyValue => request_values.iter().any(|v| self.matches(v, reading)),
            Qualifier::ForAllValues => request_values.iter().all(|v| self.matches(v, reading)),
        }
    }

    /// One request value against the policy values: OR, or NOR if negated.
    fn matches(&self, request_value: &str, reading: &dyn Reading) -> bool {
        let base = self.operator.base;
        let hit = self.values.iter().any(|v| {
            let iam = base.positive(request_value, v);
            reading.compares(base.comparison(), request_value, v, iam)
        });
        hit != base.negated()
    }
}

impl Operator {
    /// `[ForAnyValue:|ForAllValues:]<Base>[IfExists]`, in any case.
    fn parse(name: &str, at: &str) -> Result<Self, PolicyError> {
        let unknown = || malformed(format!("{at}: unknown condition operator \"{name}\"."));
        let lower = name.to_lowercase();
        let (qualifier, rest) = match lower.split_once(':') {
            Some(("foranyvalue", rest)) => (Some(Qualifier::ForAnyValue), rest),
            Some(("forallvalues", rest)) => (Some(Qualifier::ForAllValues), rest),
            Some(_) => return Err(unknown()),
            None => (None, lower.as_str()),
        };
        let (rest, if_exists) = match rest.strip_suffix("ifexists") {
            Some(rest) => (rest, true),
            None => (rest, false),
        };
        let base = match rest {
            "stringequals" => Base::StringEquals,
            "stringnotequals" => Base::StringNotEquals,
            "stringequalsignorecase" => Base::StringEqualsIgnoreCase,
            "stringnotequalsignorecase" => Base::StringNotEqualsIgnoreCase,
            "stringlike" => Base::StringLike,
            "stringnotlike" => Base::StringNotLike,
            "bool" => Base::Bool,
            "null" if !if_exists => Base::Null,
            "null" => {
                return Err(malformed(format!(
                    "{at}: IfExists cannot be added to the Null operator (\"{name}\")."
                )));
            }
            _ if UNSUPPORTED.contains(&rest) => {
                return Err(PolicyError::Unsupported(format!(
                    "{at}: the condition operator {name}"
                )));
            }
            _ => return Err(unknown()),
        };
        Ok(Self {
            qualifier,
            base,
            if_exists,
        })
    }
}

impl Base {
    fn negated(self) -> bool {
        matches!(
            self,
            Self::StringNotEquals | Self::StringNotEqualsIgnoreCase | Self::StringNotLike
        )
    }

    /// How it compares values; `Null` compares none (decided on presence
    /// alone), and is never asked.
    fn comparison(self) -> Comparison {
        match self {
            Self::StringEquals | Self::StringNotEquals | Self::Null => Comparison::Exact,
            Self::StringEqualsIgnoreCase | Self::StringNotEqualsIgnoreCase => {
                Comparison::IgnoreCase
            }
            Self::StringLike | Self::StringNotLike => Comparison::Like,
            Self::Bool => Comparison::Bool,
        }
    }

    /// The comparison before negation: a negated operator's positive twin.
    fn positive(self, request_value: &str, policy_value: &str) -> bool {
        match self {
            Self::StringEquals | Self::StringNotEquals => request_value == policy_value,
            Self::StringEqualsIgnoreCase | Self::StringNotEqualsIgnoreCase => {
                request_value.to_lowercase() == policy_value.to_lowercase()
            }
            Self::StringLike | Self::StringNotLike => {
                wildcard::matches(policy_value, request_value)
            }
            Self::Bool => request_value.eq_ignore_ascii_case(policy_value),
            // Decided on presence alone, in `Condition::holds`.
            Self::Null => false,
        }
    }
}

/// A value or a list of values; booleans and numbers as their JSON text.
fn condition_values(value: &Value) -> Option<Vec<String>> {
    let one = |value: &Value| match value {
        Value::String(text) => Some(text.clone()),
        Value::Bool(_) | Value::Number(_) => Some(value.to_string()),
        _ => None,
    };
    match value {
        Value::Array(list) => list.iter().map(one).collect(),
        single => one(single).map(|v| vec![v]),
    }
}

/// `Null` values lowercased, or `None` unless each is `true` or `false`.
fn null_values(values: Vec<String>) -> Option<Vec<String>> {
    values
        .into_iter()
        .map(|v| {
            let v = v.to_ascii_lowercase();
            (v == "true" || v == "false").then_some(v)
        })
        .collect()
}
