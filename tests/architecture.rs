//! The library's layers, as README's Layout section draws them: each
//! top-level module imports only modules below it, so no two modules import
//! each other and a reader can learn the code from the bottom up.
//!
//! And one convention for where things are under `src/`:
//!
//! - a module with children is `foo.rs` beside the folder `foo/`; there is
//!   no `mod.rs`. (Helper folders of the integration tests keep theirs,
//!   `tests/support/mod.rs`: cargo builds every `tests/foo.rs` as a test
//!   target of its own, so a helper cannot be `tests/support.rs`.)
//! - the unit tests of `foo.rs` are `#[cfg(test)] mod tests;` at its bottom,
//!   in `foo/tests.rs`, and in `foo/tests/*.rs` by topic when they are many;
//!   never inline, never a test module of another name.
//! - a file name says what the file is: no two files share one, except
//!   `tests.rs`, whose folder says whose tests they are.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// From the bottom up: a module may import only modules before it here.
const LAYERS: [&str; 13] = [
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
    "api",
    "cli",
];

/// Folders that do not follow the layout yet, skipped by its checks.
const NOT_YET: &[&str] = &[];

/// The file names more than one file may have: what the folder they are in
/// says is enough to tell them apart.
const ROLE_NAMES: [&str; 1] = [
    // The unit tests of the module whose folder holds it.
    "tests.rs",
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

/// `path` with `/` between its parts, as the checks and their messages
/// name files.
fn slashed(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// Every source file under `src/` that the layout applies to, with its text.
fn laid_out_sources() -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = sources(Path::new("src"))
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("readable source");
            (slashed(&path), text)
        })
        .filter(|(path, _)| !NOT_YET.iter().any(|skipped| is_under(path, skipped)))
        .collect();
    files.sort();
    files
}

/// Whether `path` is the folder `folder`'s own module file or inside it.
fn is_under(path: &str, folder: &str) -> bool {
    path == format!("{folder}.rs") || path.starts_with(&format!("{folder}/"))
}

/// The files that are a folder's `mod.rs`.
fn mod_rs_files(paths: &[&str]) -> Vec<String> {
    paths
        .iter()
        .filter(|path| path.rsplit('/').next() == Some("mod.rs"))
        .map(|path| {
            format!(
                "{path}: make it {}.rs, beside its folder",
                &path[..path.len() - "/mod.rs".len()]
            )
        })
        .collect()
}

/// Where `text` (the file `path`) keeps unit tests anywhere but in a
/// `#[cfg(test)] mod tests;` at its bottom.
fn misplaced_tests(path: &str, text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let lines: Vec<&str> = text.lines().collect();
    for (at, line) in lines.iter().enumerate() {
        let code = line.trim_start();
        if code.starts_with("//") {
            continue;
        }
        if code.starts_with("#[path") {
            found.push(format!(
                "{path}:{}: #[path] puts a module where its name does not say",
                at + 1
            ));
        }
        let Some(module) = declared_module(code) else {
            continue;
        };
        let test_only = at > 0 && lines[at - 1].trim() == "#[cfg(test)]";
        let inline = !code.trim_end().ends_with(';');
        let line = at + 1;
        if module == "tests" && inline {
            found.push(format!(
                "{path}:{line}: inline `mod tests {{`: move its body to the module's tests.rs"
            ));
        } else if test_only && module != "tests" {
            found.push(format!("{path}:{line}: test module `{module}`: unit tests are `mod tests;` (a topic of them: a file under tests/)"));
        } else if module == "tests" && !test_only {
            found.push(format!(
                "{path}:{line}: `mod tests;` without #[cfg(test)] above it"
            ));
        } else if module == "tests" && lines[at + 1..].iter().any(|rest| !rest.trim().is_empty()) {
            found.push(format!(
                "{path}:{line}: `mod tests;` goes at the bottom of the file"
            ));
        }
    }
    found
}

/// The module a line of code declares (`mod x;`, `pub(crate) mod x {`).
fn declared_module(code: &str) -> Option<&str> {
    let rest = code.strip_prefix("pub ").or_else(|| {
        let after = code.strip_prefix("pub(")?;
        Some(after[after.find(')')? + 1..].trim_start())
    });
    let rest = rest.unwrap_or(code).strip_prefix("mod ")?;
    let end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))?;
    let after = rest[end..].trim_start();
    (after.starts_with(';') || after.starts_with('{')).then(|| &rest[..end])
}

/// The file names used by more than one of `paths` (role names aside),
/// with every file that bears them.
fn repeated_names(paths: &[&str]) -> Vec<String> {
    let mut by_name: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for path in paths {
        let name = path.rsplit('/').next().unwrap_or(path);
        by_name.entry(name).or_default().push(path);
    }
    by_name
        .into_iter()
        .filter(|(name, files)| files.len() > 1 && !ROLE_NAMES.contains(name))
        .map(|(name, files)| format!("{name}: {}", files.join(", ")))
        .collect()
}

/// Every file under `src/`, the ones not laid out yet included, so that a
/// name taken inside `NOT_YET` is not taken again outside.
fn all_source_paths() -> Vec<String> {
    let mut paths: Vec<String> = sources(Path::new("src"))
        .iter()
        .map(|p| slashed(p))
        .collect();
    paths.sort();
    paths
}

#[test]
fn no_module_is_a_mod_rs() {
    let files = laid_out_sources();
    let paths: Vec<&str> = files.iter().map(|(path, _)| path.as_str()).collect();
    let found = mod_rs_files(&paths);
    assert!(
        found.is_empty(),
        "mod.rs files under src/:\n{}",
        found.join("\n")
    );
}

#[test]
fn unit_tests_live_in_the_modules_tests_rs() {
    let found: Vec<String> = laid_out_sources()
        .iter()
        .flat_map(|(path, text)| misplaced_tests(path, text))
        .collect();
    assert!(
        found.is_empty(),
        "unit tests out of place:\n{}",
        found.join("\n")
    );
}

#[test]
fn no_two_files_share_a_name() {
    let paths = all_source_paths();
    let paths: Vec<&str> = paths.iter().map(String::as_str).collect();
    let found: Vec<String> = repeated_names(&paths)
        .into_iter()
        .filter(|line| {
            // A name repeated only inside a folder not laid out yet waits for it.
            let files = line.split_once(": ").map_or("", |(_, files)| files);
            !files
                .split(", ")
                .all(|file| NOT_YET.iter().any(|skipped| is_under(file, skipped)))
        })
        .collect();
    assert!(
        found.is_empty(),
        "file names used for more than one file (rename so each says what it is; \
         only {ROLE_NAMES:?} may repeat):\n{}",
        found.join("\n")
    );
}

#[test]
fn the_layout_checks_see_what_breaks_the_layout() {
    assert_eq!(
        mod_rs_files(&["src/a/mod.rs", "src/a.rs", "src/a/mod_rs.rs"]),
        ["src/a/mod.rs: make it src/a.rs, beside its folder"]
    );
    let inline = "fn f() {}\n\n#[cfg(test)]\nmod tests {\n    #[test]\n    fn t() {}\n}\n";
    assert_eq!(misplaced_tests("src/a.rs", inline).len(), 1, "inline");
    let other_name =
        "fn f() {}\n#[cfg(test)]\nmod authorization_tests;\n#[cfg(test)]\nmod tests;\n";
    assert_eq!(
        misplaced_tests("src/a.rs", other_name).len(),
        1,
        "another name"
    );
    let not_last = "#[cfg(test)]\nmod tests;\n\nfn f() {}\n";
    assert_eq!(
        misplaced_tests("src/a.rs", not_last).len(),
        1,
        "not at the bottom"
    );
    let moved = "#[path = \"elsewhere.rs\"]\nmod b;\n";
    assert_eq!(misplaced_tests("src/a.rs", moved).len(), 1, "#[path]");
    let right = "//! mod tests { in a comment }\npub(crate) mod b;\n\n#[cfg(test)]\nmod tests;\n";
    assert_eq!(misplaced_tests("src/a.rs", right), Vec::<String>::new());
    assert_eq!(
        repeated_names(&[
            "src/a/tags.rs",
            "src/b/tags.rs",
            "src/a/tests.rs",
            "src/b/tests.rs"
        ]),
        ["tags.rs: src/a/tags.rs, src/b/tags.rs"]
    );
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

/// The `pub mod`s `src/lib.rs` may declare: the client the curated API
/// hands out, and the benchmark's door to a run's internals (until
/// `benches/suite` is written on the curated API).
const PUBLIC_MODULES: [&str; 2] = ["client", "bench_internals"];

/// The files that may go through `bench_internals`: the benchmark, and the
/// test that holds its replay to account.
const BENCH_DOOR_USERS: [&str; 2] = ["benches/", "tests/bench_replay.rs"];

/// The names `src/lib.rs` re-exports at the root (`pub use ...::{A, B};`,
/// `pub use ...::A;`) and the functions it defines there: unindented, so
/// not what its modules re-export.
fn root_names(lib: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let mut statement = String::new();
    for line in lib.lines() {
        let indented = line.starts_with(char::is_whitespace);
        if statement.is_empty() && indented {
            continue;
        }
        let line = line.trim();
        if statement.is_empty() && !line.starts_with("pub use ") && !line.starts_with("pub fn ") {
            continue;
        }
        if let Some(rest) = line.strip_prefix("pub fn ") {
            names.insert(rest.split('(').next().unwrap_or_default().to_owned());
            continue;
        }
        statement.push_str(line);
        if !statement.ends_with(';') {
            continue;
        }
        let body = statement.trim_end_matches(';');
        let list = match body.split_once('{') {
            Some((_, list)) => list.trim_end_matches('}').to_owned(),
            None => body.rsplit("::").next().unwrap_or_default().to_owned(),
        };
        names.extend(
            list.split(',')
                .map(|n| n.trim().to_owned())
                .filter(|n| !n.is_empty()),
        );
        statement.clear();
    }
    names
}

/// The `pub mod` declarations at the root of `lib` not in
/// [`PUBLIC_MODULES`] (the modules inside those are theirs to open).
fn unexpected_public_modules(lib: &str) -> Vec<String> {
    lib.lines()
        .filter_map(|line| line.strip_prefix("pub mod "))
        .map(|rest| rest.trim_end_matches([';', '{', ' ']).to_owned())
        .filter(|name| !PUBLIC_MODULES.contains(&name.as_str()))
        .collect()
}

/// The crate's paths `text` names (outside comments) that are neither a
/// root name nor under `client::`, nor, where `bench_door` allows it,
/// under `bench_internals::`.
fn non_public_paths(text: &str, roots: &BTreeSet<String>, bench_door: bool) -> Vec<String> {
    let crate_name = "kms_conformance::";
    let mut found = Vec::new();
    for (at, line) in text.lines().enumerate() {
        let code = line.trim_start();
        if code.starts_with("//") {
            continue;
        }
        let mut rest = code;
        while let Some(start) = rest.find(crate_name) {
            rest = &rest[start + crate_name.len()..];
            // A group, `{A, client::B}`: each of its first segments.
            let firsts: Vec<&str> = if let Some(group) = rest.strip_prefix('{') {
                group
                    .split('}')
                    .next()
                    .unwrap_or_default()
                    .split(',')
                    .map(|n| n.trim().split("::").next().unwrap_or_default())
                    .filter(|n| !n.is_empty())
                    .collect()
            } else {
                let end = rest
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .unwrap_or(rest.len());
                vec![&rest[..end]]
            };
            for first in firsts {
                let allowed = first == "client"
                    || (bench_door && first == "bench_internals")
                    || roots.contains(first);
                if !allowed {
                    found.push(format!("{}: {crate_name}{first}", at + 1));
                }
            }
        }
    }
    found
}

/// Every `.rs` file under `dir`, when it exists.
fn sources_if_any(dir: &Path) -> Vec<PathBuf> {
    if dir.is_dir() {
        sources(dir)
    } else {
        Vec::new()
    }
}

/// What the library offers is what its root names: the integration tests,
/// the benchmark and the examples use nothing else (a test of internals is
/// a unit test beside them), and `src/lib.rs` opens no module but the
/// client's (and the benchmark's door), so the surface cannot widen again
/// unnoticed.
#[test]
fn tests_and_benches_use_only_the_public_api() {
    let lib = std::fs::read_to_string("src/lib.rs").expect("src/lib.rs");
    let opened = unexpected_public_modules(&lib);
    assert!(
        opened.is_empty(),
        "src/lib.rs declares pub mod {opened:?}: the API is the root's names and `client`; \
         make the module private and re-export what a user needs"
    );
    let roots = root_names(&lib);
    let mut found = Vec::new();
    for dir in ["tests", "benches", "examples"] {
        for file in sources_if_any(Path::new(dir)) {
            let path = slashed(&file);
            if path == "tests/architecture.rs" {
                continue;
            }
            let text = std::fs::read_to_string(&file).expect("readable source");
            let door = BENCH_DOOR_USERS.iter().any(|user| path.starts_with(user));
            found.extend(
                non_public_paths(&text, &roots, door)
                    .into_iter()
                    .map(|hit| format!("{path}:{hit}")),
            );
        }
    }
    assert!(
        found.is_empty(),
        "paths into the crate that are not its public API (use a root name or client::, \
         or move the test beside the module as a unit test):\n{}",
        found.join("\n")
    );
}

#[test]
fn the_api_scan_sees_what_widens_the_surface() {
    let lib = "mod wire;\npub mod client {\n    pub use crate::wire::Client;\n    pub mod inner {}\n}\npub mod wire2;\n\
               pub use self::api::{Stub,\n    Suite};\npub use self::report::Outcome;\n\
               pub fn run_cli() {}\n";
    assert_eq!(unexpected_public_modules(lib), ["wire2"]);
    let roots = root_names(lib);
    assert_eq!(
        roots.iter().map(String::as_str).collect::<Vec<_>>(),
        ["Outcome", "Stub", "Suite", "run_cli"]
    );
    let krate = "kms_conformance";
    let text = format!(
        "use {krate}::{{Stub, client::Operation}};\n// {krate}::wire in a comment\n\
         let x = {krate}::wire::Client::new();\nuse {krate}::{{Suite, stub::StubServer}};\n\
         use {krate}::bench_internals::suite;\n"
    );
    assert_eq!(
        non_public_paths(&text, &roots, false),
        [
            format!("3: {krate}::wire"),
            format!("4: {krate}::stub"),
            format!("5: {krate}::bench_internals"),
        ]
    );
    assert_eq!(non_public_paths(&text, &roots, true).len(), 2);
}
