//! Forward proxies: where a corporate network puts an HTTP proxy between
//! KMS clients and KMS, the AWS SDKs send through it as `HTTPS_PROXY`,
//! `HTTP_PROXY` and `NO_PROXY` say, and so does the suite. `--proxy URL`
//! names one on the command line instead ([`ForwardProxy::flag`]), for
//! every endpoint the run reaches, less those `NO_PROXY` lists.
//!
//! The variables are read as curl and the SDKs read them: `HTTP_PROXY` for
//! http endpoints, `HTTPS_PROXY` for https ones, `ALL_PROXY` for either
//! when the other is unset, the lower-case spellings when the upper-case
//! ones are unset; `NO_PROXY` lists hosts, domains (with their
//! subdomains), addresses and networks reached directly, `*` for all.
//! As curl does, `HTTP_PROXY` is ignored in a CGI program (`REQUEST_METHOD`
//! set), where a request's `Proxy:` header would otherwise choose it.
//!
//! Whether an endpoint goes through the proxy is decided by hyper-util's
//! matcher, the one reqwest uses for these variables, and the same
//! decision routes requests and tells the user ([`ForwardProxy::route`]).
//! A proxy URL may carry credentials (`http://user:secret@proxy:3128`):
//! they go to the proxy as `Proxy-Authorization` and are never shown.

use hyper_util::client::proxy::matcher::Matcher;

/// Where the proxy setting came from, for messages.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ProxySource {
    /// `HTTP_PROXY`, `HTTPS_PROXY`, `ALL_PROXY` and `NO_PROXY`.
    #[default]
    Environment,
    /// `--proxy URL`, with `NO_PROXY`.
    Flag,
}

/// The forward proxy every request of a client goes through, if any.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct ForwardProxy {
    /// The proxy for http endpoints, as given (credentials included).
    http: Option<String>,
    /// The proxy for https endpoints, as given.
    https: Option<String>,
    /// `NO_PROXY`, as given.
    no_proxy: String,
    source: ProxySource,
}

impl std::fmt::Debug for ForwardProxy {
    // A proxy URL may carry a password: show where it goes, never what.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ForwardProxy")
            .field("http", &self.http.as_deref().map(without_credentials))
            .field("https", &self.https.as_deref().map(without_credentials))
            .field("no_proxy", &self.no_proxy)
            .field("source", &self.source)
            .finish()
    }
}

/// A proxy URL fit to show: `http://proxy:3128`, any user and password
/// taken out.
fn without_credentials(url: &str) -> String {
    match reqwest::Url::parse(url) {
        Ok(mut parsed) if !parsed.username().is_empty() || parsed.password().is_some() => {
            let _ = parsed.set_username("");
            let _ = parsed.set_password(None);
            parsed.to_string()
        }
        Ok(parsed) => parsed.to_string(),
        Err(_) => "<a proxy URL that does not parse>".to_owned(),
    }
}

/// The first of `names` that `env` has, not empty.
fn first(env: &dyn Fn(&str) -> Option<String>, names: [&str; 2]) -> Option<String> {
    names
        .into_iter()
        .find_map(|name| env(name).filter(|v| !v.trim().is_empty()))
}

impl ForwardProxy {
    /// What `env` says (the process's environment, normally).
    #[must_use]
    pub fn from_env(env: &dyn Fn(&str) -> Option<String>) -> Self {
        let all = first(env, ["ALL_PROXY", "all_proxy"]);
        let cgi = env("REQUEST_METHOD").is_some();
        let http = (!cgi)
            .then(|| first(env, ["HTTP_PROXY", "http_proxy"]))
            .flatten()
            .or_else(|| all.clone());
        let https = first(env, ["HTTPS_PROXY", "https_proxy"]).or(all);
        Self {
            http,
            https,
            no_proxy: first(env, ["NO_PROXY", "no_proxy"]).unwrap_or_default(),
            source: ProxySource::Environment,
        }
    }

    /// What the process's environment says: what a client uses unless told
    /// otherwise, as the SDKs do.
    #[must_use]
    pub fn from_process_env() -> Self {
        Self::from_env(&|name| std::env::var(name).ok())
    }

    /// `--proxy URL`: every endpoint through `url`, less those `NO_PROXY`
    /// in `env` lists.
    ///
    /// # Errors
    /// One line when `url` is not an http(s) URL with a host.
    pub fn flag(url: &str, env: &dyn Fn(&str) -> Option<String>) -> Result<Self, String> {
        // Its value is not echoed: a mistyped URL may hold a password
        // where a host was expected.
        let usable = reqwest::Url::parse(url).is_ok_and(|parsed| {
            matches!(parsed.scheme(), "http" | "https") && parsed.host_str().is_some()
        });
        if !usable {
            return Err(
                "--proxy takes an http(s) URL with a host: http://HOST:PORT, or \
                 http://USER:PASSWORD@HOST:PORT"
                    .to_owned(),
            );
        }
        Ok(Self {
            http: Some(url.to_owned()),
            https: Some(url.to_owned()),
            no_proxy: first(env, ["NO_PROXY", "no_proxy"]).unwrap_or_default(),
            source: ProxySource::Flag,
        })
    }

    /// Where the setting came from.
    #[must_use]
    pub fn source(&self) -> ProxySource {
        self.source
    }

    /// The proxy URL requests to `endpoint` go through, credentials left
    /// out (`http://127.0.0.1:3128/`); `None` when they go directly.
    #[must_use]
    pub fn route(&self, endpoint: &str) -> Option<String> {
        self.intercepts(endpoint)
            .map(|raw| without_credentials(&raw))
    }

    /// One line for the user when requests to `endpoint` go through a
    /// proxy: `requests to http://kms/ go through the forward proxy
    /// http://127.0.0.1:3128/ (HTTP_PROXY; NO_PROXY does not list it)`.
    #[must_use]
    pub fn notice(&self, endpoint: &str) -> Option<String> {
        let proxy = self.route(endpoint)?;
        let source = match self.source {
            ProxySource::Flag => "--proxy",
            ProxySource::Environment if endpoint.starts_with("https:") => {
                "HTTPS_PROXY or ALL_PROXY"
            }
            ProxySource::Environment => "HTTP_PROXY or ALL_PROXY",
        };
        Some(format!(
            "requests to {endpoint} go through the forward proxy {proxy} ({source}; NO_PROXY does not list it)"
        ))
    }

    /// The proxy URL as given (credentials included) for `endpoint`, when
    /// it goes through one.
    fn intercepts(&self, endpoint: &str) -> Option<String> {
        let uri = endpoint.parse::<http::Uri>().ok()?;
        let raw = match uri.scheme_str()? {
            "http" => self.http.clone()?,
            "https" => self.https.clone()?,
            _ => return None,
        };
        // The matcher decides (NO_PROXY included) as reqwest's does; the
        // URL as given keeps the credentials the matcher sets aside.
        let matcher = Matcher::builder()
            .all(raw.clone())
            .no(self.no_proxy.clone())
            .build();
        matcher.intercept(&uri).map(|_| raw)
    }

    /// The same routing for reqwest: `None` when no endpoint goes through
    /// a proxy.
    pub(super) fn for_reqwest(&self) -> Option<reqwest::Proxy> {
        if self.http.is_none() && self.https.is_none() {
            return None;
        }
        let this = self.clone();
        Some(reqwest::Proxy::custom(move |url: &reqwest::Url| {
            this.intercepts(url.as_str())
        }))
    }
}

#[cfg(test)]
mod tests;
