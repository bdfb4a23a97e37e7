//! Web identity: a role assumed with an OIDC token from a file
//! (`AWS_ROLE_ARN` + `AWS_WEB_IDENTITY_TOKEN_FILE`, or a profile's
//! `role_arn` + `web_identity_token_file`), which is how CI systems reach AWS
//! without stored keys. STS `AssumeRoleWithWebIdentity` is an unsigned form
//! POST; `AWS_ENDPOINT_URL_STS` points it elsewhere (a test's fake STS).

use std::path::Path;

use super::{CredentialsError, Env, Found, Http};
use crate::wire::{Credentials, QueryService, XmlElement, encode_form};

/// The role, its token file and the session name to assume it with.
#[derive(Debug)]
pub(crate) struct WebIdentity<'a> {
    /// The role's ARN.
    pub role_arn: &'a str,
    /// The file holding the token (CI systems rewrite it as it expires).
    pub token_file: &'a str,
    /// `AWS_ROLE_SESSION_NAME` or the profile's `role_session_name`.
    pub session_name: Option<&'a str>,
}

/// Exchanges the token for the role's temporary credentials.
///
/// # Errors
/// When the token cannot be read, STS cannot be reached, or refuses.
pub(crate) fn assume_role(
    identity: &WebIdentity<'_>,
    region: &str,
    env: Env<'_>,
    http: &Http,
) -> Result<Found, CredentialsError> {
    let failed = |why: String| CredentialsError::WebIdentity {
        role_arn: identity.role_arn.to_owned(),
        why,
    };
    let token = std::fs::read_to_string(Path::new(identity.token_file)).map_err(|e| {
        failed(format!(
            "cannot read the token file {}: {e}",
            identity.token_file
        ))
    })?;
    let endpoint = env("AWS_ENDPOINT_URL_STS")
        .or_else(|| env("AWS_ENDPOINT_URL"))
        .unwrap_or_else(|| format!("https://sts.{region}.amazonaws.com/"));
    let session = identity.session_name.map_or_else(
        || format!("kms-conformance-{}", uuid::Uuid::new_v4().simple()),
        str::to_owned,
    );
    let form = encode_form([
        ("Action", "AssumeRoleWithWebIdentity"),
        ("Version", QueryService::Sts.version()),
        ("RoleArn", identity.role_arn),
        ("RoleSessionName", &session),
        ("WebIdentityToken", token.trim()),
    ]);
    let (status, body) = http
        .post_form(&endpoint, form)
        .map_err(|e| failed(format!("STS at {endpoint}: {e}")))?;
    let document = XmlElement::parse(&body).unwrap_or_default();
    if status != 200 {
        // STS's error names its code and message; nothing in it is secret.
        let code = document.text_of("Code").unwrap_or("an error");
        let message = document.text_of("Message").unwrap_or_default();
        return Err(failed(format!(
            "STS answered HTTP {status} {code}: {message}"
        )));
    }
    let (Some(key), Some(secret), Some(token)) = (
        document.text_of("AccessKeyId"),
        document.text_of("SecretAccessKey"),
        document.text_of("SessionToken"),
    ) else {
        return Err(failed("STS's answer holds no credentials".to_owned()));
    };
    Ok(Found {
        credentials: Credentials::new(key, secret, Some(token.to_owned())),
        source: format!("web identity, role {}", identity.role_arn),
        expires: document
            .text_of("Expiration")
            .and_then(|d| humantime::parse_rfc3339_weak(d).ok()),
    })
}
