//! What each step asserts, and so which evidence a scenario needs to use it.
//!
//! Every scenario carries one evidence tag (`docs/contract.md`, "Evidence
//! marks"), and the tag bounds what it may assert: `@unk` a 400 JSON error
//! (a 4xx where even the status is unpublished) or success with the tags
//! consistent with it, `@inf` the status class and
//! a definite outcome, `@doc` an error type too, `@rec` the exact message
//! text as well. Every step definition of `src/suite/steps/` is written
//! with `step!`, which declares beside it what it asserts (its
//! [`StepClass`]): `grep -rn 'asserts(Rec)' src/suite/steps` lists the
//! steps only a recording supports. `src/suite/tests/features_lint.rs` fails on a
//! step definition that declares nothing, and on a scenario that uses a
//! step stronger than its evidence tag. Actions also name the operation
//! they send, so the lint can tell where a `@rec` scenario borrows a
//! recording made on another operation (`@rec.describe-key`).

use crate::wire::Operation;
use std::fmt;

/// The evidence a claim needs, weakest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Evidence {
    /// Unpublished: only "a 400 JSON error, nothing changed", or either
    /// outcome with the tags consistent with it. Also every step that
    /// asserts nothing (setup, the action).
    Unk,
    /// Inferred: the status class and a definite outcome.
    Inf,
    /// Documented: an error type, a documented member or header.
    Doc,
    /// Recorded from AWS: exact message text.
    Rec,
}

impl Evidence {
    /// Every level, weakest first.
    #[cfg(test)]
    pub(crate) const ALL: [Self; 4] = [Self::Unk, Self::Inf, Self::Doc, Self::Rec];

    /// The scenario tag: `unk`, `inf`, `doc`, `rec`.
    #[must_use]
    pub(crate) fn tag(self) -> &'static str {
        match self {
            Self::Unk => "unk",
            Self::Inf => "inf",
            Self::Doc => "doc",
            Self::Rec => "rec",
        }
    }

    /// The level a scenario tag names.
    #[cfg(test)]
    #[must_use]
    pub(crate) fn from_tag(tag: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|e| e.tag() == tag)
    }
}

impl fmt::Display for Evidence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "@{}", self.tag())
    }
}

/// One step definition: what it asserts, and what it sends, as its
/// `step!` declares it.
#[derive(Clone, Copy, Debug)]
#[cfg_attr(
    not(test),
    expect(
        dead_code,
        reason = "the scenarios' lint reads them (src/suite/tests/features_lint.rs); a run does not"
    )
)]
pub(crate) struct StepClass {
    /// The expression, exactly as the step's `#[given]`, `#[when]` or
    /// `#[then]` attribute writes it (a regex without its `regex =`).
    pub expression: &'static str,
    /// The strongest evidence what it asserts needs.
    pub asserts: Evidence,
    /// For an action under test, the operation it sends.
    pub sends: Option<Operation>,
    /// The file the step is defined in, as cucumber reports a step's
    /// location (`src/suite/steps/tag_steps.rs`).
    pub file: &'static str,
    /// The line of its `step!`, the line cucumber reports for it.
    pub line: u32,
}

inventory::collect!(StepClass);

/// Every step definition `step!` declared, in no particular order.
#[cfg(test)]
pub(crate) fn steps() -> impl Iterator<Item = &'static StepClass> {
    inventory::iter::<StepClass>.into_iter()
}

/// The classification of the step defined at `file`, `line`: where
/// cucumber says the step it runs was defined.
#[cfg(test)]
#[must_use]
pub(crate) fn class_at(file: &str, line: u32) -> Option<&'static StepClass> {
    steps().find(|s| s.file == file && s.line == line)
}

/// Defines a cucumber step and declares, beside it, what it asserts: the
/// expression is written once, in the step's own attribute.
///
/// ```text
/// step!(
///     /// Why the step needs the evidence it declares.
///     #[then(expr = "the call fails with {word}")]
///     #[asserts(Doc)]
///     fn fails_with(w: &mut KmsWorld, expected: String) -> StepResult { ... }
/// );
/// ```
///
/// Among the function's attributes: one or more of cucumber's `#[given]`,
/// `#[when]` and `#[then]`, as cucumber takes them (`"text"`,
/// `expr = "..."`, `regex = r"..."`), and exactly one class:
///
/// - `#[setup]`: makes the scenario ready, and claims nothing;
/// - `#[sends(Operation::Name)]`: the action under test, which asserts
///   nothing itself; the operation says where a `@rec` scenario's
///   recordings were made;
/// - `#[asserts(Level)]`: a check, with the [`Evidence`] what it asserts
///   needs.
///
/// The function and its other attributes reach cucumber as written; each
/// expression is registered, with the class and the step's location, for
/// [`steps`] and [`class_at`]. The attributes are passed on token by token,
/// never as a captured `literal` or `meta` fragment: cucumber's attribute
/// macro would receive such a fragment wrapped in an invisible group, and
/// not parse it.
macro_rules! step {
    // Cucumber's attributes: kept, and their expressions noted.
    (@scan [$($kept:tt)*] [$($expressions:tt)*] $class:tt #[given($($arg:tt)*)] $($rest:tt)*) => {
        $crate::suite::evidence::step!(@scan [$($kept)* #[::cucumber::given($($arg)*)]]
            [$($expressions)* ($($arg)*)] $class $($rest)*);
    };
    (@scan [$($kept:tt)*] [$($expressions:tt)*] $class:tt #[when($($arg:tt)*)] $($rest:tt)*) => {
        $crate::suite::evidence::step!(@scan [$($kept)* #[::cucumber::when($($arg)*)]]
            [$($expressions)* ($($arg)*)] $class $($rest)*);
    };
    (@scan [$($kept:tt)*] [$($expressions:tt)*] $class:tt #[then($($arg:tt)*)] $($rest:tt)*) => {
        $crate::suite::evidence::step!(@scan [$($kept)* #[::cucumber::then($($arg)*)]]
            [$($expressions)* ($($arg)*)] $class $($rest)*);
    };
    // The class, once.
    (@scan $kept:tt $expressions:tt [] #[setup] $($rest:tt)*) => {
        $crate::suite::evidence::step!(@scan $kept $expressions
            [$crate::suite::evidence::Evidence::Unk, None] $($rest)*);
    };
    (@scan $kept:tt $expressions:tt [] #[sends($operation:expr)] $($rest:tt)*) => {
        $crate::suite::evidence::step!(@scan $kept $expressions
            [$crate::suite::evidence::Evidence::Unk, Some($operation)] $($rest)*);
    };
    (@scan $kept:tt $expressions:tt [] #[asserts($level:ident)] $($rest:tt)*) => {
        $crate::suite::evidence::step!(@scan $kept $expressions
            [$crate::suite::evidence::Evidence::$level, None] $($rest)*);
    };
    (@scan $kept:tt $expressions:tt [$($class:tt)+] #[setup] $($rest:tt)*) => {
        compile_error!("a step has one class: #[setup], #[sends(...)] or #[asserts(...)]");
    };
    (@scan $kept:tt $expressions:tt [$($class:tt)+] #[sends $($again:tt)*] $($rest:tt)*) => {
        compile_error!("a step has one class: #[setup], #[sends(...)] or #[asserts(...)]");
    };
    (@scan $kept:tt $expressions:tt [$($class:tt)+] #[asserts $($again:tt)*] $($rest:tt)*) => {
        compile_error!("a step has one class: #[setup], #[sends(...)] or #[asserts(...)]");
    };
    // Any other attribute (a doc comment, an `#[expect]`): kept.
    (@scan [$($kept:tt)*] $expressions:tt $class:tt #[$($attribute:tt)*] $($rest:tt)*) => {
        $crate::suite::evidence::step!(@scan [$($kept)* #[$($attribute)*]] $expressions $class $($rest)*);
    };
    // No more attributes: the function, and a registration per expression.
    (@scan [$($kept:tt)*] [$(($($arg:tt)*))+] [$asserts:expr, $sends:expr] $($function:tt)+) => {
        $($kept)* $($function)+
        $(::inventory::submit! {
            $crate::suite::evidence::StepClass {
                expression: $crate::suite::evidence::step!(@expression $($arg)*),
                asserts: $asserts,
                sends: $sends,
                file: file!(),
                line: line!(),
            }
        })+
    };
    (@scan $kept:tt [] $($rest:tt)*) => {
        compile_error!("step! defines a step: it needs a #[given], #[when] or #[then]");
    };
    (@scan $kept:tt $expressions:tt [] $($rest:tt)*) => {
        compile_error!("a step declares its class: #[setup], #[sends(...)] or #[asserts(...)]");
    };
    (@expression expr = $expression:literal) => { $expression };
    (@expression regex = $expression:literal) => { $expression };
    (@expression $expression:literal) => { $expression };
    ($($step:tt)+) => {
        $crate::suite::evidence::step!(@scan [] [] [] $($step)+);
    };
}
pub(crate) use step;

/// `DescribeKey` → `describe-key`: the suffix of a `@rec.<operation>` tag.
#[cfg(test)]
#[must_use]
pub(crate) fn tag_suffix(operation: &str) -> String {
    let mut suffix = String::with_capacity(operation.len() + 4);
    for (i, c) in operation.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            suffix.push('-');
        }
        suffix.push(c.to_ascii_lowercase());
    }
    suffix
}

#[cfg(test)]
mod tests;
