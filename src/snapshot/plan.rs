//! What a run does with snapshots: the mode, the folders, and the defaults.
//!
//! The built-in stub is the reference: its snapshots are `snapshots/*.snap`.
//! Any other target (or the stub under `--target-name`) has its own folder,
//! `snapshots/<target-name>/`, and is also compared with the reference.
//!
//! | `--snapshots` | the target's own folder | fails the run |
//! |---|---|---|
//! | `check` | compared, nothing written | on a difference or a missing snapshot |
//! | `review` | compared; differences written as `.snap.new` for `cargo insta review` | likewise |
//! | `update` | differences and missing snapshots written as `.snap` | never |
//! | `off` | untouched, and no comparison with the reference | never |
//!
//! Without `--snapshots`: the reference run is `check` when `CI` is set and
//! `review` otherwise (as insta itself behaves; `INSTA_UPDATE` is honoured so
//! that `cargo insta test` works); another target is only compared with the
//! reference, which never changes the exit code; `--features DIR` turns
//! snapshots off (the reference belongs to the built-in features).

use std::path::PathBuf;

use super::store::Folder;
use crate::endpoint::Target;

/// Where snapshots live unless `--snapshot-dir` says otherwise: `snapshots/`
/// in the working directory, the checkout a run starts from. Never the tree
/// the binary was built in: an installed binary run from another checkout
/// compares against that checkout's snapshots (and without one, has none).
pub(crate) const DEFAULT_DIR: &str = "snapshots";

/// The folder of a built-in stub that does not answer as the reference
/// (`--aws-like` keeps new replicas `Creating`), unless `--target-name`.
pub(crate) const REHEARSAL_FOLDER: &str = "stub-rehearsal";

/// What to do with a target's own snapshots.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Mode {
    /// Compare; write nothing; fail on a difference or a missing snapshot.
    Check,
    /// Compare; write each difference as a `.snap.new` for `cargo insta review`; fail.
    Review,
    /// Write every difference and missing snapshot; never fail.
    Update,
    /// No snapshots at all.
    Off,
}

impl Mode {
    /// Its `--snapshots` value (`check`), for messages.
    #[must_use]
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Check => "check",
            Self::Review => "review",
            Self::Update => "update",
            Self::Off => "off",
        }
    }
}

/// The snapshot options of a run, as given.
#[derive(Clone, Debug, Default)]
pub(crate) struct PlanArgs {
    /// `--snapshots`; `None` for the defaults the module docs describe.
    pub mode: Option<Mode>,
    /// `--target-name`: the target's folder under the snapshots folder.
    /// Default: named after the endpoint's host and port; none for the
    /// built-in stub, whose snapshots are the reference.
    pub target_name: Option<String>,
    /// `--snapshot-dir`: the snapshots folder. Default: [`DEFAULT_DIR`].
    pub dir: Option<PathBuf>,
    /// `--features DIR`: the scenarios are not the built-in ones.
    pub custom_features: bool,
}

/// What a run will do with snapshots.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Plan {
    /// The target's own folder and what to do with it; `None`: nothing.
    pub own: Option<(Folder, Mode)>,
    /// The reference to compare with, when the target is not the reference.
    pub reference: Option<Folder>,
    /// Differences are reported but do not fail the run (`INSTA_FORCE_PASS=1`).
    pub force_pass: bool,
    /// One-line notices for the user.
    pub notices: Vec<String>,
}

impl Plan {
    /// No snapshots at all.
    #[must_use]
    pub(crate) fn off() -> Self {
        Self {
            own: None,
            reference: None,
            force_pass: false,
            notices: Vec::new(),
        }
    }
}

/// Resolves the plan for `target` from `args` and the environment `env`.
///
/// # Errors
/// A target name that cannot be a folder name.
pub(crate) fn resolve(
    args: &PlanArgs,
    target: &Target,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Plan, String> {
    let var = |name: &str| env(name).filter(|v| !v.is_empty());
    let root = args
        .dir
        .clone()
        .unwrap_or_else(|| PathBuf::from(DEFAULT_DIR));
    let reference_run =
        matches!(target, Target::Stub(o) if o.answers_as_reference()) && args.target_name.is_none();
    let name = match (&args.target_name, target) {
        (Some(name), _) => Some(checked_name(name)?),
        (None, Target::Endpoint(url)) => Some(name_from_endpoint(url)),
        (None, Target::Stub(_)) if reference_run => None,
        // A rehearsal (`--aws-like`) answers otherwise: never the reference.
        (None, Target::Stub(_)) => Some(REHEARSAL_FOLDER.to_owned()),
    };
    let ci = var("CI").is_some_and(|v| v != "0" && v != "false") || var("TF_BUILD").is_some();
    let mut plan = Plan {
        force_pass: var("INSTA_FORCE_PASS").as_deref() == Some("1"),
        ..Plan::off()
    };

    let mode = match args.mode {
        Some(mode) => mode,
        None if args.custom_features => Mode::Off,
        None if !root.is_dir() => {
            plan.notices.push(format!(
                "no snapshots folder at {}: snapshots are off (--snapshot-dir DIR names one)",
                root.display()
            ));
            Mode::Off
        }
        None if reference_run => match var("INSTA_UPDATE").as_deref() {
            Some("always" | "force" | "1") => Mode::Update,
            Some("new" | "unseen") => Mode::Review,
            Some("no") => Mode::Check,
            _ if ci => Mode::Check,
            _ => Mode::Review,
        },
        // Another target: compared with the reference only.
        None => {
            plan.reference = Some(Folder::new(&root));
            return Ok(plan);
        }
    };
    if mode == Mode::Off {
        return Ok(plan);
    }
    let mode = if mode == Mode::Review && ci {
        plan.notices
            .push("CI is set: snapshots are checked, no .snap.new is written".to_owned());
        Mode::Check
    } else {
        mode
    };
    let own = match &name {
        Some(name) => Folder::new(root.join(name)),
        None => Folder::new(&root),
    };
    if !reference_run {
        plan.reference = Some(Folder::new(&root));
    }
    plan.own = Some((own, mode));
    Ok(plan)
}

/// A folder name for an endpoint: `http://127.0.0.1:4566/` → `127.0.0.1-4566`.
#[must_use]
pub(crate) fn name_from_endpoint(url: &str) -> String {
    let parsed = reqwest::Url::parse(url).ok();
    let host = parsed
        .as_ref()
        .and_then(|u| u.host_str().map(|h| h.trim_matches(['[', ']']).to_owned()))
        .unwrap_or_else(|| "endpoint".to_owned());
    let name = match parsed.and_then(|u| u.port()) {
        Some(port) => format!("{host}-{port}"),
        None => host,
    };
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect()
}

fn checked_name(name: &str) -> Result<String, String> {
    let fine = !name.is_empty()
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
    if fine {
        Ok(name.to_owned())
    } else {
        Err(format!(
            "--target-name {name:?} must be a folder name: letters, digits, '.', '-', '_', \
             not starting with '.'"
        ))
    }
}

#[cfg(test)]
mod tests;
