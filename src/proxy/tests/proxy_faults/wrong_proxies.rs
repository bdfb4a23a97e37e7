//! Small reverse proxies, in-process, each wrong in one way ([`Fault`]):
//! hyper on both sides, one upstream connection per request, so what goes
//! to the stub and back is exactly what the fault makes of it.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::SystemTime;

use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign};
use aws_sigv4::sign::v4;
use http_body_util::{BodyExt as _, Full};
use hyper::body::{Bytes, Incoming};
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::watch;

// Both test targets that compile this file (the library's unit tests and
// `tests/proxy_faults`) give it the operations' names as `super::Operation`:
// it signs with aws-sigv4 itself, so it needs nothing else of the crate.
use super::Operation;
use super::forwarding::{Forwarded, headers, respond, send};

/// How a proxy is wrong; `Faithful` is not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Fault {
    /// Forwards everything as it came.
    Faithful,
    /// Forwards everything as it came, adding the unsigned headers proxies
    /// commonly add (`Accept-Encoding: identity`, `Via`, `X-Forwarded-For`,
    /// as Python's standard library and most gateways do): nothing KMS or
    /// the client acts on.
    AddsUnsignedHeaders,
    /// Signs every request again, with the client's region and its own
    /// access key for the client's `test` key (the stub's secret, `test`).
    ResignsWithOwnKey,
    /// Answers `{}` where the stub answered an empty body.
    EmptyBodyAsObject,
    /// Drops `x-amzn-RequestId` from responses.
    DropsRequestId,
    /// Adds an `x-amzn-RequestId` of its own beside the stub's, as a
    /// gateway that names every call it passes on.
    AddsRequestId,
    /// Labels responses `application/json`.
    ChangesContentType,
    /// Signs every request again for eu-west-1.
    ResignsForWrongRegion,
    /// Sends a request that got a 4xx once more, and passes the second answer on.
    Retries400,
    /// Sends every `CreateKey` twice, and passes the first answer on.
    DuplicatesCreateKey,
    /// Cuts response bodies to its 512-byte buffer (KMS's not-found answer
    /// to the pre-flight check fits; a `CreateKey` answer does not).
    TruncatesBody,
    /// Rewrites `X-Amz-Target` to lower case (and so breaks the signature).
    MangleTarget,
    /// Drops `X-Amz-Date`, which the signature covers.
    DropsSignedHeader,
    /// Drops the last byte of every request body.
    DropsLastBodyByte,
    /// Drops `X-Amz-Target`, which names the operation (and is signed).
    DropsTarget,
    /// Answers `DescribeKey` and `ListResourceTags` from a cache of earlier
    /// answers to the same request.
    AnswersFromCache,
    /// Signs again and sends PUT.
    SendsPut,
    /// Signs again and sends to `/kms/`.
    RewritesPath,
    /// Signs again with `X-Amz-Target` in lower case.
    RenamesTarget,
    /// Signs again with the request labelled `application/json`.
    JsonRequestContentType,
    /// Signs again with JSON bodies pretty-printed.
    ReformatsJson,
    /// Adds `Via: 1.1 wrong-proxy` to requests.
    AddsVia,
    /// Drops request headers it does not know (the suite's exchange name).
    DropsUnknownHeaders,
    /// Turns 4xx answers into 500, body kept.
    ErrorsAs500,
    /// Closes its port and every connection once it has answered this many requests.
    DiesAfter(usize),
    /// Never answers once it has answered this many requests.
    StallsAfter(usize),
}

/// A running proxy; it stops when dropped.
#[derive(Debug)]
pub(crate) struct Proxy {
    address: SocketAddr,
    stop: watch::Sender<bool>,
}

impl Proxy {
    /// Starts a proxy with `fault` in front of `upstream`, on the current runtime.
    pub(crate) async fn start(upstream: SocketAddr, fault: Fault) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let address = listener.local_addr().expect("address");
        let (stop, stopped) = watch::channel(false);
        let state = Arc::new(State {
            upstream,
            fault,
            answered: AtomicUsize::new(0),
            cache: Mutex::default(),
            stop: stop.clone(),
        });
        tokio::spawn(accept(listener, state, stopped));
        Self { address, stop }
    }

    /// `http://127.0.0.1:PORT/`.
    pub(crate) fn url(&self) -> String {
        format!("http://{}/", self.address)
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
    }
}

struct State {
    upstream: SocketAddr,
    fault: Fault,
    answered: AtomicUsize,
    cache: Mutex<HashMap<(String, Vec<u8>), Forwarded>>,
    stop: watch::Sender<bool>,
}

async fn accept(listener: TcpListener, state: Arc<State>, mut stopped: watch::Receiver<bool>) {
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(_) => continue,
            },
            _ = stopped.changed() => return,
        };
        let state = Arc::clone(&state);
        let mut stopped = stopped.clone();
        tokio::spawn(async move {
            let service = service_fn(move |request| handle(Arc::clone(&state), request));
            let connection = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service);
            tokio::select! {
                _ = connection => {}
                _ = stopped.changed() => {}
            }
        });
    }
}

async fn handle(
    state: Arc<State>,
    request: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, std::io::Error> {
    let answered = state.answered.fetch_add(1, Ordering::SeqCst);
    match state.fault {
        Fault::DiesAfter(n) if answered >= n => {
            let _ = state.stop.send(true);
            return Err(std::io::Error::other("the proxy died"));
        }
        Fault::StallsAfter(n) if answered >= n => {
            let mut stopped = state.stop.subscribe();
            let _ = stopped.wait_for(|stop| *stop).await;
            return Err(std::io::Error::other("the proxy was stopped"));
        }
        _ => {}
    }
    let (parts, body) = request.into_parts();
    let body = body
        .collect()
        .await
        .map_err(std::io::Error::other)?
        .to_bytes();
    let mut outgoing = Forwarded {
        status: 0,
        method: parts.method.to_string(),
        path: parts
            .uri
            .path_and_query()
            .map_or("/".to_owned(), ToString::to_string),
        headers: headers(&parts.headers),
        body: body.to_vec(),
    };
    let cache_key = (
        outgoing
            .header("x-amz-target")
            .unwrap_or_default()
            .to_owned(),
        outgoing.body.clone(),
    );
    let cacheable = state.fault == Fault::AnswersFromCache
        && [Operation::DescribeKey, Operation::ListResourceTags]
            .map(Operation::target)
            .contains(&cache_key.0.as_str());
    if cacheable
        && let Some(cached) = state
            .cache
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&cache_key)
    {
        return Ok(respond(cached.clone()));
    }
    bend_request(state.fault, &mut outgoing);
    let mut answer = send(state.upstream, &outgoing).await?;
    match state.fault {
        Fault::Retries400 if (400..500).contains(&answer.status) => {
            answer = send(state.upstream, &outgoing).await?;
        }
        Fault::DuplicatesCreateKey if cache_key.0 == Operation::CreateKey.target() => {
            send(state.upstream, &outgoing).await?;
        }
        _ => {}
    }
    if cacheable {
        state
            .cache
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(cache_key, answer.clone());
    }
    bend_response(state.fault, &mut answer);
    Ok(respond(answer))
}

fn bend_request(fault: Fault, request: &mut Forwarded) {
    match fault {
        Fault::MangleTarget | Fault::RenamesTarget => {
            if let Some(target) = request.header("x-amz-target") {
                request.set("x-amz-target", target.to_lowercase());
            }
        }
        Fault::DropsSignedHeader => request.remove("x-amz-date"),
        Fault::DropsLastBodyByte => {
            request.body.pop();
        }
        Fault::DropsTarget => request.remove("x-amz-target"),
        Fault::AddsUnsignedHeaders => {
            request.set("accept-encoding", "identity".to_owned());
            request.set("via", "1.1 faithful-proxy".to_owned());
            request.set("x-forwarded-for", "127.0.0.1".to_owned());
        }
        Fault::SendsPut => "PUT".clone_into(&mut request.method),
        Fault::RewritesPath => "/kms/".clone_into(&mut request.path),
        Fault::JsonRequestContentType => {
            request.set("content-type", "application/json".to_owned());
        }
        Fault::ReformatsJson => {
            if let Ok(json) = serde_json::from_slice::<serde_json::Value>(&request.body) {
                request.body = serde_json::to_vec_pretty(&json).expect("JSON");
            }
        }
        Fault::AddsVia => request.set("via", "1.1 wrong-proxy".to_owned()),
        Fault::DropsUnknownHeaders => request.remove("x-kms-conformance-exchange"),
        _ => {}
    }
    // Some(region): signs again, for that region or the client's.
    let resign_for = match fault {
        Fault::ResignsForWrongRegion => Some(Some("eu-west-1")),
        Fault::ResignsWithOwnKey
        | Fault::SendsPut
        | Fault::RewritesPath
        | Fault::RenamesTarget
        | Fault::JsonRequestContentType
        | Fault::ReformatsJson => Some(None),
        _ => None,
    };
    if let Some(region) = resign_for {
        resign(request, region, fault == Fault::ResignsWithOwnKey);
    }
}

/// Signs `request` again: for `region` (the client's when `None`), with
/// the proxy's own access key in place of the client's `test` when `own_key`.
fn resign(request: &mut Forwarded, region: Option<&str>, own_key: bool) {
    let Some((client_key, client_region)) = request.header("authorization").and_then(scope) else {
        return;
    };
    let access_key = if own_key && client_key == "test" {
        "AKIDPROXYEXAMPLE".to_owned()
    } else {
        client_key
    };
    let region = region.map_or(client_region, str::to_owned);
    for name in ["authorization", "x-amz-date", "x-amz-security-token"] {
        request.remove(name);
    }
    let host = request.header("host").unwrap_or("localhost").to_owned();
    let url = format!("http://{host}{}", request.path);
    let signed: Vec<(String, String)> = request
        .headers
        .iter()
        .filter(|(n, _)| n != "host")
        .cloned()
        .collect();
    let identity =
        aws_credential_types::Credentials::new(access_key, "test", None, None, "proxy").into();
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(&region)
        .name("kms")
        .time(SystemTime::now())
        .settings(SigningSettings::default())
        .build()
        .expect("signing parameters")
        .into();
    let signable = SignableRequest::new(
        &request.method,
        &url,
        signed.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        SignableBody::Bytes(&request.body),
    )
    .expect("a signable request");
    let (instructions, _signature) = sign(signable, &params).expect("signs").into_parts();
    let (signature, _query) = instructions.into_parts();
    for header in signature {
        request
            .headers
            .push((header.name().to_owned(), header.value().to_owned()));
    }
}

/// The access key and region of a SigV4 `Authorization` header:
/// `AWS4-HMAC-SHA256 Credential=KEY/DATE/REGION/SERVICE/aws4_request, ...`.
fn scope(authorization: &str) -> Option<(String, String)> {
    let credential = authorization
        .split([' ', ','])
        .find_map(|part| part.strip_prefix("Credential="))?;
    let mut parts = credential.split('/');
    let key = parts.next()?.to_owned();
    let region = parts.nth(1)?.to_owned();
    Some((key, region))
}

fn bend_response(fault: Fault, response: &mut Forwarded) {
    match fault {
        Fault::EmptyBodyAsObject if response.body.is_empty() => response.body = b"{}".to_vec(),
        Fault::DropsRequestId => response.remove("x-amzn-requestid"),
        Fault::AddsRequestId => response
            .headers
            .push(("x-amzn-requestid".to_owned(), "gateway-7f3e9b2c".to_owned())),
        Fault::ChangesContentType => {
            response.set("content-type", "application/json".to_owned());
        }
        Fault::TruncatesBody => response.body.truncate(512),
        Fault::ErrorsAs500 if (400..500).contains(&response.status) => response.status = 500,
        _ => {}
    }
}
