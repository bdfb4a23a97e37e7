//! The errors KMS answers with, built the way KMS words them.

use std::fmt::Display;

use serde_json::{Value, json};

use super::authorize::caller_arn;
use super::seams::Length;
use crate::wire::ErrorCode;

/// An error reply: HTTP status, `__type` and `message`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct KmsError {
    /// The HTTP status: 400 for every client error, 500 for a handler that crashed.
    pub status: u16,
    /// The `__type` member: the error's short name (`NotFoundException`).
    pub error_type: ErrorCode,
    /// The `message` member, worded as KMS words it.
    pub message: String,
}

impl KmsError {
    /// A client error; every one of them is HTTP 400 on the wire (contract row 41, REC).
    pub(crate) fn client(error_type: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            status: 400,
            error_type,
            message: message.into(),
        }
    }

    /// The `awsJson1_1` error body.
    #[must_use]
    pub(crate) fn body(&self) -> Value {
        json!({ "__type": self.error_type.name(), "message": self.message })
    }

    /// `Key '<arn>' does not exist` (contract rows 17, 18, 20 and 22; REC).
    pub(crate) fn key_does_not_exist(arn: &str) -> Self {
        Self::client(
            ErrorCode::NotFoundException,
            format!("Key '{arn}' does not exist"),
        )
    }

    /// `Invalid keyId '<id>'`, quotes included (contract row 19; REC).
    pub(crate) fn invalid_key_id(key_id: &str) -> Self {
        Self::client(
            ErrorCode::NotFoundException,
            format!("Invalid keyId '{key_id}'"),
        )
    }

    /// `Invalid arn <region>` for a key ARN naming another region (contract row 21; REC).
    pub(crate) fn arn_in_other_region(region: &str) -> Self {
        Self::client(
            ErrorCode::NotFoundException,
            format!("Invalid arn {region}"),
        )
    }

    /// A string that starts like an ARN but is not a KMS key or alias ARN (contract row 24).
    pub(crate) fn invalid_arn(arn: &str) -> Self {
        Self::client(
            ErrorCode::InvalidArnException,
            format!("{arn} is not a valid KMS key or alias ARN"),
        )
    }

    /// `Alias <alias ARN> is not found.`
    pub(crate) fn alias_not_found(alias_arn: &str) -> Self {
        Self::client(
            ErrorCode::NotFoundException,
            format!("Alias {alias_arn} is not found."),
        )
    }

    /// `<key ARN> is <what>.`: the key-state refusal, always naming the ARN
    /// even when a bare key ID was sent (contract row 54; REC).
    pub(crate) fn invalid_state(arn: &str, what: &str) -> Self {
        Self::client(
            ErrorCode::KmsInvalidStateException,
            format!("{arn} is {what}."),
        )
    }

    /// A refusal that is no key policy's: `why` says whose it is.
    pub(crate) fn access_denied(
        caller_account: &str,
        operation: impl Display,
        arn: &str,
        why: &str,
    ) -> Self {
        Self::client(
            ErrorCode::AccessDeniedException,
            format!(
                "User: {} is not authorized to perform: kms:{operation} on resource: {arn} \
                 because {why}",
                caller_arn(caller_account)
            ),
        )
    }

    /// A `TagException` (contract §4).
    pub(crate) fn tag(message: &str) -> Self {
        Self::client(ErrorCode::TagException, message)
    }

    /// A `SerializationException`: the body, or a member, has the wrong JSON type.
    pub(crate) fn serialization(message: impl Into<String>) -> Self {
        Self::client(ErrorCode::SerializationException, message)
    }

    /// HTTP 500, as a handler that crashed answers.
    pub(crate) fn internal(message: &str) -> Self {
        Self {
            status: 500,
            error_type: ErrorCode::InternalFailure,
            message: message.to_owned(),
        }
    }

    /// `Unknown operation <X-Amz-Target>`.
    pub(crate) fn unknown_operation(target: &str) -> Self {
        Self::client(
            ErrorCode::UnknownOperationException,
            format!("Unknown operation {target}"),
        )
    }
}

/// Model constraint violations, gathered and reported together the way the
/// AWS request validator words them:
/// `1 validation error detected: Value '…' at 'tagKeys.1.member' failed to
/// satisfy constraint: Member must have length less than or equal to 128`.
#[derive(Debug, Default)]
pub(crate) struct Violations(Vec<String>);

impl Violations {
    pub(super) fn push(&mut self, value: Option<&str>, path: &str, constraint: &str) {
        let shown = value.map_or_else(|| "null".to_owned(), |v| format!("'{v}'"));
        self.0.push(format!(
            "Value {shown} at '{path}' failed to satisfy constraint: Member must {constraint}"
        ));
    }

    /// A required member that is absent or null.
    pub(crate) fn required<T>(&mut self, path: &str, value: Option<T>) -> Option<T> {
        if value.is_none() {
            self.push(None, path, "not be null");
        }
        value
    }

    /// A string whose length (in characters) must lie in `min..=max`.
    pub(crate) fn length(&mut self, path: &str, value: &str, min: usize, max: usize) {
        self.bounded(path, value, &Length::chars(min, max));
    }

    /// A string whose length must meet `length`.
    pub(crate) fn bounded(&mut self, path: &str, value: &str, length: &Length) {
        let measured = if length.in_bytes {
            value.len()
        } else {
            value.chars().count()
        };
        if measured < length.min {
            self.push(
                Some(value),
                path,
                &format!("have length greater than or equal to {}", length.min),
            );
        } else if measured > length.max || (length.max_refused && measured == length.max) {
            self.push(
                Some(value),
                path,
                &format!("have length less than or equal to {}", length.max),
            );
        }
    }

    /// A string that must match the model's `pattern`; `matches` says
    /// whether it does.
    pub(crate) fn pattern(&mut self, path: &str, value: &str, pattern: &str, matches: bool) {
        if !matches {
            self.push(
                Some(value),
                path,
                &format!("satisfy regular expression pattern: {pattern}"),
            );
        }
    }

    /// A list that must hold at least `min` members.
    pub(crate) fn list_length(&mut self, path: &str, shown: &str, len: usize, min: usize) {
        if len < min {
            self.push(
                Some(shown),
                path,
                &format!("have length greater than or equal to {min}"),
            );
        }
    }

    /// A number that must lie in `min..=max`.
    pub(crate) fn range(&mut self, path: &str, value: i64, min: i64, max: i64) {
        let shown = value.to_string();
        if value < min {
            self.push(
                Some(&shown),
                path,
                &format!("have value greater than or equal to {min}"),
            );
        } else if value > max {
            self.push(
                Some(&shown),
                path,
                &format!("have value less than or equal to {max}"),
            );
        }
    }

    /// `Err(ValidationException)` when anything was violated.
    pub(crate) fn finish(self) -> Result<(), KmsError> {
        match self.0.len() {
            0 => Ok(()),
            1 => Err(KmsError::client(
                ErrorCode::ValidationException,
                format!("1 validation error detected: {}", self.0[0]),
            )),
            n => Err(KmsError::client(
                ErrorCode::ValidationException,
                format!("{n} validation errors detected: {}", self.0.join("; ")),
            )),
        }
    }
}

#[cfg(test)]
mod tests;
