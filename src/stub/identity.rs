//! IAM and STS as a pure state machine: the roles of every account, each
//! with its trust policy and inline policies, and the role sessions STS
//! hands out (contract rows 195 to 203).
//!
//! As much of IAM and STS as the ABAC scenarios and a run's cleanup use:
//! `CreateRole`, `PutRolePolicy`, `DeleteRolePolicy`, `DeleteRole`,
//! `GetRole`, `ListRolePolicies`, `ListRoles` (`roles.rs`), and `AssumeRole`
//! and `GetCallerIdentity` (`sessions.rs`). No I/O: the Query adapter
//! (`stub::query_protocol`) turns a request into a [`QueryCall`] and an
//! answer into XML; the clock comes in with the call.
//!
//! IAM is eventually consistent (contract row 200): with an `iam_lag`, a
//! new role can be assumed, and a change to its policies takes effect, only
//! that long after it was made. The lag is zero by default.
//!
//! Who may call: the stub's IAM user is an administrator; a role session
//! may call what its identity policies allow, on the role's ARN
//! (`GetCallerIdentity` needs no permission, contract row 203).

mod roles;
mod sessions;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use super::model::{Caller, CallerIdentity, RoleSession};
use super::policy::{Context, KeyPolicy, PolicyError, Request, decide_all};
use crate::wire::{ErrorCode, QueryOperation};

pub(crate) use self::roles::RoleView;
use self::roles::{Role, RoleKey};
use self::sessions::Session;
pub(crate) use self::sessions::SessionView;

/// One IAM or STS call.
#[derive(Clone, Copy, Debug)]
pub(crate) struct QueryCall<'a> {
    /// Who calls: the account, and the user or role session that signed.
    pub caller: &'a Caller,
    /// The operation `Action` named.
    pub operation: QueryOperation,
    /// Every member of the form but `Action` and `Version`, decoded.
    pub members: &'a BTreeMap<String, String>,
    /// The caller's clock at the call.
    pub at: SystemTime,
}

/// What a call answers, before it is written as XML.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum QueryOutput {
    /// Nothing but the request ID (`PutRolePolicy`, `DeleteRole`...).
    Empty,
    /// One role (`CreateRole`, `GetRole`).
    Role(RoleView),
    /// A role's inline policy names, sorted (`ListRolePolicies`).
    PolicyNames(Vec<String>),
    /// A page of roles (`ListRoles`), and where the next starts.
    Roles {
        /// This page's roles, by name.
        roles: Vec<RoleView>,
        /// The `Marker` of the next page, when there is one.
        marker: Option<String>,
    },
    /// A role session's credentials (`AssumeRole`).
    Session(SessionView),
    /// Who the caller is (`GetCallerIdentity`).
    CallerIdentity {
        /// `AIDA...` for a user, `AROA...:<session name>` for a session.
        user_id: String,
        /// The caller's account.
        account: String,
        /// The user's ARN, or the session's.
        arn: String,
    },
}

/// An IAM or STS error: its code, HTTP status and message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct IamError {
    /// The `<Code>` of the error.
    pub code: ErrorCode,
    /// The HTTP status it is answered with.
    pub status: u16,
    /// The `<Message>`.
    pub message: String,
}

impl IamError {
    /// `code` with the status IAM's and STS's service models give it.
    #[must_use]
    pub(crate) fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        let status = match code {
            ErrorCode::NoSuchEntity => 404,
            ErrorCode::EntityAlreadyExists | ErrorCode::DeleteConflict => 409,
            ErrorCode::AccessDenied
            | ErrorCode::InvalidClientTokenId
            | ErrorCode::SignatureDoesNotMatch
            | ErrorCode::MissingAuthenticationToken => 403,
            _ => 400,
        };
        Self {
            code,
            status,
            message: message.into(),
        }
    }

    /// A required member left out: `ValidationError`, as AWS's Query
    /// services word it (REC in public reports of STS and IAM errors).
    pub(crate) fn missing(member: &str) -> Self {
        Self::new(
            ErrorCode::ValidationError,
            format!(
                "1 validation error detected: Value null at '{}' failed to satisfy constraint: \
                 Member must not be null",
                lower_first(member)
            ),
        )
    }

    /// A member that breaks a constraint.
    pub(crate) fn invalid(member: &str, constraint: &str) -> Self {
        Self::new(
            ErrorCode::ValidationError,
            format!(
                "1 validation error detected: Value at '{}' failed to satisfy constraint: {constraint}",
                lower_first(member)
            ),
        )
    }

    /// A policy that does not parse: `MalformedPolicyDocument`.
    pub(crate) fn malformed(error: &PolicyError) -> Self {
        let message = match error {
            // IAM's own words for text that is no JSON (REC on both emulators, INF for AWS).
            PolicyError::NotJson(_) => "Syntax errors in policy.".to_owned(),
            other => other.to_string(),
        };
        Self::new(ErrorCode::MalformedPolicyDocument, message)
    }

    /// A caller its policies do not allow `action` on `resource`.
    pub(crate) fn access_denied(who: &str, action: &str, resource: &str, reason: &str) -> Self {
        Self::new(
            ErrorCode::AccessDenied,
            format!(
                "User: {who} is not authorized to perform: {action} on resource: {resource}{reason}"
            ),
        )
    }
}

/// `RoleName` as a validation message names it: `roleName`.
fn lower_first(name: &str) -> String {
    let mut chars = name.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_lowercase().chain(chars).collect()
    })
}

/// What a request's access key is to the signature check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SessionKey {
    /// The secret the request must be signed with.
    pub secret: String,
    /// The session token the request must carry.
    pub token: String,
    /// When the credentials stop working.
    pub expires: SystemTime,
    /// The role's account: the session's.
    pub account: String,
}

/// IAM's and STS's state, for every account at once.
#[derive(Debug, Default)]
pub(crate) struct Identities {
    roles: BTreeMap<RoleKey, Role>,
    sessions: BTreeMap<String, Session>,
    /// How long a change takes to show in what IAM allows.
    iam_lag: Duration,
}

impl Identities {
    /// IAM and STS with no role yet, changes taking `iam_lag` to apply.
    #[must_use]
    pub(crate) fn new(iam_lag: Duration) -> Self {
        Self {
            iam_lag,
            ..Self::default()
        }
    }

    /// Answers one IAM or STS operation.
    ///
    /// # Errors
    /// The [`IamError`] IAM or STS would answer with.
    pub(crate) fn handle(&mut self, call: &QueryCall<'_>) -> Result<QueryOutput, IamError> {
        match call.operation {
            QueryOperation::CreateRole => self.create_role(call),
            QueryOperation::PutRolePolicy => self.put_role_policy(call),
            QueryOperation::DeleteRolePolicy => self.delete_role_policy(call),
            QueryOperation::DeleteRole => self.delete_role(call),
            QueryOperation::GetRole => self.get_role(call),
            QueryOperation::ListRolePolicies => self.list_role_policies(call),
            QueryOperation::ListRoles => self.list_roles(call),
            QueryOperation::AssumeRole => self.assume_role(call),
            QueryOperation::GetCallerIdentity => Ok(self.get_caller_identity(call.caller)),
        }
    }

    /// The secret and token of a role session's access key, if STS handed
    /// it out.
    #[must_use]
    pub(crate) fn session_key(&self, access_key_id: &str) -> Option<SessionKey> {
        self.sessions.get(access_key_id).map(|s| SessionKey {
            secret: s.secret.clone(),
            token: s.token.clone(),
            expires: s.expires,
            account: s.account.clone(),
        })
    }

    /// Who a request signed with a role session's `access_key_id` is at
    /// `at`: the session, its role's identity policies as IAM applies them
    /// then (none once the role is gone), and its session policy.
    #[must_use]
    pub(crate) fn identity(&self, access_key_id: &str, at: SystemTime) -> Option<CallerIdentity> {
        let session = self.sessions.get(access_key_id)?;
        let role = self
            .roles
            .get(&session.role)
            .filter(|role| role.id == session.role_id);
        let policies = role
            .map(|r| r.policies_at(self.applied_at(at)))
            .unwrap_or_default();
        Some(CallerIdentity::Session(Arc::new(RoleSession {
            role_arn: session.role_arn.clone(),
            session_arn: session.arn.clone(),
            role_created: session.role_created,
            policies,
            session_policy: session.policy.clone(),
        })))
    }

    /// The moment whose IAM state applies at `at`: `iam_lag` earlier.
    fn applied_at(&self, at: SystemTime) -> SystemTime {
        at.checked_sub(self.iam_lag)
            .unwrap_or(SystemTime::UNIX_EPOCH)
    }

    /// Whether `caller` may do `action` to `resource` in IAM: the user
    /// always; a role session when its identity policies allow it.
    fn authorize(caller: &Caller, action: &str, resource: &str) -> Result<(), IamError> {
        let CallerIdentity::Session(session) = &caller.identity else {
            return Ok(());
        };
        let principal = caller.identity.principal(&caller.account);
        let context = Context::for_principal(&principal);
        let request = Request {
            action,
            key_arn: resource,
            principal: &principal,
            context: &context,
        };
        let identity = decide_all(&session.policies, &request);
        let narrowed = session
            .session_policy
            .as_ref()
            .is_none_or(|p| p.evaluate(&request).is_allowed());
        if identity.is_allowed() && narrowed {
            Ok(())
        } else {
            Err(IamError::access_denied(
                &session.session_arn,
                action,
                resource,
                &format!(" because no identity-based policy allows the {action} action"),
            ))
        }
    }
}

/// A required member of `call`.
fn required<'a>(call: &'a QueryCall<'_>, member: &str) -> Result<&'a str, IamError> {
    call.members
        .get(member)
        .map(String::as_str)
        .ok_or_else(|| IamError::missing(member))
}

/// A policy text as IAM reads it: an identity policy, or a trust policy.
fn parsed(
    text: &str,
    parse: fn(&str) -> Result<KeyPolicy, PolicyError>,
) -> Result<Arc<KeyPolicy>, IamError> {
    parse(text)
        .map(Arc::new)
        .map_err(|e| IamError::malformed(&e))
}

#[cfg(test)]
mod tests;
