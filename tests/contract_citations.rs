//! Every citation of the contract points at something `docs/contract.md`
//! has: a row number written in prose ("contract row 17", "rows 17 to 22"),
//! in a test name (`rows_25_to_31_...`), as a link (`#row-41`) or as a
//! scenario tag (`@contract.27`), and a section (`§3`). Nothing cites the
//! shared folder the contract was copied from, which a clone does not have.
//! And the contract's own numbering has no gap and no duplicate.

// The contract's parser the scenarios' lint in the library's unit tests uses too.
#[path = "../src/suite/tests/features_lint/contract_rows.rs"]
mod contract;

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;

/// What is scanned, relative to the crate root.
const SCANNED: [&str; 7] = [
    "src",
    "tests",
    "benches",
    "features",
    "expectations",
    "docs",
    "README.md",
];

/// `row 17`, `rows 3, 4 and 12`, `rows 17 to 22`, `row_17`, `rows_14_and_15`.
static ROW_CITATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\brows?[ _](\d+)((?:(?:,\s*|,?\s+and\s+|\s+to\s+|\s+or\s+|_and_|_to_)\d+)*)")
        .expect("regex")
});

/// One number of a citation and the separator before it.
static NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(\s+to\s+|_to_)?(\d+)").expect("regex"));

/// A link to a row's anchor: `#row-41`.
static ROW_LINK: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"#row-(\d+)\b").expect("regex"));

/// A scenario's citation: `@contract.27`.
static TAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"@contract\.(\w+)").expect("regex"));

/// A section: `§3`.
static SECTION: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"§\s*(\d+)").expect("regex"));

/// The old way of citing: the word "spec" before a row or a section.
static SPEC_CITATION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bspec(?:'s)?\s+(?:rows?\b|§)").expect("regex"));

/// The shared folder, spelled so that this file does not cite it.
const SHARED: &str = concat!("..", "/shared");

/// A citation that does not resolve, with where it is.
fn problem(path: &Path, line: usize, what: &str) -> String {
    format!("{}:{}: {what}", path.display(), line + 1)
}

/// Every row number `citation` names; `17 to 22` names every row between.
fn cited_rows(citation: &str) -> Vec<u32> {
    let mut rows: Vec<u32> = Vec::new();
    for c in NUMBER.captures_iter(citation) {
        let n: u32 = c[2].parse().unwrap_or(u32::MAX);
        match (c.get(1), rows.last()) {
            (Some(_), Some(&from)) if from < n => rows.extend(from + 1..=n),
            _ => rows.push(n),
        }
    }
    rows
}

/// What in `text` (from `path`) does not resolve against `contract`.
fn unresolved(contract: &contract::Contract, path: &Path, text: &str) -> Vec<String> {
    let mut problems = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.contains(SHARED) {
            problems.push(problem(
                path,
                i,
                "cites the shared folder; cite docs/contract.md",
            ));
        }
        if let Some(m) = SPEC_CITATION.find(line) {
            problems.push(problem(
                path,
                i,
                &format!(
                    "{:?}: cite it as \"contract row N\" or \"contract §N\"",
                    m.as_str()
                ),
            ));
        }
        for m in ROW_CITATION.find_iter(line) {
            for row in cited_rows(m.as_str()) {
                if !contract.has_row(row) {
                    let what = format!("{:?} cites row {row}, not in docs/contract.md", m.as_str());
                    problems.push(problem(path, i, &what));
                }
            }
        }
        for c in ROW_LINK.captures_iter(line).chain(TAG.captures_iter(line)) {
            if !c[1].parse().is_ok_and(|row| contract.has_row(row)) {
                problems.push(problem(path, i, &format!("{:?}: no such row", &c[0])));
            }
        }
        for c in SECTION.captures_iter(line) {
            if !c[1].parse().is_ok_and(|s| contract.has_section(s)) {
                problems.push(problem(path, i, &format!("{:?}: no such section", &c[0])));
            }
        }
    }
    problems
}

/// Every file under `path` (or `path` itself), in a stable order.
fn files(path: &Path) -> Vec<PathBuf> {
    if path.is_file() {
        return vec![path.to_owned()];
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .map(|entry| entry.expect("directory entry").path())
        .collect();
    entries.sort();
    entries.iter().flat_map(|p| files(p)).collect()
}

#[test]
fn every_citation_names_a_row_or_section_the_contract_has() {
    let contract = contract::load();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut problems = Vec::new();
    let mut scanned = 0;
    for top in SCANNED {
        for path in files(&root.join(top)) {
            // Snapshots and other binary files are not prose.
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            scanned += 1;
            let shown = path.strip_prefix(root).unwrap_or(&path);
            problems.extend(unresolved(&contract, shown, &text));
        }
    }
    assert!(scanned > 50, "scanned only {scanned} files");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_contract_numbers_its_rows_once_each_without_gaps() {
    let contract = contract::load();
    assert!(
        contract.duplicates.is_empty(),
        "rows defined twice: {:?}",
        contract.duplicates
    );
    assert!(
        contract.mismatched.is_empty(),
        "anchor and number differ: {:?}",
        contract.mismatched
    );
    assert!(
        contract.outside_sections.is_empty(),
        "rows before any § heading: {:?}",
        contract.outside_sections
    );
    let last = contract.rows.keys().max().copied().unwrap_or(0);
    let missing: Vec<u32> = (1..=last).filter(|r| !contract.has_row(*r)).collect();
    assert!(missing.is_empty(), "rows missing below {last}: {missing:?}");
    assert_eq!(contract.sections, (1..=8).collect(), "sections §1 to §8");
}

#[test]
fn rows_1_to_35_keep_their_place_in_the_behaviour_table() {
    // Code and tests cited these numbers before the contract came into the
    // repository; they must still mean the same cases of §2.
    let contract = contract::load();
    for row in 1..=35 {
        assert_eq!(contract.rows.get(&row), Some(&2), "row {row} is not in §2");
    }
}

#[test]
fn the_scanner_catches_what_it_is_for() {
    let contract = contract::parse(
        "## §2 Table\n\
         | <a id=\"row-1\"></a>row 1 | a |\n\
         | <a id=\"row-2\"></a>row 2 | b |\n\
         | <a id=\"row-3\"></a>row 3 | c |\n",
    );
    let path = Path::new("x.rs");
    let found = |text: &str| unresolved(&contract, path, text);
    for good in [
        "contract row 1",
        "contract rows 1 to 3",
        "rows 1, 2 and 3",
        "fn rows_1_to_3_work()",
        "fn row_2_works()",
        "see [row 3](#row-3)",
        "@doc @contract.2",
        "contract §2",
        "an example row, a tag row",
    ] {
        assert_eq!(found(good), Vec::<String>::new(), "{good}");
    }
    // Built with concat! where written out whole they would fail the scan of
    // this very file.
    for bad in [
        "contract row 4",
        "rows 2 to 4",
        "rows 1, 2 and 4",
        "fn rows_3_and_4()",
        "[here](#row-9)",
        "@contract.9",
        concat!("@contract", ".x"),
        "contract §5",
        concat!("spec", " row 1"),
        concat!("the spec", " §2"),
        concat!("see ..", "/shared/spec/untag-resource.md"),
    ] {
        assert!(!found(bad).is_empty(), "{bad} passed");
    }
}
