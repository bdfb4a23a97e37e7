//! The README and the pages of `docs/` point at things that exist: every
//! relative link at a file (and, with `#anchor`, at a heading or an
//! `<a id>` of it), every path of the repository written in code font at a
//! file or folder, and every entry of the README's Layout at what it
//! describes. Files move (a module split, a page renamed); a link that
//! silently leads nowhere is a claim that is no longer true.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;

/// `[text](target)`, and `[label]: target` at the start of a line.
static LINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\[[^\]]*\]\(([^)\s]+)\)|(?m)^\[[^\]]+\]:\s*(\S+)").expect("regex")
});

/// A code span.
static CODE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"`([^`\n]+)`").expect("regex"));

/// An explicit anchor: `<a id="row-3">` or `<a name="...">`.
static ANCHOR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"<a (?:id|name)="([^"]+)""#).expect("regex"));

/// A link in a heading, whose text is what the heading's anchor is made of.
static HEADING_LINK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[([^\]]*)\]\([^)]*\)").expect("regex"));

/// The folders of the repository whose paths the text names in code font.
const TOP_LEVEL: [&str; 11] = [
    "src/",
    "tests/",
    "docs/",
    "features/",
    "expectations/",
    "scripts/",
    "benches/",
    "snapshots/",
    "proxy/",
    ".ci/",
    ".github/",
];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// README.md and every page of docs/.
fn pages() -> Vec<PathBuf> {
    let mut pages = vec![root().join("README.md")];
    for entry in std::fs::read_dir(root().join("docs")).expect("docs/") {
        let path = entry.expect("an entry").path();
        if path.extension().is_some_and(|e| e == "md") {
            pages.push(path);
        }
    }
    pages.sort();
    pages
}

/// `text` without its fenced code blocks, line numbers kept.
fn prose(text: &str) -> String {
    let mut fenced = false;
    let mut kept = String::new();
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            kept.push('\n');
            continue;
        }
        if !fenced {
            kept.push_str(line);
        }
        kept.push('\n');
    }
    kept
}

/// The anchor GitHub gives a heading: lower case, punctuation but `-` and
/// `_` dropped, spaces as `-`.
fn slug(heading: &str) -> String {
    let text = HEADING_LINK.replace_all(heading, "$1");
    text.trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// Every anchor of a Markdown file: its headings' (a repeated one numbered
/// as GitHub numbers it) and its explicit ones.
fn anchors(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for line in prose(text).lines() {
        if let Some(heading) = line.strip_prefix('#') {
            let base = slug(heading.trim_start_matches('#'));
            let mut anchor = base.clone();
            let mut n = 0;
            while found.contains(&anchor) {
                n += 1;
                anchor = format!("{base}-{n}");
            }
            found.insert(anchor);
        }
    }
    found.extend(ANCHOR.captures_iter(text).map(|c| c[1].to_owned()));
    found
}

/// What in `page` does not resolve, one line each.
fn broken_links(page: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(page).expect("readable");
    let name = page
        .strip_prefix(root())
        .unwrap_or(page)
        .display()
        .to_string();
    // Code spans are not links; their text is kept, so `[`x`](y)` still is one.
    let prose = CODE.replace_all(&prose(&text), "code").into_owned();
    let mut broken = Vec::new();
    for (number, line) in prose.lines().enumerate() {
        for captures in LINK.captures_iter(line) {
            let target = captures
                .get(1)
                .or_else(|| captures.get(2))
                .expect("a target");
            let target = target.as_str();
            if target.contains("://") || target.starts_with("mailto:") {
                continue;
            }
            let (path, anchor) = target.split_once('#').unwrap_or((target, ""));
            let file = if path.is_empty() {
                page.to_path_buf()
            } else {
                page.parent().expect("a folder").join(path)
            };
            let at = format!("{name}:{}: {target}", number + 1);
            if !file.exists() {
                broken.push(format!("{at}: no such file"));
            } else if !anchor.is_empty()
                && file.extension().is_some_and(|e| e == "md")
                && !anchors(&std::fs::read_to_string(&file).expect("readable")).contains(anchor)
            {
                broken.push(format!("{at}: no such heading or anchor"));
            }
        }
    }
    broken
}

/// The repository paths `page` names in code font that do not exist.
fn missing_paths(page: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(page).expect("readable");
    let name = page
        .strip_prefix(root())
        .unwrap_or(page)
        .display()
        .to_string();
    let mut missing = Vec::new();
    for (number, line) in prose(&text).lines().enumerate() {
        for captures in CODE.captures_iter(line) {
            let whole = captures.get(0).expect("a span");
            // The text of a link names what the link leads to, which may
            // be another repository's file.
            if line[..whole.start()].ends_with('[') {
                continue;
            }
            let span = &captures[1];
            let path = span.split_once('#').map_or(span, |(path, _)| path);
            let is_path = TOP_LEVEL.iter().any(|dir| path.starts_with(dir))
                && !path.contains(|c: char| c.is_whitespace() || "<>*{}…".contains(c))
                && !path.contains("...");
            if is_path && !root().join(path).exists() {
                missing.push(format!("{name}:{}: `{span}`", number + 1));
            }
        }
    }
    missing
}

/// Every entry of the README's Layout: `docs/`, `features/`, and the
/// modules of `src/` indented under it.
fn layout_entries() -> Vec<String> {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    let layout = readme
        .split("\n## Layout\n")
        .nth(1)
        .expect("a Layout section");
    let block = layout
        .split("```")
        .nth(1)
        .expect("a code block in the Layout section");
    let mut entries = Vec::new();
    for line in block.lines() {
        let (indented, entry) = match line.strip_prefix("  ") {
            Some(rest) if !rest.starts_with(' ') => (true, rest),
            _ => (false, line),
        };
        let Some(first) = entry.split_whitespace().next() else {
            continue;
        };
        if line.starts_with("   ") || !(first.contains('/') || first.contains('.')) {
            continue;
        }
        entries.push(if indented {
            format!("src/{first}")
        } else {
            first.to_owned()
        });
    }
    entries
}

#[test]
fn every_relative_link_leads_to_a_file_and_its_anchor() {
    let broken: Vec<String> = pages().iter().flat_map(|p| broken_links(p)).collect();
    assert!(
        broken.is_empty(),
        "links that lead nowhere:\n{}",
        broken.join("\n")
    );
}

#[test]
fn every_path_in_code_font_exists() {
    let missing: Vec<String> = pages().iter().flat_map(|p| missing_paths(p)).collect();
    assert!(
        missing.is_empty(),
        "paths that do not exist:\n{}",
        missing.join("\n")
    );
}

#[test]
fn every_entry_of_the_layout_exists() {
    let entries = layout_entries();
    assert!(entries.len() > 10, "the Layout was read: {entries:?}");
    assert!(entries.contains(&"src/wire/".to_owned()), "{entries:?}");
    let missing: Vec<&String> = entries
        .iter()
        .filter(|e| !root().join(e).exists())
        .collect();
    assert!(missing.is_empty(), "in the README's Layout: {missing:?}");
}

#[test]
fn anchors_are_made_as_github_makes_them() {
    let text = "# Title\n## `--snapshots` modes\n## §1 Wire protocol (awsJson1_1)\n\
                ## Title\n```\n# not a heading\n```\n<a id=\"row-3\"></a>\n\
                ## See [the contract](contract.md)\n";
    let found: Vec<String> = anchors(text).into_iter().collect();
    assert_eq!(
        found,
        [
            "--snapshots-modes",
            "1-wire-protocol-awsjson1_1",
            "row-3",
            "see-the-contract",
            "title",
            "title-1"
        ]
    );
}

#[test]
fn a_link_to_a_missing_file_or_heading_is_found() {
    let dir =
        Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("doc-links-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a folder");
    let page = dir.join("page.md");
    std::fs::write(
        &page,
        "# Page\n\nSee [here](#page), [there](#nowhere), [gone](gone.md) and \
         [web](https://example.com/x).\n`[not](a-link.md)`\n```\n[not](in-a-block.md)\n```\n",
    )
    .expect("written");
    let broken = broken_links(&page);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(broken.len(), 2, "{broken:?}");
    assert!(
        broken[0].ends_with(":3: #nowhere: no such heading or anchor"),
        "{broken:?}"
    );
    assert!(
        broken[1].ends_with(":3: gone.md: no such file"),
        "{broken:?}"
    );
}
