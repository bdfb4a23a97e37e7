//! The policies IAM holds, read with the key policy's grammar: a role's
//! identity policies (and a session policy, which reads the same) and its
//! trust policy.
//!
//! An identity policy applies to whoever holds it, so it names no
//! principal: IAM refuses one that does (DOC, IAM User Guide, "Principal":
//! "You cannot use the Principal element in an identity-based policy").
//! A trust policy is a role's resource policy: its resource is the role, so
//! it names none (INF; moto: "Has prohibited field Resource."). Each is
//! checked for that, then given the element it leaves out (`"Principal":
//! "*"`, `"Resource": "*"`) and read as a key policy is.

use std::sync::LazyLock;

use serde_json::{Map, Value};

use super::document::{KeyPolicy, PolicyError, malformed};

/// The identity policy of an administrator: every action on every
/// resource. The stub's own IAM user has it (contract row 125).
static ADMINISTRATOR: LazyLock<KeyPolicy> = LazyLock::new(|| {
    KeyPolicy::parse_identity(
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}"#,
    )
    .expect("the administrator's policy is valid")
});

/// Which of IAM's policies a text is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Held {
    /// An identity policy or a session policy: no `Principal`.
    ByIdentity,
    /// A role's trust policy: no `Resource`.
    ByRole,
}

impl KeyPolicy {
    /// An identity policy (a role's inline policy, or a session policy).
    ///
    /// # Errors
    /// [`PolicyError`] as [`KeyPolicy::parse`] gives it, or
    /// [`PolicyError::Malformed`] for a statement that names a principal.
    pub(crate) fn parse_identity(text: &str) -> Result<Self, PolicyError> {
        parse_held(text, Held::ByIdentity)
    }

    /// A role's trust policy: who may assume it.
    ///
    /// # Errors
    /// [`PolicyError`] as [`KeyPolicy::parse`] gives it, or
    /// [`PolicyError::Malformed`] for a statement that names a resource.
    pub(crate) fn parse_trust(text: &str) -> Result<Self, PolicyError> {
        parse_held(text, Held::ByRole)
    }

    /// The identity policy that allows everything: an administrator's.
    #[must_use]
    pub(crate) fn administrator() -> &'static Self {
        &ADMINISTRATOR
    }
}

fn parse_held(text: &str, held: Held) -> Result<KeyPolicy, PolicyError> {
    let Ok(Value::Object(mut document)) = serde_json::from_str::<Value>(text) else {
        // Not a JSON object: the key policy's parser words why.
        return KeyPolicy::parse(text);
    };
    match document.get_mut("Statement") {
        Some(Value::Array(statements)) => {
            for statement in statements {
                if let Value::Object(statement) = statement {
                    complete(statement, held)?;
                }
            }
        }
        Some(Value::Object(statement)) => complete(statement, held)?,
        _ => {}
    }
    KeyPolicy::parse(&Value::Object(document).to_string())
}

/// Checks that `statement` leaves out what `held` forbids, and gives it
/// that element as `*`.
fn complete(statement: &mut Map<String, Value>, held: Held) -> Result<(), PolicyError> {
    let (forbidden, message) = match held {
        Held::ByIdentity => (
            ["Principal", "NotPrincipal"],
            "Policy document should not specify a principal.",
        ),
        Held::ByRole => (
            ["Resource", "NotResource"],
            "Has prohibited field Resource.",
        ),
    };
    if forbidden.iter().any(|name| statement.contains_key(*name)) {
        return Err(malformed(message));
    }
    statement.insert(forbidden[0].to_owned(), Value::from("*"));
    Ok(())
}
