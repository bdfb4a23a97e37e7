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
pub const DEFAULT_DIR: &str = "snapshots";

/// The folder of a built-in stub that does not answer as the reference
/// (`--aws-like` keeps new replicas `Creating`), unless `--target-name`.
pub const REHEARSAL_FOLDER: &str = "stub-rehearsal";

/// What to do with a target's own snapshots.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Mode {
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
    pub fn name(self) -> &'static str {
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
pub struct PlanArgs {
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
pub struct Plan {
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
    pub fn off() -> Self {
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
pub fn resolve(
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
pub fn name_from_endpoint(url: &str) -> String {
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
mod tests {
    use super::*;
    use crate::stub::StubOptions;

    fn plan(args: &PlanArgs, target: &Target, vars: &[(&str, &str)]) -> Plan {
        let vars: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        resolve(args, target, &move |name| {
            vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
        })
        .expect("resolves")
    }

    fn moto() -> Target {
        Target::Endpoint("http://127.0.0.1:5000/".into())
    }

    fn mode(plan: &Plan) -> Option<Mode> {
        plan.own.as_ref().map(|(_, mode)| *mode)
    }

    #[test]
    fn the_reference_run_reviews_locally_and_checks_in_ci() {
        let args = PlanArgs::default();
        let local = plan(&args, &Target::Stub(StubOptions::default()), &[]);
        assert_eq!(local.own, Some((Folder::new(DEFAULT_DIR), Mode::Review)));
        assert_eq!(local.reference, None);
        assert_eq!(
            mode(&plan(
                &args,
                &Target::Stub(StubOptions::default()),
                &[("CI", "true")]
            )),
            Some(Mode::Check)
        );
        assert_eq!(
            mode(&plan(
                &args,
                &Target::Stub(StubOptions::default()),
                &[("CI", "false")]
            )),
            Some(Mode::Review)
        );
    }

    #[test]
    fn insta_update_is_honoured_for_the_reference() {
        let args = PlanArgs::default();
        let accept = plan(
            &args,
            &Target::Stub(StubOptions::default()),
            &[("INSTA_UPDATE", "always"), ("INSTA_FORCE_PASS", "1")],
        );
        assert_eq!(mode(&accept), Some(Mode::Update));
        assert!(accept.force_pass);
        assert_eq!(
            mode(&plan(
                &args,
                &Target::Stub(StubOptions::default()),
                &[("INSTA_UPDATE", "no")]
            )),
            Some(Mode::Check)
        );
    }

    #[test]
    fn ci_never_writes_pending_snapshots() {
        let args = PlanArgs {
            mode: Some(Mode::Review),
            ..PlanArgs::default()
        };
        let ci = plan(&args, &Target::Stub(StubOptions::default()), &[("CI", "1")]);
        assert_eq!(mode(&ci), Some(Mode::Check));
        assert_eq!(ci.notices.len(), 1);
    }

    #[test]
    fn another_target_is_compared_with_the_reference_and_writes_nothing() {
        let p = plan(&PlanArgs::default(), &moto(), &[]);
        assert_eq!(p.own, None);
        assert_eq!(p.reference, Some(Folder::new(DEFAULT_DIR)));
    }

    #[test]
    fn another_target_has_its_own_folder() {
        let args = PlanArgs {
            mode: Some(Mode::Update),
            ..PlanArgs::default()
        };
        let p = plan(&args, &moto(), &[]);
        let own = PathBuf::from(DEFAULT_DIR).join("127.0.0.1-5000");
        assert_eq!(p.own, Some((Folder::new(own), Mode::Update)));
        let named = PlanArgs {
            target_name: Some("moto".into()),
            ..args
        };
        let p = plan(&named, &moto(), &[]);
        assert_eq!(
            p.own.map(|(f, _)| f.dir),
            Some(PathBuf::from(DEFAULT_DIR).join("moto"))
        );
    }

    #[test]
    fn off_is_off_and_custom_features_turn_the_default_off() {
        let off = PlanArgs {
            mode: Some(Mode::Off),
            ..PlanArgs::default()
        };
        assert_eq!(plan(&off, &moto(), &[]), Plan::off());
        let custom = PlanArgs {
            custom_features: true,
            ..PlanArgs::default()
        };
        assert_eq!(
            plan(&custom, &Target::Stub(StubOptions::default()), &[]),
            Plan::off()
        );
    }

    #[test]
    fn a_missing_folder_turns_the_default_off_with_a_notice() {
        let args = PlanArgs {
            dir: Some(PathBuf::from("/nonexistent/snapshots")),
            ..PlanArgs::default()
        };
        let p = plan(&args, &Target::Stub(StubOptions::default()), &[]);
        assert_eq!(p.own, None);
        assert_eq!(p.notices.len(), 1);
    }

    #[test]
    fn target_names_are_folder_names() {
        assert_eq!(
            name_from_endpoint("http://127.0.0.1:4566"),
            "127.0.0.1-4566"
        );
        assert_eq!(
            name_from_endpoint("https://kms.us-east-1.amazonaws.com/"),
            "kms.us-east-1.amazonaws.com"
        );
        assert_eq!(name_from_endpoint("http://[::1]:5000/"), "__1-5000");
        for bad in ["", "../x", "a/b", ".hidden"] {
            assert!(checked_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_rehearsal_stub_is_compared_with_the_reference_and_never_judged_as_it() {
        let args = PlanArgs {
            dir: Some(std::env::temp_dir()),
            ..PlanArgs::default()
        };
        let rehearsal = Target::Stub(StubOptions::aws_like(1.0));
        let p = plan(&args, &rehearsal, &[]);
        assert_eq!(p.own, None, "nothing of its own without --snapshots");
        assert_eq!(p.reference, Some(Folder::new(std::env::temp_dir())));
        let asked = PlanArgs {
            mode: Some(Mode::Update),
            ..args.clone()
        };
        let p = plan(&asked, &rehearsal, &[]);
        assert_eq!(
            p.own.map(|(folder, _)| folder),
            Some(Folder::new(std::env::temp_dir().join(REHEARSAL_FOLDER))),
            "never the reference folder itself"
        );
        // Lags alone answer as the reference does.
        let lagging = Target::Stub(StubOptions {
            read_lag: std::time::Duration::from_millis(300),
            ..StubOptions::default()
        });
        assert!(plan(&args, &lagging, &[]).own.is_some());
    }
}
