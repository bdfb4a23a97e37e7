//! `credential_process`: a program the profile names prints the
//! credentials as JSON (`Version` 1, `AccessKeyId`, `SecretAccessKey`, and
//! for temporary credentials `SessionToken` and an RFC 3339 `Expiration`).
//! Its standard error goes to the user's terminal as it is; its standard
//! output holds secrets and is never shown, not even when it is wrong.

use std::process::{Command, Stdio};

use serde_json::Value;

use super::{CredentialsError, Found};
use crate::wire::Credentials;

/// Runs `command` (through the shell, so quoting works as the AWS CLI
/// documents it) and reads what it prints.
///
/// # Errors
/// When it cannot start, fails, or prints something that is not version 1
/// credentials; the message names the profile, never the output.
pub(crate) fn run(profile: &str, command: &str) -> Result<Found, CredentialsError> {
    let failed = |why: String| CredentialsError::Process {
        profile: profile.to_owned(),
        why,
    };
    let output = shell(command)
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| failed(format!("cannot run it: {e}")))?;
    if !output.status.success() {
        return Err(failed(format!("it exited with {}", output.status)));
    }
    let body: Value = serde_json::from_slice(&output.stdout)
        .map_err(|_| failed("its output is not JSON".to_owned()))?;
    if body["Version"] != 1 {
        return Err(failed(
            "its output is not \"Version\": 1 credentials".to_owned(),
        ));
    }
    let text = |name: &str| body[name].as_str().filter(|s| !s.is_empty());
    let (Some(key), Some(secret)) = (text("AccessKeyId"), text("SecretAccessKey")) else {
        return Err(failed(
            "its output has no AccessKeyId and SecretAccessKey".to_owned(),
        ));
    };
    let expires = match text("Expiration") {
        None => None,
        Some(date) => Some(
            humantime::parse_rfc3339_weak(date)
                .map_err(|_| failed("its Expiration is not an RFC 3339 date".to_owned()))?,
        ),
    };
    Ok(Found {
        credentials: Credentials::new(key, secret, text("SessionToken").map(str::to_owned)),
        source: format!("credential_process of profile {profile}"),
        expires,
    })
}

#[cfg(unix)]
fn shell(command: &str) -> Command {
    let mut shell = Command::new("sh");
    shell.arg("-c").arg(command);
    shell
}

#[cfg(not(unix))]
fn shell(command: &str) -> Command {
    let mut shell = Command::new("cmd");
    shell.arg("/C").arg(command);
    shell
}
