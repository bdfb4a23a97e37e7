//! The flags `diff` and `matrix` share: which scenarios run, and how many
//! at once; `diff` words `--concurrency` for its two sides
//! (`diff_command::command`). A run and `proxy` take cucumber's own `--tags`,
//! `--name` and `--concurrency` instead, spelt as cucumber spells them
//! (`-c`, `<tagexpr>`, `$CUCUMBER_FILTER_TAGS`, `--fail-fast` beside them).

use cucumber::gherkin::tagexpr::TagOperation;
use regex::Regex;

use crate::suite::Selection;

/// Which scenarios, and how many in flight at once.
#[derive(clap::Args, Clone, Debug)]
#[group(skip)]
pub(super) struct SelectionArgs {
    /// Only scenarios whose tags match this tag expression.
    #[arg(long, short = 't', value_name = "TAGEXPR", conflicts_with = "name")]
    pub tags: Option<TagOperation>,

    /// Only scenarios whose name matches this regex.
    #[arg(long, short = 'n', value_name = "REGEX")]
    pub name: Option<Regex>,

    /// Scenarios in flight at once on each target.
    #[arg(long, value_name = "N")]
    pub concurrency: Option<usize>,
}

impl SelectionArgs {
    /// The scenarios to run.
    pub(super) fn selection(&self) -> Selection {
        Selection {
            tags: self.tags.clone(),
            name: self.name.clone(),
        }
    }
}
