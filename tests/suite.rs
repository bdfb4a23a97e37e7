//! The whole suite against the built-in stub (`harness = false`: cucumber
//! runs it). Fails when any scenario fails; arguments after `--` are the
//! binary's, e.g. `cargo test --test suite -- --tags @key-states`.

use std::process::ExitCode;

fn main() -> ExitCode {
    let args = std::iter::once("kms-conformance".into())
        .chain(std::iter::once("--stub".into()))
        .chain(std::env::args_os().skip(1));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    runtime.block_on(kms_conformance::cli::main(args))
}
