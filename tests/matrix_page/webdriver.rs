//! Headless Chromium driven over W3C WebDriver, through Debian's
//! chromedriver: the few commands the page test needs (open, find, click,
//! type, read, run a script, screenshot), as JSON over loopback HTTP.
//!
//! Why WebDriver: chromedriver comes from the same Debian source package as
//! Chromium (`chromium-driver`), so versions always match, and the protocol
//! is plain HTTP, which the project's own reqwest speaks. Its clicks and
//! key presses are real input events, dispatched at the element's place on
//! the screen. Nothing else (Node, a browser download) is needed.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine as _;
use serde_json::{Value, json};

/// The key WebDriver names an element reference by.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// The flags Chromium needs here: headless as root, and quiet on a machine
/// whose network is closed (no background fetches, no QUIC).
const FLAGS: [&str; 9] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1400,1000",
];

/// The WebDriver key code of Enter, for [`Browser::press`].
pub(crate) const ENTER: char = '\u{E007}';
/// The WebDriver key code of Escape.
pub(crate) const ESCAPE: char = '\u{E00C}';
/// The WebDriver key code of Tab.
pub(crate) const TAB: char = '\u{E004}';

/// Where Chromium and chromedriver are (found by `tests/support/tools.rs`).
#[derive(Debug)]
pub(crate) struct Installed {
    pub(crate) chromium: PathBuf,
    pub(crate) chromedriver: PathBuf,
}

/// One browser session, ended (and chromedriver stopped) when dropped.
pub(crate) struct Browser {
    runtime: tokio::runtime::Runtime,
    http: reqwest::Client,
    session: String,
    base: String,
    driver: Child,
}

impl Browser {
    /// Starts chromedriver on a free port and a fresh headless Chromium
    /// with its own profile under `profile`.
    pub(crate) fn start(installed: &Installed, profile: &Path) -> Self {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        let base = format!("http://127.0.0.1:{port}");
        // Plain http to chromedriver: no proxy, no redirects, no TLS roots
        // to load (reqwest's `rustls-no-provider` still wants a crypto
        // provider before it builds a client).
        #[cfg(feature = "tls")]
        let _ = rustls::crypto::ring::default_provider().install_default();
        let builder = reqwest::Client::builder()
            .timeout(Duration::from_mins(1))
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy();
        #[cfg(feature = "tls")]
        let builder = builder.tls_certs_only(std::iter::empty());
        let http = builder.build().expect("an HTTP client");
        // Spawned last, right before the value whose Drop stops it.
        let driver = Command::new(&installed.chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let mut browser = Self {
            runtime,
            http,
            session: String::new(),
            base,
            driver,
        };
        browser.wait_until_ready();
        let mut args: Vec<String> = FLAGS.iter().map(|f| (*f).to_owned()).collect();
        args.push(format!("--user-data-dir={}", profile.display()));
        let created = browser.request(
            &reqwest::Method::POST,
            "/session",
            Some(&json!({ "capabilities": { "alwaysMatch": {
                "browserName": "chrome",
                "goog:chromeOptions": { "binary": installed.chromium, "args": args },
            }}})),
        );
        created["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {created}"))
            .clone_into(&mut browser.session);
        browser
    }

    fn wait_until_ready(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let status = self.runtime.block_on(async {
                let response = self
                    .http
                    .get(format!("{}/status", self.base))
                    .send()
                    .await
                    .ok()?;
                let body: Value = serde_json::from_slice(&response.bytes().await.ok()?).ok()?;
                body["value"]["ready"].as_bool()
            });
            if status == Some(true) {
                return;
            }
            if let Ok(Some(exit)) = self.driver.try_wait() {
                panic!("chromedriver exited: {exit}");
            }
            assert!(
                Instant::now() < deadline,
                "chromedriver did not start in 30 s"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// One WebDriver command; its `value`. A WebDriver error fails the test.
    fn request(&self, method: &reqwest::Method, path: &str, body: Option<&Value>) -> Value {
        let url = format!("{}{path}", self.base);
        let (status, bytes) = self.runtime.block_on(async {
            let mut request = self.http.request(method.clone(), &url);
            if let Some(body) = body {
                request = request
                    .header("content-type", "application/json")
                    .body(body.to_string());
            }
            let response = request.send().await.expect("chromedriver answers");
            let status = response.status();
            (status, response.bytes().await.expect("a body"))
        });
        let value: Value = serde_json::from_slice(&bytes).expect("JSON from chromedriver");
        assert!(
            status.is_success(),
            "{method} {path}: HTTP {status}: {}",
            value["value"]
        );
        value["value"].clone()
    }

    fn command(&self, method: &reqwest::Method, path: &str, body: Option<&Value>) -> Value {
        self.request(method, &format!("/session/{}{path}", self.session), body)
    }

    /// Opens `url` and waits for it to load.
    pub(crate) fn open(&self, url: &str) {
        self.command(&reqwest::Method::POST, "/url", Some(&json!({ "url": url })));
    }

    /// Every element matching the CSS `selector`.
    pub(crate) fn find_all(&self, selector: &str) -> Vec<String> {
        let found = self.command(
            &reqwest::Method::POST,
            "/elements",
            Some(&json!({ "using": "css selector", "value": selector })),
        );
        found
            .as_array()
            .expect("a list")
            .iter()
            .map(|e| e[ELEMENT].as_str().expect("an element").to_owned())
            .collect()
    }

    /// The one element matching `selector` (the first, if several do).
    pub(crate) fn find(&self, selector: &str) -> String {
        self.find_all(selector)
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("nothing matches {selector}"))
    }

    /// A real click at the element's place on the page.
    pub(crate) fn click(&self, element: &str) {
        self.command(
            &reqwest::Method::POST,
            &format!("/element/{element}/click"),
            Some(&json!({})),
        );
    }

    /// The element's rendered text.
    pub(crate) fn text(&self, element: &str) -> String {
        self.command(
            &reqwest::Method::GET,
            &format!("/element/{element}/text"),
            None,
        )
        .as_str()
        .unwrap_or_default()
        .to_owned()
    }

    /// Whether the element is displayed.
    pub(crate) fn displayed(&self, element: &str) -> bool {
        self.command(
            &reqwest::Method::GET,
            &format!("/element/{element}/displayed"),
            None,
        )
        .as_bool()
        .unwrap_or(false)
    }

    /// Presses each key in `keys` on whatever has the focus.
    pub(crate) fn press(&self, keys: &str) {
        let actions: Vec<Value> = keys
            .chars()
            .flat_map(|key| {
                let key = key.to_string();
                [
                    json!({ "type": "keyDown", "value": key }),
                    json!({ "type": "keyUp", "value": key }),
                ]
            })
            .collect();
        self.command(
            &reqwest::Method::POST,
            "/actions",
            Some(&json!({ "actions": [{ "type": "key", "id": "keyboard", "actions": actions }] })),
        );
    }

    /// Runs `script` (a function body) in the page; what it returns.
    pub(crate) fn script(&self, script: &str) -> Value {
        self.command(
            &reqwest::Method::POST,
            "/execute/sync",
            Some(&json!({ "script": script, "args": [] })),
        )
    }

    /// A PNG of the window, saved at `path`.
    pub(crate) fn screenshot(&self, path: &Path) {
        let png = self.command(&reqwest::Method::GET, "/screenshot", None);
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(png.as_str().expect("base64"))
            .expect("a PNG");
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("the folder");
        std::fs::write(path, bytes).expect("the screenshot is written");
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let url = format!("{}/session/{}", self.base, self.session);
            let _ = self
                .runtime
                .block_on(async { self.http.delete(url).send().await });
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}
