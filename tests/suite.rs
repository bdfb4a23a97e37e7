//! The whole suite against the built-in stub (`harness = false`: cucumber
//! runs it). Fails when any scenario fails or differs from its reference
//! snapshot; arguments after `--` are the binary's, e.g.
//! `cargo test --test suite -- --tags @key-states`.
//!
//! It is the last test target `cargo test` runs (only the doc tests come
//! after it: see `tests/closing_line.rs`), so its summary, `N passed, N
//! failed`, is the last line before them, and it is also where `cargo test`
//! says which environment-dependent checks could not run on this machine (see
//! `tests/support/tools.rs`): the binary runs as a child whose output is
//! passed through line by line, and the notice goes in before its last line.

#[path = "support/tools.rs"]
mod tools;

use std::ffi::OsString;
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, ExitCode, Stdio};

fn main() -> ExitCode {
    ignore_interrupts();
    let mut child = Command::new(env!("CARGO_BIN_EXE_kms-conformance"))
        .arg("--stub")
        .args(without_libtest_options(std::env::args_os().skip(1)))
        .stdout(Stdio::piped())
        .spawn()
        .expect("the kms-conformance binary starts");
    let mut out = std::io::stdout().lock();
    let mut held: Option<String> = None;
    for line in BufReader::new(child.stdout.take().expect("its standard output")).lines() {
        let line = line.expect("its output is text");
        if let Some(previous) = held.replace(line) {
            let _ = writeln!(out, "{previous}");
            let _ = out.flush();
        }
    }
    let status = child.wait().expect("the binary exits");
    let _ = write!(out, "{}", tools::notice());
    if let Some(last) = held {
        let _ = writeln!(out, "{last}");
    }
    match status.code() {
        Some(code) => ExitCode::from(u8::try_from(code).unwrap_or(1)),
        // Ended by a signal: it was interrupted.
        None => ExitCode::from(130),
    }
}

/// Ctrl-C reaches the child too, which stops, cleans up and prints its
/// summary; this process stays to pass that on instead of dying first.
/// (A handled signal is the default again in the child, which handles it
/// itself.)
fn ignore_interrupts() {
    let (ready, listening) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        runtime.block_on(async {
            let mut interrupts =
                tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt())
                    .expect("SIGINT can be handled");
            let _ = ready.send(());
            while interrupts.recv().await.is_some() {}
        });
    });
    let _ = listening.recv();
}

/// Drops `--color WHEN` / `--color=WHEN` and `--nocapture`, which
/// `cargo insta test` passes to every test binary as if it were libtest.
/// (`-q`, which it passes too, is the suite's own `--quiet`.)
fn without_libtest_options(args: impl Iterator<Item = OsString>) -> Vec<OsString> {
    let mut kept = Vec::new();
    let mut args = args.peekable();
    while let Some(arg) = args.next() {
        let text = arg.to_string_lossy();
        if text == "--color" {
            args.next();
        } else if !(text.starts_with("--color=") || text == "--nocapture") {
            kept.push(arg);
        }
    }
    kept
}
