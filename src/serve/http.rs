//! The preview's HTTP/1.1 server: hyper on a small tokio runtime of its own. It knows the
//! protocol's limits, not the site: every well-formed request goes to a [`Handler`].
//!
//! hyper parses requests and keeps connections alive; this module adds what a preview on
//! someone's computer needs on top. At most [`MAX_CONNECTIONS`] connections are served at
//! once (one more gets 503); a request head must come whole within [`HEAD_TIMEOUT`], which is
//! also how long an idle keep-alive connection stays open; a write that makes no progress for
//! [`WRITE_TIMEOUT`] ends its connection (`io.rs`); request heads have size limits
//! (`request.rs`); on this computer's own address only this computer's names are answered.
//! Nothing a client sends can stop the server. Bodies are never read: leidraad serves only
//! GET and HEAD, so a request with a body is answered and its connection closed.
//!
//! The handler runs on the runtime's threads (in `block_in_place`, since it may read a file);
//! events reach pages over a WebSocket or as Server-Sent Events (`events.rs`).

mod body;
mod events;
mod io;
mod request;

use std::borrow::Cow;
use std::convert::Infallible;
use std::fs::File;
use std::sync::Arc;
use std::time::{Duration, Instant};

use hyper::body::Incoming;
use hyper::header::{HeaderName, HeaderValue, CONNECTION};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::StatusCode;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::{TcpListener, TcpStream};
use tokio::runtime::Runtime;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::live::Listener;

/// The longest request target (URL) served; a longer one gets 414.
pub(crate) const MAX_TARGET: usize = 8 * 1024;
/// The longest request line: the target plus room for a method and the version.
const MAX_REQUEST_LINE: usize = MAX_TARGET + 64;
/// The longest header line, and the most bytes and lines of headers; more gets 431.
const MAX_HEADER_LINE: usize = 8 * 1024;
const MAX_HEADER_BYTES: usize = 64 * 1024;
const MAX_HEADERS: usize = 100;
/// How many connections are served at once; one more gets 503.
pub(crate) const MAX_CONNECTIONS: usize = 256;
/// How long a client may take to send a whole request head. It is also how long an idle
/// keep-alive connection stays open.
const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a write may make no progress on a client that does not read.
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// How long [`Server::stop`] waits for the server's threads.
const STOP_TIMEOUT: Duration = Duration::from_secs(2);
/// The runtime's threads: a preview has one reader, and the build needs the other cores.
const THREADS: usize = 2;

/// Answers requests.
pub(crate) trait Handler: Send + Sync + 'static {
    /// The response to one well-formed request.
    fn handle(&self, request: &Request) -> Response;
}

/// A well-formed request head, as far as a [`Handler`] needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Request {
    /// The method, as sent (methods are case-sensitive).
    pub(crate) method: String,
    /// The request target: `/nl/over/?x=1`, or a whole URL when one was sent.
    pub(crate) target: String,
}

/// A response.
pub(crate) struct Response {
    pub(crate) status: u16,
    /// Headers besides `Content-Length`, `Date` and `Connection`, which hyper adds.
    pub(crate) headers: Vec<(&'static str, String)>,
    pub(crate) body: Body,
}

/// The body of a response.
pub(crate) enum Body {
    /// Bytes in memory.
    Bytes(Cow<'static, [u8]>),
    /// An open file of the given length.
    File(File, u64),
    /// The builds, for as long as the page listens: over a WebSocket when the request asks
    /// for one, otherwise as Server-Sent Events.
    Events(Listener),
}

/// A running server. Dropping it without [`Server::stop`] stops it too, less patiently.
pub(crate) struct Server {
    runtime: Runtime,
}

/// What every connection shares.
struct Shared {
    handler: Arc<dyn Handler>,
    /// One permit per open connection.
    slots: Arc<Semaphore>,
}

impl Response {
    /// A response with a body in memory.
    pub(crate) fn new(
        status: u16,
        content_type: &str,
        body: impl Into<Cow<'static, [u8]>>,
    ) -> Response {
        Response {
            status,
            headers: vec![("Content-Type", content_type.to_owned())],
            body: Body::Bytes(body.into()),
        }
    }

    /// A short plain-text response, for errors.
    pub(crate) fn text(status: u16, text: &str) -> Response {
        let reason = StatusCode::from_u16(status)
            .ok()
            .and_then(|s| s.canonical_reason())
            .unwrap_or_default();
        Response::new(
            status,
            "text/plain; charset=utf-8",
            format!("{status} {reason}\n{text}").into_bytes(),
        )
    }

    /// Adds a header.
    pub(crate) fn header(mut self, name: &'static str, value: impl Into<String>) -> Response {
        self.headers.push((name, value.into()));
        self
    }
}

impl Server {
    /// Serves `handler` on `listener` until [`Server::stop`].
    pub(crate) fn start(
        listener: std::net::TcpListener,
        handler: Arc<dyn Handler>,
    ) -> std::io::Result<Server> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(THREADS)
            .thread_name("leidraad-http")
            .enable_all()
            .build()?;
        listener.set_nonblocking(true)?;
        let listener = {
            let _entered = runtime.enter();
            TcpListener::from_std(listener)?
        };
        let shared = Arc::new(Shared {
            handler,
            slots: Arc::new(Semaphore::new(MAX_CONNECTIONS)),
        });
        runtime.spawn(accept_loop(listener, shared));
        Ok(Server { runtime })
    }

    /// Stops accepting and closes every open connection. Event streams should have ended
    /// first (see `live::Hub::close`), so that pages hear that the server went away.
    pub(crate) fn stop(self) {
        self.runtime.shutdown_timeout(STOP_TIMEOUT);
    }
}

async fn accept_loop(listener: TcpListener, shared: Arc<Shared>) {
    let mut last_warning: Option<Instant> = None;
    loop {
        match listener.accept().await {
            Ok((stream, _)) => admit(&shared, stream),
            Err(err) => {
                // Running out of file descriptors or memory passes; keep accepting, but do
                // not spin or flood the terminal.
                if last_warning.is_none_or(|t| t.elapsed() > Duration::from_secs(5)) {
                    eprintln!("warning: cannot accept a connection: {err}");
                    last_warning = Some(Instant::now());
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
    }
}

/// Serves a new connection, or refuses it when there are too many.
fn admit(shared: &Arc<Shared>, stream: TcpStream) {
    let Ok(slot) = Arc::clone(&shared.slots).try_acquire_owned() else {
        refuse(stream);
        return;
    };
    tokio::spawn(serve_connection(Arc::clone(shared), stream, Arc::new(slot)));
}

/// Answers 503 without a task and without waiting for the client: the response fits in the
/// socket's buffer, and is written by a plain non-blocking write (the reactor has not yet
/// seen the socket, so tokio's `try_write` could still think it unwritable).
fn refuse(stream: TcpStream) {
    let date = jiff::Timestamp::now().strftime("%a, %d %b %Y %H:%M:%S GMT");
    let head = format!(
        "HTTP/1.1 503 Service Unavailable\r\nDate: {date}\r\nRetry-After: 1\r\n\
         Content-Length: 0\r\nConnection: close\r\n\r\n"
    );
    if let Ok(stream) = stream.into_std() {
        use std::io::Write as _;
        let _ = (&stream).write_all(head.as_bytes());
        let _ = stream.shutdown(std::net::Shutdown::Write);
    }
}

/// Serves one connection. It holds `slot` while open, and so does a WebSocket that it turns
/// into.
async fn serve_connection(shared: Arc<Shared>, stream: TcpStream, slot: Arc<OwnedSemaphorePermit>) {
    let _ = stream.set_nodelay(true);
    // A page elsewhere can point its own host name at 127.0.0.1 (DNS rebinding) and read
    // what the browser fetches from it; browsers then send that name as `Host`. On this
    // computer's own address, only this computer's names are answered.
    let loopback = stream.local_addr().is_ok_and(|a| a.ip().is_loopback());
    let io = TokioIo::new(io::Deadlined::new(stream, WRITE_TIMEOUT));
    let service = service_fn(move |request| {
        let response = answer(&shared, loopback, &slot, request);
        async move { Ok::<_, Infallible>(response) }
    });
    let _ = http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(HEAD_TIMEOUT)
        .max_headers(MAX_HEADERS)
        .max_header_size(MAX_REQUEST_LINE + MAX_HEADER_BYTES + 2 * (MAX_HEADERS + 2))
        .title_case_headers(true)
        .serve_connection(io, service)
        .with_upgrades()
        .await;
}

/// The response to one request that hyper could parse.
fn answer(
    shared: &Shared,
    loopback: bool,
    slot: &Arc<OwnedSemaphorePermit>,
    mut request: hyper::Request<Incoming>,
) -> hyper::Response<body::Body> {
    if let Err(status) = request::check_head(&request, MAX_TARGET, MAX_HEADER_LINE) {
        let text = Response::text(status, "leidraad could not read this request");
        return convert(text, true);
    }
    if loopback && !request::from_this_computer(&request) {
        let text = Response::text(
            403,
            "this preview answers only to localhost, 127.0.0.1 and [::1]; to open it from \
             another computer, start it with --bind 0.0.0.0",
        );
        return convert(text, false);
    }
    let head = Request {
        method: request.method().as_str().to_owned(),
        target: request.uri().to_string(),
    };
    let response = tokio::task::block_in_place(|| shared.handler.handle(&head));
    // The body is never read, so the connection cannot carry another request.
    let close = request::has_body(&request);
    match response.body {
        Body::Events(listener) if events::wants_websocket(&request) => {
            events::websocket(&mut request, listener, Arc::clone(slot))
        }
        _ => convert(response, close),
    }
}

/// A [`Response`] as hyper sends it; `close` ends the connection after it.
fn convert(response: Response, close: bool) -> hyper::Response<body::Body> {
    let Response {
        status,
        mut headers,
        body,
    } = response;
    let (body, close) = match body {
        Body::Bytes(bytes) => (body::Body::full(bytes), close),
        Body::File(file, len) => (body::Body::file(file, len), close),
        Body::Events(listener) => {
            headers.retain(|(name, _)| !name.eq_ignore_ascii_case("content-type"));
            headers.push(("Content-Type", "text/event-stream".to_owned()));
            // A stream ends only with its connection.
            (events::server_sent(listener), true)
        }
    };
    let mut out = hyper::Response::new(body);
    *out.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    for (name, value) in headers {
        // Values come from leidraad or from a target that hyper checked; one that is not a
        // valid header value is left out rather than sent broken.
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::try_from(value),
        ) {
            out.headers_mut().append(name, value);
        }
    }
    if close {
        out.headers_mut()
            .insert(CONNECTION, HeaderValue::from_static("close"));
    }
    out
}

#[cfg(test)]
mod tests;
