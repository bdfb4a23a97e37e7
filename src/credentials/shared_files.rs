//! The shared `config` and `credentials` files, as the AWS CLI and SDKs read
//! them: `~/.aws/config` (`AWS_CONFIG_FILE`) with `[profile NAME]`,
//! `[default]` and `[sso-session NAME]` sections, and `~/.aws/credentials`
//! (`AWS_SHARED_CREDENTIALS_FILE`) with `[NAME]` sections, whose keys win
//! over the config file's for the same profile.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::{CredentialsError, Env};

/// One section's settings: lower-case keys, trimmed values.
pub(crate) type Settings = BTreeMap<String, String>;

/// A profile's settings from both files, and the SSO sessions it may name.
#[derive(Clone, Debug, Default)]
pub(crate) struct Profile {
    /// Its name (`default` unless `--profile` or `AWS_PROFILE` says otherwise).
    pub name: String,
    /// Its settings, the credentials file's over the config file's.
    pub settings: Settings,
    /// The config file's `[sso-session NAME]` sections.
    pub sso_sessions: BTreeMap<String, Settings>,
}

impl Profile {
    /// The profile `name` from the shared files `env` points at; `None`
    /// when neither file has it.
    ///
    /// # Errors
    /// When a file exists but cannot be read.
    pub(crate) fn load(name: &str, env: Env<'_>) -> Result<Option<Self>, CredentialsError> {
        let home = env("HOME").map(PathBuf::from);
        let path = |var: &str, file: &str| {
            env(var)
                .map(PathBuf::from)
                .or_else(|| home.as_ref().map(|h| h.join(".aws").join(file)))
        };
        let config = read(path("AWS_CONFIG_FILE", "config"))?;
        let credentials = read(path("AWS_SHARED_CREDENTIALS_FILE", "credentials"))?;
        let config = sections(&config);
        let credentials = sections(&credentials);
        let config_name = if name == "default" {
            "default".to_owned()
        } else {
            format!("profile {name}")
        };
        let from_config = config.get(&config_name);
        let from_credentials = credentials.get(name);
        if from_config.is_none() && from_credentials.is_none() {
            return Ok(None);
        }
        let mut settings = from_config.cloned().unwrap_or_default();
        settings.extend(from_credentials.cloned().unwrap_or_default());
        let sso_sessions = config
            .iter()
            .filter_map(|(section, settings)| {
                let session = section.strip_prefix("sso-session ")?;
                Some((session.trim().to_owned(), settings.clone()))
            })
            .collect();
        Ok(Some(Self {
            name: name.to_owned(),
            settings,
            sso_sessions,
        }))
    }

    /// A setting, when present and not empty.
    pub(crate) fn get(&self, key: &str) -> Option<&str> {
        self.settings
            .get(key)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }
}

/// A file's text; empty when it does not exist.
fn read(path: Option<PathBuf>) -> Result<String, CredentialsError> {
    let Some(path) = path else {
        return Ok(String::new());
    };
    match std::fs::read_to_string(&path) {
        Ok(text) => Ok(text),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(String::new()),
        Err(error) => Err(CredentialsError::Unreadable {
            path,
            cause: error.to_string(),
        }),
    }
}

/// An INI file's sections. Comments start with `#` or `;`; an indented
/// line continues a nested setting (`s3 =` and its lines), which the suite
/// has no use for and skips.
fn sections(text: &str) -> BTreeMap<String, Settings> {
    let mut sections: BTreeMap<String, Settings> = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with(';') {
            continue;
        }
        if let Some(name) = trimmed.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
            let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
            sections.entry(name.clone()).or_default();
            current = Some(name);
            continue;
        }
        if line.starts_with(char::is_whitespace) {
            continue;
        }
        let (Some(section), Some((key, value))) = (&current, trimmed.split_once('=')) else {
            continue;
        };
        sections
            .entry(section.clone())
            .or_default()
            .insert(key.trim().to_ascii_lowercase(), value.trim().to_owned());
    }
    sections
}

#[cfg(test)]
mod tests;
