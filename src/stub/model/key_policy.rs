//! Key policies: `PutKeyPolicy`, `GetKeyPolicy`, `ListKeyPolicies`, the policy a
//! key is born with, and the checks a new policy passes (contract §6).
//!
//! Every key has exactly one policy, named `default` (contract row 119). A
//! policy is stored as the text the caller sent, which `GetKeyPolicy` gives
//! back unchanged, beside what the evaluator in `stub::policy` made of it.

use std::sync::Arc;

use serde_json::json;

use super::super::policy::{KeyPolicy, LOCKOUT_MESSAGE, Request, default_key_policy};
use super::authorize::{Access, caller_principal};
use super::error::KmsError;
use super::key::KeyAddr;
use super::resolve::Aliases;
use super::validate::Validator;
use super::{Caller, Model, Output, PARTITION};
use crate::wire::{ErrorCode, Operation};

/// The only policy name KMS knows (contract row 119).
pub(super) const POLICY_NAME: &str = "default";
/// The longest policy document the service model allows, in characters.
const MAX_POLICY: usize = 131_072;

/// A key policy as stored: the text `GetKeyPolicy` answers, and its meaning.
#[derive(Clone, Debug)]
pub(crate) struct StoredPolicy {
    /// The document as it was sent (or KMS's default, byte for byte).
    pub text: String,
    /// What the evaluator made of it; authorization reads this.
    pub(crate) parsed: KeyPolicy,
}

impl StoredPolicy {
    /// Parses `text`, refusing what is not a key policy with
    /// `MalformedPolicyDocumentException` (contract row 124).
    pub(crate) fn parse(text: &str) -> Result<Self, KmsError> {
        let parsed = KeyPolicy::parse(text).map_err(|e| malformed(&e.to_string()))?;
        Ok(Self {
            text: text.to_owned(),
            parsed,
        })
    }

    /// KMS's default key policy for a key of `account`: the account root
    /// may do everything, so the account's IAM policies decide (contract row 125).
    pub(crate) fn default_for(account: &str) -> Arc<Self> {
        Arc::new(Self::known(default_key_policy(PARTITION, account)))
    }

    /// The policy of an AWS managed key, in the shape the Developer Guide
    /// gives it: the service's use of the key to every principal of the
    /// account (`kms:ViaService` and `kms:CallerAccount` conditions), and
    /// read access to its metadata (`Describe*`, `Get*`, `List*`) to the
    /// account. Nothing else, so `TagResource` and `UntagResource` are refused
    /// by policy evaluation (contract row 32), as is any change to the key.
    pub(super) fn aws_managed(account: &str, region: &str, service: &str) -> Arc<Self> {
        let text = json!({
            "Version": "2012-10-17",
            "Id": format!("auto-{service}-2"),
            "Statement": [
                {
                    "Sid": format!(
                        "Allow access through {} for all principals in the account that are \
                         authorized to use {}",
                        service.to_uppercase(),
                        service.to_uppercase()
                    ),
                    "Effect": "Allow",
                    "Principal": { "AWS": "*" },
                    "Action": [
                        "kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*",
                        "kms:GenerateDataKey*", "kms:DescribeKey"
                    ],
                    "Resource": "*",
                    "Condition": { "StringEquals": {
                        "kms:CallerAccount": account,
                        "kms:ViaService": format!("{service}.{region}.amazonaws.com"),
                    } }
                },
                {
                    "Sid": "Allow direct access to key metadata to the account",
                    "Effect": "Allow",
                    "Principal": { "AWS": format!("arn:{PARTITION}:iam::{account}:root") },
                    "Action": ["kms:Describe*", "kms:Get*", "kms:List*"],
                    "Resource": "*"
                }
            ]
        });
        Arc::new(Self::known(
            serde_json::to_string_pretty(&text).unwrap_or_default(),
        ))
    }

    /// A policy the stub wrote itself, which always parses.
    fn known(text: String) -> Self {
        let parsed = KeyPolicy::parse(&text).expect("the stub's own policies parse");
        Self { text, parsed }
    }
}

fn malformed(message: &str) -> KmsError {
    KmsError::client(ErrorCode::MalformedPolicyDocumentException, message)
}

/// A policy as `CreateKey` and `PutKeyPolicy` take it: the document, and
/// whether to skip the lockout safety check.
#[derive(Debug)]
pub(super) struct NewPolicy<'a> {
    pub(super) text: &'a str,
    pub(super) bypass_lockout_check: bool,
}

impl<'a> NewPolicy<'a> {
    /// Reads `Policy` and `BypassPolicyLockoutSafetyCheck`; `None` when
    /// no `Policy` was sent.
    pub(super) fn read(v: &mut Validator<'a, '_>) -> Result<Option<Self>, KmsError> {
        let text = v.string("Policy")?;
        if let Some(text) = text {
            v.length("policy", text, 1, MAX_POLICY);
        }
        let bypass_lockout_check = v
            .boolean("BypassPolicyLockoutSafetyCheck")?
            .unwrap_or(false);
        Ok(text.map(|text| Self {
            text,
            bypass_lockout_check,
        }))
    }
}

/// The input of `PutKeyPolicy`.
#[derive(Debug)]
pub(super) struct PutKeyPolicy<'a> {
    pub(super) key_id: &'a str,
    pub(super) policy_name: Option<&'a str>,
    pub(super) policy: NewPolicy<'a>,
}

impl<'a> PutKeyPolicy<'a> {
    pub(super) fn validate(mut v: Validator<'a, '_>) -> Result<Self, KmsError> {
        let key_id = v.key_id()?;
        let policy_name = policy_name(&mut v)?;
        let policy = NewPolicy::read(&mut v)?;
        let policy = v.required("policy", policy);
        v.finish(key_id.zip(policy).map(|(key_id, policy)| Self {
            key_id,
            policy_name,
            policy,
        }))
    }
}

/// The input of `GetKeyPolicy`.
#[derive(Debug)]
pub(super) struct GetKeyPolicy<'a> {
    pub(super) key_id: &'a str,
    pub(super) policy_name: Option<&'a str>,
}

impl<'a> GetKeyPolicy<'a> {
    pub(super) fn validate(mut v: Validator<'a, '_>) -> Result<Self, KmsError> {
        let key_id = v.key_id()?;
        let policy_name = policy_name(&mut v)?;
        v.finish(key_id.map(|key_id| Self {
            key_id,
            policy_name,
        }))
    }
}

/// The input of `ListKeyPolicies`.
#[derive(Debug)]
pub(super) struct ListKeyPolicies<'a> {
    pub(super) key_id: &'a str,
    pub(super) marker: Option<&'a str>,
}

impl<'a> ListKeyPolicies<'a> {
    pub(super) fn validate(mut v: Validator<'a, '_>) -> Result<Self, KmsError> {
        let key_id = v.key_id()?;
        if let Some(limit) = v.integer("Limit")? {
            v.range("limit", limit, 1, 1000);
        }
        let marker = v.string("Marker")?;
        if let Some(marker) = marker {
            v.length("marker", marker, 1, 320);
        }
        v.finish(key_id.map(|key_id| Self { key_id, marker }))
    }
}

/// `PolicyName`: optional, up to 128 characters.
fn policy_name<'a>(v: &mut Validator<'a, '_>) -> Result<Option<&'a str>, KmsError> {
    let name = v.string("PolicyName")?;
    if let Some(name) = name {
        v.length("policyName", name, 1, 128);
    }
    Ok(name)
}

impl Model {
    /// A `PolicyName` other than `default` names no policy (contract row
    /// 123); an absent one is `default` (rows 121 and 155).
    fn check_policy_name(&self, sent: Option<&str>) -> Result<(), KmsError> {
        let name = sent.unwrap_or_else(|| self.seams.key_policies.absent_name(POLICY_NAME));
        if name == POLICY_NAME {
            Ok(())
        } else {
            Err(KmsError::client(
                ErrorCode::NotFoundException,
                format!("No key policy is named '{name}': a key has one, named default"),
            ))
        }
    }

    /// Parses a new policy for the key at `addr` and applies the lockout
    /// safety check: the caller must still be able to call `PutKeyPolicy`
    /// under it, unless the check is bypassed (contract row 126).
    pub(super) fn checked_policy(
        &self,
        caller: &Caller,
        addr: &KeyAddr,
        policy: &NewPolicy<'_>,
    ) -> Result<StoredPolicy, KmsError> {
        let seam = &self.seams.key_policies;
        let previous = &self.key(addr).policy;
        let stored = seam.parsed(policy.text, previous, StoredPolicy::parse(policy.text))?;
        let check = seam.lockout_checked(!policy.bypass_lockout_check);
        if check && !self.keeps_put_key_policy(caller, addr, &stored) {
            return Err(malformed(LOCKOUT_MESSAGE));
        }
        Ok(stored)
    }

    /// Whether `stored` would still let `caller` call `PutKeyPolicy` on the
    /// key at `addr`: decided as authorization decides a call
    /// (`authorize.rs`), through the same seam, so that a policy read one
    /// way there is read that way here too.
    fn keeps_put_key_policy(&self, caller: &Caller, addr: &KeyAddr, stored: &StoredPolicy) -> bool {
        let principal = caller_principal(caller);
        let context = self.request_context(&Access::from(Operation::PutKeyPolicy), &principal);
        let key_arn = self.key(addr).arn();
        let request = Request::lockout_check(&principal, &key_arn, &context);
        let iam = stored.parsed.evaluate(&request);
        self.seams
            .authorization
            .decide(&stored.parsed, &request, iam)
            .is_allowed()
    }

    pub(super) fn put_key_policy(
        &mut self,
        caller: &Caller,
        input: &PutKeyPolicy<'_>,
    ) -> Result<Output, KmsError> {
        let addr = self.resolve(
            caller,
            Operation::PutKeyPolicy,
            input.key_id,
            Aliases::Refused,
        )?;
        self.check_policy_name(input.policy_name)?;
        let stored = self.checked_policy(caller, &addr, &input.policy)?;
        if self.seams.key_policies.stores(true) {
            self.key_mut(&addr).policy = Arc::new(stored);
            self.commit(&addr);
        }
        Ok(Output::Empty)
    }

    pub(super) fn get_key_policy(
        &mut self,
        caller: &Caller,
        input: &GetKeyPolicy<'_>,
    ) -> Result<Output, KmsError> {
        let addr = self.resolve(
            caller,
            Operation::GetKeyPolicy,
            input.key_id,
            Aliases::Refused,
        )?;
        self.check_policy_name(input.policy_name)?;
        // A read: it sees the key as of the read lag.
        let revision = self
            .visible(&addr)
            .ok_or_else(|| KmsError::key_does_not_exist(&self.key(&addr).arn()))?;
        Ok(Output::Json(json!({
            "Policy": revision.policy.text,
            "PolicyName": POLICY_NAME,
        })))
    }

    pub(super) fn list_key_policies(
        &mut self,
        caller: &Caller,
        input: &ListKeyPolicies<'_>,
    ) -> Result<Output, KmsError> {
        self.resolve(
            caller,
            Operation::ListKeyPolicies,
            input.key_id,
            Aliases::Refused,
        )?;
        // One policy fits any page: no marker was ever handed out.
        if input.marker.is_some() {
            return Err(KmsError::client(
                ErrorCode::InvalidMarkerException,
                "Invalid marker",
            ));
        }
        Ok(Output::Json(
            json!({ "PolicyNames": [POLICY_NAME], "Truncated": false }),
        ))
    }
}
