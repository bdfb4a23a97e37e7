//! The policy text to a [`KeyPolicy`], refusing what is not a key policy.
//!
//! Walks a `serde_json::Value` by hand rather than deriving `Deserialize`,
//! so that each refusal names the statement and element at fault in words
//! that read well as a `MalformedPolicyDocumentException` message.

use std::fmt;
use std::str::FromStr;

use serde_json::{Map, Value};

use super::condition::Condition;
use super::principal::Principals;

/// Why a policy text is not a key policy this module can evaluate.
///
/// `Display` gives a message fit for `MalformedPolicyDocumentException`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum PolicyError {
    /// The text is not JSON; the parser's reason.
    NotJson(String),
    /// JSON, but not a policy: a wrong shape, an unknown element, operator
    /// or qualifier. The message names the statement and the element.
    Malformed(String),
    /// A `Principal` that is neither `*`, an account ID nor an IAM/STS ARN;
    /// the offending value. `Display` gives KMS's own sentence (REC in
    /// public error reports).
    InvalidPrincipal(String),
    /// Valid policy language this evaluator does not implement; what it is.
    Unsupported(String),
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotJson(reason) => write!(f, "The key policy is not valid JSON: {reason}."),
            Self::Malformed(message) => f.write_str(message),
            Self::InvalidPrincipal(_) => {
                f.write_str("Policy contains a statement with one or more invalid principals.")
            }
            Self::Unsupported(what) => {
                write!(
                    f,
                    "{what} is not supported by this KMS stub's key policy evaluator."
                )
            }
        }
    }
}

impl std::error::Error for PolicyError {}

/// A parsed key policy: its statements, in document order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct KeyPolicy {
    pub(super) statements: Vec<Statement>,
}

/// `Allow` or `Deny`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Effect {
    Allow,
    Deny,
}

/// `Action`/`NotAction` or `Resource`/`NotResource`: patterns, maybe negated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Patterns {
    pub(super) negated: bool,
    pub(super) patterns: Vec<String>,
}

/// One statement, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Statement {
    pub(super) sid: Option<String>,
    pub(super) effect: Effect,
    pub(super) principals: Principals,
    pub(super) actions: Patterns,
    pub(super) resources: Patterns,
    pub(super) conditions: Vec<Condition>,
}

const DOCUMENT_ELEMENTS: [&str; 3] = ["Version", "Id", "Statement"];
const STATEMENT_ELEMENTS: [&str; 9] = [
    "Sid",
    "Effect",
    "Principal",
    "NotPrincipal",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
];

impl KeyPolicy {
    /// Parses and checks a key policy document.
    ///
    /// # Errors
    ///
    /// [`PolicyError`] when the text is not JSON, not a policy, or uses
    /// policy language this evaluator does not implement.
    pub(crate) fn parse(text: &str) -> Result<Self, PolicyError> {
        let document: Value =
            serde_json::from_str(text).map_err(|e| PolicyError::NotJson(e.to_string()))?;
        let Value::Object(document) = document else {
            return Err(malformed("The key policy must be a JSON object."));
        };
        reject_unknown(&document, &DOCUMENT_ELEMENTS, "The key policy")?;
        // Before 2012-10-17, `${...}` was literal text, not a variable.
        let variables = match document.get("Version") {
            None => false,
            Some(Value::String(v)) if v == "2008-10-17" => false,
            Some(Value::String(v)) if v == "2012-10-17" => true,
            Some(other) => {
                return Err(malformed(format!(
                    "Version must be \"2012-10-17\" or \"2008-10-17\", not {other}."
                )));
            }
        };
        if let Some(id) = document.get("Id")
            && !id.is_string()
        {
            return Err(malformed("Id must be a string."));
        }
        let statements = match document.get("Statement") {
            None => return Err(malformed("The key policy has no Statement.")),
            Some(Value::Array(list)) => list.iter().collect(),
            Some(one @ Value::Object(_)) => vec![one],
            Some(_) => {
                return Err(malformed(
                    "Statement must be an object or a list of objects.",
                ));
            }
        };
        let statements = statements
            .into_iter()
            .enumerate()
            .map(|(index, value)| Statement::parse(index, value, variables))
            .collect::<Result<_, _>>()?;
        Ok(Self { statements })
    }
}

impl FromStr for KeyPolicy {
    type Err = PolicyError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::parse(text)
    }
}

impl Statement {
    fn parse(index: usize, value: &Value, variables: bool) -> Result<Self, PolicyError> {
        let Value::Object(element) = value else {
            return Err(malformed(format!(
                "Statement {} must be an object.",
                index + 1
            )));
        };
        let sid = match element.get("Sid") {
            None => None,
            Some(Value::String(sid)) => Some(sid.clone()),
            Some(_) => {
                return Err(malformed(format!(
                    "Statement {}: Sid must be a string.",
                    index + 1
                )));
            }
        };
        let at = label(index, sid.as_deref());
        reject_unknown(element, &STATEMENT_ELEMENTS, &at)?;
        let effect = match element.get("Effect").and_then(Value::as_str) {
            Some("Allow") => Effect::Allow,
            Some("Deny") => Effect::Deny,
            Some(other) => {
                return Err(malformed(format!(
                    "{at}: Effect must be \"Allow\" or \"Deny\", not \"{other}\"."
                )));
            }
            None => return Err(malformed(format!("{at} has no Effect."))),
        };
        if element.contains_key("NotPrincipal") {
            return Err(PolicyError::Unsupported(format!("{at}: NotPrincipal")));
        }
        let principals = match element.get("Principal") {
            Some(value) => Principals::parse(value)?,
            None => return Err(malformed(format!("{at} has no Principal."))),
        };
        let actions = patterns(element, "Action", "NotAction", &at)?;
        if let Some(bad) = actions
            .patterns
            .iter()
            .find(|a| *a != "*" && !a.contains(':'))
        {
            return Err(malformed(format!(
                "{at}: action \"{bad}\" must be \"*\" or \"<service>:<action>\"."
            )));
        }
        let resources = patterns(element, "Resource", "NotResource", &at)?;
        if variables && resources.patterns.iter().any(|r| r.contains("${")) {
            return Err(PolicyError::Unsupported(format!(
                "{at}: policy variables (${{...}})"
            )));
        }
        let conditions = match element.get("Condition") {
            None => Vec::new(),
            Some(Value::Object(block)) => Condition::parse_block(block, &at, variables)?,
            Some(_) => return Err(malformed(format!("{at}: Condition must be an object."))),
        };
        Ok(Self {
            sid,
            effect,
            principals,
            actions,
            resources,
            conditions,
        })
    }
}

/// `Statement "Sid"`, or `Statement 2` (counted from 1) without a `Sid`.
pub(super) fn label(index: usize, sid: Option<&str>) -> String {
    match sid {
        Some(sid) => format!("Statement \"{sid}\""),
        None => format!("Statement {}", index + 1),
    }
}

pub(super) fn malformed(message: impl Into<String>) -> PolicyError {
    PolicyError::Malformed(message.into())
}

fn reject_unknown(
    object: &Map<String, Value>,
    known: &[&str],
    at: &str,
) -> Result<(), PolicyError> {
    match object.keys().find(|key| !known.contains(&key.as_str())) {
        Some(unknown) => Err(malformed(format!(
            "{at} has an unknown element \"{unknown}\"."
        ))),
        None => Ok(()),
    }
}

/// Exactly one of `positive`/`negative`, as a string or a list of strings.
fn patterns(
    element: &Map<String, Value>,
    positive: &str,
    negative: &str,
    at: &str,
) -> Result<Patterns, PolicyError> {
    let (name, value, negated) = match (element.get(positive), element.get(negative)) {
        (Some(value), None) => (positive, value, false),
        (None, Some(value)) => (negative, value, true),
        (Some(_), Some(_)) => {
            return Err(malformed(format!(
                "{at} has both {positive} and {negative}."
            )));
        }
        (None, None) => return Err(malformed(format!("{at} has no {positive}."))),
    };
    let patterns = strings(value).ok_or_else(|| {
        malformed(format!(
            "{at}: {name} must be a string or a non-empty list of strings."
        ))
    })?;
    Ok(Patterns { negated, patterns })
}

/// A string, or a non-empty list of strings.
pub(super) fn strings(value: &Value) -> Option<Vec<String>> {
    match value {
        Value::String(one) => Some(vec![one.clone()]),
        Value::Array(list) if !list.is_empty() => list
            .iter()
            .map(|item| item.as_str().map(str::to_owned))
            .collect(),
        _ => None,
    }
}
