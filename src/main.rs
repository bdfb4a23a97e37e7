//! `kms-conformance`: see `kms_conformance::cli`.

fn main() -> std::process::ExitCode {
    kms_conformance::cli::main(std::env::args_os())
}
