//! The whole suite against the built-in stub (`harness = false`: cucumber
//! runs it). Fails when any scenario fails or differs from its reference
//! snapshot; arguments after `--` are the binary's, e.g.
//! `cargo test --test suite -- --tags @key-states`.

use std::ffi::OsString;

fn main() -> std::process::ExitCode {
    let args = ["kms-conformance".into(), "--stub".into()]
        .into_iter()
        .chain(without_libtest_options(std::env::args_os().skip(1)));
    kms_conformance::cli::main(args)
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
