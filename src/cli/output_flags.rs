//! The flags a run and `proxy` share: what a run prints, how strictly it
//! judges, and the reports it writes. Each is declared once, its help worded
//! here as a run uses it; `proxy` words some for itself, as what it prints
//! and writes carries the proxy's findings (`proxy_command::command`).

use std::path::PathBuf;

/// What a run prints, and how strictly it judges.
#[derive(clap::Args, Clone, Debug, Default)]
#[group(skip)]
pub(super) struct OutputArgs {
    /// Print the HTTP exchanges of every scenario, not only of failing ones.
    #[arg(long)]
    pub trace: bool,

    /// Print only failures and the summary.
    #[arg(long, short = 'q')]
    pub quiet: bool,

    /// Fail what would pass leniently: a success answered with {} instead of
    /// an empty body.
    #[arg(long)]
    pub strict: bool,
}

/// The reports a run writes, and how its results file names the target.
#[derive(clap::Args, Clone, Debug, Default)]
#[group(skip)]
pub(super) struct ReportFileArgs {
    /// Write a JUnit XML report to PATH.
    #[arg(long, value_name = "PATH")]
    pub junit: Option<PathBuf>,

    /// Write a Cucumber JSON report to PATH.
    #[arg(long, value_name = "PATH")]
    pub json: Option<PathBuf>,

    /// Write a results file to PATH (versioned JSON: every verdict, reason
    /// and exchange), for `kms-conformance report` to build a matrix from.
    /// Its target is named by --target-name (default: stub, or the
    /// endpoint's host and port).
    #[arg(long, value_name = "PATH")]
    pub results: Option<PathBuf>,

    /// The target's snapshot folder under the snapshots folder. Default: the
    /// endpoint's host and port (127.0.0.1-4566); a port that changes from
    /// run to run makes a new folder each time, so name it.
    #[arg(long, value_name = "NAME")]
    pub target_name: Option<String>,

    /// The target's version, recorded in the results file for readers of a
    /// matrix (its Server header often names only a web server).
    #[arg(long, value_name = "VERSION")]
    pub target_version: Option<String>,
}
