//! The IAM and STS operations the suite sends and the stub serves, each
//! with its service and wire name: the one place such an operation is
//! spelled.
//!
//! IAM and STS speak the Query protocol (contract row 195): a form-encoded
//! `POST /` whose `Action` names the operation and whose `Version` names
//! the service's API version, answered in XML. A request is signed for the
//! service ([`QueryService::signing_name`]); IAM's one global endpoint is
//! signed for `us-east-1`. Policies name an operation as
//! `<service>:<Action>` ([`QueryOperation::action`]), and so does what the
//! suite records of a call ([`Exchange::operation`](super::Exchange::operation)).

use std::fmt;

/// A service that speaks the Query protocol.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum QueryService {
    /// IAM: roles and their policies.
    Iam,
    /// STS: temporary credentials.
    Sts,
}

impl QueryService {
    /// Both, in the order reports list them.
    pub const ALL: [Self; 2] = [Self::Iam, Self::Sts];

    /// The SigV4 scope's service, and the prefix of its actions: `iam`.
    #[must_use]
    pub const fn signing_name(self) -> &'static str {
        match self {
            Self::Iam => "iam",
            Self::Sts => "sts",
        }
    }

    /// The API version every request names (`Version=`).
    #[must_use]
    pub const fn version(self) -> &'static str {
        match self {
            Self::Iam => "2010-05-08",
            Self::Sts => "2011-06-15",
        }
    }

    /// The XML namespace of its answers.
    #[must_use]
    pub const fn namespace(self) -> &'static str {
        match self {
            Self::Iam => "https://iam.amazonaws.com/doc/2010-05-08/",
            Self::Sts => "https://sts.amazonaws.com/doc/2011-06-15/",
        }
    }

    /// The service a SigV4 scope names, if it is one of these.
    #[must_use]
    pub fn from_signing_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.signing_name() == name)
    }
}

impl fmt::Display for QueryService {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Iam => "IAM",
            Self::Sts => "STS",
        })
    }
}

/// Declares [`QueryOperation`] from `Variant = (Service, "Name", rate)`.
macro_rules! query_operations {
    ($($(#[doc = $doc:literal])* $variant:ident = ($service:ident, $name:literal, $rate:literal),)*) => {
        /// An IAM or STS operation the suite sends or the stub serves.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum QueryOperation {
            $($(#[doc = $doc])* $variant,)*
        }

        impl QueryOperation {
            /// Every operation, IAM's first.
            pub const ALL: &[Self] = &[$(Self::$variant,)*];

            /// The operation's name, as `Action=` sends it: `CreateRole`.
            #[must_use]
            pub const fn name(self) -> &'static str {
                match self {
                    $(Self::$variant => $name,)*
                }
            }

            /// The service it belongs to.
            #[must_use]
            pub const fn service(self) -> QueryService {
                match self {
                    $(Self::$variant => QueryService::$service,)*
                }
            }

            /// The rate the suite paces it at, requests per second: IAM's
            /// and STS's quotas are unpublished (contract row 201), so these
            /// are the suite's choice, kept low; a throttle halves them.
            #[must_use]
            pub const fn paced_rate(self) -> f64 {
                match self {
                    $(Self::$variant => $rate,)*
                }
            }
        }
    };
}

query_operations! {
    /// Makes a role, with the policy that says who may assume it.
    CreateRole = (Iam, "CreateRole", 2.0),
    /// Deletes a role that has no policy left.
    DeleteRole = (Iam, "DeleteRole", 2.0),
    /// Deletes one of a role's inline policies.
    DeleteRolePolicy = (Iam, "DeleteRolePolicy", 2.0),
    /// A role, by name.
    GetRole = (Iam, "GetRole", 5.0),
    /// The names of a role's inline policies.
    ListRolePolicies = (Iam, "ListRolePolicies", 5.0),
    /// The roles under a path prefix.
    ListRoles = (Iam, "ListRoles", 5.0),
    /// Adds or replaces one of a role's inline policies.
    PutRolePolicy = (Iam, "PutRolePolicy", 2.0),
    /// Temporary credentials of a role session.
    AssumeRole = (Sts, "AssumeRole", 10.0),
    /// Who the caller is.
    GetCallerIdentity = (Sts, "GetCallerIdentity", 10.0),
}

impl QueryOperation {
    /// How a policy names it, and how the suite records a call of it:
    /// `iam:CreateRole`.
    #[must_use]
    pub fn action(self) -> String {
        format!("{}:{}", self.service().signing_name(), self.name())
    }

    /// The operation of `service` called `name` (case matters, as on the
    /// wire); `None` for one this list does not hold.
    #[must_use]
    pub fn named(service: QueryService, name: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .copied()
            .find(|op| op.service() == service && op.name() == name)
    }

    /// The operation an action names (`sts:AssumeRole`, as
    /// [`Self::action`] writes it); `None` for anything else.
    #[must_use]
    pub fn from_action(action: &str) -> Option<Self> {
        let (service, name) = action.split_once(':')?;
        Self::named(QueryService::from_signing_name(service)?, name)
    }
}

impl fmt::Display for QueryOperation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests;
