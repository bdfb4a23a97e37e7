//! STS: role sessions (`AssumeRole`) and who a caller is
//! (`GetCallerIdentity`), contract rows 198, 199 and 203.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use super::super::model::{Caller, CallerIdentity, PARTITION, user_arn};
use super::super::policy::{Context, Decisions, KeyPolicy, Request, decide_all};
use super::roles::{RoleKey, is_name, random_id};
use super::{IamError, Identities, QueryCall, QueryOutput, parsed, required};
use crate::wire::QueryOperation;

/// In every secret and session token the stub hands out, so that a test
/// can look for any of them in what a run wrote (none may be there).
pub(crate) const SESSION_MARKER: &str = "StubSession";

/// How long a session lasts unless `DurationSeconds` says.
const DEFAULT_DURATION: Duration = Duration::from_hours(1);

/// A session STS handed out.
#[derive(Clone, Debug)]
pub(super) struct Session {
    pub(super) secret: String,
    pub(super) token: String,
    pub(super) expires: SystemTime,
    pub(super) account: String,
    /// Its role, by place and by ID (a later role of the same name is
    /// another role).
    pub(super) role: RoleKey,
    pub(super) role_id: String,
    pub(super) role_arn: String,
    pub(super) role_created: SystemTime,
    /// `AROA...:<session name>`.
    assumed_role_id: String,
    /// `arn:aws:sts::<account>:assumed-role/<role name>/<session name>`.
    pub(super) arn: String,
    /// The policy passed to `AssumeRole`, if any.
    pub(super) policy: Option<Arc<KeyPolicy>>,
}

/// What `AssumeRole` answers: the credentials and whose they are.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct SessionView {
    /// `ASIA...`.
    pub access_key_id: String,
    /// The secret.
    pub secret: String,
    /// The session token.
    pub token: String,
    /// When they stop working.
    pub expiration: SystemTime,
    /// `AROA...:<session name>`.
    pub assumed_role_id: String,
    /// The session's ARN (the role's path left out, contract row 191).
    pub arn: String,
}

impl std::fmt::Debug for SessionView {
    /// Whose they are; never the credentials.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SessionView")
            .field("arn", &self.arn)
            .finish_non_exhaustive()
    }
}

/// `count` random letters and digits.
fn random(count: usize) -> String {
    std::iter::repeat_with(fastrand::alphanumeric)
        .take(count)
        .collect()
}

impl Identities {
    pub(super) fn assume_role(&mut self, call: &QueryCall<'_>) -> Result<QueryOutput, IamError> {
        let role_arn = required(call, "RoleArn")?;
        let session_name = required(call, "RoleSessionName")?;
        if !is_name(session_name, 2, 64) {
            return Err(IamError::invalid(
                "RoleSessionName",
                "Member must satisfy regular expression pattern: [\\w+=,.@-]*",
            ));
        }
        let policy = call
            .members
            .get("Policy")
            .map(|text| parsed(text, KeyPolicy::parse_identity))
            .transpose()?;
        let caller = call.caller;
        let principal = caller.identity.principal(&caller.account);
        let refused = || {
            IamError::access_denied(
                principal.caller_arn(),
                &QueryOperation::AssumeRole.action(),
                role_arn,
                "",
            )
        };
        // A role not yet visible, or not there, is refused alike (contract row 200).
        let role_name = role_arn.rsplit('/').next().unwrap_or_default();
        let account = role_arn.split(':').nth(4).unwrap_or_default();
        let applied = self.applied_at(call.at);
        let role = self
            .roles
            .get(&RoleKey::new(account, role_name))
            .filter(|role| role.arn == role_arn && role.created <= applied)
            .ok_or_else(refused)?;
        if !trusts(&role.trust, caller, role_arn) {
            return Err(refused());
        }
        let duration = match call.members.get("DurationSeconds") {
            None => DEFAULT_DURATION,
            Some(seconds) => seconds
                .parse::<u64>()
                .ok()
                .filter(|s| (900..=u64::from(role.max_session)).contains(s))
                .map(Duration::from_secs)
                .ok_or_else(|| {
                    IamError::invalid(
                        "DurationSeconds",
                        "Member must have value greater than or equal to 900",
                    )
                })?,
        };
        let assumed_role_id = format!("{}:{session_name}", role.id);
        let session = Session {
            secret: format!("{SESSION_MARKER}Secret{}", random(23)),
            token: format!("{SESSION_MARKER}Token{}", random(100)),
            expires: call.at + duration,
            account: account.to_owned(),
            role: RoleKey::new(account, role_name),
            role_id: role.id.clone(),
            role_arn: role.arn.clone(),
            role_created: role.created,
            assumed_role_id: assumed_role_id.clone(),
            arn: format!(
                "arn:{PARTITION}:sts::{account}:assumed-role/{}/{session_name}",
                role.name
            ),
            policy,
        };
        let access_key_id = random_id("ASIA", 16);
        let view = SessionView {
            access_key_id: access_key_id.clone(),
            secret: session.secret.clone(),
            token: session.token.clone(),
            expiration: session.expires,
            assumed_role_id,
            arn: session.arn.clone(),
        };
        self.sessions.insert(access_key_id, session);
        Ok(QueryOutput::Session(view))
    }

    /// Who `caller` is; no permission needed (contract row 203).
    pub(super) fn get_caller_identity(&self, caller: &Caller) -> QueryOutput {
        let account = caller.account.clone();
        match &caller.identity {
            CallerIdentity::User => QueryOutput::CallerIdentity {
                // Stable per account, as a user's ID is.
                user_id: format!(
                    "AIDAKMSCONFORMANCE{}",
                    &account[account.len().saturating_sub(3)..]
                ),
                arn: user_arn(&account),
                account,
            },
            CallerIdentity::Session(session) => QueryOutput::CallerIdentity {
                user_id: self
                    .sessions
                    .values()
                    .find(|s| s.arn == session.session_arn)
                    .map(|s| s.assumed_role_id.clone())
                    .unwrap_or_default(),
                arn: session.session_arn.clone(),
                account,
            },
        }
    }
}

/// Whether the trust policy `trust` of the role `role_arn` lets `caller`
/// assume it: the trust policy naming the caller, or naming its account and
/// the caller's identity policies allowing `sts:AssumeRole` (contract row 199).
fn trusts(trust: &KeyPolicy, caller: &Caller, role_arn: &str) -> bool {
    let principal = caller.identity.principal(&caller.account);
    let context = Context::for_principal(&principal);
    let action = QueryOperation::AssumeRole.action();
    let request = Request {
        action: &action,
        key_arn: role_arn,
        principal: &principal,
        context: &context,
    };
    let resource = trust.evaluate(&request);
    let decisions = Decisions {
        resource_names_caller: resource.is_allowed() && trust.allowing_directly(&request).is_some(),
        resource,
        identity: decide_all(&caller.identity.policies(), &request),
        session: caller
            .identity
            .session_policy()
            .map(|p| p.evaluate(&request)),
    };
    decisions.verdict().is_allowed()
}
