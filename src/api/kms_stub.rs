//! [`Stub`]: the built-in reference model of KMS, started in a test of
//! your own, and the requests it received.
//!
//! A thin handle on the suite's own [`StubServer`]: the same model, the
//! same adapter, the same options; it adds a record of what the stub
//! served, on the [`Tap`] the proxy mode records with. The suite starts its
//! stubs without one (`endpoint::connect`), so its own runs keep nothing.

use std::fmt;
use std::net::TcpListener;
use std::sync::{Mutex, PoisonError};

use serde_json::Value;

use crate::stub::http::DEFAULT_ACCOUNT;
use crate::stub::tap::{Tap, Tapped};
use crate::stub::{StubOptions, StubServer};
use crate::wire::{Client, Credentials, Limits, Operation, REDACTED};

/// The region [`Stub::client`] signs for.
const CLIENT_REGION: &str = "us-east-1";

/// A KMS for your tests: the suite's reference model of KMS, served over
/// HTTP on a free loopback port until dropped.
///
/// It speaks KMS JSON 1.1 as AWS does, checks every request's SigV4
/// signature (any access key signs with the secret `test` unless
/// [`StubOptions::secrets`] says otherwise), and keeps its keys, tags,
/// aliases and key policies in memory for as long as it runs. Each test
/// starts its own, so tests share nothing. Dropping it stops it, from any
/// task of any runtime: the server shuts down on a thread of its own (in a
/// task whose budget is spent, wiremock's own shutdown would spin forever).
///
/// It has no region of its own: it answers every request in the region the
/// request is signed for (the credential scope of its `Authorization`
/// header), and every caller in the account [`Stub::account`], except an
/// access key of twelve digits, which is the account it names (as
/// LocalStack does).
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// use kms_conformance::Stub;
/// use kms_conformance::client::Operation;
/// use serde_json::json;
///
/// // Arrange
/// let stub = Stub::start().await;
/// let client = stub.client();
/// let created = client.call(Operation::CreateKey, &json!({})).await.unwrap();
/// let key = created.json().unwrap()["KeyMetadata"]["KeyId"].clone();
/// let tags = json!([{ "TagKey": "team", "TagValue": "payments" }]);
/// client.call(Operation::TagResource, &json!({ "KeyId": key, "Tags": tags })).await.unwrap();
///
/// // Act
/// let untag = json!({ "KeyId": key, "TagKeys": ["team"] });
/// let untagged = client.call(Operation::UntagResource, &untag).await.unwrap();
///
/// // Assert
/// assert_eq!(untagged.status, 200);
/// assert!(untagged.body.is_empty(), "UntagResource answers an empty body");
/// let listed = client.call(Operation::ListResourceTags, &json!({ "KeyId": key })).await.unwrap();
/// assert_eq!(listed.json().unwrap()["Tags"], json!([]));
/// # }
/// ```
#[derive(Debug)]
pub struct Stub {
    server: StubServer,
    tap: Tap,
    recording: Mutex<Recording>,
}

/// What the stub kept of the requests it answered.
#[derive(Debug, Default)]
struct Recording {
    kept: Vec<ReceivedRequest>,
    not_kept: usize,
}

impl Stub {
    /// The most requests a stub keeps: the first this many it answers. It
    /// answers every request past them as ever, keeps none of them, and
    /// counts them ([`Stub::requests_not_kept`]), so a test that floods it
    /// cannot exhaust memory. The whole suite sends about 400.
    pub const RECORDING_LIMIT: usize = Tap::CAPACITY;

    /// Starts a stub that behaves as KMS does.
    ///
    /// # Panics
    /// When no loopback port can be had.
    pub async fn start() -> Self {
        Self::start_with(StubOptions::default()).await
    }

    /// Starts a stub that behaves as `options` say: wrong on purpose in
    /// some ways ([`StubOptions::deviations`]), with reads or authorization
    /// that lag writes, replicas that stay `Creating` a while, secrets of
    /// its own, or KMS's request quotas.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// use kms_conformance::client::Operation;
    /// use kms_conformance::{Deviation, Stub, StubOptions};
    /// use serde_json::json;
    ///
    /// // Arrange: a KMS that answers UntagResource but removes nothing.
    /// let options = StubOptions {
    ///     deviations: Deviation::UntagRemovesNothing.into(),
    ///     ..StubOptions::default()
    /// };
    /// let stub = Stub::start_with(options).await;
    /// let client = stub.client();
    /// let tags = json!([{ "TagKey": "team", "TagValue": "payments" }]);
    /// let created = client.call(Operation::CreateKey, &json!({ "Tags": tags })).await.unwrap();
    /// let key = created.json().unwrap()["KeyMetadata"]["KeyId"].clone();
    ///
    /// // Act
    /// let untag = json!({ "KeyId": key, "TagKeys": ["team"] });
    /// client.call(Operation::UntagResource, &untag).await.unwrap();
    ///
    /// // Assert: the tag is still there.
    /// let listed = client.call(Operation::ListResourceTags, &json!({ "KeyId": key })).await.unwrap();
    /// assert_eq!(listed.json().unwrap()["Tags"][0]["TagKey"], "team");
    /// # }
    /// ```
    ///
    /// # Panics
    /// When no loopback port can be had.
    pub async fn start_with(options: StubOptions) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .unwrap_or_else(|error| panic!("the stub needs a loopback port: {error}"));
        let tap = Tap::new();
        let server = StubServer::start_tapped(listener, options, tap.clone()).await;
        Self {
            server,
            tap,
            recording: Mutex::default(),
        }
    }

    /// Its endpoint URL, `http://127.0.0.1:PORT/`: what a client (an AWS
    /// SDK's `endpoint_url`, `AWS_ENDPOINT_URL`, [`Suite::new`]) points at.
    ///
    /// [`Suite::new`]: crate::Suite::new
    #[must_use]
    pub fn uri(&self) -> &str {
        self.server.uri()
    }

    /// The account its keys belong to, `111122223333`, for every caller
    /// whose access key is not twelve digits (one that is names its own
    /// account).
    #[must_use]
    pub fn account(&self) -> &'static str {
        DEFAULT_ACCOUNT
    }

    /// The region [`Stub::client`] signs for, `us-east-1`. The stub itself
    /// answers in any region: the one each request is signed for.
    #[must_use]
    pub fn region(&self) -> &'static str {
        CLIENT_REGION
    }

    /// A signed KMS client for the stub: the access key `test` with the
    /// secret `test`, in [`Stub::region`]. `client.in_region("eu-west-1")`
    /// signs for another region, `client.as_caller(credentials)` as another
    /// caller.
    ///
    /// # Panics
    /// Never for the stub's own endpoint, which is always a valid URL.
    #[must_use]
    pub fn client(&self) -> Client {
        let credentials = Credentials::new("test", "test", None);
        Client::new(self.uri(), CLIENT_REGION, credentials, Limits::default())
            .unwrap_or_else(|error| panic!("the stub's own endpoint: {error}"))
    }

    /// Every request it answered and kept, in the order it answered them
    /// (see [`Stub::RECORDING_LIMIT`]).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// use kms_conformance::Stub;
    /// use kms_conformance::client::Operation;
    /// use serde_json::json;
    ///
    /// // Arrange
    /// let stub = Stub::start().await;
    ///
    /// // Act
    /// stub.client().call(Operation::CreateKey, &json!({ "Description": "mine" })).await.unwrap();
    ///
    /// // Assert
    /// let received = stub.received_requests();
    /// assert_eq!(received.len(), 1);
    /// assert_eq!(received[0].operation(), Some(Operation::CreateKey));
    /// assert_eq!(received[0].json().unwrap()["Description"], "mine");
    /// assert_eq!(received[0].status(), 200);
    /// # }
    /// ```
    #[must_use]
    pub fn received_requests(&self) -> Vec<ReceivedRequest> {
        self.collect().kept.clone()
    }

    /// How many requests it answered past [`Stub::RECORDING_LIMIT`] and
    /// did not keep.
    #[must_use]
    pub fn requests_not_kept(&self) -> usize {
        self.collect().not_kept
    }

    /// The recording, with what the tap holds moved into it (the tap keeps
    /// at most its capacity between two takes; the recording at most the
    /// same in all).
    fn collect(&self) -> std::sync::MutexGuard<'_, Recording> {
        let mut recording = self
            .recording
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let (taken, let_go) = self.tap.take();
        recording.absorb(taken, let_go);
        recording
    }
}

impl Recording {
    /// Keeps what the tap held, up to [`Stub::RECORDING_LIMIT`] in all,
    /// and counts the rest, and what the tap itself let go.
    fn absorb(&mut self, taken: Vec<Tapped>, let_go: usize) {
        self.not_kept += let_go;
        for tapped in taken {
            if self.kept.len() < Stub::RECORDING_LIMIT {
                self.kept.push(ReceivedRequest(tapped));
            } else {
                self.not_kept += 1;
            }
        }
    }
}

/// A request the [`Stub`] received, and what it answered.
///
/// Its `Debug` output shows the `Authorization` and `X-Amz-Security-Token`
/// headers as `<redacted>`; [`ReceivedRequest::header`] gives them as
/// received.
#[derive(Clone)]
pub struct ReceivedRequest(Tapped);

impl ReceivedRequest {
    /// The operation its `X-Amz-Target` header names; `None` when it names
    /// none the suite knows (or no KMS operation at all).
    #[must_use]
    pub fn operation(&self) -> Option<Operation> {
        Operation::from_target(&self.header("x-amz-target")?)
    }

    /// Every value of its header `name` (any case), joined by `, ` as HTTP
    /// folds a repeated header; `None` when it has none.
    #[must_use]
    pub fn header(&self, name: &str) -> Option<String> {
        self.0.request.header(&name.to_ascii_lowercase())
    }

    /// Its body, as received.
    #[must_use]
    pub fn body(&self) -> &[u8] {
        &self.0.request.body
    }

    /// Its body as JSON; `None` when it is not JSON.
    #[must_use]
    pub fn json(&self) -> Option<Value> {
        serde_json::from_slice(self.body()).ok()
    }

    /// The HTTP status the stub answered it with.
    #[must_use]
    pub fn status(&self) -> u16 {
        self.0.response.status
    }

    /// The body the stub answered it with (empty for a successful
    /// `UntagResource`, as on AWS).
    #[must_use]
    pub fn response_body(&self) -> &[u8] {
        &self.0.response.body
    }
}

/// The headers a request's credentials travel in.
const CREDENTIAL_HEADERS: [&str; 2] = ["authorization", "x-amz-security-token"];

impl fmt::Debug for ReceivedRequest {
    /// The request and its answer, credentials redacted.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .0
            .request
            .headers
            .iter()
            .map(|(name, value)| {
                let shown = if CREDENTIAL_HEADERS.contains(&name.to_ascii_lowercase().as_str()) {
                    REDACTED
                } else {
                    value.as_str()
                };
                (name.as_str(), shown)
            })
            .collect();
        f.debug_struct("ReceivedRequest")
            .field("operation", &self.operation())
            .field("headers", &headers)
            .field("body", &String::from_utf8_lossy(self.body()))
            .field("status", &self.status())
            .field(
                "response_body",
                &String::from_utf8_lossy(self.response_body()),
            )
            .finish()
    }
}

#[cfg(test)]
mod tests;
