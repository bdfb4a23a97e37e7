//! The library's layers, as README's Layout section draws them: each
//! top-level module imports only modules below it, so no two modules import
//! each other and a reader can learn the code from the bottom up.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// From the bottom up: a module may import only modules before it here.
const LAYERS: [&str; 12] = [
    "wire",
    "credentials",
    "stub",
    "endpoint",
    "cleanup",
    "expectations",
    "report",
    "snapshot",
    "suite",
    "proxy",
    "selftest",
    "cli",
];

/// Every `.rs` file under `dir`.
fn sources(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("a source folder") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            files.extend(sources(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

/// The top-level module a file under `src/` belongs to (`None` for
/// `lib.rs` and `main.rs`).
fn module_of(file: &Path) -> Option<String> {
    let relative = file.strip_prefix("src").ok()?;
    let first = relative.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (!matches!(name, "lib" | "main")).then(|| name.to_owned())
}

/// The top-level modules `text` names with `crate::<module>`, outside
/// comments (a doc link is not an import).
fn imported(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for line in text.lines() {
        let code = line.trim_start();
        if code.starts_with("//") {
            continue;
        }
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + "crate::".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                found.insert(name);
            }
        }
    }
    found
}

/// `module → (imported module → first file that imports it)`.
fn import_graph() -> BTreeMap<String, BTreeMap<String, PathBuf>> {
    let mut graph: BTreeMap<String, BTreeMap<String, PathBuf>> = BTreeMap::new();
    for file in sources(Path::new("src")) {
        let Some(module) = module_of(&file) else {
            continue;
        };
        let text = std::fs::read_to_string(&file).expect("readable source");
        let edges = graph.entry(module.clone()).or_default();
        for target in imported(&text) {
            if target != module {
                edges.entry(target).or_insert_with(|| file.clone());
            }
        }
    }
    graph
}

#[test]
fn every_module_has_a_place_in_the_layers() {
    for module in import_graph().keys() {
        assert!(
            LAYERS.contains(&module.as_str()),
            "src/{module} is in no layer: add it to LAYERS in tests/architecture.rs, and to \
             README's Layout, below every module that uses it"
        );
    }
}

#[test]
fn modules_import_only_the_layers_below_them() {
    let rank = |m: &str| LAYERS.iter().position(|l| *l == m);
    let mut upward = Vec::new();
    for (module, edges) in import_graph() {
        let Some(own) = rank(&module) else { continue };
        for (target, file) in edges {
            match rank(&target) {
                Some(their) if their < own => {}
                _ => upward.push(format!(
                    "{} imports crate::{target} from {module}",
                    file.display()
                )),
            }
        }
    }
    assert!(
        upward.is_empty(),
        "imports that go up or sideways:\n{}",
        upward.join("\n")
    );
}

#[test]
fn the_import_scan_sees_imports_and_ignores_doc_links() {
    let text = "use crate::wire::Client;\n/// See [`crate::suite`].\nlet x = crate::stub::X;";
    let found: Vec<String> = imported(text).into_iter().collect();
    assert_eq!(found, ["stub", "wire"]);
}

/// The identifiers `text` uses in its code (string literals included),
/// each with its line: comments, doc comments included, are left out.
fn code_words(text: &str) -> Vec<(usize, String)> {
    let chars: Vec<char> = text.chars().collect();
    let mut words = Vec::new();
    let (mut at, mut line, mut depth) = (0, 1, 0);
    let mut word = String::new();
    let mut flush = |word: &mut String, line: usize| {
        if !word.is_empty() {
            words.push((line, std::mem::take(word)));
        }
    };
    while at < chars.len() {
        let (c, next) = (chars[at], chars.get(at + 1).copied());
        if c == '\n' {
            line += 1;
        }
        if depth > 0 {
            // Inside a block comment, which may nest.
            match (c, next) {
                ('*', Some('/')) => (depth, at) = (depth - 1, at + 2),
                ('/', Some('*')) => (depth, at) = (depth + 1, at + 2),
                _ => at += 1,
            }
            continue;
        }
        match (c, next) {
            ('/', Some('/')) => {
                flush(&mut word, line);
                while at < chars.len() && chars[at] != '\n' {
                    at += 1;
                }
            }
            ('/', Some('*')) => {
                flush(&mut word, line);
                (depth, at) = (1, at + 2);
            }
            ('\'', _) if chars.get(at + 2) == Some(&'\'') || next == Some('\\') => {
                // A character literal (a lifetime is only a quote and a word).
                flush(&mut word, line);
                at += 1;
                while at < chars.len() && chars[at] != '\'' {
                    at += if chars[at] == '\\' { 2 } else { 1 };
                }
                at += 1;
            }
            ('"', _) => {
                // A string literal: its words count, a `//` in it does not.
                flush(&mut word, line);
                at += 1;
                while at < chars.len() && chars[at] != '"' {
                    match chars[at] {
                        '\\' => at += 1,
                        '\n' => line += 1,
                        _ => {}
                    }
                    if chars[at].is_alphanumeric() || chars[at] == '_' {
                        word.push(chars[at]);
                    } else {
                        flush(&mut word, line);
                    }
                    at += 1;
                }
                flush(&mut word, line);
                at += 1;
            }
            _ if c.is_alphanumeric() || c == '_' => {
                word.push(c);
                at += 1;
            }
            _ => {
                flush(&mut word, line);
                at += 1;
            }
        }
    }
    flush(&mut word, line);
    words
}

/// The model (`src/stub/model`) holds KMS's behaviour only: where a stub
/// must be wrong on purpose, the model asks a seam (`model/seams.rs`) and
/// the deviation layer (`src/stub/deviations`) plugs a value into it. So no
/// code of the model names a deviation, or the layer that holds them.
#[test]
fn the_model_names_no_deviation() {
    let mut named = Vec::new();
    for file in sources(Path::new("src/stub/model")) {
        let text = std::fs::read_to_string(&file).expect("readable source");
        for (line, word) in code_words(&text) {
            if word.to_lowercase().contains("deviat") {
                named.push(format!("{}:{line}: {word}", file.display()));
            }
        }
    }
    assert!(
        named.is_empty(),
        "the model names deviations; ask a seam of src/stub/model/seams.rs instead, and plug the \
         deviation in src/stub/deviations/plug.rs:\n{}",
        named.join("\n")
    );
}

#[test]
fn the_word_scan_sees_code_and_strings_and_skips_comments() {
    let text = "use super::super::deviations::Deviation; // Deviation\n\
                /* a Deviation /* nested deviates */ still */ let c = '\"'; \n\
                /// deviates\n\
                fn f<'a>(x: &'a str) { deviates(\"http://a deviation\") }";
    let words: Vec<(usize, String)> = code_words(text)
        .into_iter()
        .filter(|(_, w)| w.to_lowercase().contains("deviat"))
        .collect();
    let expected = [
        (1, "deviations"),
        (1, "Deviation"),
        (4, "deviates"),
        (4, "deviation"),
    ];
    assert_eq!(
        words,
        expected.map(|(line, w)| (line, w.to_owned())),
        "{words:?}"
    );
}
