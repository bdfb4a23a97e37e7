//! The proxy mode proving its own power, as the kill matrix does for the
//! scenarios: the suite runs through a faithful proxy (no finding, every
//! scenario passes) and through proxies wrong in one way each (see
//! [`wrong_proxies::Fault`]). Each wrong proxy must be caught, by a failing
//! scenario or a fidelity finding, by exactly the checks expected of it,
//! and fail the run by default (a fault, a failing scenario, or a
//! pre-flight the proxy broke); a proxy that only adds or drops unsigned
//! headers makes notes and passes by default. Every fidelity check must be
//! the only check that catches some proxy, so none of them is dead weight.
//!
//! A proxy that dies or stalls mid-run, and the exit codes and lines of the
//! binary under each default, are `tests/proxy_faults`, which runs the
//! binary through the same proxies (this folder's `wrong_proxies.rs`).

mod forwarding;
// `tests/proxy_faults` compiles it too, and uses the proxies that die.
#[allow(dead_code)]
mod wrong_proxies;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::net::TcpListener;
use std::sync::Arc;

use self::wrong_proxies::{Fault, Proxy};
use crate::endpoint::{TargetArgs, TargetConfig};
use crate::proxy::{Declared, ProxyError, Sides, Upstream, connect, judge};
use crate::report::RunReport;
use crate::report::Verdict;
use crate::report::fidelity::Fidelity;
use crate::report::fidelity::{Check, FailOn, Severity};
use crate::suite;
use crate::suite::RunOptions;
use crate::wire::Operation;
use futures::StreamExt as _;

/// A run through a proxy: the scenarios' report and what the proxy did.
/// (The command line composes the same steps, `cli/proxy_command.rs`, with
/// its output between them.)
#[derive(Debug)]
struct ProxyRun {
    /// The scenarios' verdicts, as any run's.
    report: RunReport,
    /// The findings beside them; `None` when the proxy stopped answering
    /// and the run says nothing about it.
    fidelity: Option<Fidelity>,
}

/// Runs the suite through the proxy at `config`'s endpoint, with `upstream`
/// behind it, and judges every exchange.
///
/// # Errors
/// When the proxy cannot be reached, does not answer like KMS, or changed
/// the pre-flight exchange.
async fn run(
    config: &TargetConfig,
    upstream: &Upstream,
    declared: &Declared,
    options: RunOptions,
) -> Result<ProxyRun, ProxyError> {
    let run_id = format!("proxy-{}", uuid::Uuid::new_v4().simple());
    let through = connect(config, upstream, &run_id, declared).await?;
    let report = suite::run(Arc::clone(&through.context), options).await;
    let fidelity = report.target_down.is_none().then(|| {
        judge(
            &report,
            &Sides {
                proxy: &through.proxy,
                upstream: &upstream.address.to_string(),
                tags: &through.tags,
                tap: &upstream.tap,
                declared,
            },
        )
    });
    Ok(ProxyRun { report, fidelity })
}

/// One run through one proxy, and what it must find.
struct Case {
    fault: Fault,
    declared: Declared,
    /// Exactly the checks that must make findings.
    expected: &'static [Check],
    /// Whether the stub must refuse the proxy's very first request (its
    /// signature no longer holds), ending the run before any scenario;
    /// `expected` are then the faults its pre-flight shows.
    refused: bool,
}

fn case(fault: Fault, expected: &'static [Check]) -> Case {
    Case {
        fault,
        declared: Declared::default(),
        expected,
        refused: false,
    }
}

/// A proxy whose requests the stub refuses from the first on: the run ends
/// at its pre-flight, with the faults `expected` that the tap shows.
fn refused(fault: Fault, expected: &'static [Check]) -> Case {
    Case {
        refused: true,
        ..case(fault, expected)
    }
}

fn cases() -> Vec<Case> {
    use Check::*;
    let declared = |fault, declared| Case {
        fault,
        declared,
        expected: &[],
        refused: false,
    };
    vec![
        case(Fault::Faithful, &[]),
        case(Fault::AddsUnsignedHeaders, &[Headers]),
        case(Fault::ResignsWithOwnKey, &[Signature]),
        declared(
            Fault::ResignsWithOwnKey,
            Declared {
                resigns: true,
                ..Declared::default()
            },
        ),
        case(Fault::EmptyBodyAsObject, &[ResponseBody]),
        case(Fault::DropsRequestId, &[RequestId]),
        case(Fault::AddsRequestId, &[RequestId]),
        case(Fault::ChangesContentType, &[ResponseContentType]),
        case(Fault::ResignsForWrongRegion, &[Signature]),
        case(Fault::Retries400, &[Count]),
        case(Fault::DuplicatesCreateKey, &[Count]),
        case(Fault::TruncatesBody, &[ResponseBody]),
        // The stub verifies signatures, as KMS does: a proxy that changes
        // a signed header or the body without signing again is refused at
        // the first request, and the run ends there, naming what changed.
        refused(Fault::MangleTarget, &[Target, Signature]),
        refused(Fault::DropsSignedHeader, &[Signature]),
        refused(Fault::DropsLastBodyByte, &[Body, Signature]),
        refused(Fault::DropsTarget, &[Target, Signature]),
        case(Fault::AnswersFromCache, &[Count]),
        case(Fault::SendsPut, &[Method]),
        case(Fault::RewritesPath, &[Path]),
        case(Fault::RenamesTarget, &[Target]),
        case(Fault::JsonRequestContentType, &[ContentType]),
        case(Fault::ReformatsJson, &[Body]),
        case(Fault::AddsVia, &[Headers]),
        declared(
            Fault::AddsVia,
            Declared {
                added_headers: BTreeSet::from(["via".to_owned()]),
                ..Declared::default()
            },
        ),
        case(Fault::DropsUnknownHeaders, &[Headers]),
        case(Fault::ErrorsAs500, &[Status]),
    ]
}

/// What one run through one proxy showed.
struct Outcome {
    fault: Fault,
    /// Why the run ended before its first scenario, when it did.
    refused: Option<String>,
    /// Whether it had to.
    expected_refusal: bool,
    declared: bool,
    expected: BTreeSet<Check>,
    failed: Vec<String>,
    lenient: usize,
    findings: BTreeMap<Check, usize>,
    /// Whether the run fails by default: a refused pre-flight, a failing
    /// scenario or a fault.
    fails_by_default: bool,
    notes: Vec<String>,
}

impl Outcome {
    fn caught(&self) -> bool {
        self.refused.is_some() || !self.failed.is_empty() || !self.findings.is_empty()
    }

    /// Whether the proxy is wrong by what was expected of it: it breaks
    /// the pre-flight, or some expected check is a fault.
    fn expected_to_fail(&self) -> bool {
        self.expected_refusal
            || self
                .expected
                .iter()
                .any(|c| c.severity() == Severity::Fault)
    }

    fn checks(&self) -> BTreeSet<Check> {
        self.findings.keys().copied().collect()
    }
}

/// A run through the proxy; `Err` when it could not be judged (a panic
/// here would be silenced: the suites beside it on this thread silence
/// panics while they run).
async fn run_case(case: Case) -> Result<Outcome, String> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    let upstream = Upstream::serve(listener).await.map_err(|e| e.to_string())?;
    let proxy = Proxy::start(upstream.address(), case.fault).await;
    let args = TargetArgs {
        endpoint: Some(proxy.url()),
        settle: Some(0.2),
        timeout: Some(10.0),
        ..TargetArgs::default()
    };
    let config = TargetConfig::resolve(&args, &|_| None).map_err(|e| e.to_string())?;
    let run = match run(&config, &upstream, &case.declared, RunOptions::default()).await {
        Ok(run) => run,
        Err(ref error @ ProxyError::Changed { ref findings, .. }) => {
            let mut by_check = BTreeMap::new();
            for finding in findings {
                *by_check.entry(finding.check).or_insert(0) += 1;
            }
            return Ok(Outcome {
                fault: case.fault,
                refused: Some(error.to_string()),
                expected_refusal: case.refused,
                declared: false,
                expected: case.expected.iter().copied().collect(),
                failed: Vec::new(),
                lenient: 0,
                findings: by_check,
                fails_by_default: true,
                notes: Vec::new(),
            });
        }
        Err(e) => return Err(format!("{:?}: {e}", case.fault)),
    };
    let Some(fidelity) = run.fidelity else {
        return Err(format!(
            "{:?}: the proxy stopped answering: {:?}",
            case.fault, run.report.target_down
        ));
    };
    let failed: Vec<String> = run
        .report
        .scenarios
        .iter()
        .filter(|s| matches!(s.verdict, Verdict::Failed { .. }))
        .map(|s| s.name.clone())
        .collect();
    Ok(Outcome {
        fault: case.fault,
        refused: None,
        fails_by_default: !failed.is_empty()
            || fidelity.failing(FailOn::default()).next().is_some(),
        expected_refusal: case.refused,
        declared: case.declared != Declared::default(),
        expected: case.expected.iter().copied().collect(),
        failed,
        lenient: run.report.lenient(),
        findings: fidelity.by_check(),
        notes: fidelity.notes,
    })
}

fn render(outcomes: &[Outcome]) -> String {
    let mut text = String::from("proxy × what caught it\n");
    for o in outcomes {
        let findings: Vec<String> = o
            .findings
            .iter()
            .map(|(check, n)| format!("{} {n}", check.name()))
            .collect();
        let _ = writeln!(
            text,
            "  {:6} {:5} {:34} {:2} scenarios failed, {:2} lenient; findings: {}",
            if o.caught() { "caught" } else { "clean" },
            if o.fails_by_default {
                "fails"
            } else {
                "passes"
            },
            format!(
                "{:?}{}",
                o.fault,
                if o.declared { " (declared)" } else { "" }
            ),
            o.failed.len(),
            o.lenient,
            if findings.is_empty() {
                "none".to_owned()
            } else {
                findings.join(", ")
            }
        );
    }
    text.push_str("check × proxies only it catches\n");
    for check in Check::ALL {
        let alone: Vec<String> = outcomes
            .iter()
            .filter(|o| o.checks() == BTreeSet::from([check]))
            .map(|o| format!("{:?}", o.fault))
            .collect();
        let _ = writeln!(text, "  {:22} {}", check.name(), alone.join(", "));
    }
    text
}

#[test]
fn every_wrong_proxy_is_caught_by_the_checks_expected_and_every_check_alone_catches_one() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    let outcomes: Vec<Result<Outcome, String>> = runtime.block_on(
        futures::stream::iter(cases())
            .map(run_case)
            .buffered(4)
            .collect(),
    );
    // Said before any assertion: a suite's quiet panics may still hide a
    // panic's own message while the runtime winds down.
    for outcome in &outcomes {
        if let Err(error) = outcome {
            eprintln!("a run could not be judged: {error}");
        }
    }
    let outcomes: Vec<Outcome> = outcomes
        .into_iter()
        .collect::<Result<_, _>>()
        .expect("every run is judged");
    println!("{}", render(&outcomes));
    for o in &outcomes {
        if let Some(line) = &o.refused {
            println!("{:?}: {line}", o.fault);
        }
    }
    for o in &outcomes {
        let name = format!("{:?}", o.fault);
        assert_eq!(
            o.checks(),
            o.expected,
            "{name}: findings {:?}; {:?}",
            o.findings,
            o.notes
        );
        assert_eq!(
            o.fails_by_default,
            o.expected_to_fail(),
            "{name}: fails by default: {}",
            o.fails_by_default
        );
        if o.refused.is_some() {
            assert!(o.expected_refusal, "{name} was refused at its pre-flight");
            continue;
        }
        assert!(
            !o.expected_refusal,
            "{name} was not refused at its first request"
        );
        if o.expected_to_fail() {
            assert!(o.caught(), "{name} is not caught");
        } else {
            assert!(
                o.failed.is_empty(),
                "{name} fails scenarios: {:?}",
                o.failed
            );
            assert_eq!(o.lenient, 0, "{name}");
        }
    }
    for check in Check::ALL {
        assert!(
            outcomes
                .iter()
                .any(|o| o.checks() == BTreeSet::from([check])),
            "no proxy is caught by {} alone",
            check.name()
        );
    }
}
