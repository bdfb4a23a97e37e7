//! `kms-conformance`: see `kms_conformance::cli`.

use std::process::ExitCode;

fn main() -> ExitCode {
    // Cucumber runs every scenario as a future on one task, so one thread is enough.
    match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime.block_on(kms_conformance::cli::main(std::env::args_os())),
        Err(error) => {
            eprintln!("kms-conformance: cannot start the async runtime: {error}");
            ExitCode::from(kms_conformance::cli::EXIT_UNUSABLE)
        }
    }
}
