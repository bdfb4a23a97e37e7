//! The error types a KMS answer names, each with its wire name: the one
//! place an error type is spelled.
//!
//! A target may answer any error type at all, so an [`ErrorCode`] also
//! carries one the list does not hold ([`ErrorCode::Other`]), spelled as it
//! came. A wire name may carry a Smithy namespace and a URI
//! (`com.amazonaws.kms#NotFoundException:http://internal.amazon.com/coral/`);
//! [`ErrorCode::from_wire`] reads past both, as an `awsJson1_1` client does
//! (Smithy `awsJson1_1/errors.smithy`).

use std::convert::Infallible;
use std::fmt;
use std::str::FromStr;

/// Declares [`ErrorCode`] from `Variant = "WireName"` pairs.
macro_rules! error_codes {
    ($($(#[doc = $doc:literal])* $variant:ident = $name:literal,)*) => {
        /// An error type, as `__type` (or `X-Amzn-Errortype`, or `code`)
        /// names it.
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub enum ErrorCode {
            $($(#[doc = $doc])* $variant,)*
            /// An error type the list does not hold, spelled as the target
            /// spelled it (without namespace or URI).
            Other(Unlisted),
        }

        impl ErrorCode {
            /// Every listed error type.
            pub const LISTED: &[Self] = &[$(Self::$variant,)*];

            /// The wire name: `NotFoundException`.
            #[must_use]
            pub fn name(&self) -> &str {
                match self {
                    $(Self::$variant => $name,)*
                    Self::Other(unlisted) => &unlisted.0,
                }
            }
        }
    };
}

error_codes! {
    /// IAM's and STS's refusal of a caller (Query protocol; HTTP 403).
    AccessDenied = "AccessDenied",
    /// Refused by IAM, a key policy, or an unpublished rule (message member unpublished).
    AccessDeniedException = "AccessDeniedException",
    /// The alias, or the replica, exists already.
    AlreadyExistsException = "AlreadyExistsException",
    /// `CreateKey` named a custom key store nobody has.
    CustomKeyStoreNotFoundException = "CustomKeyStoreNotFoundException",
    /// A server fault: KMS timed out on a service it depends on; retryable (contract row 41).
    DependencyTimeoutException = "DependencyTimeoutException",
    /// IAM: a role still has policies and cannot be deleted (HTTP 409).
    DeleteConflict = "DeleteConflict",
    /// IAM: a role of that name exists already (HTTP 409).
    EntityAlreadyExists = "EntityAlreadyExists",
    /// STS's and IAM's refusal of an expired session token (Query protocol).
    ExpiredToken = "ExpiredToken",
    /// The session token has expired.
    ExpiredTokenException = "ExpiredTokenException",
    /// The `Authorization` header lacks a part SigV4 needs.
    IncompleteSignatureException = "IncompleteSignatureException",
    /// A Query protocol service's refusal of an incomplete `Authorization`.
    IncompleteSignature = "IncompleteSignature",
    /// HTTP 500 from a handler that crashed.
    InternalFailure = "InternalFailure",
    /// The Query protocol's refusal of an action it does not know.
    InvalidAction = "InvalidAction",
    /// The alias name is not one KMS accepts.
    InvalidAliasNameException = "InvalidAliasNameException",
    /// A string that starts like an ARN but is not a KMS key or alias ARN.
    InvalidArnException = "InvalidArnException",
    /// STS's and IAM's refusal of an access key it does not know.
    InvalidClientTokenId = "InvalidClientTokenId",
    /// IAM: a member breaks a constraint (HTTP 400).
    InvalidInput = "InvalidInput",
    /// A listing's `Marker` is not one it handed out.
    InvalidMarkerException = "InvalidMarkerException",
    /// The signature does not match the request.
    InvalidSignatureException = "InvalidSignatureException",
    /// KMS failed inside (`KMSInternalException`).
    KmsInternalException = "KMSInternalException",
    /// The key's state does not allow the operation (`KMSInvalidStateException`).
    KmsInvalidStateException = "KMSInvalidStateException",
    /// A quota of the account is used up.
    LimitExceededException = "LimitExceededException",
    /// IAM and STS: a policy that is not a valid policy (HTTP 400).
    MalformedPolicyDocument = "MalformedPolicyDocument",
    /// The key policy is not a valid policy.
    MalformedPolicyDocumentException = "MalformedPolicyDocumentException",
    /// A Query protocol service's refusal of a request with no `Authorization`.
    MissingAuthenticationToken = "MissingAuthenticationToken",
    /// The request carries no `Authorization` at all.
    MissingAuthenticationTokenException = "MissingAuthenticationTokenException",
    /// IAM: no role (or role policy) of that name (HTTP 404).
    NoSuchEntity = "NoSuchEntity",
    /// The key, or the alias, does not exist.
    NotFoundException = "NotFoundException",
    /// An emulator's answer for an operation it has not written.
    NotImplemented = "NotImplemented",
    /// An emulator's answer for an operation it has not written.
    NotImplementedException = "NotImplementedException",
    /// The body, or a member, has the wrong JSON type.
    SerializationException = "SerializationException",
    /// A Query protocol service's refusal of a signature that does not match.
    SignatureDoesNotMatch = "SignatureDoesNotMatch",
    /// A tag, or the tags, break a tagging rule.
    TagException = "TagException",
    /// IAM's and STS's throttle: too many requests (Query protocol, HTTP 400).
    Throttling = "Throttling",
    /// Too many requests: send again later.
    ThrottlingException = "ThrottlingException",
    /// `X-Amz-Target` names no operation of the service.
    UnknownOperationException = "UnknownOperationException",
    /// The access key is no one's.
    UnrecognizedClientException = "UnrecognizedClientException",
    /// The operation is not supported for this key or this target.
    UnsupportedOperationException = "UnsupportedOperationException",
    /// A Query protocol service's refusal of a member that breaks a
    /// constraint of its model, or is missing (HTTP 400).
    ValidationError = "ValidationError",
    /// A member breaks a constraint of the model (message member unpublished).
    ValidationException = "ValidationException",
}

/// The name of an error type [`ErrorCode`] does not list; only
/// [`ErrorCode::named`] makes one, so no listed name hides in it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Unlisted(String);

impl Unlisted {
    /// The name as the target spelled it.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl ErrorCode {
    /// The error type of exactly this name (case matters, as on the wire),
    /// listed or not.
    #[must_use]
    pub fn named(name: &str) -> Self {
        Self::LISTED
            .iter()
            .find(|code| code.name() == name)
            .cloned()
            .unwrap_or_else(|| Self::Other(Unlisted(name.to_owned())))
    }

    /// The error type a wire value names: a `namespace#` prefix and a
    /// `:uri` suffix stripped, then the rest trimmed
    /// (`aws.protocoltests.json#FooError:http://...` is `FooError`).
    #[must_use]
    pub fn from_wire(raw: &str) -> Self {
        let without_uri = raw.split(':').next().unwrap_or(raw);
        let name = without_uri.rsplit('#').next().unwrap_or(without_uri);
        Self::named(name.trim())
    }
}

impl ErrorCode {
    /// The name without the `Exception` most error types end in
    /// (`NotFound`): how a Smithy model may name the shape beside it.
    #[must_use]
    pub fn without_exception_suffix(&self) -> &str {
        let name = self.name();
        name.strip_suffix("Exception").unwrap_or(name)
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for ErrorCode {
    type Err = Infallible;

    /// [`ErrorCode::named`]: every name is an error type, listed or not.
    fn from_str(name: &str) -> Result<Self, Infallible> {
        Ok(Self::named(name))
    }
}

#[cfg(test)]
mod tests;
