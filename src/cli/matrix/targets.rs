//! The targets of a matrix: `--target NAME=URL|stub`, each one's declared
//! version, and each one's credentials.
//!
//! A target's name is its column, its results file (`NAME.results.json`),
//! its expectations file (`NAME.toml`) and the prefix of its own
//! credentials: the name upper-cased, with `-` and `.` as `_`
//! (`local-stack` → `LOCAL_STACK_`). A credential set is taken whole:
//! when `MOTO_AWS_ACCESS_KEY_ID` is set, moto signs with it,
//! `MOTO_AWS_SECRET_ACCESS_KEY` and `MOTO_AWS_SESSION_TOKEN`, and with the
//! unprefixed `AWS_...` variables otherwise; likewise the second account's
//! `MOTO_KMS_CONFORMANCE_SECOND_ACCESS_KEY_ID`... Everything else (region,
//! timeouts) is shared by every target.

use std::collections::HashSet;

/// One `--target`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct TargetSpec {
    pub name: String,
    /// `None`: the built-in stub.
    pub endpoint: Option<String>,
    /// As declared with `--target-version`.
    pub version: Option<String>,
}

/// The credential variables, in sets that are taken whole.
const CREDENTIAL_SETS: [[&str; 3]; 2] = [
    [
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
    ],
    [
        "KMS_CONFORMANCE_SECOND_ACCESS_KEY_ID",
        "KMS_CONFORMANCE_SECOND_SECRET_ACCESS_KEY",
        "KMS_CONFORMANCE_SECOND_SESSION_TOKEN",
    ],
];

/// Parses every `--target` and `--target-version`.
///
/// # Errors
/// One line: a malformed spec, a name that is not a name, two targets with
/// one name or one prefix, a version for a target that is not there.
pub(super) fn parse(targets: &[String], versions: &[String]) -> Result<Vec<TargetSpec>, String> {
    let mut specs: Vec<TargetSpec> = Vec::new();
    let mut prefixes = HashSet::new();
    for spec in targets {
        let (name, value) = split(spec, "--target", "NAME=URL or NAME=stub")?;
        if !prefixes.insert(prefix(name)) {
            return Err(format!(
                "--target {name}: another target has this name or the same variable prefix {}_",
                prefix(name)
            ));
        }
        if value.is_empty() {
            return Err(format!("--target {name}=: give a URL, or stub"));
        }
        specs.push(TargetSpec {
            name: name.to_owned(),
            endpoint: (value != "stub").then(|| value.to_owned()),
            version: None,
        });
    }
    for declared in versions {
        let (name, version) = split(declared, "--target-version", "NAME=VERSION")?;
        let spec = specs
            .iter_mut()
            .find(|s| s.name == name)
            .ok_or_else(|| format!("--target-version {name}: no --target is called {name}"))?;
        spec.version = Some(version.to_owned());
    }
    Ok(specs)
}

fn split<'a>(spec: &'a str, flag: &str, shape: &str) -> Result<(&'a str, &'a str), String> {
    let (name, value) = spec
        .split_once('=')
        .ok_or_else(|| format!("{flag} {spec}: expected {shape}"))?;
    let valid = name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if !valid {
        return Err(format!(
            "{flag} {spec}: a target's name starts with a letter and has only letters, digits, '-', '_' and '.' \
             (it names a file and prefixes environment variables)"
        ));
    }
    Ok((name, value))
}

/// The prefix of a target's own variables, without its `_`: `local-stack` → `LOCAL_STACK`.
#[must_use]
pub(super) fn prefix(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect()
}

/// The environment as the target `name` sees it: its own credential sets
/// where it has them, the shared ones otherwise.
///
/// # Errors
/// A prefixed set with a key ID but no secret, or a secret but no key ID.
pub(super) fn environment<E>(
    name: &str,
    env: E,
) -> Result<impl Fn(&str) -> Option<String> + use<E>, String>
where
    E: Fn(&str) -> Option<String>,
{
    let prefix = prefix(name);
    let set = |var: &str| format!("{prefix}_{var}");
    let present = |var: &str| env(&set(var)).is_some_and(|v| !v.trim().is_empty());
    let mut own = Vec::new();
    for [key, secret, token] in CREDENTIAL_SETS {
        match (present(key), present(secret)) {
            (true, true) => own.extend([key, secret, token]),
            (false, false) if present(token) => {
                return Err(format!(
                    "{} is set without {} and {}",
                    set(token),
                    set(key),
                    set(secret)
                ));
            }
            (false, false) => {}
            (true, false) => return Err(format!("{} is set but {} is not", set(key), set(secret))),
            (false, true) => return Err(format!("{} is set but {} is not", set(secret), set(key))),
        }
    }
    Ok(move |var: &str| {
        if own.contains(&var) {
            env(&format!("{prefix}_{var}"))
        } else {
            env(var)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| (*s).to_owned()).collect()
    }

    fn env(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> + 'static {
        let vars: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        move |name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
    }

    #[test]
    fn targets_are_named_endpoints_or_the_stub_with_declared_versions() {
        let specs = parse(
            &strings(&["ref=stub", "moto=http://127.0.0.1:5000"]),
            &strings(&["moto=5.2.1"]),
        )
        .expect("parses");
        assert_eq!(
            specs,
            vec![
                TargetSpec {
                    name: "ref".into(),
                    endpoint: None,
                    version: None
                },
                TargetSpec {
                    name: "moto".into(),
                    endpoint: Some("http://127.0.0.1:5000".into()),
                    version: Some("5.2.1".into())
                },
            ]
        );
    }

    #[test]
    fn bad_names_and_clashes_are_usage_errors() {
        let error = |targets: &[&str], versions: &[&str]| {
            parse(&strings(targets), &strings(versions)).expect_err("refused")
        };
        assert!(error(&["http://x:1"], &[]).contains("NAME=URL"));
        assert!(error(&["my target=stub"], &[]).contains("starts with a letter"));
        assert!(error(&["1moto=stub"], &[]).contains("starts with a letter"));
        assert!(error(&["a-b=stub", "a.b=stub"], &[]).contains("A_B_"));
        assert!(error(&["moto=stub", "moto=stub"], &[]).contains("same variable prefix"));
        assert!(error(&["moto="], &[]).contains("give a URL"));
        assert!(error(&["moto=stub"], &["localstack=1"]).contains("no --target is called"));
    }

    #[test]
    fn a_targets_own_credentials_are_taken_whole_before_the_shared_ones() {
        let shared = [
            ("AWS_ACCESS_KEY_ID", "shared-key"),
            ("AWS_SECRET_ACCESS_KEY", "shared-secret"),
            ("AWS_SESSION_TOKEN", "shared-token"),
            ("AWS_REGION", "eu-west-1"),
        ];
        let mut vars = shared.to_vec();
        vars.extend([
            ("LOCAL_STACK_AWS_ACCESS_KEY_ID", "own-key"),
            ("LOCAL_STACK_AWS_SECRET_ACCESS_KEY", "own-secret"),
        ]);
        let seen = environment("local-stack", env(&vars)).expect("valid");
        assert_eq!(seen("AWS_ACCESS_KEY_ID").as_deref(), Some("own-key"));
        assert_eq!(seen("AWS_SECRET_ACCESS_KEY").as_deref(), Some("own-secret"));
        assert_eq!(seen("AWS_SESSION_TOKEN"), None, "not the shared token");
        assert_eq!(seen("AWS_REGION").as_deref(), Some("eu-west-1"));
        let other = environment("moto", env(&vars)).expect("valid");
        assert_eq!(other("AWS_ACCESS_KEY_ID").as_deref(), Some("shared-key"));
        assert_eq!(other("AWS_SESSION_TOKEN").as_deref(), Some("shared-token"));
    }

    #[test]
    fn half_a_credential_set_is_a_usage_error() {
        let error = |vars: &[(&str, &str)]| environment("moto", env(vars)).err().expect("refused");
        assert!(
            error(&[("MOTO_AWS_ACCESS_KEY_ID", "k")]).contains("MOTO_AWS_SECRET_ACCESS_KEY is not")
        );
        assert!(
            error(&[("MOTO_KMS_CONFORMANCE_SECOND_SECRET_ACCESS_KEY", "s")])
                .contains("MOTO_KMS_CONFORMANCE_SECOND_ACCESS_KEY_ID is not")
        );
        assert!(error(&[("MOTO_AWS_SESSION_TOKEN", "t")]).contains("without"));
    }
}
