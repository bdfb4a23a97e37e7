//! `kms-conformance report RESULTS...`: the matrix (`matrix.md`,
//! `matrix.html`) of results files saved by earlier runs (`--results PATH`,
//! or the ones `matrix` writes), one column per file, in the order given.
//!
//! Exit 0 once the files are written; 1 under `--gate` when a target
//! failed a scenario its expectations do not list or passed one they do; 2
//! when a file cannot be read, is not a results file of this format
//! version, or names a target another file names.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::stdout_lines::outln;
use super::{EXIT_FAILED, EXIT_PASSED, unusable};
use crate::report::matrix::{Matrix, html, markdown};
use crate::report::results::Results;

/// The file name of the Markdown matrix.
pub(super) const MARKDOWN: &str = "matrix.md";
/// The file name of the HTML page.
pub(super) const PAGE: &str = "matrix.html";

/// Options of `kms-conformance report`.
#[derive(clap::Args, Clone, Debug)]
pub(super) struct ReportArgs {
    /// Results files, one per target: its column, in this order.
    #[arg(value_name = "RESULTS", required = true)]
    pub results: Vec<PathBuf>,

    /// Folder to write matrix.md and matrix.html to.
    #[arg(long, value_name = "DIR", default_value = "reports/matrix")]
    pub out: PathBuf,

    /// Exit 1 when a target failed a scenario its expectations do not list,
    /// or passed one they list as failing.
    #[arg(long)]
    pub gate: bool,
}

/// Reads the files and writes the matrix; the exit code.
pub(super) fn run(args: &ReportArgs) -> u8 {
    let mut runs = Vec::new();
    for path in &args.results {
        match Results::read(path) {
            Ok(results) => runs.push(results),
            Err(error) => return unusable(&error),
        }
    }
    for (path, results) in args.results.iter().zip(&runs) {
        if let Some(why) = &results.run.incomplete {
            eprintln!(
                "kms-conformance: {} ({}): {why}",
                results.target.name,
                path.display()
            );
        }
    }
    match write_matrix(&runs, &args.out) {
        Ok(()) => gate(&runs, args.gate),
        Err(error) => unusable(&error),
    }
}

/// Writes `matrix.md` and `matrix.html` for `runs` into `out`, and prints
/// where and each target's conformance. Incomplete runs are for the caller
/// to tell, as only it knows when it learnt of them.
///
/// # Errors
/// One line: two runs name one target, or a file cannot be written.
pub(super) fn write_matrix(runs: &[Results], out: &Path) -> Result<(), String> {
    let generated = humantime::format_rfc3339_seconds(SystemTime::now()).to_string();
    let matrix = Matrix::new(runs, generated)?;
    let write = |name: &str, text: &str| {
        let path = out.join(name);
        std::fs::create_dir_all(out)
            .and_then(|()| std::fs::write(&path, text))
            .map_err(|e| format!("cannot write {}: {e}", path.display()))
    };
    write(MARKDOWN, &markdown::render(&matrix, PAGE))?;
    write(PAGE, &html::render(&matrix))?;
    for notice in matrix.version_notice() {
        eprintln!("kms-conformance: {notice}");
    }
    for column in &matrix.columns {
        let counts: Vec<String> = column
            .summary
            .counts
            .iter()
            .map(|(verdict, count)| format!("{count} {}", verdict.key()))
            .collect();
        outln!(
            "{}: conformance {} ({})",
            column.results.target.name,
            column.summary.overall.label(),
            counts.join(", ")
        );
    }
    outln!(
        "wrote {} and {}",
        out.join(MARKDOWN).display(),
        out.join(PAGE).display()
    );
    Ok(())
}

/// Under `--gate`, 1 when any target failed its expectations.
pub(super) fn gate(runs: &[Results], gate: bool) -> u8 {
    let failing: Vec<&str> = runs
        .iter()
        .filter(|r| r.scenarios.iter().any(|s| s.verdict.fails_the_gate()))
        .map(|r| r.target.name.as_str())
        .collect();
    if gate && !failing.is_empty() {
        eprintln!(
            "kms-conformance: failed its expectations (a failure not listed, or an unexpected pass): {}",
            failing.join(", ")
        );
        return EXIT_FAILED;
    }
    EXIT_PASSED
}
