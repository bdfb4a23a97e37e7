//! The expectations shipped for moto and LocalStack name scenarios that
//! exist, each with a reason.

use std::path::Path;

#[test]
fn the_shipped_expectations_name_real_scenarios() {
    for file in ["expectations/moto.toml", "expectations/localstack.toml"] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
        let expectations = crate::expectations::Expectations::load(&path).expect("valid");
        let names = crate::suite::features::scenario_names(&crate::suite::FeatureSource::Embedded)
            .expect("features parse");
        expectations
            .check_names(names.iter().map(|(_, name)| name.as_str()))
            .expect("every name exists");
        assert!(
            expectations.iter().all(|e| e.reason.len() > 20),
            "{file}: reasons must say why"
        );
    }
}
