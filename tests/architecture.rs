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
