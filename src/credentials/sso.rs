//! IAM Identity Center (SSO): the token `aws sso login` cached in
//! `~/.aws/sso/cache/<SHA-1 of the session name>.json` (of the start URL,
//! for a legacy profile without `sso_session`), exchanged at the portal's
//! `GetRoleCredentials` for the profile's account and role.
//! `AWS_ENDPOINT_URL_SSO` points the portal elsewhere (a test's fake).

use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::Value;
use sha1::Digest as _;

use super::shared_files::Profile;
use super::{CredentialsError, Env, Found, Http};
use crate::wire::Credentials;

/// The credentials of the profile's SSO account and role.
///
/// # Errors
/// When the profile's SSO settings are incomplete, the cached token is
/// missing or expired (`aws sso login` makes a new one), or the portal
/// refuses.
pub(crate) fn role_credentials(
    profile: &Profile,
    env: Env<'_>,
    http: &Http,
) -> Result<Found, CredentialsError> {
    let failed = |why: String| CredentialsError::Sso {
        profile: profile.name.clone(),
        why,
    };
    let session = profile.get("sso_session");
    let session_settings = match session {
        Some(name) => Some(profile.sso_sessions.get(name).ok_or_else(|| {
            failed(format!(
                "the config file has no [sso-session {name}] section"
            ))
        })?),
        None => None,
    };
    let setting = |key: &str| {
        session_settings
            .and_then(|s| s.get(key))
            .map(String::as_str)
            .or_else(|| profile.get(key))
    };
    let (Some(account), Some(role), Some(region)) = (
        profile.get("sso_account_id"),
        profile.get("sso_role_name"),
        setting("sso_region"),
    ) else {
        return Err(failed(
            "it needs sso_account_id, sso_role_name and sso_region".to_owned(),
        ));
    };
    let cache_key = match (session, setting("sso_start_url")) {
        (Some(session), _) => session,
        (None, Some(start_url)) => start_url,
        (None, None) => return Err(failed("it needs sso_session or sso_start_url".to_owned())),
    };
    let token = cached_token(cache_key, env).map_err(failed)?;
    let endpoint = env("AWS_ENDPOINT_URL_SSO")
        .unwrap_or_else(|| format!("https://portal.sso.{region}.amazonaws.com"));
    let url = format!(
        "{}/federation/credentials?role_name={role}&account_id={account}",
        endpoint.trim_end_matches('/')
    );
    let (status, body) = http
        .get_with_bearer(&url, "x-amz-sso_bearer_token", &token)
        .map_err(|e| failed(format!("the portal at {endpoint}: {e}")))?;
    if status != 200 {
        return Err(failed(format!(
            "the portal answered HTTP {status} for account {account}, role {role} \
             (`aws sso login --profile {}` renews the token)",
            profile.name
        )));
    }
    let body: Value = serde_json::from_slice(&body)
        .map_err(|_| failed("the portal's answer is not JSON".into()))?;
    let role_credentials = &body["roleCredentials"];
    let text = |name: &str| role_credentials[name].as_str().filter(|s| !s.is_empty());
    let (Some(key), Some(secret)) = (text("accessKeyId"), text("secretAccessKey")) else {
        return Err(failed(
            "the portal's answer holds no credentials".to_owned(),
        ));
    };
    Ok(Found {
        credentials: Credentials::new(key, secret, text("sessionToken").map(str::to_owned)),
        source: format!(
            "SSO of profile {}, account {account}, role {role}",
            profile.name
        ),
        expires: role_credentials["expiration"]
            .as_u64()
            .map(|ms| UNIX_EPOCH + Duration::from_millis(ms)),
    })
}

/// The access token cached for `key`, if it has not expired.
fn cached_token(key: &str, env: Env<'_>) -> Result<String, String> {
    let digest = sha1::Sha1::digest(key.as_bytes());
    let mut name = String::with_capacity(45);
    for byte in &digest {
        let _ = write!(name, "{byte:02x}");
    }
    name.push_str(".json");
    let path = env("HOME")
        .map(|home| PathBuf::from(home).join(".aws/sso/cache").join(&name))
        .ok_or("HOME is not set, so the SSO token cache cannot be found")?;
    let login = "run `aws sso login` to sign in";
    let text = std::fs::read_to_string(&path)
        .map_err(|_| format!("no cached token at {}: {login}", path.display()))?;
    let cached: Value = serde_json::from_str(&text)
        .map_err(|_| format!("the cached token {} is not JSON: {login}", path.display()))?;
    let token = cached["accessToken"].as_str().ok_or_else(|| {
        format!(
            "the cached token {} has no accessToken: {login}",
            path.display()
        )
    })?;
    let expires = cached["expiresAt"]
        .as_str()
        .and_then(|d| humantime::parse_rfc3339_weak(d).ok());
    if expires.is_some_and(|at| at <= SystemTime::now()) {
        return Err(format!("the cached SSO token has expired: {login}"));
    }
    Ok(token.to_owned())
}
