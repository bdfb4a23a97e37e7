//! The whole suite against the built-in stub (`harness = false`: cucumber
//! runs it). Fails when any scenario fails; arguments after `--` are the
//! binary's, e.g. `cargo test --test suite -- --tags @key-states`.

fn main() -> std::process::ExitCode {
    let args = ["kms-conformance".into(), "--stub".into()]
        .into_iter()
        .chain(std::env::args_os().skip(1));
    kms_conformance::cli::main(args)
}
