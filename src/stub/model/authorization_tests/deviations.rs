//! Each authorization deviation bends its own rule, and only it.

use super::*;

/// A model with `deviation` and a key whose policy is `policy`.
fn deviant(deviation: Deviation, policy: &str) -> (Model, String) {
    let mut model = Model::new(deviation.into(), Duration::ZERO);
    let (id, _) = key(&mut model);
    put(&mut model, &id, policy).expect("stored");
    (model, id)
}

#[test]
fn each_authorization_deviation_bends_its_own_rule() {
    let deny = deny_untag(OWN_ACCOUNT);
    let (mut model, id) = deviant(Deviation::UntagDenyNotEnforced, &deny);
    assert_eq!(untag(&mut model, &id, &["env"]), Ok(Output::Empty));
    let (mut model, id) = deviant(Deviation::AllowOverridesDeny, &deny);
    assert_eq!(untag(&mut model, &id, &["env"]), Ok(Output::Empty));
    let (mut model, id) = deviant(Deviation::DenialIsNotFound, &deny);
    assert_eq!(
        error_type(untag(&mut model, &id, &["env"])),
        "NotFoundException"
    );
    let (mut model, id) = deviant(Deviation::DenialIs500, &deny);
    assert_eq!(
        untag(&mut model, &id, &["env"]).expect_err("500").status,
        500
    );
    let protect = deny_untag(r#"{"ForAnyValue:StringEquals": {"aws:TagKeys": ["owner"]}}"#);
    let (mut model, id) = deviant(Deviation::TagKeysConditionIgnored, &protect);
    assert_eq!(untag(&mut model, &id, &["owner"]), Ok(Output::Empty));
    let (mut model, id) = deviant(Deviation::PutKeyPolicyNotStored, &deny);
    assert_eq!(
        policy_of(&mut model, &id),
        default_key_policy("aws", ACCOUNT)
    );
    let (mut model, id) = deviant(Deviation::MalformedPolicyAccepted, "not a policy");
    assert_eq!(policy_of(&mut model, &id), "not a policy");
    assert_eq!(untag(&mut model, &id, &["env"]), Ok(Output::Empty));
    let (mut model, id) = deviant(Deviation::NoLockoutCheck, &lockout());
    assert_eq!(policy_of(&mut model, &id), lockout());
    let mut model = Model::new(Deviation::PolicyNameRequired.into(), Duration::ZERO);
    let (id, _) = key(&mut model);
    let unnamed = call(&mut model, "GetKeyPolicy", &json!({ "KeyId": id }));
    assert_eq!(error_type(unnamed), "NotFoundException");
    let named = json!({ "KeyId": id, "PolicyName": "default" });
    output(call(&mut model, "GetKeyPolicy", &named));
    let mut model = Model::new(Deviation::ManagedKeyUntaggable.into(), Duration::ZERO);
    let described = output(call(
        &mut model,
        "DescribeKey",
        &json!({ "KeyId": "alias/aws/s3" }),
    ));
    let id = described["KeyMetadata"]["KeyId"].as_str().expect("KeyId");
    assert_eq!(untag(&mut model, id, &["env"]), Ok(Output::Empty));
}
