//! Where a run's credentials come from: the standard chain of the AWS CLI
//! and SDKs, in the project (the `aws-config` crate would bring the aws-lc
//! C library and three generated SDK crates; docs/performance.md).
//!
//! In order, the first that has credentials wins:
//!
//! 1. `AWS_ACCESS_KEY_ID` + `AWS_SECRET_ACCESS_KEY` (+ `AWS_SESSION_TOKEN`);
//! 2. web identity: `AWS_ROLE_ARN` + `AWS_WEB_IDENTITY_TOKEN_FILE` (`sts`);
//! 3. the profile (`--profile`, `AWS_PROFILE`, else `default`) in the shared
//!    `config` and `credentials` files (`shared_files`): its static keys, its
//!    `credential_process` (`process`), its `role_arn` +
//!    `web_identity_token_file`, or its SSO account and role (`sso`).
//!
//! A profile named with `--profile` is used even when the environment holds
//! keys, as the AWS CLI does. Instance and container roles (IMDS, ECS) and
//! `source_profile` role chaining are not followed: a run says so rather
//! than guess. No credential is ever printed: errors name the profile and
//! the source, never a value.

mod process;
mod shared_files;
mod sso;
mod sts;

use std::fmt;
use std::path::PathBuf;
use std::time::SystemTime;

use self::shared_files::Profile;
use self::sts::WebIdentity;
use crate::wire::{Credentials, Limits};

/// How the chain reads the environment (a test's, a matrix target's own).
pub(crate) type Env<'a> = &'a dyn Fn(&str) -> Option<String>;

/// Credentials found, and where.
#[derive(Clone, Debug)]
pub(crate) struct Found {
    /// The credentials.
    pub credentials: Credentials,
    /// Where they came from, for the user (`profile dev`); never a value.
    pub source: String,
    /// When they stop working, for temporary credentials.
    pub expires: Option<SystemTime>,
}

/// The profile a run reads: `--profile`, else `AWS_PROFILE`, else `default`;
/// and whether it was named at all.
fn profile_name(flag: Option<&str>, env: Env<'_>) -> (String, bool) {
    match flag.map(str::to_owned).or_else(|| env("AWS_PROFILE")) {
        Some(name) => (name, true),
        None => ("default".to_owned(), false),
    }
}

/// The region the profile names (`region = ...`), if any.
///
/// # Errors
/// When a shared file cannot be read, or a named profile does not exist.
pub(crate) fn profile_region(
    flag: Option<&str>,
    env: Env<'_>,
) -> Result<Option<String>, CredentialsError> {
    let (name, named) = profile_name(flag, env);
    match Profile::load(&name, env)? {
        Some(profile) => Ok(profile.get("region").map(str::to_owned)),
        None if named => Err(CredentialsError::NoSuchProfile(name)),
        None => Ok(None),
    }
}

/// The first credentials of the chain; `None` when no source has any.
///
/// # Errors
/// When a source that is configured fails: a named profile that does not
/// exist or has no usable credentials, a `credential_process` that fails,
/// STS or the SSO portal refusing.
pub(crate) fn resolve(
    flag: Option<&str>,
    region: &str,
    env: Env<'_>,
) -> Result<Option<Found>, CredentialsError> {
    let var = |name: &str| env(name).filter(|v| !v.trim().is_empty());
    if flag.is_none()
        && let (Some(key), Some(secret)) = (var("AWS_ACCESS_KEY_ID"), var("AWS_SECRET_ACCESS_KEY"))
    {
        return Ok(Some(Found {
            credentials: Credentials::new(key, secret, var("AWS_SESSION_TOKEN")),
            source: "the environment".to_owned(),
            expires: None,
        }));
    }
    if flag.is_none()
        && let (Some(role_arn), Some(token_file)) =
            (var("AWS_ROLE_ARN"), var("AWS_WEB_IDENTITY_TOKEN_FILE"))
    {
        let session_name = var("AWS_ROLE_SESSION_NAME");
        let identity = WebIdentity {
            role_arn: &role_arn,
            token_file: &token_file,
            session_name: session_name.as_deref(),
        };
        return sts::assume_role(&identity, region, env, &Http::new()).map(Some);
    }
    let (name, named) = profile_name(flag, env);
    let Some(profile) = Profile::load(&name, env)? else {
        return if named {
            Err(CredentialsError::NoSuchProfile(name))
        } else {
            Ok(None)
        };
    };
    from_profile(&profile, region, env).map(Some)
}

/// The credentials a profile gives, by the first of its ways that it has.
fn from_profile(profile: &Profile, region: &str, env: Env<'_>) -> Result<Found, CredentialsError> {
    let region = profile.get("region").unwrap_or(region);
    if let (Some(key), Some(secret)) = (
        profile.get("aws_access_key_id"),
        profile.get("aws_secret_access_key"),
    ) {
        return Ok(Found {
            credentials: Credentials::new(
                key,
                secret,
                profile.get("aws_session_token").map(str::to_owned),
            ),
            source: format!("profile {}", profile.name),
            expires: None,
        });
    }
    if let Some(command) = profile.get("credential_process") {
        return process::run(&profile.name, command);
    }
    if let (Some(role_arn), Some(token_file)) = (
        profile.get("role_arn"),
        profile.get("web_identity_token_file"),
    ) {
        let identity = WebIdentity {
            role_arn,
            token_file,
            session_name: profile.get("role_session_name"),
        };
        return sts::assume_role(&identity, region, env, &Http::new());
    }
    if profile.get("sso_session").is_some() || profile.get("sso_start_url").is_some() {
        return sso::role_credentials(profile, env, &Http::new());
    }
    let why = if profile.get("source_profile").is_some() {
        "it assumes a role with source_profile, which this suite does not follow; export the \
         role's credentials (`aws configure export-credentials --profile NAME --format env`)"
    } else {
        "it has no aws_access_key_id, credential_process, web identity or SSO settings"
    };
    Err(CredentialsError::Unusable {
        profile: profile.name.clone(),
        why: why.to_owned(),
    })
}

/// One HTTP exchange made from synchronous code: the chain runs while the
/// target is resolved, before the run's runtime sends anything, so each
/// request gets a thread and a runtime of its own.
#[derive(Debug)]
pub(crate) struct Http {
    limits: Limits,
}

impl Http {
    fn new() -> Self {
        Self {
            limits: Limits {
                timeout: std::time::Duration::from_secs(30),
                ..Limits::default()
            },
        }
    }

    /// POSTs a form; the status and body.
    pub(crate) fn post_form(&self, url: &str, form: String) -> Result<(u16, Vec<u8>), String> {
        self.exchange(url, move |client, url| {
            client
                .post(url)
                .header("content-type", "application/x-www-form-urlencoded")
                .body(form)
        })
    }

    /// GETs `url` with a bearer token in `header`; the status and body.
    pub(crate) fn get_with_bearer(
        &self,
        url: &str,
        header: &str,
        token: &str,
    ) -> Result<(u16, Vec<u8>), String> {
        self.exchange(url, |client, url| client.get(url).header(header, token))
    }

    fn exchange(
        &self,
        url: &str,
        build: impl FnOnce(&reqwest::Client, reqwest::Url) -> reqwest::RequestBuilder + Send,
    ) -> Result<(u16, Vec<u8>), String> {
        let url = reqwest::Url::parse(url).map_err(|e| format!("not a URL: {e}"))?;
        let client = crate::wire::http_client(self.limits, &url).map_err(|e| e.to_string())?;
        std::thread::scope(|scope| {
            scope
                .spawn(move || {
                    let runtime = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                        .map_err(|e| e.to_string())?;
                    runtime.block_on(async {
                        let response = build(&client, url)
                            .send()
                            .await
                            .map_err(|e| e.to_string())?;
                        let status = response.status().as_u16();
                        let body = response.bytes().await.map_err(|e| e.to_string())?;
                        Ok((status, body.to_vec()))
                    })
                })
                .join()
                .unwrap_or_else(|_| Err("the request's thread failed".to_owned()))
        })
    }
}

/// A credential source that is configured but fails; one line, naming the
/// profile or role, never a credential.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CredentialsError {
    /// `--profile`/`AWS_PROFILE` names a profile neither shared file has.
    NoSuchProfile(String),
    /// A shared file exists but cannot be read.
    Unreadable {
        /// The file.
        path: PathBuf,
        /// Why.
        cause: String,
    },
    /// The profile exists but gives no credentials this suite can use.
    Unusable {
        /// The profile.
        profile: String,
        /// Why.
        why: String,
    },
    /// The profile's `credential_process` failed.
    Process {
        /// The profile.
        profile: String,
        /// Why (never its output).
        why: String,
    },
    /// Web identity failed.
    WebIdentity {
        /// The role.
        role_arn: String,
        /// Why.
        why: String,
    },
    /// SSO failed.
    Sso {
        /// The profile.
        profile: String,
        /// Why.
        why: String,
    },
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoSuchProfile(name) => write!(
                f,
                "no profile {name} in the shared config or credentials file (~/.aws/config, \
                 ~/.aws/credentials, or AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE)"
            ),
            Self::Unreadable { path, cause } => {
                write!(f, "cannot read {}: {cause}", path.display())
            }
            Self::Unusable { profile, why } => {
                write!(f, "profile {profile} gives no credentials: {why}")
            }
            Self::Process { profile, why } => {
                write!(
                    f,
                    "the credential_process of profile {profile} failed: {why}"
                )
            }
            Self::WebIdentity { role_arn, why } => {
                write!(
                    f,
                    "cannot assume {role_arn} with the web identity token: {why}"
                )
            }
            Self::Sso { profile, why } => write!(f, "SSO for profile {profile} failed: {why}"),
        }
    }
}

impl std::error::Error for CredentialsError {}

#[cfg(test)]
mod tests;
