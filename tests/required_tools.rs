//! The gate of the tests that need a tool from the machine
//! (`tests/support/tools.rs`): what `KMS_CONFORMANCE_REQUIRE` requires, when
//! a tool counts as here, and the notice that closes `cargo test` where
//! some cannot run.

mod support;

use support::tools::{
    CHECKS, Check, MATRIX_PAGE, Missing, NGINX, NOT_INSTALLED, PROXY_NGINX, Required, TOOLS, Tool,
    notice_of,
};

fn missing(tool: &'static Tool) -> Missing {
    Missing {
        tool,
        why: NOT_INSTALLED.to_owned(),
    }
}

/// What a machine with only Rust lacks: everything.
fn bare_machine(check: &Check) -> Vec<Missing> {
    check.tools.iter().map(|t| missing(t)).collect()
}

#[test]
fn the_requirement_names_tools_or_all_and_nothing_else() {
    assert_eq!(Required::parse(""), Ok(Required::Named(vec![])));
    assert_eq!(
        Required::parse("chromium, nginx"),
        Ok(Required::Named(vec!["chromium", "nginx"]))
    );
    assert_eq!(Required::parse("nginx all"), Ok(Required::All));
    let typo = Required::parse("chromium,chrome").expect_err("chrome is no tool");
    assert!(
        typo.contains("\"chrome\"")
            && typo.contains("chromium, chromedriver, nginx, haproxy, tinyproxy, squid"),
        "{typo}"
    );
}

#[test]
fn naming_any_tool_a_check_needs_requires_the_check() {
    let chromium = Required::parse("chromium").expect("a tool");
    assert!(chromium.covers(&MATRIX_PAGE));
    assert!(!chromium.covers(&PROXY_NGINX));
    assert!(
        Required::parse("chromedriver")
            .expect("a tool")
            .covers(&MATRIX_PAGE)
    );
    assert!(Required::All.covers(&PROXY_NGINX));
    assert!(!Required::Named(vec![]).covers(&MATRIX_PAGE));
}

#[test]
fn every_tool_is_needed_by_a_check_and_has_a_package_and_a_variable_of_its_own() {
    for tool in TOOLS {
        assert!(
            CHECKS
                .iter()
                .any(|c| c.tools.iter().any(|t| t.name == tool.name)),
            "{} is needed by no check",
            tool.name
        );
        assert!(!tool.package.is_empty() && !tool.places.is_empty());
        assert_eq!(
            TOOLS.iter().filter(|t| t.variable == tool.variable).count(),
            1,
            "{}",
            tool.variable
        );
    }
}

#[test]
fn on_a_bare_machine_the_notice_names_each_check_and_one_command_that_installs_everything() {
    let notice = notice_of(&Ok(Required::Named(vec![])), bare_machine);
    let lines: Vec<&str> = notice.lines().collect();
    assert_eq!(lines.len(), 7, "{notice}");
    assert_eq!(
        lines[0],
        "environment-dependent checks that did not run here:"
    );
    assert_eq!(
        lines[1],
        "  tests/matrix_page (the matrix page in a real browser) passed without checking anything: \
         chromium: not installed; chromedriver: not installed"
    );
    assert_eq!(
        lines[2],
        "  tests/proxy_nginx (the suite through a real nginx) passed without checking anything: \
         nginx: not installed"
    );
    assert_eq!(
        lines[3],
        "  tests/proxy_haproxy (the suite through a real HAProxy) passed without checking \
         anything: haproxy: not installed"
    );
    assert_eq!(
        lines[4],
        "  tests/forward_proxies (the suite through tinyproxy) passed without checking anything: \
         tinyproxy: not installed"
    );
    assert_eq!(
        lines[5],
        "  tests/forward_proxies (the suite through Squid) passed without checking anything: \
         squid: not installed"
    );
    assert_eq!(
        lines[6],
        "  to run them: apt-get install chromium chromium-driver nginx-light haproxy tinyproxy \
         squid, then cargo test again"
    );
}

#[test]
fn a_required_check_that_cannot_run_is_called_a_failure_not_a_skip() {
    let only_nginx_missing = |check: &Check| {
        if check.target == PROXY_NGINX.target {
            vec![missing(&NGINX)]
        } else {
            vec![]
        }
    };
    let notice = notice_of(&Ok(Required::All), only_nginx_missing);
    assert!(
        notice.contains("tests/proxy_nginx (the suite through a real nginx) fails, as KMS_CONFORMANCE_REQUIRE requires it: nginx"),
        "{notice}"
    );
    assert!(!notice.contains("matrix_page"), "{notice}");
    assert!(
        notice.ends_with("  to run them: apt-get install nginx-light, then cargo test again\n"),
        "{notice}"
    );
}

#[test]
fn where_everything_can_run_there_is_no_notice_and_a_bad_requirement_is_still_told() {
    assert_eq!(notice_of(&Ok(Required::All), |_| vec![]), "");
    let bad = Required::parse("chrome").map(|_| ());
    let notice = notice_of(&bad.map(|()| Required::All), |_| vec![]);
    assert!(
        notice.contains("names \"chrome\", which is no tool"),
        "{notice}"
    );
}

#[test]
fn a_tool_is_here_only_when_it_runs() {
    static RUNS: Tool = Tool {
        name: "sh",
        package: "dash",
        variable: "KMS_CONFORMANCE_TEST_SH",
        places: &["sh"],
        version_args: &["-c", "exit 0"],
    };
    static BROKEN: Tool = Tool {
        name: "sh",
        package: "dash",
        variable: "KMS_CONFORMANCE_TEST_BROKEN_SH",
        places: &["sh"],
        version_args: &["-c", "exit 127"],
    };
    static ABSENT: Tool = Tool {
        name: "absent",
        package: "absent",
        variable: "KMS_CONFORMANCE_TEST_ABSENT",
        places: &["kms-conformance-no-such-tool", "/nonexistent/tool"],
        version_args: &["--version"],
    };
    let found = RUNS.find().expect("sh runs");
    assert!(
        found.ends_with("sh") && found.is_file(),
        "{}",
        found.display()
    );
    let broken = BROKEN.find().expect_err("it exits 127");
    assert!(
        broken
            .why
            .ends_with("does not run (`-c exit 127` exits 127)"),
        "{}",
        broken.why
    );
    let absent = ABSENT.find().expect_err("nowhere");
    assert_eq!(absent.why, NOT_INSTALLED);
}
