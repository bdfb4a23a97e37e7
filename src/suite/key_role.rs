//! Which of a scenario's keys a step means, by the name steps call it.

use crate::endpoint::Via;

/// Which of a scenario's keys a step means: `{key}` in step expressions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, cucumber::Parameter)]
#[param(
    name = "key",
    regex = "the key|the second key|the other region's key|the second account's key|the replica"
)]
pub enum KeyRole {
    /// "the key": the caller's key in the target region.
    Main,
    /// "the second key": another key of the caller's in the target region,
    /// which an untag of the main key must leave alone (contract row 176).
    Second,
    /// "the other region's key": the caller's key in the other region.
    OtherRegion,
    /// "the second account's key": a key of the second account.
    SecondAccount,
    /// "the replica": the main key's multi-Region replica in the other
    /// region, always addressed in its own region.
    Replica,
}

impl KeyRole {
    /// How steps name it.
    #[must_use]
    pub fn phrase(self) -> &'static str {
        match self {
            Self::Main => "the key",
            Self::Second => "the second key",
            Self::OtherRegion => "the other region's key",
            Self::SecondAccount => "the second account's key",
            Self::Replica => "the replica",
        }
    }

    /// The prefix of its template names: `{other-region-key-id}`.
    #[must_use]
    pub fn template_prefix(self) -> &'static str {
        match self {
            Self::Main => "",
            Self::Second => "second-",
            Self::OtherRegion => "other-region-",
            Self::SecondAccount => "second-account-",
            Self::Replica => "replica-",
        }
    }
}

impl std::str::FromStr for KeyRole {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        [
            Self::Main,
            Self::Second,
            Self::OtherRegion,
            Self::SecondAccount,
            Self::Replica,
        ]
        .into_iter()
        .find(|r| r.phrase() == s)
        .ok_or_else(|| format!("no key is called {s:?}"))
    }
}

impl From<KeyRole> for Via {
    fn from(role: KeyRole) -> Self {
        match role {
            KeyRole::Main | KeyRole::Second => Self::Primary,
            KeyRole::OtherRegion | KeyRole::Replica => Self::OtherRegion,
            KeyRole::SecondAccount => Self::SecondAccount,
        }
    }
}
