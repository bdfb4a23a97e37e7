//! The programs some tests need from the machine (a browser, a real proxy),
//! and what a test does when one is missing.
//!
//! `cargo test` must pass on a machine with only Rust, and must still check
//! everything on a machine that has the tools. So a test that needs a tool
//! runs whenever the tool is here; when it is not, the test says so on the
//! spot (written past libtest's capture, so it shows) and passes without
//! checking anything, and `tests/suite.rs`, the last test target `cargo
//! test` runs, names every check that could not run, and the one command
//! that installs what they need, just before its summary.
//!
//! `KMS_CONFORMANCE_REQUIRE` turns that off where nothing may be skipped
//! (CI): a comma-separated list of tool names, or `all`. A check that needs
//! a named tool then fails when any tool it needs is missing, as a check
//! does whose subject is broken. A name no tool has is a failure too, so a
//! typo cannot turn a requirement off.
//!
//! A new tool is one [`Tool`] in [`TOOLS`]; a new test that needs tools is
//! one [`Check`] in [`CHECKS`] (a check that is not listed there fails,
//! since the closing notice would not name it).

#![allow(dead_code)]

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The variable that lists the tools whose absence fails a test.
pub(crate) const REQUIRE: &str = "KMS_CONFORMANCE_REQUIRE";

/// A program a test runs, as Debian provides it.
#[derive(Debug)]
pub(crate) struct Tool {
    /// Its name in `KMS_CONFORMANCE_REQUIRE` and in messages.
    pub(crate) name: &'static str,
    /// The Debian package that installs it.
    pub(crate) package: &'static str,
    /// The environment variable that names another path for it.
    pub(crate) variable: &'static str,
    /// Where it is looked for, in order: a bare name on `PATH`, or a path
    /// (`/usr/sbin`, where nginx lives, is not on every user's `PATH`).
    pub(crate) places: &'static [&'static str],
    /// Arguments that make it print its version and exit 0: a file that
    /// exists but does not run (a broken install, or one hidden by
    /// mounting something else over it) counts as missing.
    pub(crate) version_args: &'static [&'static str],
}

/// Headless Chromium, which renders the matrix page.
pub(crate) const CHROMIUM: Tool = Tool {
    name: "chromium",
    package: "chromium",
    variable: "CHROMIUM",
    places: &["chromium", "/usr/bin/chromium"],
    version_args: &["--version"],
};

/// Chromium's WebDriver server, from the same Debian source package as
/// Chromium, so their versions match.
pub(crate) const CHROMEDRIVER: Tool = Tool {
    name: "chromedriver",
    package: "chromium-driver",
    variable: "CHROMEDRIVER",
    places: &["chromedriver", "/usr/bin/chromedriver"],
    version_args: &["--version"],
};

/// nginx, a real reverse proxy, run from `proxy/nginx.conf`.
pub(crate) const NGINX: Tool = Tool {
    name: "nginx",
    package: "nginx-light",
    variable: "NGINX",
    places: &["nginx", "/usr/sbin/nginx", "/usr/bin/nginx"],
    version_args: &["-v"],
};

/// HAProxy, a second real reverse proxy, run from `proxy/haproxy.cfg`.
pub(crate) const HAPROXY: Tool = Tool {
    name: "haproxy",
    package: "haproxy",
    variable: "HAPROXY",
    places: &["haproxy", "/usr/sbin/haproxy"],
    version_args: &["-v"],
};

/// tinyproxy, a forward proxy that closes every client connection after
/// one response.
pub(crate) const TINYPROXY: Tool = Tool {
    name: "tinyproxy",
    package: "tinyproxy",
    variable: "TINYPROXY",
    places: &["tinyproxy", "/usr/bin/tinyproxy", "/usr/sbin/tinyproxy"],
    version_args: &["-v"],
};

/// Squid, the forward proxy of many corporate networks.
pub(crate) const SQUID: Tool = Tool {
    name: "squid",
    package: "squid",
    variable: "SQUID",
    places: &["squid", "/usr/sbin/squid"],
    version_args: &["-v"],
};

/// Every tool any test needs.
pub(crate) const TOOLS: [&Tool; 6] = [
    &CHROMIUM,
    &CHROMEDRIVER,
    &NGINX,
    &HAPROXY,
    &TINYPROXY,
    &SQUID,
];

/// A test target that needs tools.
#[derive(Debug)]
pub(crate) struct Check {
    /// The target, as a reader finds it: `tests/matrix_page`.
    pub(crate) target: &'static str,
    /// What it checks, for the notice.
    pub(crate) what: &'static str,
    /// Every tool it needs.
    pub(crate) tools: &'static [&'static Tool],
}

/// The matrix page, rendered and worked in headless Chromium.
pub(crate) const MATRIX_PAGE: Check = Check {
    target: "tests/matrix_page",
    what: "the matrix page in a real browser",
    tools: &[&CHROMIUM, &CHROMEDRIVER],
};

/// The whole suite through a real nginx.
pub(crate) const PROXY_NGINX: Check = Check {
    target: "tests/proxy_nginx",
    what: "the suite through a real nginx",
    tools: &[&NGINX],
};

/// The whole suite through a real HAProxy.
pub(crate) const PROXY_HAPROXY: Check = Check {
    target: "tests/proxy_haproxy",
    what: "the suite through a real HAProxy",
    tools: &[&HAPROXY],
};

/// The suite through tinyproxy as a forward proxy, run and proxy mode.
pub(crate) const FORWARD_TINYPROXY: Check = Check {
    target: "tests/forward_proxies",
    what: "the suite through tinyproxy",
    tools: &[&TINYPROXY],
};

/// The suite through Squid as a forward proxy, run and proxy mode.
pub(crate) const FORWARD_SQUID: Check = Check {
    target: "tests/forward_proxies",
    what: "the suite through Squid",
    tools: &[&SQUID],
};

/// Every check that needs tools: the closing notice goes through these.
pub(crate) const CHECKS: [&Check; 5] = [
    &MATRIX_PAGE,
    &PROXY_NGINX,
    &PROXY_HAPROXY,
    &FORWARD_TINYPROXY,
    &FORWARD_SQUID,
];

/// What `KMS_CONFORMANCE_REQUIRE` asks for.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Required {
    /// Every tool (`all`).
    All,
    /// The tools named.
    Named(Vec<&'static str>),
}

impl Required {
    /// Parses the variable's value: names separated by commas or spaces;
    /// empty requires nothing. A name no tool has is an error naming the
    /// known ones.
    pub(crate) fn parse(value: &str) -> Result<Self, String> {
        let mut named = Vec::new();
        for name in value
            .split([',', ' '])
            .map(str::trim)
            .filter(|n| !n.is_empty())
        {
            if name == "all" {
                return Ok(Self::All);
            }
            let Some(tool) = TOOLS.iter().find(|t| t.name == name) else {
                let known: Vec<&str> = TOOLS.iter().map(|t| t.name).collect();
                return Err(format!(
                    "{REQUIRE} names {name:?}, which is no tool here; the tools are {} (or all)",
                    known.join(", ")
                ));
            };
            named.push(tool.name);
        }
        Ok(Self::Named(named))
    }

    /// From the environment.
    pub(crate) fn from_env() -> Result<Self, String> {
        Self::parse(&std::env::var(REQUIRE).unwrap_or_default())
    }

    /// Whether `check` may not be skipped: it needs a tool this names.
    pub(crate) fn covers(&self, check: &Check) -> bool {
        match self {
            Self::All => true,
            Self::Named(names) => check.tools.iter().any(|t| names.contains(&t.name)),
        }
    }
}

/// Why a tool is missing when it is nowhere it is looked for.
pub(crate) const NOT_INSTALLED: &str = "not installed";

/// A tool that is not here, and why.
#[derive(Debug)]
pub(crate) struct Missing {
    pub(crate) tool: &'static Tool,
    pub(crate) why: String,
}

impl Tool {
    /// Where it is, if it is here and runs.
    pub(crate) fn find(&'static self) -> Result<PathBuf, Missing> {
        let missing = |why: String| Missing { tool: self, why };
        if let Some(path) = std::env::var_os(self.variable).filter(|p| !p.is_empty()) {
            let path = PathBuf::from(path);
            return self
                .runs(&path)
                .map(|()| path.clone())
                .map_err(|why| missing(format!("{}={} {why}", self.variable, path.display())));
        }
        let Some(path) = self.places.iter().find_map(|place| locate(place)) else {
            return Err(missing(NOT_INSTALLED.to_owned()));
        };
        self.runs(&path)
            .map(|()| path.clone())
            .map_err(|why| missing(format!("{} {why}", path.display())))
    }

    /// Runs it with its version arguments; why that failed.
    fn runs(&self, path: &Path) -> Result<(), String> {
        let status = Command::new(path)
            .args(self.version_args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .map_err(|e| format!("does not run ({e})"))?;
        if status.success() {
            return Ok(());
        }
        let ended = status
            .code()
            .map_or_else(|| "is killed".to_owned(), |code| format!("exits {code}"));
        Err(format!(
            "does not run (`{}` {ended})",
            self.version_args.join(" ")
        ))
    }
}

/// `place` if it names a file: a path as it is, a bare name on `PATH`.
fn locate(place: &str) -> Option<PathBuf> {
    if place.contains('/') {
        let path = PathBuf::from(place);
        return path.is_file().then_some(path);
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(place))
        .find(|p| p.is_file())
}

impl Check {
    /// What is missing of what it needs.
    pub(crate) fn missing(&self) -> Vec<Missing> {
        self.tools.iter().filter_map(|t| t.find().err()).collect()
    }

    /// Where its tools are; or, when one is missing, `None` after saying so
    /// on standard error, for the test to return and check nothing. A
    /// missing tool fails the test instead when `KMS_CONFORMANCE_REQUIRE`
    /// names one of the tools it needs (or `all`).
    pub(crate) fn tools_or_skip(&self) -> Option<Found> {
        assert!(
            CHECKS.iter().any(|c| c.target == self.target),
            "{} is not in CHECKS (tests/support/tools.rs), so the closing notice of cargo test \
             would not name it when it cannot run",
            self.target
        );
        let required = Required::from_env().unwrap_or_else(|e| panic!("{e}"));
        let mut found = Vec::new();
        let mut missing = Vec::new();
        for tool in self.tools {
            match tool.find() {
                Ok(path) => found.push((tool.name, path)),
                Err(m) => missing.push(m),
            }
        }
        if missing.is_empty() {
            return Some(Found(found));
        }
        let reasons = reasons(&missing, true);
        let install = install_command(&missing);
        assert!(
            !required.covers(self),
            "{} cannot check {}: {reasons}. {REQUIRE}={} makes that a failure; `{install}` \
             installs what it needs",
            self.target,
            self.what,
            std::env::var(REQUIRE).unwrap_or_default()
        );
        // Past libtest's capture, which would hide a println! of a test
        // that passes.
        let _ = writeln!(
            std::io::stderr(),
            "SKIP  {}, {}, checks nothing here: {reasons}. `{install}` installs what it needs",
            self.target,
            self.what
        );
        None
    }
}

/// Where a check's tools are.
#[derive(Debug)]
pub(crate) struct Found(Vec<(&'static str, PathBuf)>);

impl Found {
    /// Where `tool` is; the check must list it.
    pub(crate) fn path(&self, tool: &Tool) -> &Path {
        self.0
            .iter()
            .find(|(name, _)| *name == tool.name)
            .map_or_else(
                || panic!("{} is not among the tools the check needs", tool.name),
                |(_, path)| path.as_path(),
            )
    }
}

/// `chromium: not installed; chromedriver: ...`; `hints` adds, to a tool
/// that is not installed, the variable that names another path for it.
fn reasons(missing: &[Missing], hints: bool) -> String {
    missing
        .iter()
        .map(|m| {
            if hints && m.why == NOT_INSTALLED {
                format!(
                    "{}: {} (or set {} to its path)",
                    m.tool.name, m.why, m.tool.variable
                )
            } else {
                format!("{}: {}", m.tool.name, m.why)
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The one command that installs every tool in `missing`.
fn install_command(missing: &[Missing]) -> String {
    let mut packages: Vec<&str> = Vec::new();
    for m in missing {
        if !packages.contains(&m.tool.package) {
            packages.push(m.tool.package);
        }
    }
    format!("apt-get install {}", packages.join(" "))
}

/// The closing notice of `cargo test`: every check that cannot run here,
/// why, and the one command that installs what they need; empty when every
/// check can run. Worked out afresh from the machine, never from an earlier
/// run.
pub(crate) fn notice() -> String {
    notice_of(&Required::from_env(), Check::missing)
}

/// The notice for a requirement and what `missing_of` says each check lacks.
pub(crate) fn notice_of(
    required: &Result<Required, String>,
    missing_of: impl Fn(&Check) -> Vec<Missing>,
) -> String {
    let mut lines = String::new();
    let mut all_missing = Vec::new();
    for check in CHECKS {
        let missing = missing_of(check);
        if missing.is_empty() {
            continue;
        }
        let verdict = match required {
            Ok(r) if r.covers(check) => format!("fails, as {REQUIRE} requires it"),
            _ => "passed without checking anything".to_owned(),
        };
        let _ = writeln!(
            lines,
            "  {} ({}) {verdict}: {}",
            check.target,
            check.what,
            reasons(&missing, false)
        );
        all_missing.extend(missing);
    }
    if let Err(e) = required {
        let _ = writeln!(lines, "  {e}");
    }
    if lines.is_empty() {
        return lines;
    }
    let mut notice = String::from("environment-dependent checks that did not run here:\n");
    notice.push_str(&lines);
    if !all_missing.is_empty() {
        let _ = writeln!(
            notice,
            "  to run them: {}, then cargo test again",
            install_command(&all_missing)
        );
    }
    notice
}
