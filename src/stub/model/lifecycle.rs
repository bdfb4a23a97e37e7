//! A key's state over its life: `EnableKey`, `DisableKey`, `ScheduleKeyDeletion`,
//! `CancelKeyDeletion`, and the stub's own `SetKeyState` (contract §3).

use std::time::Duration;

use serde_json::json;

use super::authorize::Access;
use super::error::KmsError;
use super::key::{Key, KeyManager, KeyState, epoch_seconds};
use super::resolve::Aliases;
use super::validate::Validator;
use super::{Caller, Model, Output};
use crate::wire::{ErrorCode, Operation};

const DAY: Duration = Duration::from_hours(24);

/// The input of the operations that take nothing but the key they act on:
/// `DescribeKey`, `EnableKey`, `DisableKey` and `CancelKeyDeletion`.
#[derive(Clone, Copy, Debug)]
pub(super) struct KeyOnly<'a> {
    pub(super) key_id: &'a str,
}

impl<'a> KeyOnly<'a> {
    pub(super) fn validate(mut v: Validator<'a, '_>) -> Result<Self, KmsError> {
        let key_id = v.key_id()?;
        v.finish(key_id.map(|key_id| Self { key_id }))
    }
}

/// The input of `ScheduleKeyDeletion`.
#[derive(Clone, Copy, Debug)]
pub(super) struct ScheduleKeyDeletion<'a> {
    pub(super) key_id: &'a str,
    pub(super) pending_window_in_days: i64,
}

impl<'a> ScheduleKeyDeletion<'a> {
    pub(super) fn validate(mut v: Validator<'a, '_>) -> Result<Self, KmsError> {
        let key_id = v.key_id()?;
        let days = v.integer("PendingWindowInDays")?.unwrap_or(30);
        v.range("pendingWindowInDays", days, 7, 30);
        v.finish(key_id.map(|key_id| Self {
            key_id,
            pending_window_in_days: days,
        }))
    }
}

/// The input of the stub's control operation `SetKeyState`.
#[derive(Clone, Copy, Debug)]
pub(super) struct SetKeyState<'a> {
    pub(super) key_id: &'a str,
    pub(super) state: KeyState,
}

impl<'a> SetKeyState<'a> {
    /// No model to follow: an absent member is an empty string, which
    /// names no key and no state.
    pub(super) fn validate(v: Validator<'a, '_>) -> Result<Self, KmsError> {
        let key_id = v.string("KeyId")?.unwrap_or_default();
        let state_name = v.string("KeyState")?.unwrap_or_default();
        let state = KeyState::parse(state_name).ok_or_else(|| {
            KmsError::client(
                ErrorCode::ValidationException,
                format!("Unknown key state {state_name:?}"),
            )
        })?;
        v.finish(Some(Self { key_id, state }))
    }
}

impl Model {
    pub(super) fn enable_key(
        &mut self,
        caller: &Caller,
        input: KeyOnly<'_>,
    ) -> Result<Output, KmsError> {
        self.set_enabled(caller, Operation::EnableKey, input.key_id, true)
    }

    pub(super) fn disable_key(
        &mut self,
        caller: &Caller,
        input: KeyOnly<'_>,
    ) -> Result<Output, KmsError> {
        self.set_enabled(caller, Operation::DisableKey, input.key_id, false)
    }

    fn set_enabled(
        &mut self,
        caller: &Caller,
        operation: Operation,
        key_id: &str,
        enabled: bool,
    ) -> Result<Output, KmsError> {
        let addr = self.resolve(caller, operation, key_id, Aliases::Refused)?;
        check_customer_managed(caller, operation, self.key(&addr))?;
        self.check_state(&operation.into(), self.key(&addr))?;
        let key = self.key_mut(&addr);
        key.state = if enabled {
            KeyState::Enabled
        } else {
            KeyState::Disabled
        };
        self.commit(&addr);
        Ok(Output::Empty)
    }

    pub(super) fn schedule_key_deletion(
        &mut self,
        caller: &Caller,
        input: ScheduleKeyDeletion<'_>,
    ) -> Result<Output, KmsError> {
        let days = input.pending_window_in_days;
        let addr = self.resolve(
            caller,
            Operation::ScheduleKeyDeletion,
            input.key_id,
            Aliases::Refused,
        )?;
        let now = self.now;
        // A primary waits for its replicas to go first (contract row 142).
        let has_replicas = !self.replicas(&addr).is_empty();
        let waits_for_replicas = self.seams.lifecycle.waits_for_replicas(has_replicas);
        check_customer_managed(caller, Operation::ScheduleKeyDeletion, self.key(&addr))?;
        self.check_state(&Operation::ScheduleKeyDeletion.into(), self.key(&addr))?;
        let key = self.key_mut(&addr);
        // The answer names the key by its ARN, whatever was sent (contract §3, REC).
        let output = if waits_for_replicas {
            // No DeletionDate: it is not known until the last replica is
            // gone (contract row 165).
            key.state = KeyState::PendingReplicaDeletion;
            key.pending_window_days = Some(days);
            json!({
                "KeyId": key.arn(),
                "KeyState": "PendingReplicaDeletion",
                "PendingWindowInDays": days,
            })
        } else {
            let deletion_date = now + DAY * u32::try_from(days).unwrap_or(30);
            key.state = KeyState::PendingDeletion;
            key.deletion_date = Some(deletion_date);
            json!({
                "KeyId": key.arn(),
                "DeletionDate": epoch_seconds(deletion_date),
                "KeyState": "PendingDeletion",
                "PendingWindowInDays": days,
            })
        };
        self.commit(&addr);
        Ok(Output::Json(output))
    }

    pub(super) fn cancel_key_deletion(
        &mut self,
        caller: &Caller,
        input: KeyOnly<'_>,
    ) -> Result<Output, KmsError> {
        let addr = self.resolve(
            caller,
            Operation::CancelKeyDeletion,
            input.key_id,
            Aliases::Refused,
        )?;
        // A cancelled key comes back Disabled, not Enabled (contract §3, REC).
        let cancelled = self.seams.lifecycle.cancelled_state(KeyState::Disabled);
        let key = self.key_mut(&addr);
        // A primary pending replica deletion can be cancelled too (contract row 144).
        if !key.state.is_pending_deletion() {
            return Err(KmsError::invalid_state(&key.arn(), "not pending deletion"));
        }
        key.state = cancelled;
        key.deletion_date = None;
        key.pending_window_days = None;
        let output = json!({ "KeyId": key.arn() });
        self.commit(&addr);
        Ok(Output::Json(output))
    }

    /// `KMSInvalidStateException` when `key`'s state refuses `access`:
    /// KMS's rule is [`KeyState::refuses`], asked of the key-state seam.
    pub(super) fn check_state(&self, access: &Access<'_>, key: &Key) -> Result<(), KmsError> {
        let kms = access
            .operation
            .is_some_and(|operation| key.state.refuses(operation));
        if self.seams.key_states.refuses(access, key, kms) {
            return Err(KmsError::invalid_state(&key.arn(), key.state.refusal()));
        }
        Ok(())
    }

    /// Puts one of the caller's keys into any key state.
    pub(super) fn put_key_state(
        &mut self,
        caller: &Caller,
        input: SetKeyState<'_>,
    ) -> Result<Output, KmsError> {
        let access = Access::unchecked();
        let addr = self.resolve(caller, access, input.key_id, Aliases::Refused)?;
        self.key_mut(&addr).state = input.state;
        self.commit(&addr);
        Ok(Output::Empty)
    }
}

fn check_customer_managed(
    caller: &Caller,
    operation: Operation,
    key: &Key,
) -> Result<(), KmsError> {
    if key.manager == KeyManager::Aws {
        return Err(KmsError::access_denied(
            &caller.account,
            operation,
            &key.arn(),
            "you cannot manage the life cycle of an AWS managed key",
        ));
    }
    Ok(())
}
