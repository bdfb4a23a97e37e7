//! Operations and error types are named by the vocabulary of `src/wire/`
//! (`Operation`, `QueryOperation`, `ErrorCode`), never spelled as text: a
//! string literal equal to an operation's name or target (`"UntagResource"`,
//! `"TrentService.UntagResource"`, `"CreateRole"`, `"sts:AssumeRole"`), to a
//! listed error type, or ending in
//! `Exception` is refused outside the places where the wire names are
//! written down on purpose.
//!
//! Comments are not code: prose in a doc comment may name anything. Nor is
//! test data: a literal inside `json!(...)` is a body sent or answered on
//! purpose, and a literal that only contains a name (`r#"{"__type":
//! "NotFoundException"}"#`, a step's text) is not that name.

use std::path::{Path, PathBuf};

use crate::wire::{ErrorCode, Operation, QueryOperation};

/// Where a name may be spelled as text: paths under the crate's root, a
/// folder when it ends in `/`.
const ALLOWED: &[&str] = &[
    // The definitions, where each wire name is written once, and their tests.
    "src/wire/operation.rs",
    "src/wire/operation/",
    "src/wire/error_code.rs",
    "src/wire/error_code/",
    "src/wire/query_operation.rs",
    "src/wire/query_operation/",
    // This check, which must name what it looks for.
    "src/wire/tests/literal_wire_names.rs",
];

/// The folders whose Rust sources are checked.
const CHECKED: [&str; 3] = ["src", "tests", "benches"];

/// A string literal of a Rust source: its text between the quotes (escapes
/// left as written), its line, and whether it sits inside `json!(...)`.
#[derive(Debug, PartialEq)]
struct Literal {
    text: String,
    line: usize,
    in_json: bool,
}

/// The string literals of `source` (plain, raw, byte and C strings), outside
/// comments.
fn literals(source: &str) -> Vec<Literal> {
    let chars: Vec<char> = source.chars().collect();
    let at = |i: usize| chars.get(i).copied().unwrap_or('\0');
    let mut found = Vec::new();
    let mut line = 1;
    // Open brackets, each with whether it opened a `json!` invocation.
    let mut brackets: Vec<bool> = Vec::new();
    let mut json_next = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let in_json = brackets.iter().any(|&json| json);
        if c == '\n' {
            line += 1;
            i += 1;
        } else if c == '/' && at(i + 1) == '/' {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && at(i + 1) == '*' {
            let mut depth = 0;
            loop {
                if at(i) == '/' && at(i + 1) == '*' {
                    depth += 1;
                    i += 2;
                } else if at(i) == '*' && at(i + 1) == '/' {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else if i >= chars.len() {
                    break;
                } else {
                    line += usize::from(chars[i] == '\n');
                    i += 1;
                }
            }
        } else if c == '\'' {
            // A char literal ('"', '\'', '\u{22}'), or a lifetime.
            if at(i + 1) == '\\' {
                i += 3;
                while i < chars.len() && chars[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if at(i + 2) == '\'' {
                i += 3;
            } else {
                i += 1;
            }
        } else if c == '"' || (is_literal_prefix(&chars, i) && !is_ident(at(i.wrapping_sub(1)))) {
            let (literal, end) = string_literal(&chars, i);
            let start_line = line;
            line += literal.matches('\n').count();
            found.push(Literal {
                text: literal,
                line: start_line,
                in_json,
            });
            i = end;
        } else if is_ident(c) && !c.is_ascii_digit() {
            let start = i;
            while i < chars.len() && is_ident(chars[i]) {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            let mut next = i;
            while at(next).is_whitespace() {
                next += 1;
            }
            json_next = word == "json" && at(next) == '!';
        } else if matches!(c, '(' | '[' | '{') {
            brackets.push(json_next);
            json_next = false;
            i += 1;
        } else if matches!(c, ')' | ']' | '}') {
            brackets.pop();
            i += 1;
        } else {
            // `!` and whitespace keep a `json` waiting for its bracket.
            json_next &= c == '!' || c.is_whitespace();
            i += 1;
        }
    }
    found
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Whether a prefixed string literal starts at `i`: `b"`, `c"`, `r"`,
/// `r#"`, `br"`, `br#"`, `cr"` (and not a raw identifier, `r#type`).
fn is_literal_prefix(chars: &[char], i: usize) -> bool {
    let at = |i: usize| chars.get(i).copied().unwrap_or('\0');
    let mut j = i;
    if matches!(at(j), 'b' | 'c') {
        j += 1;
    }
    if at(j) == 'r' {
        j += 1;
        while at(j) == '#' {
            j += 1;
        }
    }
    j > i && at(j) == '"'
}

/// The text of the string literal starting at `start` (at its prefix or
/// its quote), and the index just past it.
fn string_literal(chars: &[char], start: usize) -> (String, usize) {
    let mut i = start;
    while matches!(chars[i], 'b' | 'c' | 'r') {
        i += 1;
    }
    let raw = chars[start..i].contains(&'r');
    let mut hashes = 0;
    while chars[i] == '#' {
        hashes += 1;
        i += 1;
    }
    i += 1; // the opening quote
    let open = i;
    loop {
        match chars.get(i) {
            None => return (chars[open..].iter().collect(), chars.len()),
            Some('\\') if !raw => i += 2,
            Some('"') if (0..hashes).all(|h| chars.get(i + 1 + h) == Some(&'#')) => {
                return (chars[open..i].iter().collect(), i + 1 + hashes);
            }
            Some(_) => i += 1,
        }
    }
}

/// What is wrong with `text` as a literal, if it spells the vocabulary.
fn spelled(text: &str) -> Option<String> {
    if let Some(operation) = Operation::ALL
        .iter()
        .find(|o| o.name() == text || o.target() == text)
    {
        return Some(format!("use Operation::{operation:?}"));
    }
    if let Some(operation) = QueryOperation::ALL
        .iter()
        .find(|o| o.name() == text || o.action() == text)
    {
        return Some(format!("use QueryOperation::{operation:?}"));
    }
    if let Some(code) = ErrorCode::LISTED.iter().find(|c| c.name() == text) {
        return Some(format!("use ErrorCode::{code:?}"));
    }
    let exception = text
        .strip_suffix("Exception")
        .is_some_and(|name| name.chars().all(char::is_alphanumeric));
    exception.then(|| "an error type: add it to ErrorCode (src/wire/error_code.rs)".to_owned())
}

/// Every `.rs` file under `dir`.
fn sources(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return files;
    };
    for entry in entries {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            files.extend(sources(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

fn allowed(path: &str) -> bool {
    ALLOWED.iter().any(|a| {
        if a.ends_with('/') {
            path.starts_with(a)
        } else {
            path == *a
        }
    })
}

#[test]
fn no_operation_or_error_type_is_spelled_as_text() {
    let mut spellings = Vec::new();
    for folder in CHECKED {
        for file in sources(Path::new(folder)) {
            let path = file.to_string_lossy().replace('\\', "/");
            if allowed(&path) {
                continue;
            }
            let source = std::fs::read_to_string(&file).expect("readable source");
            for literal in literals(&source) {
                if let Some(fix) = spelled(&literal.text).filter(|_| !literal.in_json) {
                    spellings.push(format!(
                        "{path}:{}: {:?}: {fix}",
                        literal.line, literal.text
                    ));
                }
            }
        }
    }
    assert!(
        spellings.is_empty(),
        "operations and error types spelled as text (src/wire/tests/literal_wire_names.rs says where that is \
         allowed):\n{}",
        spellings.join("\n")
    );
}

/// An allowance names a place that is there: a moved definition is
/// checked where it went, not let off where it was.
#[test]
fn every_allowed_place_exists() {
    for place in ALLOWED {
        assert!(
            Path::new(place).exists(),
            "{place} is allowed but not there"
        );
    }
}

#[test]
fn the_scan_finds_literals_and_skips_comments_chars_and_json() {
    let source = concat!(
        "// \"InComment\"\n",
        "/* \"InBlock\" /* nested */ \"StillBlock\" */\n",
        "let quote = '\"'; let escaped = '\\''; fn f<'a>(x: &'a str) {}\n",
        "let plain = \"Plain\"; let raw = r#\"Raw \"quoted\"\"#; let bytes = b\"Bytes\";\n",
        "let body = json!({ \"InJson\": [\"Deep\"] }); let after = \"After\";\n",
        "let multi = \"a\nb\"; let last = br\"Last\";\n",
    );
    let found: Vec<(String, usize, bool)> = literals(source)
        .into_iter()
        .map(|l| (l.text, l.line, l.in_json))
        .collect();
    let expected = [
        ("Plain", 4, false),
        ("Raw \"quoted\"", 4, false),
        ("Bytes", 4, false),
        ("InJson", 5, true),
        ("Deep", 5, true),
        ("After", 5, false),
        ("a\nb", 6, false),
        ("Last", 7, false),
    ]
    .map(|(t, l, j)| (t.to_owned(), l, j));
    assert_eq!(found, expected);
}

#[test]
fn only_whole_names_count() {
    let untag = Operation::UntagResource;
    let not_found = ErrorCode::NotFoundException;
    assert!(spelled(untag.name()).is_some());
    assert!(spelled(untag.target()).is_some());
    assert!(spelled(not_found.name()).is_some());
    assert!(spelled(&format!("Made{}", "UpException")).is_some());
    assert!(spelled("I send UntagResource with the body:").is_none());
    assert!(spelled(&format!("{}s", untag.name())).is_none());
    assert!(spelled("expected HTTP 400 {error_type} named in \"__type\"").is_none());
    assert!(spelled("a modeled KMS exception").is_none());
}
