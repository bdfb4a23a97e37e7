use super::*;

#[test]
fn reads_entries_with_reasons_and_issues() {
    let expectations = Expectations::parse(
        r#"
            implementation = "moto"
            [[expected]]
            scenario = "A"
            outcome = "fail"
            reason = "moto does not check key state"
            issue = "https://example.com/1"
            [[expected]]
            scenario = "B"
            outcome = "flaky"
            reason = "timing"
            "#,
        None,
    )
    .expect("valid");
    assert_eq!(expectations.implementation.as_deref(), Some("moto"));
    assert_eq!(
        expectations.get("A").map(|e| e.outcome),
        Some(Expected::Fail)
    );
    assert_eq!(
        expectations.get("B").map(|e| e.outcome),
        Some(Expected::Flaky)
    );
    assert!(expectations.get("C").is_none());
}

#[test]
fn refuses_what_would_let_the_list_rot_or_lie() {
    for (text, complaint) in [
        (
            "[[expected]]\nscenario = \"A\"\noutcome = \"fail\"\nreason = \" \"\n",
            "no reason",
        ),
        (
            "[[expected]]\nscenario = \"A\"\noutcome = \"pass\"\nreason = \"r\"\n",
            "not valid",
        ),
        (
            "[[expected]]\nscenario = \"A\"\noutcome = \"fail\"\nreason = \"r\"\nwhy = \"x\"\n",
            "not valid",
        ),
        (
            "[[expected]]\nscenario = \"A\"\noutcome = \"fail\"\nreason = \"r\"\n\
             [[expected]]\nscenario = \"A\"\noutcome = \"flaky\"\nreason = \"r\"\n",
            "twice",
        ),
    ] {
        let error = Expectations::parse(text, None).expect_err(complaint);
        assert!(error.to_string().contains(complaint), "{error}");
        assert!(!error.to_string().contains('\n'), "{error}");
    }
}

#[test]
fn names_that_do_not_exist_are_reported() {
    let expectations = Expectations::parse(
        "[[expected]]\nscenario = \"Gone\"\noutcome = \"fail\"\nreason = \"r\"\n",
        None,
    )
    .expect("valid");
    let error = expectations.check_names(["Here"]).expect_err("rotten");
    assert!(error.to_string().contains("Gone"), "{error}");
    assert!(expectations.check_names(["Gone", "Here"]).is_ok());
}
