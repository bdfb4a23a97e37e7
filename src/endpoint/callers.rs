//! The run's callers: the caller in the target region, the same caller in
//! the other region, and a second account's caller when there is one.

use crate::wire::Client;

/// Which of the run's callers sends a request (and so owns what it makes).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Via {
    /// The caller in the target region.
    Primary,
    /// The same caller signing for the other region.
    OtherRegion,
    /// The second account's caller.
    SecondAccount,
}

/// The run's callers: one client each, sharing a connection pool.
#[derive(Debug)]
pub struct Callers {
    /// The caller in the target region.
    pub primary: Client,
    /// The same caller in the other region.
    pub other_region: Client,
    /// A caller in a second account, when there is one.
    pub second_account: Option<Client>,
}

impl Callers {
    /// Every caller this run has.
    pub fn vias(&self) -> impl Iterator<Item = Via> + use<> {
        let second = self.second_account.is_some().then_some(Via::SecondAccount);
        [Via::Primary, Via::OtherRegion].into_iter().chain(second)
    }

    /// The client a caller uses.
    ///
    /// # Errors
    /// When there is no second account.
    pub fn client(&self, via: Via) -> Result<Client, NoSecondAccount> {
        match via {
            Via::Primary => Ok(self.primary.clone()),
            Via::OtherRegion => Ok(self.other_region.clone()),
            Via::SecondAccount => self.second_account.clone().ok_or(NoSecondAccount),
        }
    }
}

/// The run has no second account's caller: a configuration fact, never
/// something the target answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NoSecondAccount;

impl std::fmt::Display for NoSecondAccount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(
            "this run has no second account (the KMS_CONFORMANCE_SECOND_* variables name one)",
        )
    }
}

impl std::error::Error for NoSecondAccount {}

/// Steps report failures as text.
impl From<NoSecondAccount> for String {
    fn from(error: NoSecondAccount) -> Self {
        error.to_string()
    }
}
