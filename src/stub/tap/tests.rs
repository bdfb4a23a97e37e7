use super::*;

fn request() -> TappedRequest {
    TappedRequest {
        method: "POST".into(),
        path: "/".into(),
        headers: vec![
            ("x-a".into(), "1".into()),
            ("x-b".into(), "2".into()),
            ("x-a".into(), "3".into()),
        ],
        body: Vec::new(),
    }
}

fn response() -> TappedResponse {
    TappedResponse {
        status: 200,
        headers: Vec::new(),
        body: Vec::new(),
    }
}

#[test]
fn repeated_headers_fold_as_http_folds_them() {
    assert_eq!(request().header("X-A").as_deref(), Some("1, 3"));
    assert_eq!(request().header("x-c"), None);
}

#[test]
fn take_empties_the_tap_and_numbers_what_was_served() {
    let tap = Tap::new();
    tap.record(request(), response());
    tap.record(request(), response());
    let (taken, let_go) = tap.take();
    assert_eq!(taken.iter().map(|t| t.seq).collect::<Vec<_>>(), [0, 1]);
    assert_eq!(let_go, 0);
    assert!(tap.take().0.is_empty());
}

#[test]
fn a_full_tap_counts_what_it_lets_go() {
    let tap = Tap::new();
    for _ in 0..Tap::CAPACITY + 2 {
        tap.record(request(), response());
    }
    let (taken, let_go) = tap.take();
    assert_eq!((taken.len(), let_go), (Tap::CAPACITY, 2));
}
