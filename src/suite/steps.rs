//! Step definitions, one file per domain concept (cucumber book, "modules"):
//! keys, key states, multi-Region keys, tags, listings, errors, the wire,
//! key policies, authorization and IAM roles, throttling. Each is written with `step!`
//! (`suite::evidence`), which declares beside it what it asserts.

mod authorization_steps;
mod error_steps;
mod key_policy_steps;
mod key_state_steps;
mod key_steps;
mod listing_steps;
mod multi_region_steps;
mod role_steps;
mod tag_steps;
mod throttling_steps;
mod wire_steps;

use cucumber::gherkin::Step;

use super::tag_listing::TagPair;
use super::world::KmsWorld;
use crate::suite::template::expand;

/// A step passes with `Ok` and fails with a message saying what was wrong.
pub(crate) type StepResult = Result<(), String>;

/// The `| TagKey | TagValue |` table of a step, templates expanded.
fn table_tags(w: &mut KmsWorld, step: &Step) -> Result<Vec<TagPair>, String> {
    let table = step
        .table
        .as_ref()
        .ok_or("the step needs a | TagKey | TagValue | table")?;
    let mut rows = table.rows.iter();
    match rows.next().map(Vec::as_slice) {
        Some([key, value]) if key == "TagKey" && value == "TagValue" => {}
        _ => return Err("the table's header must be | TagKey | TagValue |".to_owned()),
    }
    rows.map(|row| match row.as_slice() {
        [key, value] => Ok((expand(w, key)?, expand(w, value)?)),
        _ => Err(format!("a tag row needs two cells: {row:?}")),
    })
    .collect()
}
