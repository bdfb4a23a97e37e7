//! The secret of each access key the stub knows, so it can verify a
//! request's SigV4 signature as KMS does (contract rows 168 and 169).
//!
//! Every access key's secret is [`DEFAULT_SECRET`] unless configured
//! otherwise (`kms-conformance stub --secret AKID=SECRET`,
//! [`StubOptions::secrets`](super::StubOptions::secrets)): `test`, what
//! emulators expect and what the suite signs with when no credentials are
//! set. A secret is never shown: `Debug` prints only how many are configured.

use std::collections::BTreeMap;
use std::fmt;

/// The secret of an access key that has none configured.
pub(crate) const DEFAULT_SECRET: &str = "test";

/// Secrets by access key ID; `test` for every other key.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secrets {
    by_access_key: BTreeMap<String, String>,
}

impl Secrets {
    /// These secrets, and `secret` for `access_key_id`.
    #[must_use]
    pub fn with(mut self, access_key_id: &str, secret: &str) -> Self {
        self.by_access_key
            .insert(access_key_id.to_owned(), secret.to_owned());
        self
    }

    /// The secret `access_key_id` signs with.
    #[must_use]
    pub fn secret_for(&self, access_key_id: &str) -> &str {
        self.by_access_key
            .get(access_key_id)
            .map_or(DEFAULT_SECRET, String::as_str)
    }
}

impl fmt::Debug for Secrets {
    /// How many secrets are configured; never an access key or a secret.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Secrets")
            .field("configured", &self.by_access_key.len())
            .finish_non_exhaustive()
    }
}

/// `AKID=SECRET`, as `--secret` takes it.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretArg {
    /// The access key ID.
    pub access_key_id: String,
    /// Its secret.
    pub secret: String,
}

impl fmt::Debug for SecretArg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretArg(<redacted>)")
    }
}

impl std::str::FromStr for SecretArg {
    type Err = String;

    /// # Errors
    /// Text that is not `AKID=SECRET` with both parts non-empty; the
    /// message never repeats the text.
    fn from_str(text: &str) -> Result<Self, String> {
        match text.split_once('=') {
            Some((access_key_id, secret)) if !access_key_id.is_empty() && !secret.is_empty() => {
                Ok(Self {
                    access_key_id: access_key_id.to_owned(),
                    secret: secret.to_owned(),
                })
            }
            _ => Err("expected ACCESS_KEY_ID=SECRET, both non-empty".to_owned()),
        }
    }
}

impl FromIterator<SecretArg> for Secrets {
    fn from_iter<I: IntoIterator<Item = SecretArg>>(pairs: I) -> Self {
        pairs.into_iter().fold(Self::default(), |secrets, pair| {
            secrets.with(&pair.access_key_id, &pair.secret)
        })
    }
}

#[cfg(test)]
mod tests;
