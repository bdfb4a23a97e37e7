//! One hop of a proxy: a request or response as the proxy holds it, sent
//! upstream on a connection of its own, and answered back to the client.

use std::net::SocketAddr;
use std::time::Duration;

use http_body_util::{BodyExt as _, Full};
use hyper::body::Bytes;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;

/// A request or response as the proxy holds it.
#[derive(Clone, Debug)]
pub(crate) struct Forwarded {
    /// A response's status; 0 for a request.
    pub(crate) status: u16,
    /// A request's method (a response keeps its request's).
    pub(crate) method: String,
    /// A request's path and query.
    pub(crate) path: String,
    /// Names in lower case, hop-by-hop headers left out.
    pub(crate) headers: Vec<(String, String)>,
    /// The body bytes.
    pub(crate) body: Vec<u8>,
}

impl Forwarded {
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub(crate) fn remove(&mut self, name: &str) {
        self.headers.retain(|(n, _)| n != name);
    }

    pub(crate) fn set(&mut self, name: &str, value: String) {
        self.remove(name);
        self.headers.push((name.to_owned(), value));
    }
}

/// Headers of one connection, which a proxy never forwards as they are.
const HOP_BY_HOP: [&str; 5] = [
    "connection",
    "keep-alive",
    "transfer-encoding",
    "content-length",
    "te",
];

pub(crate) fn headers(map: &hyper::HeaderMap) -> Vec<(String, String)> {
    map.iter()
        .filter(|(name, _)| !HOP_BY_HOP.contains(&name.as_str()))
        .map(|(name, value)| {
            (
                name.as_str().to_owned(),
                String::from_utf8_lossy(value.as_bytes()).into_owned(),
            )
        })
        .collect()
}

/// Sends `request` to `upstream` on a connection of its own.
pub(crate) async fn send(
    upstream: SocketAddr,
    request: &Forwarded,
) -> Result<Forwarded, std::io::Error> {
    let stream = TcpStream::connect(upstream).await?;
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .map_err(std::io::Error::other)?;
    tokio::spawn(connection);
    let mut builder = Request::builder()
        .method(request.method.as_str())
        .uri(request.path.as_str());
    for (name, value) in &request.headers {
        builder = builder.header(name, value);
    }
    let outgoing = builder
        .body(Full::new(Bytes::from(request.body.clone())))
        .map_err(std::io::Error::other)?;
    let response = tokio::time::timeout(Duration::from_secs(10), sender.send_request(outgoing))
        .await
        .map_err(std::io::Error::other)?
        .map_err(std::io::Error::other)?;
    let status = response.status().as_u16();
    let headers = headers(response.headers());
    let body = response
        .into_body()
        .collect()
        .await
        .map_err(std::io::Error::other)?
        .to_bytes();
    Ok(Forwarded {
        status,
        method: request.method.clone(),
        path: request.path.clone(),
        headers,
        body: body.to_vec(),
    })
}

pub(crate) fn respond(answer: Forwarded) -> Response<Full<Bytes>> {
    let mut response = Response::builder().status(answer.status);
    for (name, value) in &answer.headers {
        response = response.header(name, value);
    }
    response
        .body(Full::new(Bytes::from(answer.body)))
        .unwrap_or_else(|_| Response::new(Full::new(Bytes::new())))
}
