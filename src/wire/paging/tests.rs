use super::*;

fn follow(pages: &[Value], max_pages: usize) -> Result<Vec<Value>, PagingError> {
    let mut listing = Pager::new(json!({ "KeyId": "k" }), max_pages);
    let mut sent = Vec::new();
    let mut answers = pages.iter();
    while let Some(input) = listing.next_input() {
        sent.push(input);
        listing.advance(answers.next().expect("an answer per request"))?;
    }
    Ok(sent)
}

#[test]
fn a_single_page_listing_sends_one_request_without_a_marker() {
    let sent = follow(&[json!({ "Tags": [], "Truncated": false })], 10).expect("follows");
    assert_eq!(sent, vec![json!({ "KeyId": "k" })]);
}

#[test]
fn each_next_page_sends_the_marker_it_was_handed() {
    let pages = [
        json!({ "Truncated": true, "NextMarker": "m1" }),
        json!({ "Truncated": true, "NextMarker": "m2" }),
        json!({ "Truncated": false }),
    ];
    let sent = follow(&pages, 10).expect("follows");
    assert_eq!(sent.len(), 3);
    assert_eq!(sent[1]["Marker"], "m1");
    assert_eq!(sent[2]["Marker"], "m2");
}

#[test]
fn truncated_without_a_marker_is_the_targets_error() {
    let pages = [json!({ "Truncated": true })];
    assert_eq!(follow(&pages, 10), Err(PagingError::MissingMarker));
    let pages = [json!({ "Truncated": true, "NextMarker": null })];
    assert_eq!(follow(&pages, 10), Err(PagingError::MissingMarker));
}

#[test]
fn a_marker_handed_out_twice_is_refused_rather_than_followed_forever() {
    let pages = [
        json!({ "Truncated": true, "NextMarker": "m" }),
        json!({ "Truncated": true, "NextMarker": "m" }),
    ];
    assert_eq!(
        follow(&pages, 10),
        Err(PagingError::RepeatedMarker("m".into()))
    );
}

#[test]
fn a_listing_longer_than_allowed_stops_with_an_error() {
    let pages: Vec<Value> = (0..5)
        .map(|i| json!({ "Truncated": true, "NextMarker": format!("m{i}") }))
        .collect();
    assert_eq!(follow(&pages, 3), Err(PagingError::TooManyPages(3)));
}

#[test]
fn truncated_must_be_a_boolean_when_present() {
    assert!(matches!(
        continuation(&json!({ "Truncated": "false" })),
        Err(PagingError::TruncatedNotBoolean(_))
    ));
    assert_eq!(continuation(&json!({})), Ok(None));
    assert_eq!(
        continuation(&json!({ "Truncated": false, "NextMarker": "x" })),
        Ok(None)
    );
}
