//! `{templates}` in step text, so a feature can name values it cannot know
//! in advance: the key's ID and ARN, the caller's account, a random key ID.
//!
//! | template | value |
//! |---|---|
//! | `{key-id}`, `{key-arn}` | the key's ID and ARN; `{second-key-id}`, `{other-region-key-id}`, `{second-account-key-arn}`, `{replica-key-arn}`... for the other keys |
//! | `{account}`, `{partition}` | the caller's, learnt from the first key's ARN |
//! | `{second-account}` | the second account, from its key's ARN |
//! | `{region}`, `{other-region}` | the target region and the other region |
//! | `{foreign-account}` | a 12-digit account that is not the caller's |
//! | `{alias-name}`, `{alias-arn}` | the alias the scenario made |
//! | `{random-uuid}`, `{random-mrk}` | a key ID (or multi-Region key ID) nobody has, the same all through a scenario |
//! | `{<role>-session-arn}` | the session ARN `AssumeRole` answered for the scenario's role `<role>` |
//! | `{129*k}` | `k` repeated 129 times |
//!
//! Anything else in braces, JSON included, is left as it is.

use std::sync::LazyLock;

use regex::{Captures, Regex};

use super::world::{KeyRole, KmsWorld};

static TEMPLATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\{([a-z][a-z0-9-]*|[0-9]+\*[^{}])\}").expect("valid regex"));

/// Accounts from the AWS documentation, for ARNs that must name someone else.
const FOREIGN_ACCOUNTS: [&str; 2] = ["111122223333", "444455556666"];

/// Expands every template in `text`.
///
/// # Errors
/// An unknown template, or one whose value the scenario does not know yet.
pub(crate) fn expand(world: &mut KmsWorld, text: &str) -> Result<String, String> {
    let mut failure = None;
    let expanded = TEMPLATE.replace_all(text, |caps: &Captures<'_>| match value(world, &caps[1]) {
        Ok(value) => value,
        Err(e) => {
            failure.get_or_insert(e);
            String::new()
        }
    });
    match failure {
        Some(e) => Err(e),
        None => Ok(expanded.into_owned()),
    }
}

fn value(world: &mut KmsWorld, name: &str) -> Result<String, String> {
    if let Some((count, unit)) = name.split_once('*') {
        let count: usize = count
            .parse()
            .map_err(|_| format!("bad repeat {{{name}}}"))?;
        if count > 100_000 {
            return Err(format!("{{{name}}} is longer than any test needs"));
        }
        return Ok(unit.repeat(count));
    }
    for role in [
        KeyRole::OtherRegion,
        KeyRole::SecondAccount,
        KeyRole::Replica,
        KeyRole::Second,
        KeyRole::Main,
    ] {
        if let Some(field) = name
            .strip_prefix(role.template_prefix())
            .and_then(|n| n.strip_prefix("key-"))
        {
            let key = world.key(role)?;
            return match field {
                "id" => Ok(key.id.clone()),
                "arn" => Ok(key.arn.clone()),
                _ => Err(format!("unknown template {{{name}}}")),
            };
        }
    }
    let context = world.context().clone();
    match name {
        "region" => Ok(context.callers.primary.region().to_owned()),
        "other-region" => Ok(context.callers.other_region.region().to_owned()),
        "account" => world
            .account
            .clone()
            .ok_or_else(|| "{account} is learnt from a key's ARN: make a key first".to_owned()),
        "partition" => world
            .partition
            .clone()
            .ok_or_else(|| "{partition} is learnt from a key's ARN: make a key first".to_owned()),
        "second-account" => {
            let key = world.key(KeyRole::SecondAccount)?;
            Ok(key.arn.split(':').nth(4).unwrap_or_default().to_owned())
        }
        "foreign-account" => {
            let own = world
                .account
                .clone()
                .ok_or("{foreign-account} needs the caller's account: make a key first")?;
            Ok(FOREIGN_ACCOUNTS
                .iter()
                .find(|a| **a != own)
                .copied()
                .unwrap_or_default()
                .to_owned())
        }
        "alias-name" => world
            .alias
            .clone()
            .ok_or_else(|| "the scenario made no alias".to_owned()),
        "alias-arn" => {
            let alias = world.alias.clone().ok_or("the scenario made no alias")?;
            let key = world.key(KeyRole::Main)?;
            let prefix = key.arn.split(":key/").next().unwrap_or_default();
            Ok(format!("{prefix}:{alias}"))
        }
        "random-uuid" => Ok(drawn(world, name, || uuid::Uuid::new_v4().to_string())),
        "random-mrk" => Ok(drawn(world, name, || {
            format!("mrk-{}", uuid::Uuid::new_v4().simple())
        })),
        _ => match name
            .strip_suffix("-session-arn")
            .and_then(|label| world.roles.get(label))
        {
            Some(role) => Ok(role.session_arn.clone()),
            None => Err(format!("unknown template {{{name}}}")),
        },
    }
}

/// A random value drawn the first time a scenario names it, then kept.
fn drawn(world: &mut KmsWorld, name: &str, draw: impl FnOnce() -> String) -> String {
    world
        .drawn
        .entry(name.to_owned())
        .or_insert_with(draw)
        .clone()
}
