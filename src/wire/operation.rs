//! The KMS operations the suite sends and the stub serves, each with its
//! wire name: the one place an operation is spelled.
//!
//! A request names its operation in `X-Amz-Target` as
//! `TrentService.<name>` ([`Operation::target`]). What a target was actually
//! sent may name no operation of this list (a scenario that sends a wrong
//! target on purpose), so what is recorded of a request stays text
//! ([`Exchange::operation`](super::Exchange::operation)), read back with
//! [`Operation::from_target`] or [`str::parse`].

use std::fmt;
use std::str::FromStr;

/// The `X-Amz-Target` prefix of every KMS operation, as a literal for `concat!`.
macro_rules! target_prefix {
    () => {
        "TrentService."
    };
}

/// The `X-Amz-Target` prefix of every KMS operation.
pub(crate) const TARGET_PREFIX: &str = target_prefix!();

/// Declares [`Operation`] from `Variant = "WireName"` pairs, so the name and
/// the target of each are written once.
macro_rules! operations {
    ($($(#[doc = $doc:literal])* $variant:ident = $name:literal,)*) => {
        /// A KMS operation the suite sends or the stub serves.
        ///
        /// Declared in the order of their names, so that ordering operations
        /// (a map keyed by them) orders them as their names would.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Operation {
            $($(#[doc = $doc])* $variant,)*
        }

        impl Operation {
            /// Every operation, in the order of their names.
            pub const ALL: &[Self] = &[$(Self::$variant,)*];

            /// The operation's name: `UntagResource`.
            #[must_use]
            pub const fn name(self) -> &'static str {
                match self {
                    $(Self::$variant => $name,)*
                }
            }

            /// The whole `X-Amz-Target` value: `TrentService.UntagResource`.
            #[must_use]
            pub const fn target(self) -> &'static str {
                match self {
                    $(Self::$variant => concat!(target_prefix!(), $name),)*
                }
            }
        }
    };
}

operations! {
    /// Cancels a key's scheduled deletion; the key comes back disabled.
    CancelKeyDeletion = "CancelKeyDeletion",
    /// Gives a key an alias.
    CreateAlias = "CreateAlias",
    /// Creates a key, tags included.
    CreateKey = "CreateKey",
    /// Removes an alias.
    DeleteAlias = "DeleteAlias",
    /// A key's metadata.
    DescribeKey = "DescribeKey",
    /// Disables a key.
    DisableKey = "DisableKey",
    /// Enables a disabled key.
    EnableKey = "EnableKey",
    /// A key's policy, by policy name.
    GetKeyPolicy = "GetKeyPolicy",
    /// The aliases of an account and region.
    ListAliases = "ListAliases",
    /// The names of a key's policies.
    ListKeyPolicies = "ListKeyPolicies",
    /// The keys of an account and region.
    ListKeys = "ListKeys",
    /// A key's tags, a page at a time.
    ListResourceTags = "ListResourceTags",
    /// Sets a key's policy.
    PutKeyPolicy = "PutKeyPolicy",
    /// Copies a multi-Region key into another region.
    ReplicateKey = "ReplicateKey",
    /// Schedules a key's deletion after a waiting period.
    ScheduleKeyDeletion = "ScheduleKeyDeletion",
    /// Adds or overwrites tags on a key.
    TagResource = "TagResource",
    /// Removes tags from a key: the operation under test.
    UntagResource = "UntagResource",
}

impl Operation {
    /// The operation `X-Amz-Target` names: `None` for another service's
    /// prefix, for no prefix, and for a name this list does not hold.
    #[must_use]
    pub fn from_target(target: &str) -> Option<Self> {
        target.strip_prefix(TARGET_PREFIX)?.parse().ok()
    }
}

impl fmt::Display for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A name that is no [`Operation`] of the list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownOperation(pub String);

impl fmt::Display for UnknownOperation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} is not a KMS operation the suite knows", self.0)
    }
}

impl std::error::Error for UnknownOperation {}

impl FromStr for Operation {
    type Err = UnknownOperation;

    /// The operation of this exact name (case matters, as on the wire).
    fn from_str(name: &str) -> Result<Self, UnknownOperation> {
        Self::ALL
            .iter()
            .copied()
            .find(|operation| operation.name() == name)
            .ok_or_else(|| UnknownOperation(name.to_owned()))
    }
}

#[cfg(test)]
mod tests;
