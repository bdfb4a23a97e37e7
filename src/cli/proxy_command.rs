//! `kms-conformance proxy`: serve the built-in stub as a proxy's upstream,
//! run the suite through the proxy, and report what the proxy changed
//! beside the verdicts (see [`crate::proxy`]).
//!
//! A fault fails the run (exit code 1), a note is reported
//! ([`FailOn`]); `--fail-on-notes` fails notes too, `--report-only` fails
//! on none. A proxy that cannot be reached, does not answer like KMS, or
//! stops answering mid-run ends the run with one line and 2, as any target
//! that does.

use std::net::TcpListener;
use std::sync::Arc;
use std::time::SystemTime;

use clap::CommandFactory as _;
use cucumber::{cli, runner};

use super::output_flags::{OutputArgs, ReportFileArgs};
use super::reach_flags::ReachArgs;
use super::run_command::{finish, write_report};
use super::stdout_lines::{out, outln};
use super::{EXIT_FAILED, EXIT_INTERRUPTED, EXIT_PASSED, runtime, unusable};
use crate::endpoint::TargetConfig;
use crate::endpoint::ledger::new_run_id;
use crate::expectations::Expectations;
use crate::proxy::{self, Declared, Sides, Through, Upstream};
use crate::report::RunReport;
use crate::report::fidelity::{FailOn, Fidelity};
use crate::report::results::{self, RunFacts};
use crate::report::terminal::Terminal;
use crate::suite::{self, RunOptions, Selection};

/// Options of `kms-conformance proxy`, added to cucumber's own (`--tags`,
/// `--name`, `--concurrency`, `--fail-fast`).
#[derive(clap::Args, Clone, Debug, Default)]
#[group(skip)]
pub(super) struct ProxyArgs {
    /// The reverse proxy under test: the URL the suite sends to. A forward
    /// proxy under test (--proxy URL) needs none: the suite then sends to
    /// the stub, through the forward proxy.
    #[arg(long, value_name = "URL")]
    pub endpoint: Option<String>,

    /// Where to serve the built-in stub, as the proxy's upstream (the
    /// address the proxy forwards to).
    #[arg(long, value_name = "HOST:PORT", required = true)]
    pub upstream: Option<String>,

    /// The proxy signs requests again with its own credentials: not a
    /// finding (signing for another region still is). The stub's secret
    /// for every access key is `test`.
    #[arg(long)]
    pub proxy_resigns: bool,

    /// The proxy adds this header to requests (repeatable): not a finding.
    #[arg(long = "proxy-adds-header", value_name = "NAME")]
    pub proxy_adds_headers: Vec<String>,

    /// Fail the run on notes too: any change at all, an unsigned header
    /// included (`--fail-on-findings` is its old name).
    #[arg(long, alias = "fail-on-findings", conflicts_with = "report_only")]
    pub fail_on_notes: bool,

    /// Fail the run on no finding, faults included: report them only.
    #[arg(long)]
    pub report_only: bool,

    #[command(flatten)]
    pub output: OutputArgs,

    #[command(flatten)]
    pub reports: ReportFileArgs,

    #[command(flatten)]
    pub reach: ReachArgs,
}

/// The flags a run shares with `proxy`, as a run through a proxy uses them:
/// what it prints and writes carries the proxy's findings.
const WORDING: [(&str, &str); 7] = [
    (
        "trace",
        "Print the HTTP exchanges of every scenario, and both sides of every finding",
    ),
    ("quiet", "Print only failures, findings and the summary"),
    (
        "junit",
        "Write a JUnit XML report to PATH, findings beside each scenario",
    ),
    (
        "json",
        "Write a Cucumber JSON report to PATH, findings as `after` hook output",
    ),
    ("results", "Write a results file to PATH, findings included"),
    (
        "target_name",
        "The proxy's name in the results file (default: its host and port)",
    ),
    (
        "target_version",
        "The proxy's version, recorded in the results file",
    ),
];

/// `proxy`'s command: cucumber's options and ours, worded for a proxy.
pub(super) fn command() -> clap::Command {
    WORDING
        .into_iter()
        .fold(ProxyCli::command(), |command, (id, help)| {
            command.mut_arg(id, |arg| arg.help(help))
        })
}

/// Cucumber's options and ours.
pub(super) type ProxyCli = cli::Opts<cli::Empty, runner::basic::Cli, cli::Empty, ProxyArgs>;

/// Runs the suite through the proxy; the exit code.
pub(super) fn run(opts: &ProxyCli) -> u8 {
    if opts.runner.retry.is_some()
        || opts.runner.retry_after.is_some()
        || opts.runner.retry_tag_filter.is_some()
    {
        return unusable("retries are not supported: a verdict must not depend on a second try");
    }
    let args = &opts.custom;
    let Some(address) = &args.upstream else {
        return unusable("proxy needs --upstream HOST:PORT");
    };
    let listener = match TcpListener::bind(address) {
        Ok(listener) => listener,
        Err(error) => return unusable(format!("cannot serve the stub on {address}: {error}")),
    };
    let endpoint = match (&args.endpoint, &args.reach.proxy, listener.local_addr()) {
        (Some(endpoint), _, _) => endpoint.clone(),
        // A forward proxy is given the stub's own URL to fetch.
        (None, Some(_), Ok(stub)) => format!("http://{stub}/"),
        (None, Some(_), Err(error)) => {
            return unusable(format!("cannot serve the stub on {address}: {error}"));
        }
        (None, None, _) => {
            return unusable(
                "proxy needs the proxy under test: --endpoint URL (a reverse proxy) or --proxy URL \
                 (a forward proxy)",
            );
        }
    };
    // The stub answers reads at once; only the proxy could make them lag.
    let mut reach = args.reach.clone();
    reach.settle = reach.settle.or(Some(1.0));
    let config = match reach.resolve(Some(endpoint.clone()), false) {
        Ok(config) => config,
        Err(error) => return unusable(&error),
    };
    if args.endpoint.is_none() && config.forward_proxy.route(&endpoint).is_none() {
        return unusable(format!(
            "NO_PROXY lists {endpoint}, where the stub serves: nothing would go through the \
             forward proxy under test"
        ));
    }
    match runtime() {
        Ok(runtime) => runtime.block_on(run_async(opts, &config, listener)),
        Err(error) => unusable(&error),
    }
}

async fn run_async(opts: &ProxyCli, config: &TargetConfig, listener: TcpListener) -> u8 {
    let args = &opts.custom;
    let upstream = match Upstream::serve(listener).await {
        Ok(upstream) => upstream,
        Err(error) => return unusable(format!("cannot serve the stub: {error}")),
    };
    let run_id = new_run_id();
    let started = SystemTime::now();
    let through = match proxy::connect(config, &upstream, &run_id, &declared(args)).await {
        Ok(through) => through,
        Err(error) if error.proxy_failed() => {
            eprintln!("kms-conformance: {error}");
            return EXIT_FAILED;
        }
        Err(error) => return unusable(error.to_string()),
    };
    outln!(
        "kms-conformance proxy: through {}{} to the built-in stub at {} (region {}, other region {}), run {run_id}",
        if through.endpoint == upstream.uri() {
            "the forward proxy "
        } else {
            ""
        },
        through.proxy,
        upstream.address(),
        config.region,
        config.other_region
    );
    let options = RunOptions {
        selection: Selection {
            tags: opts.tags_filter.clone(),
            name: opts.re_filter.clone(),
        },
        concurrency: opts.runner.concurrency,
        fail_fast: opts.runner.fail_fast,
        strict: args.output.strict,
        terminal: Some(Terminal::stdout(args.output.trace).quiet(args.output.quiet)),
        cucumber_json: args.reports.json.is_some(),
        ..RunOptions::default()
    };
    let report = tokio::select! {
        report = suite::run(Arc::clone(&through.context), options) => report,
        () = super::shutdown_signal() => {
            eprintln!("kms-conformance: interrupted");
            return EXIT_INTERRUPTED;
        }
    };
    // A proxy that stopped answering says nothing about fidelity: the run
    // ends as any run against a target that stopped answering.
    let fidelity = report
        .target_down
        .is_none()
        .then(|| judged(&report, &through, &upstream, args));
    let target = through.proxy.clone();
    let mut closing = Vec::new();
    let fail_on = fail_on(args);
    if let Some(fidelity) = &fidelity {
        out!("{}", fidelity.render(args.output.trace));
        closing.push(fidelity.summary_line(fail_on));
    }
    if let Err(error) = write_reports(
        &report,
        fidelity.as_ref(),
        args,
        config,
        &target,
        &run_id,
        started,
    ) {
        return unusable(&error);
    }
    let code = finish(&report, &target, &Expectations::none(), &closing);
    let failing = fidelity
        .as_ref()
        .is_some_and(|f| f.failing(fail_on).next().is_some());
    if code == EXIT_PASSED && failing {
        EXIT_FAILED
    } else {
        code
    }
}

/// Which findings fail the run, as the flags say.
fn fail_on(args: &ProxyArgs) -> FailOn {
    if args.report_only {
        FailOn::Nothing
    } else if args.fail_on_notes {
        FailOn::Notes
    } else {
        FailOn::Faults
    }
}

/// What the user says the proxy may do.
fn declared(args: &ProxyArgs) -> Declared {
    Declared {
        resigns: args.proxy_resigns,
        added_headers: args
            .proxy_adds_headers
            .iter()
            .map(|name| name.to_ascii_lowercase())
            .collect(),
    }
}

fn judged(
    report: &RunReport,
    through: &Through,
    upstream: &Upstream,
    args: &ProxyArgs,
) -> Fidelity {
    let declared = declared(args);
    proxy::judge(
        report,
        &Sides {
            proxy: &through.proxy,
            upstream: &upstream.address().to_string(),
            tags: &through.tags,
            tap: upstream.tap(),
            declared: &declared,
        },
    )
}

/// `--junit`, `--json` and `--results`, findings beside the verdicts.
fn write_reports(
    report: &RunReport,
    fidelity: Option<&Fidelity>,
    args: &ProxyArgs,
    config: &TargetConfig,
    proxy: &str,
    run_id: &str,
    started: SystemTime,
) -> Result<(), String> {
    let fail = fail_on(args);
    let target = format!("the proxy at {proxy}");
    if let Some(path) = &args.reports.junit {
        let xml = match fidelity {
            Some(fidelity) => proxy::reports::junit(report, &target, fidelity, fail),
            None => crate::report::junit::render(report, &target),
        };
        write_report(path, "JUnit", xml.as_bytes())?;
    }
    if let (Some(path), Some(json)) = (&args.reports.json, &report.cucumber_json) {
        let json = match fidelity {
            Some(fidelity) => proxy::reports::cucumber_json(json, fidelity, fail),
            None => json.clone(),
        };
        write_report(path, "Cucumber JSON", &json)?;
    }
    if let Some(path) = &args.reports.results {
        let endpoint = proxy.to_owned();
        let facts = RunFacts {
            target_name: args
                .reports
                .target_name
                .clone()
                .unwrap_or_else(|| crate::snapshot::plan::name_from_endpoint(&endpoint)),
            endpoint: Some(endpoint),
            version: args.reports.target_version.clone(),
            run_id: run_id.to_owned(),
            started,
            region: config.region.clone(),
            other_region: config.other_region.clone(),
            strict: args.output.strict,
            expectations: None,
        };
        let mut results = results::from_report(report, &facts);
        results.fidelity = fidelity.cloned();
        results.write(path)?;
    }
    Ok(())
}
