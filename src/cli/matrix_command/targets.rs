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
mod tests;
