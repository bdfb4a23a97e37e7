//! `kms-conformance`: see `src/cli.rs`.

fn main() -> std::process::ExitCode {
    kms_conformance::run_cli(std::env::args_os())
}
