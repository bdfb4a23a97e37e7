//! The built-in stub: a stateful KMS reference model served over HTTP.
//!
//! [`model`] is KMS as a pure state machine; [`http`] serves it with
//! wiremock, one catch-all responder that dispatches on `X-Amz-Target`;
//! [`policy`] is the key policy language (and IAM's policies), parsed and
//! evaluated without I/O; [`identity`] is as much of IAM and STS as the
//! ABAC scenarios need, a pure state machine too, served by the Query
//! protocol adapter (`query_protocol`) on the same endpoint; [`tap`]
//! records what the stub served, for the proxy mode.
//!
//! Neither the model nor the adapter holds any behaviour but KMS's. Each
//! exposes a few seams where a stub built to be wrong on purpose bends it
//! (the model's in `model/seams.rs`, the wire's in `http_seams`), and
//! [`deviations`] is that layer: each way of being wrong a small value
//! plugged into the seam it bends.

pub(crate) mod deviations;
pub(crate) mod http;
mod http_seams;
pub(crate) mod identity;
pub(crate) mod model;
pub(crate) mod policy;
mod query_protocol;
pub(crate) mod secrets;
mod signature;
pub(crate) mod tap;
mod transient_faults;

use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use wiremock::matchers::any;
use wiremock::{Mock, MockServer};

use self::deviations::Deviations;
use self::http::KmsResponder;
use self::http_seams::WireSeams;
use self::identity::Identities;
use self::model::{Model, Seams, Throttle};
use self::secrets::Secrets;
use self::tap::Tap;
use crate::wire::Quotas;

/// Where a stub is bent: the model's seams and the adapter's; the default
/// plugs nothing into any, which is KMS.
#[derive(Debug, Default)]
pub(crate) struct StubSeams {
    /// The model's: what KMS decides.
    pub(crate) model: Seams,
    /// The adapter's: what goes on the wire.
    pub(crate) wire: WireSeams,
}

#[cfg(test)]
impl StubSeams {
    /// Whether nothing is plugged into any seam: the stub is KMS.
    pub(crate) fn is_faithful(&self) -> bool {
        self.model.is_faithful() && self.wire.is_faithful()
    }
}

/// How a stub behaves.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StubOptions {
    /// Wrong on purpose in these ways; none by default.
    pub deviations: Deviations,
    /// Reads (`ListResourceTags`, `DescribeKey`) see writes only this much later,
    /// as with AWS's eventual consistency. Zero by default.
    pub read_lag: Duration,
    /// Request quotas per account, region and operation, as KMS enforces
    /// them (`--throttle`); `None`, the default, answers as fast as asked.
    pub throttle: Option<Throttling>,
    /// Authorization decisions see each key's policy as it was this long
    /// ago: AWS's authorization catches up with changes only after a while
    /// (contract row 132). Zero by default.
    pub auth_lag: Duration,
    /// A new replica stays `Creating` this long before it is `Enabled`, as
    /// on AWS. Zero by default: `Enabled` at once.
    pub replica_creating: Duration,
    /// The secret of each access key, to verify every request's signature
    /// with; `test` for every key unless configured.
    pub secrets: Secrets,
    /// Answer the first call naming each key with a transient server fault
    /// (`--transient-faults`, `transient_faults.rs`), which a run sends
    /// again. Off by default.
    pub transient_faults: bool,
    /// A new IAM role can be assumed, and a change to a role's policies
    /// takes effect, only this long after it was made: IAM is eventually
    /// consistent (contract row 200). Zero by default.
    pub iam_lag: Duration,
}

/// The read lag `--aws-like` gives the stub: long enough that every read
/// confirming a write has to wait for it, as on AWS.
pub(crate) const AWS_LIKE_READ_LAG: Duration = Duration::from_millis(500);

/// The authorization lag `--aws-like` gives the stub: a key policy change
/// bites this much later. AWS allows up to five minutes (contract row 132);
/// a rehearsal that should take a minute uses seconds.
pub(crate) const AWS_LIKE_AUTH_LAG: Duration = Duration::from_secs(1);

/// How long `--aws-like` keeps a new replica `Creating`: AWS takes a
/// while to make one (contract row 141); a rehearsal uses seconds.
pub(crate) const AWS_LIKE_REPLICA_CREATING: Duration = Duration::from_secs(2);

/// How long `--aws-like` takes a new IAM role to be assumable and a role's
/// policy change to apply: AWS takes seconds (contract row 200).
pub(crate) const AWS_LIKE_IAM_LAG: Duration = Duration::from_secs(2);

impl StubOptions {
    /// A stub that behaves as AWS does where the suite feels it
    /// (`--aws-like`), to rehearse a real-account run: KMS's quotas times
    /// `scale`, reads that lag writes by `AWS_LIKE_READ_LAG` (500 ms),
    /// authorization that lags key policy changes by `AWS_LIKE_AUTH_LAG` (1 s),
    /// new replicas `Creating` for `AWS_LIKE_REPLICA_CREATING` (2 s), and IAM
    /// changes applying after `AWS_LIKE_IAM_LAG` (2 s).
    #[must_use]
    pub fn aws_like(scale: f64) -> Self {
        Self {
            read_lag: AWS_LIKE_READ_LAG,
            auth_lag: AWS_LIKE_AUTH_LAG,
            replica_creating: AWS_LIKE_REPLICA_CREATING,
            iam_lag: AWS_LIKE_IAM_LAG,
            throttle: Some(Throttling { scale }),
            ..Self::default()
        }
    }

    /// Whether its answers are the reference's, exchange for exchange, once
    /// normalised: lagging reads and authorization only make the suite
    /// wait, and throttles are retried away; a deviation or a replica kept
    /// `Creating` changes what the documents hold (snapshots compare it with
    /// the reference instead of judging it).
    #[must_use]
    pub fn answers_as_reference(&self) -> bool {
        self.deviations == Deviations::none() && self.replica_creating.is_zero()
    }

    /// The quotas the stub enforces, if it throttles.
    #[must_use]
    pub fn quotas(&self) -> Option<Quotas> {
        self.throttle
            .map(|throttling| Quotas::default().scaled(throttling.scale))
    }
}

/// How a stub throttles: KMS's default quotas (contract row 147) times `scale`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Throttling {
    /// What every quota is multiplied by: 1 is AWS's defaults; 10 rehearses
    /// ten times faster. Finite and above zero.
    pub scale: f64,
}

/// A scale is finite and above zero (see [`Throttling::scale`]), so it
/// equals itself.
impl Eq for Throttling {}

/// A running stub. It serves until dropped.
#[derive(Debug)]
pub struct StubServer {
    server: Option<MockServer>,
    uri: String,
}

impl StubServer {
    /// Starts a faithful stub on a free loopback port.
    pub async fn start() -> Self {
        Self::start_with(StubOptions::default()).await
    }

    /// Starts a stub with `options` on a free loopback port.
    pub async fn start_with(options: StubOptions) -> Self {
        Self::serve(MockServer::builder(), options, None).await
    }

    /// Starts a stub with `options` on `listener` (a fixed address for other clients).
    pub async fn start_on(listener: TcpListener, options: StubOptions) -> Self {
        Self::serve(MockServer::builder().listener(listener), options, None).await
    }

    /// Starts a stub with `options` on `listener` that records every
    /// exchange it serves in `tap` (the upstream of a proxy under test).
    pub async fn start_tapped(listener: TcpListener, options: StubOptions, tap: Tap) -> Self {
        Self::serve(MockServer::builder().listener(listener), options, Some(tap)).await
    }

    async fn serve(
        builder: wiremock::MockServerBuilder,
        options: StubOptions,
        tap: Option<Tap>,
    ) -> Self {
        // Unpooled (a pooled server's port stays open after drop) and without
        // request recording, which would keep every request in memory.
        let server = builder.disable_request_recording().start().await;
        let mut seams = options.deviations.seams();
        if options.transient_faults {
            seams
                .model
                .calls
                .push(Box::new(transient_faults::TransientFaults::default()));
        }
        let model = Model::new(options.read_lag)
            .with_seams(seams.model)
            .with_throttle(options.quotas().map(Throttle::new))
            .with_auth_lag(options.auth_lag)
            .with_replica_creating(options.replica_creating);
        let responder = KmsResponder {
            model: Arc::new(Mutex::new(model)),
            seams: Arc::new(seams.wire),
            tap,
            secrets: options.secrets,
            identities: Arc::new(Mutex::new(Identities::new(options.iam_lag))),
        };
        Mock::given(any())
            .respond_with(responder)
            .named("KMS reference model")
            .mount(&server)
            .await;
        let uri = format!("{}/", server.uri());
        Self {
            server: Some(server),
            uri,
        }
    }

    /// The endpoint URL (`http://127.0.0.1:PORT/`).
    #[must_use]
    pub fn uri(&self) -> &str {
        &self.uri
    }
}

impl Drop for StubServer {
    /// `MockServer`'s own drop blocks on a tokio lock; inside a task whose
    /// coop budget is spent that never completes (a livelock at 100% CPU,
    /// found in wiremock 0.6.5). Dropping it on a helper thread is safe
    /// anywhere.
    fn drop(&mut self) {
        if let Some(server) = self.server.take() {
            let _ = std::thread::Builder::new()
                .name("stub-shutdown".into())
                .spawn(move || drop(server));
        }
    }
}

#[cfg(test)]
mod tests;
