//! IAM roles: making and deleting them, their inline policies, and reading
//! them back (contract rows 196, 197 and 202).

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::SystemTime;

use super::super::model::PARTITION;
use super::super::policy::KeyPolicy;
use super::{IamError, Identities, QueryCall, QueryOutput, parsed, required};
use crate::wire::{ErrorCode, QueryOperation};

/// How many roles a page of `ListRoles` holds unless `MaxItems` says.
const DEFAULT_PAGE: usize = 100;

/// A role's place: its account and its name in lower case (role names are
/// unique within an account regardless of case, contract row 202).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct RoleKey {
    account: String,
    name: String,
}

impl RoleKey {
    pub(super) fn new(account: &str, name: &str) -> Self {
        Self {
            account: account.to_owned(),
            name: name.to_lowercase(),
        }
    }
}

/// One IAM role.
#[derive(Clone, Debug)]
pub(super) struct Role {
    pub(super) name: String,
    path: String,
    /// `AROA...`: tells a role from a later one of the same name.
    pub(super) id: String,
    pub(super) arn: String,
    pub(super) created: SystemTime,
    description: Option<String>,
    pub(super) max_session: u32,
    trust_text: String,
    pub(super) trust: Arc<KeyPolicy>,
    /// Its inline policies after each change, oldest first, with the time
    /// of the change: IAM applies one only after its lag.
    versions: Vec<(SystemTime, BTreeMap<String, Arc<KeyPolicy>>)>,
}

impl Role {
    /// Its inline policies now.
    fn policies(&self) -> &BTreeMap<String, Arc<KeyPolicy>> {
        &self.versions.last().expect("a role has a first version").1
    }

    /// Its inline policies as IAM applied them at `at`: none before the
    /// role itself applied.
    pub(super) fn policies_at(&self, at: SystemTime) -> Vec<Arc<KeyPolicy>> {
        self.versions
            .iter()
            .rev()
            .find(|(changed, _)| *changed <= at)
            .map(|(_, policies)| policies.values().cloned().collect())
            .unwrap_or_default()
    }

    fn change(
        &mut self,
        at: SystemTime,
        change: impl FnOnce(&mut BTreeMap<String, Arc<KeyPolicy>>),
    ) {
        let mut policies = self.policies().clone();
        change(&mut policies);
        self.versions.push((at, policies));
    }

    fn view(&self) -> RoleView {
        RoleView {
            path: self.path.clone(),
            name: self.name.clone(),
            id: self.id.clone(),
            arn: self.arn.clone(),
            created: self.created,
            trust_policy: self.trust_text.clone(),
            description: self.description.clone(),
            max_session: self.max_session,
        }
    }
}

/// A role as IAM answers it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RoleView {
    /// `/`, or `/<parts>/`.
    pub path: String,
    /// Its name, in the case it was made with.
    pub name: String,
    /// `AROA...`.
    pub id: String,
    /// `arn:aws:iam::<account>:role<path><name>`.
    pub arn: String,
    /// When it was made.
    pub created: SystemTime,
    /// Its trust policy, as sent (answered URL-encoded).
    pub trust_policy: String,
    /// Its description, if it has one.
    pub description: Option<String>,
    /// How long its sessions may last, in seconds.
    pub max_session: u32,
}

/// `[\w+=,.@-]`, `min` to `max` characters: role, policy and session names.
pub(super) fn is_name(text: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&text.chars().count())
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_+=,.@-".contains(c))
}

/// `/`, or `/<printable ASCII>/`, at most 512 characters.
fn is_path(path: &str) -> bool {
    path == "/"
        || (path.len() >= 2
            && path.len() <= 512
            && path.starts_with('/')
            && path.ends_with('/')
            && path.bytes().all(|b| (0x21..=0x7e).contains(&b)))
}

/// `AROA` and 17 letters and digits: the shape of a role ID.
pub(super) fn random_id(prefix: &str, len: usize) -> String {
    let tail: String = std::iter::repeat_with(|| fastrand::alphanumeric().to_ascii_uppercase())
        .take(len)
        .collect();
    format!("{prefix}{tail}")
}

impl Identities {
    fn role(&self, account: &str, name: &str) -> Result<&Role, IamError> {
        self.roles
            .get(&RoleKey::new(account, name))
            .ok_or_else(|| no_such_role(name))
    }

    fn role_mut(&mut self, account: &str, name: &str) -> Result<&mut Role, IamError> {
        self.roles
            .get_mut(&RoleKey::new(account, name))
            .ok_or_else(|| no_such_role(name))
    }

    /// A role's name, checked, and the caller's permission for `operation` on it.
    fn role_name<'a>(
        call: &'a QueryCall<'_>,
        operation: QueryOperation,
    ) -> Result<&'a str, IamError> {
        let name = required(call, "RoleName")?;
        if !is_name(name, 1, 64) {
            return Err(IamError::invalid(
                "RoleName",
                "Member must satisfy regular expression pattern: [\\w+=,.@-]+",
            ));
        }
        let account = &call.caller.account;
        let arn = format!("arn:{PARTITION}:iam::{account}:role/{name}");
        Self::authorize(call.caller, &operation.action(), &arn)?;
        Ok(name)
    }

    pub(super) fn create_role(&mut self, call: &QueryCall<'_>) -> Result<QueryOutput, IamError> {
        let name = Self::role_name(call, QueryOperation::CreateRole)?;
        let path = call.members.get("Path").map_or("/", String::as_str);
        if !is_path(path) {
            return Err(IamError::invalid(
                "Path",
                "Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)",
            ));
        }
        let trust_text = required(call, "AssumeRolePolicyDocument")?;
        let trust = parsed(trust_text, KeyPolicy::parse_trust)?;
        let max_session = match call.members.get("MaxSessionDuration") {
            None => 3600,
            Some(seconds) => seconds
                .parse()
                .ok()
                .filter(|s| (3600..=43_200).contains(s))
                .ok_or_else(|| {
                    IamError::invalid(
                        "MaxSessionDuration",
                        "Member must have value less than or equal to 43200",
                    )
                })?,
        };
        let account = call.caller.account.clone();
        let key = RoleKey::new(&account, name);
        if self.roles.contains_key(&key) {
            return Err(IamError::new(
                ErrorCode::EntityAlreadyExists,
                format!("Role with name {name} already exists."),
            ));
        }
        let role = Role {
            name: name.to_owned(),
            path: path.to_owned(),
            id: random_id("AROA", 17),
            arn: format!("arn:{PARTITION}:iam::{account}:role{path}{name}"),
            created: call.at,
            description: call.members.get("Description").cloned(),
            max_session,
            trust_text: trust_text.to_owned(),
            trust,
            versions: vec![(call.at, BTreeMap::new())],
        };
        let view = role.view();
        self.roles.insert(key, role);
        Ok(QueryOutput::Role(view))
    }

    pub(super) fn put_role_policy(
        &mut self,
        call: &QueryCall<'_>,
    ) -> Result<QueryOutput, IamError> {
        let name = Self::role_name(call, QueryOperation::PutRolePolicy)?;
        let policy_name = policy_name(call)?;
        let text = required(call, "PolicyDocument")?;
        let policy = parsed(text, KeyPolicy::parse_identity)?;
        let role = self.role_mut(&call.caller.account, name)?;
        role.change(call.at, |policies| {
            policies.insert(policy_name.to_owned(), policy);
        });
        Ok(QueryOutput::Empty)
    }

    pub(super) fn delete_role_policy(
        &mut self,
        call: &QueryCall<'_>,
    ) -> Result<QueryOutput, IamError> {
        let name = Self::role_name(call, QueryOperation::DeleteRolePolicy)?;
        let policy_name = policy_name(call)?;
        let role = self.role_mut(&call.caller.account, name)?;
        if !role.policies().contains_key(policy_name) {
            return Err(IamError::new(
                ErrorCode::NoSuchEntity,
                format!("The role policy with name {policy_name} cannot be found."),
            ));
        }
        role.change(call.at, |policies| {
            policies.remove(policy_name);
        });
        Ok(QueryOutput::Empty)
    }

    pub(super) fn delete_role(&mut self, call: &QueryCall<'_>) -> Result<QueryOutput, IamError> {
        let name = Self::role_name(call, QueryOperation::DeleteRole)?;
        let role = self.role(&call.caller.account, name)?;
        // Inline policies first (contract row 197).
        if !role.policies().is_empty() {
            return Err(IamError::new(
                ErrorCode::DeleteConflict,
                "Cannot delete entity, must delete policies first.",
            ));
        }
        self.roles.remove(&RoleKey::new(&call.caller.account, name));
        Ok(QueryOutput::Empty)
    }

    pub(super) fn get_role(&self, call: &QueryCall<'_>) -> Result<QueryOutput, IamError> {
        let name = Self::role_name(call, QueryOperation::GetRole)?;
        Ok(QueryOutput::Role(
            self.role(&call.caller.account, name)?.view(),
        ))
    }

    pub(super) fn list_role_policies(&self, call: &QueryCall<'_>) -> Result<QueryOutput, IamError> {
        let name = Self::role_name(call, QueryOperation::ListRolePolicies)?;
        let role = self.role(&call.caller.account, name)?;
        Ok(QueryOutput::PolicyNames(
            role.policies().keys().cloned().collect(),
        ))
    }

    pub(super) fn list_roles(&self, call: &QueryCall<'_>) -> Result<QueryOutput, IamError> {
        let account = &call.caller.account;
        Self::authorize(
            call.caller,
            &QueryOperation::ListRoles.action(),
            &format!("arn:{PARTITION}:iam::{account}:role/"),
        )?;
        let prefix = call.members.get("PathPrefix").map_or("/", String::as_str);
        let page = match call.members.get("MaxItems") {
            None => DEFAULT_PAGE,
            Some(items) => items
                .parse()
                .ok()
                .filter(|n| (1..=1000).contains(n))
                .ok_or_else(|| {
                    IamError::invalid(
                        "MaxItems",
                        "Member must have value less than or equal to 1000",
                    )
                })?,
        };
        let after = call.members.get("Marker");
        let mut matching = self
            .roles
            .iter()
            .filter(|(key, role)| key.account == *account && role.path.starts_with(prefix))
            .filter(|(key, _)| after.is_none_or(|marker| key.name >= *marker));
        let roles: Vec<RoleView> = matching
            .by_ref()
            .take(page)
            .map(|(_, r)| r.view())
            .collect();
        let marker = matching.next().map(|(key, _)| key.name.clone());
        Ok(QueryOutput::Roles { roles, marker })
    }
}

fn policy_name<'a>(call: &'a QueryCall<'_>) -> Result<&'a str, IamError> {
    let name = required(call, "PolicyName")?;
    if is_name(name, 1, 128) {
        Ok(name)
    } else {
        Err(IamError::invalid(
            "PolicyName",
            "Member must satisfy regular expression pattern: [\\w+=,.@-]+",
        ))
    }
}

/// AWS's words for a role that is not there (REC in public reports).
fn no_such_role(name: &str) -> IamError {
    IamError::new(
        ErrorCode::NoSuchEntity,
        format!("The role with name {name} cannot be found."),
    )
}
