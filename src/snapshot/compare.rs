//! Field-level differences between two normalised documents.
//!
//! A line diff of two JSON texts buries the one status code that changed
//! among braces; a reader wants `exchanges[0].response.status: 400 → 200`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::LazyLock;

use regex::Regex;
use serde_json::Value;

/// Longest value shown on a difference line, in characters.
const SHOWN: usize = 200;

/// A difference found in at least this many scenarios is listed once, with
/// its count, instead of under each scenario.
const COMMON: usize = 3;

static POSITION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[[0-9]+\]").expect("a valid regex"));

/// One field that differs: where, and its value on each side (`None`: absent).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Difference {
    /// `exchanges[0].response.body.message`
    pub path: String,
    /// The value in the first document (the snapshot, or side A).
    pub left: Option<Value>,
    /// The value in the second document (this run, or side B).
    pub right: Option<Value>,
}

/// Every field where `left` and `right` differ, in document order (object
/// members sorted, array items by position).
#[must_use]
pub(crate) fn differences(left: &Value, right: &Value) -> Vec<Difference> {
    let mut found = Vec::new();
    walk("", Some(left), Some(right), &mut found);
    found
}

fn walk(path: &str, left: Option<&Value>, right: Option<&Value>, found: &mut Vec<Difference>) {
    match (left, right) {
        (Some(Value::Object(l)), Some(Value::Object(r))) => {
            let mut names: Vec<&String> = l.keys().chain(r.keys()).collect();
            names.sort();
            names.dedup();
            for name in names {
                let child = if path.is_empty() {
                    name.clone()
                } else {
                    format!("{path}.{name}")
                };
                walk(&child, l.get(name), r.get(name), found);
            }
        }
        (Some(Value::Array(l)), Some(Value::Array(r))) => {
            for i in 0..l.len().max(r.len()) {
                walk(&format!("{path}[{i}]"), l.get(i), r.get(i), found);
            }
        }
        (l, r) if l == r => {}
        (l, r) => found.push(Difference {
            path: if path.is_empty() { "." } else { path }.to_owned(),
            left: l.cloned(),
            right: r.cloned(),
        }),
    }
}

/// One line per difference, indented: `path: left → right`.
#[must_use]
pub(crate) fn render(differences: &[Difference], indent: &str) -> String {
    let mut text = String::new();
    for d in differences {
        let _ = writeln!(
            text,
            "{indent}{}: {} → {}",
            d.path,
            shown(d.left.as_ref()),
            shown(d.right.as_ref())
        );
    }
    text
}

/// A difference with array positions taken out, so that the same
/// difference in another exchange reads the same:
/// `exchanges[].response.headers.content-type: "a" → "b"`.
fn pattern(d: &Difference) -> String {
    format!(
        "{}: {} → {}",
        POSITION.replace_all(&d.path, "[]"),
        shown(d.left.as_ref()),
        shown(d.right.as_ref())
    )
}

/// Many scenarios' differences: each scenario under its heading with the
/// differences particular to it, then the differences common to several
/// scenarios (a content type, say, that differs in every response), each
/// once with the number of scenarios it was found in.
#[must_use]
pub(crate) fn render_many(items: &[(String, &[Difference])]) -> String {
    let mut scenarios_with: BTreeMap<String, usize> = BTreeMap::new();
    for (_, found) in items {
        let mut patterns: Vec<String> = found.iter().map(pattern).collect();
        patterns.sort();
        patterns.dedup();
        for p in patterns {
            *scenarios_with.entry(p).or_default() += 1;
        }
    }
    let common = |d: &Difference| {
        scenarios_with
            .get(&pattern(d))
            .is_some_and(|n| *n >= COMMON)
    };
    let mut text = String::new();
    for (heading, found) in items {
        let shared = found.iter().filter(|d| common(d)).count();
        let own: Vec<Difference> = found.iter().filter(|d| !common(d)).cloned().collect();
        text.push_str(heading);
        if shared > 0 {
            let _ = write!(text, " (+{shared} common, below)");
        }
        text.push('\n');
        text.push_str(&render(&own, "      "));
    }
    let mut shared: Vec<(&String, &usize)> = scenarios_with
        .iter()
        .filter(|(_, n)| **n >= COMMON)
        .collect();
    if !shared.is_empty() {
        shared.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        text.push_str("common differences:\n");
        for (p, n) in shared {
            let _ = writeln!(text, "      {p} (in {n} scenarios)");
        }
    }
    text
}

/// A value on one line, cut to [`SHOWN`] characters.
fn shown(value: Option<&Value>) -> String {
    let Some(value) = value else {
        return "(absent)".to_owned();
    };
    let text = value.to_string();
    if text.chars().count() <= SHOWN {
        return text;
    }
    let cut: String = text.chars().take(SHOWN).collect();
    format!("{cut}…")
}

#[cfg(test)]
mod tests;
