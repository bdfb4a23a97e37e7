//! The macro that declares [`Deviation`](super::Deviation) from one line
//! per deviation: its variant, its command-line name, how the suite notices
//! it ([`Detection`]), and what it does wrong.

macro_rules! deviations {
    ($( $(#[$doc:meta])* $variant:ident = $name:literal, $detection:ident, $describe:literal; )+) => {
        /// One way of being wrong. See the module documentation.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Deviation {
            $(
                $(#[$doc])*
                #[doc = concat!("`", $name, "`: ", $describe, ".")]
                $variant,
            )+
        }

        impl Deviation {
            /// Every deviation, in the order `deviations.rs` declares them.
            pub const ALL: &'static [Self] = &[ $( Self::$variant, )+ ];

            /// The name used on the command line (`--deviation untag-removes-nothing`).
            #[must_use]
            pub fn name(self) -> &'static str {
                match self { $( Self::$variant => $name, )+ }
            }

            /// What the stub does wrong, in one sentence.
            #[must_use]
            pub fn describe(self) -> &'static str {
                match self { $( Self::$variant => $describe, )+ }
            }

            /// How the suite notices it.
            #[must_use]
            pub fn detection(self) -> Detection {
                match self { $( Self::$variant => Detection::$detection, )+ }
            }
        }
    };
}

/// How the suite is expected to notice a deviation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Detection {
    /// Some scenario fails.
    Fails,
    /// Scenarios pass leniently (a `{}` success body is legal for clients)
    /// and the report counts them; `--strict` turns that into failure.
    Lenient,
    /// No scenario can see it: it only shows when the stub throttles, and
    /// a retried call hides it from every verdict. The run's own cleanup
    /// must catch it instead; a test of its own proves it does, and the
    /// kill matrix leaves it out.
    Cleanup,
    /// No scenario sees it unless the ABAC scenarios assume a role brought
    /// along (`--abac-role-arn`), which the kill matrix's runs do not: a
    /// test of its own runs them so and proves they fail.
    BroughtRole,
}
