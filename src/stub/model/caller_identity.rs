//! Who signed a request, as KMS authorizes it: the stub's own IAM user, or
//! a session of an IAM role (contract §6).
//!
//! The HTTP adapter works this out from the access key before the model
//! sees the call, from the stub's IAM and STS (`stub::identity`): for a
//! role session, the role's identity policies as IAM applies them at that
//! moment, and the session policy it was assumed with. The model never
//! reads IAM's state itself.

use std::sync::Arc;
use std::time::SystemTime;

use super::super::policy::{KeyPolicy, Principal};
use super::PARTITION;

/// The IAM user every caller of the stub is, in its own account, unless it
/// signs with a role session's credentials.
pub(crate) const CALLER_USER: &str = "kms-conformance";

/// Who signed a request.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) enum CallerIdentity {
    /// The IAM user [`CALLER_USER`] of the caller's account: an
    /// administrator, its one identity policy allowing everything, as the
    /// default credentials of an emulator are (contract row 125).
    #[default]
    User,
    /// A session of an IAM role (`AssumeRole`).
    Session(Arc<RoleSession>),
}

/// A role session, as authorization sees it when a request is signed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RoleSession {
    /// `arn:aws:iam::<account>:role/<path><name>`: what `aws:PrincipalArn`
    /// is (contract row 192).
    pub role_arn: String,
    /// `arn:aws:sts::<account>:assumed-role/<name>/<session>`: whom a
    /// refusal names (contract row 191).
    pub session_arn: String,
    /// When the role was made.
    pub role_created: SystemTime,
    /// The role's identity policies as IAM applies them now.
    pub policies: Vec<Arc<KeyPolicy>>,
    /// The policy passed when the role was assumed, if any.
    pub session_policy: Option<Arc<KeyPolicy>>,
}

impl CallerIdentity {
    /// The principal of a caller in `account`: the IAM user
    /// `arn:aws:iam::<account>:user/kms-conformance`, or the session.
    #[must_use]
    pub(crate) fn principal(&self, account: &str) -> Principal {
        match self {
            Self::User => Principal::from_arn(&user_arn(account))
                .unwrap_or_else(|| Principal::account_root(PARTITION, account)),
            Self::Session(session) => {
                Principal::role_session(&session.role_arn, &session.session_arn)
                    .unwrap_or_else(|| Principal::account_root(PARTITION, account))
            }
        }
    }

    /// Its identity policies, as IAM applies them now.
    #[must_use]
    pub(crate) fn policies(&self) -> Vec<Arc<KeyPolicy>> {
        match self {
            Self::User => vec![Arc::new(KeyPolicy::administrator().clone())],
            Self::Session(session) => session.policies.clone(),
        }
    }

    /// The session policy, for a session assumed with one.
    #[must_use]
    pub(crate) fn session_policy(&self) -> Option<Arc<KeyPolicy>> {
        match self {
            Self::User => None,
            Self::Session(session) => session.session_policy.clone(),
        }
    }

    /// The role session, if it is one.
    #[must_use]
    pub(crate) fn session(&self) -> Option<&RoleSession> {
        match self {
            Self::User => None,
            Self::Session(session) => Some(session),
        }
    }
}

/// `arn:aws:iam::<account>:user/kms-conformance`.
#[must_use]
pub(crate) fn user_arn(account: &str) -> String {
    format!("arn:{PARTITION}:iam::{account}:user/{CALLER_USER}")
}
