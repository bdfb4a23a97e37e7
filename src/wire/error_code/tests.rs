use super::*;

#[test]
fn listed_names_round_trip_and_stay_listed() {
    for code in ErrorCode::LISTED {
        assert_eq!(&ErrorCode::named(code.name()), code);
        assert_eq!(code.to_string(), code.name());
        assert!(!matches!(
            ErrorCode::named(code.name()),
            ErrorCode::Other(_)
        ));
    }
    let names: Vec<&str> = ErrorCode::LISTED.iter().map(ErrorCode::name).collect();
    let mut unique = names.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), names.len(), "a wire name twice");
}

#[test]
fn an_unlisted_type_is_carried_as_it_came() {
    let code = ErrorCode::named("KeyNotFound");
    assert_eq!(code, ErrorCode::Other(Unlisted("KeyNotFound".to_owned())));
    assert_eq!(code.to_string(), "KeyNotFound");
    // Case matters, as on the wire: no listed type is spelled this way.
    let lower = ErrorCode::named("notfoundexception");
    assert!(matches!(&lower, ErrorCode::Other(u) if u.as_str() == "notfoundexception"));
    assert_ne!(lower, ErrorCode::NotFoundException);
    assert_eq!(
        "".parse::<ErrorCode>().map(|c| c.to_string()),
        Ok(String::new())
    );
}

#[test]
fn a_wire_value_loses_its_namespace_and_uri() {
    assert_eq!(
        ErrorCode::from_wire("aws.protocoltests.json#FooError:http://internal.amazon.com/coral/"),
        ErrorCode::named("FooError")
    );
    assert_eq!(
        ErrorCode::from_wire("com.amazonaws.kms#NotFoundException"),
        ErrorCode::NotFoundException
    );
    assert_eq!(
        ErrorCode::from_wire(" KMSInvalidStateException:http://x/ "),
        ErrorCode::KmsInvalidStateException
    );
    assert_eq!(
        ErrorCode::from_wire("ThrottlingException"),
        ErrorCode::ThrottlingException
    );
}
