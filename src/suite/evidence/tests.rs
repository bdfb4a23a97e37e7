use std::collections::BTreeMap;

use cucumber::World as _;
use cucumber::gherkin::{self, GherkinEnv};

use super::*;
use crate::suite::KmsWorld;

#[test]
fn levels_order_from_unpublished_to_recorded() {
    assert!(Evidence::Unk < Evidence::Inf);
    assert!(Evidence::Inf < Evidence::Doc);
    assert!(Evidence::Doc < Evidence::Rec);
    for level in Evidence::ALL {
        assert_eq!(Evidence::from_tag(level.tag()), Some(level));
    }
}

#[test]
fn operations_become_tag_suffixes() {
    assert_eq!(tag_suffix(Operation::DescribeKey.name()), "describe-key");
    assert_eq!(
        tag_suffix(Operation::ScheduleKeyDeletion.name()),
        "schedule-key-deletion"
    );
    assert_eq!(tag_suffix(Operation::CreateKey.name()), "create-key");
}

#[test]
fn every_expression_is_defined_in_one_place() {
    let mut defined_at = BTreeMap::new();
    for step in steps() {
        let here = (step.file, step.line);
        if let Some(there) = defined_at.insert(step.expression, here) {
            assert_eq!(there, here, "{:?} is defined twice", step.expression);
        }
    }
    assert!(
        defined_at
            .values()
            .any(|(file, _)| file.starts_with("src/suite/steps/")),
        "no step of src/suite/steps/ is registered"
    );
}

// One step in each form cucumber's attributes take, written as the step
// files write theirs: what reaches cucumber must parse, and the class must
// be found where cucumber says the step is.

step!(
    /// A doc comment, kept.
    #[given("a step written as text")]
    #[setup]
    fn as_text(_w: &mut KmsWorld) {}
);

step!(
    #[when(expr = "a step written as an expression with {int} parameter")]
    #[sends(Operation::DescribeKey)]
    fn as_expression(_w: &mut KmsWorld, count: usize) {
        let _ = count;
    }
);

step!(
    #[given(regex = r#"^a step written as a regex, "(.*)"$"#)]
    #[then(regex = r#"^a step written as a regex, "(.*)"$"#)]
    #[asserts(Rec)]
    #[expect(
        clippy::needless_pass_by_value,
        reason = "an attribute after the class, kept"
    )]
    fn as_regex(_w: &mut KmsWorld, quoted: String) {
        let _ = quoted.len();
    }
);

/// What cucumber runs for `text`, and its class where cucumber says it is.
fn found(keyword: &str, text: &str) -> Option<&'static StepClass> {
    let feature = format!("Feature: f\n  Scenario: s\n    {keyword} {text}\n");
    let feature = gherkin::Feature::parse(feature, GherkinEnv::default()).expect("it parses");
    let step = &feature.scenarios[0].steps[0];
    let (_, _, location, _) = KmsWorld::collection()
        .find(step)
        .expect("one definition")
        .expect("a definition");
    let location = location.expect("its location");
    class_at(location.path, location.line)
}

#[test]
fn each_form_of_step_attribute_reaches_cucumber_and_its_class_is_where_cucumber_says() {
    let text = found("Given", "a step written as text").expect("classified");
    assert_eq!(text.expression, "a step written as text");
    assert_eq!((text.asserts, text.sends), (Evidence::Unk, None));

    let expression =
        found("When", "a step written as an expression with 2 parameter").expect("classified");
    assert_eq!(
        expression.expression,
        "a step written as an expression with {int} parameter"
    );
    assert_eq!(expression.sends, Some(Operation::DescribeKey));

    for keyword in ["Given", "Then"] {
        let regex = found(keyword, r#"a step written as a regex, "x""#).expect("classified");
        assert_eq!(regex.expression, r#"^a step written as a regex, "(.*)"$"#);
        assert_eq!(regex.asserts, Evidence::Rec);
    }
}
