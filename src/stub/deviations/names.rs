//! A deviation's name: how it prints, and how the command line's
//! `--deviation NAME` becomes one (kept apart so the list in the parent
//! module has room to grow).

use std::fmt;
use std::str::FromStr;

use super::Deviation;

impl fmt::Display for Deviation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A name no deviation has.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownDeviation {
    name: String,
}

impl fmt::Display for UnknownDeviation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "no deviation is called {:?} (kms-conformance stub --list-deviations)",
            self.name
        )
    }
}

impl std::error::Error for UnknownDeviation {}

impl FromStr for Deviation {
    type Err = UnknownDeviation;

    fn from_str(name: &str) -> Result<Self, UnknownDeviation> {
        Self::ALL
            .iter()
            .copied()
            .find(|d| d.name() == name)
            .ok_or_else(|| UnknownDeviation {
                name: name.to_owned(),
            })
    }
}

#[cfg(test)]
mod tests;
