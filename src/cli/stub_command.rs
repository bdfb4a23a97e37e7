//! `kms-conformance stub`: the reference stub on a fixed address, for other
//! clients (an SDK, the AWS CLI, a proxy under test), until interrupted.

use std::net::TcpListener;
use std::time::Duration;

use super::rehearsal_flags::RehearsalArgs;
use super::stdout_lines::outln;
use super::{EXIT_PASSED, runtime, unusable};
use crate::stub::deviations::{Deviation, Deviations};
use crate::stub::http::DEFAULT_ACCOUNT;
use crate::stub::model::CALLER_USER;
use crate::stub::secrets::{DEFAULT_SECRET, SecretArg, Secrets};
use crate::stub::{StubOptions, StubServer};

/// Options of `kms-conformance stub`.
#[derive(clap::Args, Clone, Debug)]
pub(super) struct StubArgs {
    /// Address to listen on.
    #[arg(long, value_name = "HOST:PORT", default_value = "127.0.0.1:4599")]
    pub listen: String,

    /// Make the stub wrong in this way (repeatable); see --list-deviations.
    #[arg(long = "deviation", value_name = "NAME")]
    pub deviations: Vec<Deviation>,

    /// Reads (`ListResourceTags`, `DescribeKey`) see writes only this many
    /// milliseconds later, like AWS's eventual consistency.
    #[arg(long, value_name = "MILLISECONDS", default_value_t = 0)]
    pub read_lag_ms: u64,

    /// Authorization decisions see each key's policy as it was this many
    /// milliseconds ago, like AWS's lag before a change affects authorization.
    #[arg(long, value_name = "MILLISECONDS", default_value_t = 0)]
    pub auth_lag_ms: u64,

    /// A new replica (`ReplicateKey`) stays `Creating` this many
    /// milliseconds before it is `Enabled`, as on AWS.
    #[arg(long, value_name = "MILLISECONDS", default_value_t = 0)]
    pub replica_creating_ms: u64,

    /// The secret an access key signs with, as `ACCESS_KEY_ID=SECRET`
    /// (repeatable); every other access key's secret is `test`. Every
    /// request's signature is verified with it.
    #[arg(long = "secret", value_name = "ACCESS_KEY_ID=SECRET")]
    pub secrets: Vec<SecretArg>,

    /// Print every deviation with what it does, and exit.
    #[arg(long)]
    pub list_deviations: bool,

    #[command(flatten)]
    pub rehearsal: RehearsalArgs,
}

/// Serves until Ctrl-C or SIGTERM; the exit code.
pub(super) fn serve(args: &StubArgs) -> u8 {
    if args.list_deviations {
        for deviation in Deviation::ALL {
            outln!("{:32} {}", deviation.name(), deviation.describe());
        }
        return EXIT_PASSED;
    }
    let listener = match TcpListener::bind(&args.listen) {
        Ok(listener) => listener,
        Err(error) => return unusable(format!("cannot listen on {}: {error}", args.listen)),
    };
    let rehearsal = match args.rehearsal.stub_options() {
        Ok(rehearsal) => rehearsal.unwrap_or_default(),
        Err(error) => return unusable(error),
    };
    // An explicit --read-lag-ms wins over --aws-like's.
    let read_lag = if args.read_lag_ms > 0 {
        Duration::from_millis(args.read_lag_ms)
    } else {
        rehearsal.read_lag
    };
    let auth_lag = if args.auth_lag_ms > 0 {
        Duration::from_millis(args.auth_lag_ms)
    } else {
        rehearsal.auth_lag
    };
    let options = StubOptions {
        deviations: args.deviations.iter().copied().collect::<Deviations>(),
        read_lag,
        auth_lag,
        replica_creating: Duration::from_millis(args.replica_creating_ms),
        secrets: args.secrets.iter().cloned().collect::<Secrets>(),
        ..rehearsal
    };
    let runtime = match runtime() {
        Ok(runtime) => runtime,
        Err(error) => return unusable(&error),
    };
    runtime.block_on(async {
        let stub = StubServer::start_on(listener, options.clone()).await;
        let deviations: Vec<&str> = options.deviations.iter().map(Deviation::name).collect();
        let throttle = options.throttle.map_or_else(
            || "no throttling".to_owned(),
            |t| format!("KMS's quotas × {}", t.scale),
        );
        outln!(
            "kms-conformance: stub listening on {} (deviations: {}; read lag {} ms; \
             authorization lag {} ms; IAM lag {} ms; replicas Creating for {} ms; {throttle})",
            stub.uri(),
            if deviations.is_empty() {
                "none".to_owned()
            } else {
                deviations.join(", ")
            },
            options.read_lag.as_millis(),
            options.auth_lag.as_millis(),
            options.iam_lag.as_millis(),
            options.replica_creating.as_millis()
        );
        outln!(
            "kms-conformance: every request's signature is verified; an access key's secret is \
             {DEFAULT_SECRET:?} unless --secret says otherwise ({} configured); a 12-digit access \
             key is its own account, any other is account {DEFAULT_ACCOUNT}; every caller is the \
             IAM user {CALLER_USER} of its account; Ctrl-C stops",
            args.secrets.len()
        );
        super::shutdown_signal().await;
        drop(stub);
    });
    EXIT_PASSED
}
