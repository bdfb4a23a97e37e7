//! `DescribeKey` and `ListKeys`: what a caller can learn of keys (contract §3).

use serde_json::{Value, json};

use super::error::KmsError;
use super::key::Key;
use super::lifecycle::KeyOnly;
use super::resolve::Aliases;
use super::validate::Validator;
use super::{Caller, Model, Output};
use crate::wire::{ErrorCode, Operation};

/// The input of `ListKeys`.
#[derive(Clone, Copy, Debug)]
pub(super) struct ListKeys<'a> {
    pub(super) limit: i64,
    pub(super) marker: Option<&'a str>,
}

impl<'a> ListKeys<'a> {
    pub(super) fn validate(mut v: Validator<'a, '_>) -> Result<Self, KmsError> {
        let limit = v.integer("Limit")?.unwrap_or(100);
        v.range("limit", limit, 1, 1000);
        let members = v.members();
        let limit = v.finish(Some(limit))?;
        // The stub reads Marker only once Limit passed: a Marker of the
        // wrong type is reported after an out-of-range Limit.
        let marker = members.string("Marker")?;
        Ok(Self { limit, marker })
    }
}

impl Model {
    pub(super) fn describe_key(
        &mut self,
        caller: &Caller,
        input: KeyOnly<'_>,
    ) -> Result<Output, KmsError> {
        let addr = self.resolve(
            caller,
            Operation::DescribeKey,
            input.key_id,
            Aliases::Accepted,
        )?;
        let revision = self
            .visible(&addr)
            .ok_or_else(|| KmsError::key_does_not_exist(&self.key(&addr).arn()))?;
        Ok(Output::Json(
            json!({ "KeyMetadata": self.metadata(&addr, &revision) }),
        ))
    }

    pub(super) fn list_keys(
        &self,
        caller: &Caller,
        input: ListKeys<'_>,
    ) -> Result<Output, KmsError> {
        self.authorize_keyless(caller, Operation::ListKeys)?;
        let mine: Vec<&Key> = self
            .keys
            .values()
            .filter(|k| k.addr.account == caller.account && k.addr.region == caller.region)
            .collect();
        // A marker is an offset this stub handed out: one past the end (or
        // one no usize holds) was never handed out.
        let start: usize = match input.marker {
            None => 0,
            Some(marker) => marker
                .parse()
                .ok()
                .filter(|start| *start <= mine.len())
                .ok_or_else(|| {
                    KmsError::client(ErrorCode::InvalidMarkerException, "Invalid marker")
                })?,
        };
        let end = mine
            .len()
            .min(start + usize::try_from(input.limit).unwrap_or(1000));
        let page: Vec<Value> = mine[start..end]
            .iter()
            .map(|k| json!({ "KeyId": k.addr.id, "KeyArn": k.arn() }))
            .collect();
        let mut output = json!({ "Keys": page, "Truncated": end < mine.len() });
        if end < mine.len() {
            output["NextMarker"] = json!(end.to_string());
        }
        Ok(Output::Json(output))
    }
}
