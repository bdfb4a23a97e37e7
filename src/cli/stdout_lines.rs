//! Printing on standard output that survives its reader going away.
//!
//! `println!` panics when standard output is a pipe its reader has closed
//! (`kms-conformance stub --list-deviations | head -1`). A reader that stops
//! reading has not asked the command to stop: what it would still have been
//! shown is dropped, the command carries on (a run still cleans up what it
//! made, and is still judged), and it exits with the code it would have had,
//! as the terminal's progress lines already do (`report::terminal`). Any
//! other failure to write is said once, on standard error.

use std::fmt;
use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};

/// Whether a failure to write other than a closed pipe was said already.
static FAILURE_SAID: AtomicBool = AtomicBool::new(false);

/// Writes `text` on standard output, and flushes it.
pub(super) fn print(text: fmt::Arguments<'_>) {
    let mut out = io::stdout().lock();
    if let Err(error) = out.write_fmt(text).and_then(|()| out.flush()) {
        report(&error);
    }
}

fn report(error: &io::Error) {
    if error.kind() != io::ErrorKind::BrokenPipe && !FAILURE_SAID.swap(true, Ordering::Relaxed) {
        eprintln!("kms-conformance: cannot write to standard output: {error}");
    }
}

/// `print!`, for a reader that may have gone away ([`print`]).
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::cli::stdout_lines::print(format_args!($($arg)*))
    };
}

/// `println!`, for a reader that may have gone away ([`print`]).
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::cli::stdout_lines::print(format_args!("{}\n", format_args!($($arg)*)))
    };
}

pub(super) use {out, outln};
