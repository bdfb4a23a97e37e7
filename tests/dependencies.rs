//! Every dependency `Cargo.toml` declares is used, where its section says:
//! a `[dependencies]` crate by the library or the binary (`src/`), a
//! `[dev-dependencies]` crate by a test or a benchmark (`tests/`, `benches/`,
//! a unit test in `src/`), a `[build-dependencies]` crate by `build.rs`. A
//! crate nothing names still costs every build its compile time and every
//! reader the question of what it is for.
//!
//! A crate counts as used where code outside comments and string literals
//! names it as a path (`serde_json::to_string`, `::inventory::submit!`,
//! `#[tokio::main]`) or imports it (`use clap::Parser`). A crate needed for
//! another reason (a feature it switches on in a crate we use, say) goes in
//! `[package.metadata.cargo-machete] ignored`, the list cargo-machete reads,
//! with a comment saying why.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A dependency section and the places its crates may be used from.
const SECTIONS: [(&str, &[&str]); 3] = [
    ("dependencies", &["src"]),
    ("dev-dependencies", &["src", "tests", "benches"]),
    ("build-dependencies", &["build.rs"]),
];

/// Every `.rs` file at or under `path`.
fn sources(path: &Path) -> Vec<PathBuf> {
    if path.is_file() {
        return vec![path.to_owned()];
    }
    let mut files = Vec::new();
    for entry in std::fs::read_dir(path).into_iter().flatten() {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            files.extend(sources(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

/// `text` with its comments and the insides of its string and character
/// literals blanked, so that a crate named in prose or in a test's data does
/// not count as used.
fn code_only(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let at = |i: usize| chars.get(i).copied().unwrap_or('\0');
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    let mut code = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '/' && at(i + 1) == '/' {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && at(i + 1) == '*' {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && at(i + 1) == '*' {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && at(i + 1) == '/' {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            code.push(' ');
        } else if c == 'r' && !(i > 0 && is_ident(at(i - 1)) && at(i - 1) != 'b') {
            // A raw string (`r"…"`, `r#"…"#`, `br"…"`), or code (`r#type`, `ref`).
            let hashes = chars[i + 1..].iter().take_while(|&&c| c == '#').count();
            if at(i + 1 + hashes) == '"' {
                let close: String = std::iter::once('"')
                    .chain("#".repeat(hashes).chars())
                    .collect();
                let body: String = chars[i + 2 + hashes..].iter().collect();
                let length = body
                    .find(&close)
                    .map_or(body.len(), |end| end + close.len());
                i += 2 + hashes + body[..length].chars().count();
                code.push(' ');
            } else {
                code.push(c);
                i += 1;
            }
        } else if c == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
            code.push(' ');
        } else if c == '\'' && (at(i + 1) == '\\' || at(i + 2) == '\'') {
            // A character literal; `'a` alone is a lifetime, left as code.
            i += 2;
            while i < chars.len() && chars[i] != '\'' {
                i += 1;
            }
            i += 1;
            code.push(' ');
        } else {
            code.push(c);
            i += 1;
        }
    }
    code
}

/// Whether `code` (comments and literals blanked) names the crate `name`
/// (as Rust spells it, `-` as `_`) as a path or imports it.
fn names_crate(code: &str, name: &str) -> bool {
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    code.match_indices(name).any(|(start, _)| {
        let before = code[..start].trim_end_matches("::");
        let after = code[start + name.len()..].trim_start();
        let stands_alone =
            !before.ends_with(is_ident) && !code[start + name.len()..].starts_with(is_ident);
        let words: Vec<&str> = code[..start].split_whitespace().rev().take(2).collect();
        let imported = matches!(words.as_slice(), ["use", ..] | ["crate", "extern"]);
        stands_alone && (after.starts_with("::") || imported)
    })
}

/// The declared dependencies nothing in their section's places uses:
/// `(section, crate, where it was looked for)`.
fn unused(manifest: &toml::Table, texts: &BTreeMap<String, String>) -> Vec<String> {
    let ignored: Vec<&str> = manifest
        .get("package")
        .and_then(|p| p.get("metadata"))
        .and_then(|m| m.get("cargo-machete"))
        .and_then(|c| c.get("ignored"))
        .and_then(toml::Value::as_array)
        .map(|names| names.iter().filter_map(toml::Value::as_str).collect())
        .unwrap_or_default();
    let mut found = Vec::new();
    // `[target.'cfg(unix)'.dependencies]` and the like, beside the plain sections.
    let targets = manifest.get("target").and_then(toml::Value::as_table);
    let tables: Vec<&toml::Table> = std::iter::once(manifest)
        .chain(
            targets
                .into_iter()
                .flat_map(|t| t.values().filter_map(toml::Value::as_table)),
        )
        .collect();
    for (table, (section, places)) in tables.iter().flat_map(|t| SECTIONS.map(|s| (t, s))) {
        let Some(crates) = table.get(section).and_then(toml::Value::as_table) else {
            continue;
        };
        for name in crates.keys() {
            let rust_name = name.replace('-', "_");
            let used = texts
                .iter()
                .filter(|(file, _)| places.iter().any(|place| is_in(file, place)))
                .any(|(_, code)| names_crate(code, &rust_name));
            if !used && !ignored.contains(&name.as_str()) {
                found.push(format!(
                    "[{section}] {name}: nothing in {} uses it",
                    places.join(", ")
                ));
            }
        }
    }
    found
}

/// Whether the file `file` is `place` or inside the folder `place`.
fn is_in(file: &str, place: &str) -> bool {
    file == place || file.starts_with(&format!("{place}/"))
}

#[test]
fn every_declared_dependency_is_used() {
    let manifest: toml::Table = std::fs::read_to_string("Cargo.toml")
        .expect("Cargo.toml")
        .parse()
        .expect("Cargo.toml parses");
    let mut texts = BTreeMap::new();
    for place in ["src", "tests", "benches", "build.rs"] {
        for file in sources(Path::new(place)) {
            let text = std::fs::read_to_string(&file).expect("readable source");
            texts.insert(file.to_string_lossy().replace('\\', "/"), code_only(&text));
        }
    }
    let found = unused(&manifest, &texts);
    assert!(
        found.is_empty(),
        "declared but unused (remove it, or move it to the section where it is used; a crate \
         needed without being named goes in [package.metadata.cargo-machete] ignored, with \
         its reason):\n{}",
        found.join("\n")
    );
}

#[test]
fn a_crate_named_only_in_prose_or_data_is_unused() {
    let manifest: toml::Table = r#"
        [dependencies]
        serde_json = "1"
        inventory = "0.3"
        aws-sigv4 = "1"
        anyhow = "1"
        tokio = "1"
        [dev-dependencies]
        proptest = "1"
        [build-dependencies]
        cc = "1"
    "#
    .parse()
    .expect("a manifest");
    let source = r##"
        //! Errors were anyhow::Error once.
        use aws_sigv4::sign;
        ::inventory::submit! { 1 }
        #[tokio::main]
        fn main() {
            let _ = serde_json::json!({});
            let _ = "proptest::prelude";
            let _ = r#"cc::Build"#;
            let _ = 'a';
            my_anyhow::x();
        }
    "##;
    let texts = BTreeMap::from([
        ("src/main.rs".to_owned(), code_only(source)),
        ("tests/t.rs".to_owned(), code_only("use serde_json::Value;")),
    ]);
    assert_eq!(
        unused(&manifest, &texts),
        [
            "[dependencies] anyhow: nothing in src uses it",
            "[dev-dependencies] proptest: nothing in src, tests, benches uses it",
            "[build-dependencies] cc: nothing in build.rs uses it",
        ]
    );
}
