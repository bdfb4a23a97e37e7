//! The XML of a Query answer: `<Action>Response` with its `<Action>Result`,
//! or `<ErrorResponse>` (contract row 195), written as IAM and STS write them.

use std::fmt::Write as _;
use std::time::SystemTime;

use quick_xml::escape::escape;

use super::super::identity::{IamError, QueryOutput, RoleView};
use crate::wire::{QueryOperation, QueryService, form_encode};

/// `<name>text</name>`, the text escaped.
fn element(name: &str, text: &str) -> String {
    format!("<{name}>{}</{name}>", escape(text))
}

/// An ISO 8601 date, as IAM and STS write them (`2026-01-01T00:00:00Z`).
fn date(time: SystemTime) -> String {
    humantime::format_rfc3339_seconds(time).to_string()
}

/// A role's members, for `<Role>` or a listing's `<member>`.
fn role(role: &RoleView) -> String {
    let mut xml = String::new();
    xml.push_str(&element("Path", &role.path));
    xml.push_str(&element("RoleName", &role.name));
    xml.push_str(&element("RoleId", &role.id));
    xml.push_str(&element("Arn", &role.arn));
    xml.push_str(&element("CreateDate", &date(role.created)));
    // URL-encoded, as IAM answers every policy (its GetRole docs).
    xml.push_str(&element(
        "AssumeRolePolicyDocument",
        &form_encode(&role.trust_policy),
    ));
    if let Some(description) = &role.description {
        xml.push_str(&element("Description", description));
    }
    xml.push_str(&element(
        "MaxSessionDuration",
        &role.max_session.to_string(),
    ));
    xml
}

/// The result's members.
fn result(output: &QueryOutput) -> Option<String> {
    Some(match output {
        QueryOutput::Empty => return None,
        QueryOutput::Role(view) => format!("<Role>{}</Role>", role(view)),
        QueryOutput::PolicyNames(names) => {
            let members: String = names.iter().map(|n| element("member", n)).collect();
            format!("<PolicyNames>{members}</PolicyNames><IsTruncated>false</IsTruncated>")
        }
        QueryOutput::Roles { roles, marker } => {
            let members: String = roles
                .iter()
                .map(|r| ["<member>", &role(r), "</member>"].concat())
                .collect();
            let mut xml = format!(
                "<Roles>{members}</Roles>{}",
                element("IsTruncated", &marker.is_some().to_string())
            );
            if let Some(marker) = marker {
                xml.push_str(&element("Marker", marker));
            }
            xml
        }
        QueryOutput::Session(session) => format!(
            "<Credentials>{}{}{}{}</Credentials><AssumedRoleUser>{}{}</AssumedRoleUser>",
            element("AccessKeyId", &session.access_key_id),
            element("SecretAccessKey", &session.secret),
            element("SessionToken", &session.token),
            element("Expiration", &date(session.expiration)),
            element("AssumedRoleId", &session.assumed_role_id),
            element("Arn", &session.arn),
        ),
        QueryOutput::CallerIdentity {
            user_id,
            account,
            arn,
        } => format!(
            "{}{}{}",
            element("UserId", user_id),
            element("Account", account),
            element("Arn", arn)
        ),
    })
}

/// A successful answer to `operation`.
pub(super) fn success(operation: QueryOperation, output: &QueryOutput) -> String {
    let name = operation.name();
    let namespace = operation.service().namespace();
    let mut xml = format!("<{name}Response xmlns=\"{namespace}\">");
    if let Some(result) = result(output) {
        let _ = write!(xml, "<{name}Result>{result}</{name}Result>");
    }
    let _ = write!(
        xml,
        "<ResponseMetadata>{}</ResponseMetadata></{name}Response>",
        element("RequestId", &uuid::Uuid::new_v4().to_string())
    );
    xml
}

/// An error answer of `service`.
pub(super) fn error(service: QueryService, error: &IamError) -> String {
    let party = if error.status >= 500 {
        "Receiver"
    } else {
        "Sender"
    };
    format!(
        "<ErrorResponse xmlns=\"{}\"><Error>{}{}{}</Error>{}</ErrorResponse>",
        service.namespace(),
        element("Type", party),
        element("Code", error.code.name()),
        element("Message", &error.message),
        element("RequestId", &uuid::Uuid::new_v4().to_string())
    )
}
