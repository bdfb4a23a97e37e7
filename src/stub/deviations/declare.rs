//! The macro that declares [`Deviation`](super::Deviation) from one line
//! per deviation: its variant, its command-line name, how the suite notices
//! it, and what it does wrong.

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
