//! The HTTP exchanges of a suite run, as a bare client needs them to send
//! the same requests again.
//!
//! A report's requests are redacted: the access key, the signature and any
//! session token are `<redacted>`. The replay therefore signs every request
//! afresh, which also makes the floor pay for signing as the suite does. To
//! know which caller signs, the benchmark gives only the second account a
//! session token: its requests are the ones that carried
//! `x-amz-security-token`. The ABAC scenarios (`@requires.iam`) are left
//! out: their requests are signed by IAM role sessions a bare replay has
//! not made.

use kms_conformance::bench_internals::endpoint::{TargetArgs, TargetConfig};
use kms_conformance::bench_internals::report::RunReport;
use kms_conformance::bench_internals::stub::StubOptions;
use kms_conformance::bench_internals::wire::{
    Authorization, Credentials, Operation, WRONG_SIGNATURE,
};
use serde_json::Value;

/// Given to the second account only, so its recorded requests can be told
/// from the primary caller's. The stub checks session tokens only for the
/// role sessions its STS hands out.
pub(crate) const SECOND_ACCOUNT_MARKER: &str = "kms-conformance-bench-second-account";

/// The built-in stub's defaults, with the second account marked.
///
/// # Errors
/// When the defaults do not resolve.
pub(crate) fn stub_config() -> Result<TargetConfig, String> {
    stub_config_with(StubOptions::default())
}

/// A stub made with `options`, resolved as `cargo run` resolves it (paced
/// when it throttles), with the second account marked.
///
/// # Errors
/// When the options do not resolve.
pub(crate) fn stub_config_with(options: StubOptions) -> Result<TargetConfig, String> {
    let args = TargetArgs {
        stub: Some(options),
        ..TargetArgs::default()
    };
    let mut config = TargetConfig::resolve(&args, &|_| None).map_err(|e| e.to_string())?;
    let second = config
        .second_credentials
        .take()
        .ok_or("the stub has no second account")?;
    config.second_credentials = Some(Credentials::new(
        second.access_key_id(),
        "test",
        Some(SECOND_ACCOUNT_MARKER.to_owned()),
    ));
    Ok(config)
}

/// Headers that signing writes; the replay drops the recorded ones and signs again.
pub(crate) const SIGNATURE_HEADERS: [&str; 3] =
    ["authorization", "x-amz-date", "x-amz-security-token"];

/// Who signed a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Caller {
    Primary,
    SecondAccount,
}

/// One request to send again, and what it got the first time.
#[derive(Clone, Debug)]
pub(crate) struct Call {
    pub operation: String,
    pub caller: Caller,
    /// The region of the credential scope; `None` for a request sent unsigned.
    pub region: Option<String>,
    /// Whether it was signed with a wrong secret on purpose.
    pub wrong_secret: bool,
    /// The recorded headers, less those signing writes.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub status: u16,
    /// The key ID the response named (`KeyMetadata.KeyId`), which a fresh
    /// target replaces with its own.
    pub key_id: Option<String>,
}

/// One scenario's calls, in order: each may depend on the ones before.
#[derive(Clone, Debug)]
pub(crate) struct ScenarioCalls {
    pub name: String,
    /// Tagged `@serial`: run alone, as the suite runs it.
    pub serial: bool,
    pub calls: Vec<Call>,
}

/// Every scenario of a run that sent something.
#[derive(Clone, Debug)]
pub(crate) struct Recording {
    pub scenarios: Vec<ScenarioCalls>,
}

impl Recording {
    pub(crate) fn of(report: &RunReport) -> Self {
        let scenarios = report
            .scenarios
            .iter()
            .filter(|s| !s.exchanges.is_empty())
            .filter(|s| !s.tags.iter().any(|t| t == "requires.iam"))
            .map(|s| ScenarioCalls {
                name: s.name.clone(),
                serial: s.tags.iter().any(|t| t == "serial"),
                calls: s
                    .exchanges
                    .iter()
                    .map(|e| Call {
                        operation: e.operation.clone().unwrap_or_default(),
                        caller: caller(&e.request.headers),
                        region: scope_region(&e.request.headers),
                        wrong_secret: e
                            .request
                            .headers
                            .iter()
                            .any(|(n, v)| n == "authorization" && v.contains(WRONG_SIGNATURE)),
                        headers: e
                            .request
                            .headers
                            .iter()
                            .filter(|(n, _)| !SIGNATURE_HEADERS.contains(&n.as_str()))
                            .cloned()
                            .collect(),
                        body: e.request.body.clone(),
                        status: e.status,
                        key_id: key_id(&e.body),
                    })
                    .collect(),
            })
            .collect();
        Self { scenarios }
    }

    /// How many requests a replay sends.
    pub(crate) fn exchanges(&self) -> usize {
        self.scenarios.iter().map(|s| s.calls.len()).sum()
    }

    /// About how many cleanup requests the suite sent besides (a target
    /// other than its own stub gets one `ScheduleKeyDeletion` per key a
    /// scenario created and did not schedule itself, one `DeleteAlias` per
    /// alias). Reports leave them out, so the replay cannot send them.
    pub(crate) fn cleanup_estimate(&self) -> usize {
        let succeeded = |operation: Operation| {
            self.scenarios
                .iter()
                .flat_map(|s| &s.calls)
                .filter(|c| c.operation == operation.name() && c.status == 200)
                .count()
        };
        (succeeded(Operation::CreateKey) + succeeded(Operation::CreateAlias))
            .saturating_sub(succeeded(Operation::ScheduleKeyDeletion))
    }
}

pub(crate) fn caller(headers: &[(String, String)]) -> Caller {
    if headers.iter().any(|(n, _)| n == "x-amz-security-token") {
        Caller::SecondAccount
    } else {
        Caller::Primary
    }
}

/// `us-west-2` from `AWS4-HMAC-SHA256 Credential=<redacted>/20260101/us-west-2/kms/aws4_request, ...`.
pub(crate) fn scope_region(headers: &[(String, String)]) -> Option<String> {
    Authorization::in_headers(headers).map(|a| a.scope().region.clone())
}

/// `KeyMetadata.KeyId` of a response body, when it has one.
pub(crate) fn key_id(body: &[u8]) -> Option<String> {
    // Only CreateKey and DescribeKey answer KeyMetadata: skip parsing the rest.
    if !body.starts_with(b"{") || !contains(body, b"\"KeyMetadata\"") {
        return None;
    }
    let body: Value = serde_json::from_slice(body).ok()?;
    body["KeyMetadata"]["KeyId"].as_str().map(str::to_owned)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}
