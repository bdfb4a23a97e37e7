//! The deviations one stub runs with, and the seams they make.

use std::collections::BTreeSet;

use super::Deviation;
use crate::stub::StubSeams;

/// The deviations a stub runs with; empty means the reference behaviour.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Deviations(BTreeSet<Deviation>);

impl Deviations {
    /// No deviation: the reference behaviour.
    #[must_use]
    pub fn none() -> Self {
        Self::default()
    }

    /// Whether `deviation` is among them.
    #[must_use]
    pub fn has(&self, deviation: Deviation) -> bool {
        self.0.contains(&deviation)
    }

    /// Each of them once, in the order of [`Deviation::ALL`].
    pub fn iter(&self) -> impl Iterator<Item = Deviation> + '_ {
        self.0.iter().copied()
    }

    /// The stub's seams with each of them plugged in, in the order of
    /// [`Deviation::ALL`]; none for the reference behaviour.
    pub(crate) fn seams(&self) -> StubSeams {
        let mut seams = StubSeams::default();
        for deviation in self.iter() {
            deviation.plug(&mut seams);
        }
        seams
    }
}

impl FromIterator<Deviation> for Deviations {
    fn from_iter<I: IntoIterator<Item = Deviation>>(iter: I) -> Self {
        Self(iter.into_iter().collect())
    }
}

impl From<Deviation> for Deviations {
    fn from(deviation: Deviation) -> Self {
        std::iter::once(deviation).collect()
    }
}
