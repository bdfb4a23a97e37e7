//! `docs/contract.md` as the tests read it: which rows it defines, in which
//! section each sits, and which sections it has.

#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use regex::Regex;

/// Where the contract lives in the source tree.
pub(crate) const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/contract.md");

/// The section whose rows describe emulators, not AWS: no scenario cites them.
pub(crate) const DEVIATIONS: u32 = 5;

/// A section heading: `## §3 Key states`.
static SECTION: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^## §(\d+) ").expect("regex"));

/// A row's first cell: `| <a id="row-41"></a>row 41 |`.
static ROW: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"^\| <a id="row-(\d+)"></a>row (\d+) \|"#).expect("regex"));

/// An operation a recording was made on, in a mark: `on DescribeKey`.
static RECORDED_ON: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\bon `?([A-Z][A-Za-z]+)`?").expect("regex"));

/// The rows and sections of the contract.
#[derive(Debug)]
pub(crate) struct Contract {
    /// Row number → the section it is defined in.
    pub rows: BTreeMap<u32, u32>,
    /// Every `§N` heading.
    pub sections: BTreeSet<u32>,
    /// Rows defined more than once.
    pub duplicates: Vec<u32>,
    /// Row cells whose anchor and visible number disagree.
    pub mismatched: Vec<String>,
    /// Rows defined before any section heading.
    pub outside_sections: Vec<u32>,
    /// Row number → the operations its evidence mark says a recording was
    /// made on (`REC (on DescribeKey)`), when it names any.
    pub recorded_on: BTreeMap<u32, Vec<String>>,
}

impl Contract {
    /// Whether `row` is a row of the contract.
    pub(crate) fn has_row(&self, row: u32) -> bool {
        self.rows.contains_key(&row)
    }

    /// Whether `section` is a section of the contract.
    pub(crate) fn has_section(&self, section: u32) -> bool {
        self.sections.contains(&section)
    }
}

/// Reads and parses `docs/contract.md`.
pub(crate) fn load() -> Contract {
    let text = std::fs::read_to_string(PATH).unwrap_or_else(|e| panic!("{PATH}: {e}"));
    parse(&text)
}

/// Parses the contract's text.
pub(crate) fn parse(text: &str) -> Contract {
    let mut contract = Contract {
        rows: BTreeMap::new(),
        sections: BTreeSet::new(),
        duplicates: Vec::new(),
        mismatched: Vec::new(),
        outside_sections: Vec::new(),
        recorded_on: BTreeMap::new(),
    };
    let mut section = None;
    for line in text.lines() {
        if let Some(c) = SECTION.captures(line) {
            let number = c[1].parse().expect("digits");
            contract.sections.insert(number);
            section = Some(number);
        }
        let Some(c) = ROW.captures(line) else {
            continue;
        };
        let (anchor, shown): (u32, u32) =
            (c[1].parse().expect("digits"), c[2].parse().expect("digits"));
        if anchor != shown {
            contract.mismatched.push(c[0].to_owned());
        }
        let Some(section) = section else {
            contract.outside_sections.push(anchor);
            continue;
        };
        if contract.rows.insert(anchor, section).is_some() {
            contract.duplicates.push(anchor);
        }
        // The mark is the cell before the sources, the last one.
        let cells: Vec<&str> = line.trim_end_matches('|').split('|').collect();
        if let Some(mark) = cells.len().checked_sub(2).and_then(|i| cells.get(i))
            && mark.contains("REC")
        {
            let operations: Vec<String> = RECORDED_ON
                .captures_iter(mark)
                .map(|c| c[1].to_owned())
                .collect();
            if !operations.is_empty() {
                contract.recorded_on.insert(anchor, operations);
            }
        }
    }
    contract
}
