//! Finding the suite's IAM roles on the target itself, for when no ledger
//! names them: every role under `/kms-conformance/` whose description
//! carries the suite's marker, as keys are found by theirs (`search`).
//! `ListRoles` answers each role's description (not its tags, contract
//! row 217), so the marker goes there when the role is made.

use super::CleanupError;
use crate::endpoint::iam_roles::ROLE_PATH;
use crate::wire::{Client, QueryOperation};

/// Pages of 100 roles: more than an account may hold (1000 roles).
const MAX_ROLE_PAGES: usize = 100;

/// The names of the roles under `/kms-conformance/` whose description
/// starts with `marker`, every page of `ListRoles` read (`Marker`,
/// `IsTruncated`).
///
/// A target whose answer is no XML serves no IAM, and has no roles.
///
/// # Errors
/// A transport failure, a refused listing, or one that never ends.
pub(super) async fn marked_roles(
    client: &Client,
    marker: &str,
) -> Result<Vec<String>, CleanupError> {
    let mut names = Vec::new();
    let mut next: Option<String> = None;
    for _ in 0..MAX_ROLE_PAGES {
        let mut members = vec![("PathPrefix", ROLE_PATH), ("MaxItems", "100")];
        if let Some(marker) = &next {
            members.push(("Marker", marker));
        }
        let answer = client.query(QueryOperation::ListRoles, &members).await?;
        let Some(document) = answer.document.as_ref() else {
            // No XML: a target that serves no IAM, and so holds no role.
            return Ok(names);
        };
        if !answer.is_success() {
            return Err(CleanupError::Refused(format!(
                "ListRoles: {}",
                answer.describe()
            )));
        }
        if let Some(roles) = document.find("Roles") {
            for role in roles.children_named("member") {
                let ours = role
                    .text_of("Description")
                    .is_some_and(|d| d.starts_with(marker));
                // The prefix is IAM's to apply; a target that ignores it
                // must not lead the suite to another path's roles.
                let under_path = role
                    .text_of("Path")
                    .is_some_and(|p| p.starts_with(ROLE_PATH));
                if let (true, true, Some(name)) = (ours, under_path, role.text_of("RoleName")) {
                    names.push(name.to_owned());
                }
            }
        }
        if document.text_of("IsTruncated") != Some("true") {
            return Ok(names);
        }
        next = Some(
            document
                .text_of("Marker")
                .ok_or_else(|| {
                    CleanupError::Refused("ListRoles: IsTruncated without a Marker".to_owned())
                })?
                .to_owned(),
        );
    }
    Err(CleanupError::Refused(format!(
        "ListRoles: more than {MAX_ROLE_PAGES} pages under {ROLE_PATH}"
    )))
}
