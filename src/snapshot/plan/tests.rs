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
