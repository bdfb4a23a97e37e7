use super::*;

fn env(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
    move |name| {
        pairs
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| (*v).to_owned())
    }
}

#[test]
fn the_scheme_chooses_the_variable_and_all_proxy_fills_in() {
    let proxy = ForwardProxy::from_env(&env(&[
        ("HTTP_PROXY", "http://plain:3128"),
        ("ALL_PROXY", "http://all:3128"),
    ]));
    assert_eq!(
        proxy.route("http://kms.test/").as_deref(),
        Some("http://plain:3128/")
    );
    assert_eq!(
        proxy.route("https://kms.test/").as_deref(),
        Some("http://all:3128/")
    );
    let lower = ForwardProxy::from_env(&env(&[("https_proxy", "http://lower:8080")]));
    assert_eq!(lower.route("http://kms.test/"), None);
    assert_eq!(
        lower.route("https://kms.test/").as_deref(),
        Some("http://lower:8080/")
    );
}

#[test]
fn no_proxy_lists_hosts_domains_and_networks_reached_directly() {
    let proxy = ForwardProxy::from_env(&env(&[
        ("HTTP_PROXY", "http://proxy:3128"),
        ("NO_PROXY", "localhost, .internal.test, 10.0.0.0/8"),
    ]));
    for direct in [
        "http://localhost:4566/",
        "http://kms.internal.test/",
        "http://10.1.2.3:4566/",
    ] {
        assert_eq!(proxy.route(direct), None, "{direct}");
    }
    assert!(proxy.route("http://127.0.0.1:4566/").is_some());
    let everything = ForwardProxy::from_env(&env(&[
        ("HTTP_PROXY", "http://proxy:3128"),
        ("no_proxy", "*"),
    ]));
    assert_eq!(everything.route("http://kms.test/"), None);
}

#[test]
fn a_cgi_program_ignores_http_proxy_as_curl_does() {
    let proxy = ForwardProxy::from_env(&env(&[
        ("HTTP_PROXY", "http://injected:3128"),
        ("REQUEST_METHOD", "GET"),
    ]));
    assert_eq!(proxy.route("http://kms.test/"), None);
}

#[test]
fn the_flag_sends_every_endpoint_through_its_proxy_less_no_proxy() {
    let proxy = ForwardProxy::flag(
        "http://127.0.0.1:8888",
        &env(&[("NO_PROXY", "kms.direct.test")]),
    )
    .expect("a proxy URL");
    assert_eq!(
        proxy
            .route("https://kms.eu-west-1.amazonaws.com/")
            .as_deref(),
        Some("http://127.0.0.1:8888/")
    );
    assert_eq!(proxy.route("http://kms.direct.test/"), None);
    assert_eq!(
        proxy.notice("http://127.0.0.1:4599/").as_deref(),
        Some(
            "requests to http://127.0.0.1:4599/ go through the forward proxy \
             http://127.0.0.1:8888/ (--proxy; NO_PROXY does not list it)"
        )
    );
    for bad in ["127.0.0.1:8888", "socks5://127.0.0.1:1080", "not a url"] {
        let error = ForwardProxy::flag(bad, &env(&[])).expect_err(bad);
        assert!(error.starts_with("--proxy "), "{error}");
    }
}

#[test]
fn credentials_in_a_proxy_url_are_used_and_never_shown() {
    let proxy = ForwardProxy::from_env(&env(&[("HTTP_PROXY", "http://alice:s3cret@proxy:3128")]));
    let shown = proxy.route("http://kms.test/").expect("proxied");
    assert_eq!(shown, "http://proxy:3128/");
    assert!(
        proxy
            .intercepts("http://kms.test/")
            .is_some_and(|raw| raw.contains("s3cret")),
        "reqwest gets the credentials"
    );
    let debug = format!("{proxy:?}");
    assert!(
        !debug.contains("s3cret") && !debug.contains("alice"),
        "{debug}"
    );
    let error = ForwardProxy::flag("ftp://alice:s3cret@proxy:21", &env(&[])).expect_err("ftp");
    assert!(!error.contains("s3cret"), "{error}");
}

#[test]
fn nothing_set_is_no_proxy() {
    let proxy = ForwardProxy::from_env(&env(&[]));
    assert_eq!(proxy.route("http://kms.test/"), None);
    assert!(proxy.for_reqwest().is_none());
}
