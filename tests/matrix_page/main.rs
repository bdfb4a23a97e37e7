//! The matrix page as a person sees it: `kms-conformance matrix` writes it,
//! headless Chromium renders it, and the test reads the DOM Chromium made,
//! clicks and types as a person would (see [`webdriver`]), and saves
//! screenshots under `target/reports/matrix-page/`.
//!
//! Chromium and chromedriver are Debian's `chromium` and `chromium-driver`
//! (`.ci/run` installs them). Without them these tests check nothing and
//! say so, and `cargo test` names them at its end; under
//! `KMS_CONFORMANCE_REQUIRE=chromium` (or `chromedriver`, or `all`) they
//! fail instead (`tests/support/tools.rs`).

mod hostile;
#[path = "../support/mod.rs"]
mod support;
mod webdriver;

use std::collections::BTreeMap;
use std::net::TcpListener;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};
use support::tools::{CHROMEDRIVER, CHROMIUM, MATRIX_PAGE};
use support::{StubProcess, assert_exit, run, stderr, temp_dir};
use webdriver::{Browser, ENTER, ESCAPE, Installed, TAB};

/// The browser; `None` (the test then checks nothing) when Chromium or
/// chromedriver is not here and nothing requires them.
fn browser(profile: &Path) -> Option<Browser> {
    let found = MATRIX_PAGE.tools_or_skip()?;
    let installed = Installed {
        chromium: found.path(&CHROMIUM).to_owned(),
        chromedriver: found.path(&CHROMEDRIVER).to_owned(),
    };
    Some(Browser::start(&installed, profile))
}

/// Where screenshots go: `target/reports/matrix-page/`, beside CI's reports.
fn artifacts() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("the target folder")
        .join("reports/matrix-page")
}

fn file_url(path: &Path) -> String {
    format!(
        "file://{}",
        path.canonicalize().expect("the page exists").display()
    )
}

/// A loopback port nothing listens on.
fn closed_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

/// The expectations of the target `dev`: one real failure listed (xfail),
/// one passing scenario listed as failing (xpass), one listed as flaky.
const DEV_EXPECTATIONS: &str = r#"
implementation = "deviant stub"
[[expected]]
scenario = "A key pending deletion cannot be untagged"
outcome = "fail"
reason = "the deviant stub does not check key states"
issue = "https://example.com/issues/1"
[[expected]]
scenario = "A key pending deletion cannot be untagged through its key ARN either"
outcome = "fail"
reason = "the deviant stub does not check key states"
[[expected]]
scenario = "An enabled key can be untagged"
outcome = "fail"
reason = "listed by mistake: it passes"
[[expected]]
scenario = "A disabled key can be untagged"
outcome = "flaky"
reason = "listed as flaky for this test"
"#;

/// Verdict counts per results file, read straight from the JSON: the
/// oracle the page is checked against. A target's results without a
/// scenario some other target ran show it as not run.
fn expected_counts(files: &[PathBuf]) -> Vec<BTreeMap<String, usize>> {
    let results: Vec<Value> = files
        .iter()
        .map(|f| {
            serde_json::from_str(&std::fs::read_to_string(f).expect("readable")).expect("JSON")
        })
        .collect();
    let mut names = std::collections::BTreeSet::new();
    for file in &results {
        for scenario in file["scenarios"].as_array().expect("scenarios") {
            names.insert(scenario["name"].as_str().expect("a name").to_owned());
        }
    }
    results
        .iter()
        .map(|file| {
            let scenarios = file["scenarios"].as_array().expect("scenarios");
            let mut counts = BTreeMap::new();
            for scenario in scenarios {
                *counts
                    .entry(scenario["verdict"].as_str().expect("a verdict").to_owned())
                    .or_default() += 1;
            }
            let missing = names.len() - scenarios.len();
            if missing > 0 {
                *counts.entry("not-run".to_owned()).or_default() += missing;
            }
            counts
        })
        .collect()
}

/// Verdict counts per column, as the page's cells show them.
fn page_counts(browser: &Browser, columns: usize) -> Vec<BTreeMap<String, usize>> {
    let cells = browser.script(
        "return Array.from(document.querySelectorAll('#matrix tr.scenario')).map(tr => \
         Array.from(tr.querySelectorAll('td.cell')).map(td => [td.dataset.verdict, td.innerText.trim()]));",
    );
    let mut counts = vec![BTreeMap::new(); columns];
    for row in cells.as_array().expect("rows") {
        let row = row.as_array().expect("cells");
        assert_eq!(row.len(), columns, "a cell per target in every row");
        for (column, cell) in row.iter().enumerate() {
            let verdict = cell[0].as_str().expect("a verdict").to_owned();
            let word = verdict.replace('-', " ");
            let text = cell[1].as_str().expect("text");
            assert!(
                text.ends_with(&word),
                "a cell says its verdict in words, not only in colour: {text:?} for {verdict}"
            );
            *counts[column].entry(verdict).or_default() += 1;
        }
    }
    counts
}

/// The rows a filter leaves visible, and what the status line says.
fn visible_rows(browser: &Browser) -> (Vec<usize>, String) {
    let rows = browser.script(
        "return Array.from(document.querySelectorAll('#matrix tr.scenario'))\
         .filter(tr => tr.offsetParent !== null).map(tr => Number(tr.dataset.row));",
    );
    let rows = rows
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| usize::try_from(r.as_u64().expect("an index")).expect("small"))
        .collect();
    let status = browser.text(&browser.find("#shown"));
    (rows, status)
}

/// Picks `value` in the `<select>` `id` by clicking its option.
fn choose(browser: &Browser, id: &str, value: &str) {
    browser.click(&browser.find(&format!("#{id} option[value=\"{value}\"]")));
}

#[test]
fn the_page_shows_the_results_files_and_a_failing_cells_trace_and_filters_rows() {
    let dir = temp_dir("matrix-page");
    let Some(browser) = browser(&dir.join("profile")) else {
        return;
    };
    // Arrange: a faithful stub, a deviant one, and one nothing answers for.
    let deviant = StubProcess::start(&[
        "--deviation",
        "no-state-check",
        "--deviation",
        "success-body-empty-object",
    ]);
    let expectations = dir.join("expectations");
    std::fs::create_dir_all(&expectations).expect("a folder");
    std::fs::write(expectations.join("dev.toml"), DEV_EXPECTATIONS).expect("written");
    let out = dir.join("out");
    let output = run(&[
        "matrix",
        "--target",
        "ref=stub",
        "--target",
        &format!("dev={}", deviant.endpoint),
        "--target",
        &format!("gone=http://127.0.0.1:{}", closed_port()),
        "--expectations-dir",
        expectations.to_str().expect("utf-8"),
        "--out",
        out.to_str().expect("utf-8"),
    ]);
    assert_exit(&output, 2);
    assert!(
        stderr(&output).contains("target gone: cannot reach"),
        "{}",
        stderr(&output)
    );
    let files: Vec<PathBuf> = ["ref", "dev", "gone"]
        .iter()
        .map(|name| out.join(format!("{name}.results.json")))
        .collect();
    let expected = expected_counts(&files);
    for verdict in [
        "pass", "lenient", "fail", "xfail", "xpass", "flaky", "skip", "not-run",
    ] {
        assert!(
            expected.iter().any(|c| c.contains_key(verdict)),
            "the runs give every verdict, {verdict} too: {expected:?}"
        );
    }

    // Act and assert: the cells are the results files' verdicts.
    browser.open(&file_url(&out.join("matrix.html")));
    assert_eq!(page_counts(&browser, 3), expected);
    let summary = browser.script(
        "return Array.from(document.querySelectorAll('#summary tbody tr')).map(tr => \
         Object.fromEntries(Array.from(tr.querySelectorAll('li[data-verdict]'))\
         .map(li => [li.dataset.verdict, Number(li.dataset.count)])));",
    );
    let summary: Vec<BTreeMap<String, usize>> =
        serde_json::from_value(summary).expect("counts per target");
    assert_eq!(summary, expected, "the summary at the top counts the same");
    assert_eq!(
        browser.script("return performance.getEntriesByType('resource').length;"),
        json!(0),
        "the page fetches nothing"
    );
    browser.screenshot(&artifacts().join("matrix.png"));
    one_deviation_shows_the_scenarios_it_fails(&browser);

    let dev: Value =
        serde_json::from_str(&std::fs::read_to_string(&files[1]).expect("readable")).expect("JSON");
    let dialog = a_failing_cell_shows_its_trace(&browser, &dev, &deviant.endpoint);
    the_keyboard_moves_between_cells(&browser, &dialog);
    the_filters_hide_and_show_rows(&browser, &expected, &dev);
}

/// The dev target's known deviation is listed once, with both scenarios
/// its expectations give it.
fn one_deviation_shows_the_scenarios_it_fails(browser: &Browser) {
    let rows = browser.script(
        "return Array.from(document.querySelectorAll('table.deviations[data-target=\"dev\"] tbody tr'))\
         .map(tr => [Number(tr.dataset.count), tr.querySelector('.reason').innerText.trim(), \
         Array.from(tr.querySelectorAll('li')).map(li => li.textContent)]);",
    );
    assert_eq!(
        rows,
        json!([[
            2,
            "the deviant stub does not check key states",
            [
                "A key pending deletion cannot be untagged",
                "A key pending deletion cannot be untagged through its key ARN either"
            ]
        ]]),
        "one deviation, the two scenarios it fails"
    );
}

/// A click on a failing cell shows its step, its reason and its exchanges;
/// the dialog, left open.
fn a_failing_cell_shows_its_trace(browser: &Browser, dev: &Value, endpoint: &str) -> String {
    let failing = dev["scenarios"]
        .as_array()
        .expect("scenarios")
        .iter()
        .find(|s| s["verdict"] == "fail")
        .expect("a failure");
    let button = browser.find("#matrix tr.scenario td.cell[data-verdict='fail'] button");
    browser.click(&button);
    let dialog = browser.find("#detail");
    assert!(browser.displayed(&dialog), "the cell's dialog opens");
    let text = browser.text(&dialog);
    let name = failing["name"].as_str().expect("a name");
    assert!(text.contains(&format!("{name} — dev")), "{text}");
    assert!(text.contains("Failing step"), "{text}");
    assert!(
        text.contains(failing["failure"]["step"].as_str().expect("a step")),
        "{text}"
    );
    let message = failing["failure"]["message"].as_str().expect("a message");
    assert!(
        text.contains(message.lines().next().expect("a line")),
        "{text}"
    );
    let exchanges = failing["exchanges"].as_array().expect("exchanges").len();
    assert!(exchanges > 0);
    assert!(
        text.contains(&format!("HTTP exchanges ({exchanges})")),
        "{text}"
    );
    assert!(text.contains(&format!("> POST {endpoint}/")), "{text}");
    assert!(
        text.contains("Credential=<redacted>/"),
        "the trace is the redacted one: {text}"
    );
    browser.screenshot(&artifacts().join("matrix-cell.png"));
    dialog
}

/// By keyboard: Escape closes it and gives the focus back to the cell;
/// Tab reaches the next cell, Enter opens it.
fn the_keyboard_moves_between_cells(browser: &Browser, dialog: &str) {
    browser.press(&ESCAPE.to_string());
    assert!(!browser.displayed(dialog), "Escape closes the dialog");
    assert_eq!(
        browser.script("return document.activeElement.closest('td.cell') !== null && document.activeElement.dataset.col;"),
        json!("1"),
        "the focus is back on the cell"
    );
    browser.press(&format!("{TAB}{ENTER}"));
    assert!(
        browser.displayed(dialog),
        "Tab then Enter opens the next cell"
    );
    assert!(
        browser.text(dialog).contains(" — gone"),
        "{}",
        browser.text(dialog)
    );
    assert!(
        browser.text(dialog).contains("Why it did not run"),
        "{}",
        browser.text(dialog)
    );
    browser.press(&ESCAPE.to_string());
}

/// The filters hide and show rows.
fn the_filters_hide_and_show_rows(
    browser: &Browser,
    expected: &[BTreeMap<String, usize>],
    dev: &Value,
) {
    let (all, status) = visible_rows(browser);
    assert_eq!(
        status,
        format!("Showing {} of {} scenarios.", all.len(), all.len())
    );
    choose(browser, "filter-verdict", "fail");
    let (rows, status) = visible_rows(browser);
    let failing_rows = expected[1]["fail"];
    assert_eq!(
        rows.len(),
        failing_rows,
        "only rows with a failure: {status}"
    );
    assert_eq!(
        status,
        format!("Showing {failing_rows} of {} scenarios.", all.len())
    );
    choose(browser, "filter-target", "0");
    assert!(
        visible_rows(browser).0.is_empty(),
        "the faithful stub fails nothing"
    );
    choose(browser, "filter-verdict", "");
    choose(browser, "filter-target", "");
    choose(browser, "filter-evidence", "rec");
    let rec = dev["scenarios"]
        .as_array()
        .expect("scenarios")
        .iter()
        .filter(|s| s["evidence"] == "rec")
        .count();
    assert_eq!(visible_rows(browser).0.len(), rec, "only REC scenarios");
    // A feature after the first that has REC scenarios, numbered as the
    // page numbers features: in the order the results first name them.
    let mut features: Vec<&str> = Vec::new();
    for scenario in dev["scenarios"].as_array().expect("scenarios") {
        let feature = scenario["feature"].as_str().expect("a feature");
        if !features.contains(&feature) {
            features.push(feature);
        }
    }
    let rec_in = |feature: &str| {
        dev["scenarios"]
            .as_array()
            .expect("scenarios")
            .iter()
            .filter(|s| s["feature"] == feature && s["evidence"] == "rec")
            .count()
    };
    let (index, feature) = features
        .iter()
        .enumerate()
        .skip(1)
        .find(|(_, f)| rec_in(f) > 0)
        .expect("a feature after the first with REC scenarios");
    choose(browser, "filter-feature", &index.to_string());
    let (rows, _) = visible_rows(browser);
    assert!(
        rows.len() == rec_in(feature) && rows.len() < rec,
        "REC scenarios of one feature: {rows:?}"
    );
    let feature_row = browser.find("#matrix tbody[data-feature='0'] tr.feature");
    assert!(
        !browser.displayed(&feature_row),
        "another feature's heading is hidden"
    );
    browser.click(&browser.find("#filters button[type='reset']"));
    assert_eq!(
        visible_rows(browser).0,
        all,
        "Show all shows every row again"
    );
    assert!(browser.displayed(&feature_row));
}
