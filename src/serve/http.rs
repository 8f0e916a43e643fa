//! A small HTTP/1.1 server for the preview. It knows the protocol and its limits, not the
//! site: every well-formed request goes to a [`Handler`].
//!
//! Each connection has its own thread, at most [`MAX_CONNECTIONS`] at a time, so a slow
//! client only ever holds up itself. Every read and write has a deadline, request heads have
//! size limits, and a malformed request is answered with a 4xx and its connection closed;
//! nothing a client sends can stop the server. Bodies are never read: leidraad serves only
//! GET and HEAD, so a request with a body is answered and its connection closed.

mod request;

use std::borrow::Cow;
use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use request::{is_local_name, read_request, DeadlineReader};

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
/// How long one write may block on a client that does not read.
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a closing connection keeps reading what the client still sends, so that the
/// client sees the response instead of a reset.
const LINGER: Duration = Duration::from_millis(500);
/// How long [`Server::stop`] waits for open connections to end.
const STOP_TIMEOUT: Duration = Duration::from_secs(2);
/// Connection threads only parse a request head and copy bytes.
const STACK_SIZE: usize = 256 * 1024;

/// Answers requests.
pub(crate) trait Handler: Send + Sync + 'static {
    /// The response to one well-formed request.
    fn handle(&self, request: &Request) -> Response;
}

/// A well-formed request head.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Request {
    /// The method, as sent (methods are case-sensitive).
    pub(crate) method: String,
    /// The request target, as sent: `/nl/over/?x=1`.
    pub(crate) target: String,
    /// Whether the connection may stay open after the response.
    keep_alive: bool,
    /// Whether a body follows the head. It is never read, so the connection closes.
    has_body: bool,
    /// The `Host` header, when there is one.
    host: Option<String>,
}

/// A response.
pub(crate) struct Response {
    pub(crate) status: u16,
    /// Headers besides `Content-Length`, `Date` and `Connection`, which are added here.
    pub(crate) headers: Vec<(&'static str, String)>,
    pub(crate) body: Body,
}

/// The body of a response.
pub(crate) enum Body {
    /// Bytes in memory.
    Bytes(Cow<'static, [u8]>),
    /// An open file of the given length.
    File(File, u64),
    /// An endless stream, such as Server-Sent Events: each item is written and flushed as it
    /// comes, and the connection closes when the stream ends or the client goes away.
    Stream(Box<dyn Iterator<Item = Vec<u8>> + Send>),
}

/// A running server. Dropping it without [`Server::stop`] leaves its threads running.
pub(crate) struct Server {
    shared: Arc<Shared>,
    addr: SocketAddr,
    accept: JoinHandle<()>,
}

struct Shared {
    handler: Arc<dyn Handler>,
    stop: AtomicBool,
    conns: Mutex<Connections>,
    /// Signalled when the last connection closes.
    all_closed: Condvar,
}

/// The open connections, so that [`Server::stop`] can close them.
#[derive(Default)]
struct Connections {
    next_id: u64,
    open: HashMap<u64, TcpStream>,
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
        Response::new(
            status,
            "text/plain; charset=utf-8",
            format!("{status} {}\n{text}", reason(status)).into_bytes(),
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
    pub(crate) fn start(listener: TcpListener, handler: Arc<dyn Handler>) -> io::Result<Server> {
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            handler,
            stop: AtomicBool::new(false),
            conns: Mutex::new(Connections::default()),
            all_closed: Condvar::new(),
        });
        let accept = {
            let shared = Arc::clone(&shared);
            thread::Builder::new()
                .name("leidraad-accept".to_owned())
                .spawn(move || accept_loop(&listener, &shared))?
        };
        Ok(Server {
            shared,
            addr,
            accept,
        })
    }

    /// Stops accepting, closes every open connection and waits (briefly) for their threads.
    /// Streams must have ended first (see `live::Hub::close`), or their threads wait for
    /// their next write to fail.
    pub(crate) fn stop(self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        // The accept thread blocks in `accept`: a connection of our own wakes it.
        let wake = SocketAddr::new(loopback_for(self.addr.ip()), self.addr.port());
        let _ = TcpStream::connect_timeout(&wake, Duration::from_secs(1));
        let deadline = Instant::now() + STOP_TIMEOUT;
        while !self.accept.is_finished() && Instant::now() < deadline {
            thread::sleep(Duration::from_millis(5));
        }
        if self.accept.is_finished() {
            let _ = self.accept.join();
        }
        let mut conns = lock(&self.shared.conns);
        for stream in conns.open.values() {
            let _ = stream.shutdown(Shutdown::Both);
        }
        while !conns.open.is_empty() {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            conns = self
                .shared
                .all_closed
                .wait_timeout(conns, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
    }
}

fn accept_loop(listener: &TcpListener, shared: &Arc<Shared>) {
    let mut last_warning: Option<Instant> = None;
    for conn in listener.incoming() {
        if shared.stop.load(Ordering::SeqCst) {
            break;
        }
        match conn {
            Ok(stream) => admit(shared, stream),
            Err(err) => {
                // Running out of file descriptors or memory passes; keep accepting, but do
                // not spin or flood the terminal.
                if last_warning.is_none_or(|t| t.elapsed() > Duration::from_secs(5)) {
                    eprintln!("warning: cannot accept a connection: {err}");
                    last_warning = Some(Instant::now());
                }
                thread::sleep(Duration::from_millis(50));
            }
        }
    }
}

/// Gives a new connection its own thread, or refuses it when there are too many.
fn admit(shared: &Arc<Shared>, stream: TcpStream) {
    let mut conns = lock(&shared.conns);
    if conns.open.len() >= MAX_CONNECTIONS {
        drop(conns);
        refuse(stream);
        return;
    }
    let Ok(registered) = stream.try_clone() else {
        return;
    };
    let id = conns.next_id;
    conns.next_id += 1;
    conns.open.insert(id, registered);
    drop(conns);
    let thread_shared = Arc::clone(shared);
    let spawned = thread::Builder::new()
        .name("leidraad-http".to_owned())
        .stack_size(STACK_SIZE)
        .spawn(move || {
            let _open = OpenConnection {
                shared: &thread_shared,
                id,
            };
            serve_connection(&stream, &*thread_shared.handler);
        });
    if spawned.is_err() {
        // The closure, and with it the connection, is gone; forget it.
        drop(OpenConnection { shared, id });
    }
}

/// Removes a connection from the open ones when its thread ends, also on a panic.
struct OpenConnection<'a> {
    shared: &'a Shared,
    id: u64,
}

impl Drop for OpenConnection<'_> {
    fn drop(&mut self) {
        let mut conns = lock(&self.shared.conns);
        conns.open.remove(&self.id);
        if conns.open.is_empty() {
            self.shared.all_closed.notify_all();
        }
    }
}

/// Answers 503 without blocking and without a thread.
fn refuse(stream: TcpStream) {
    let _ = stream.set_nonblocking(true);
    let head = head_bytes(503, &[("Retry-After", "1".to_owned())], Some(0), true);
    let _ = (&stream).write_all(&head);
    let _ = stream.shutdown(Shutdown::Write);
}

fn serve_connection(stream: &TcpStream, handler: &dyn Handler) {
    let _ = stream.set_nodelay(true);
    let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
    let mut reader = BufReader::new(DeadlineReader {
        stream,
        deadline: Instant::now(),
    });
    // A page elsewhere can point its own host name at 127.0.0.1 (DNS rebinding) and read
    // what the browser fetches from it; browsers then send that name as `Host`. On this
    // computer's own address, only this computer's names are answered.
    let loopback = stream.local_addr().is_ok_and(|a| a.ip().is_loopback());
    loop {
        reader.get_mut().deadline = Instant::now() + HEAD_TIMEOUT;
        let request = match read_request(&mut reader) {
            Ok(Some(request)) => request,
            Ok(None) => return,
            Err(status) => {
                let response = Response::text(status, "leidraad could not read this request");
                let _ = write_response(stream, false, response, true);
                linger(stream, &mut reader);
                return;
            }
        };
        let response = match &request.host {
            Some(host) if loopback && !is_local_name(host) => Response::text(
                403,
                "this preview answers only to localhost, 127.0.0.1 and [::1]; to open it from \
                 another computer, start it with --bind 0.0.0.0",
            ),
            _ => handler.handle(&request),
        };
        let streaming = matches!(response.body, Body::Stream(_));
        let close = !request.keep_alive || request.has_body || streaming;
        let head_only = request.method == "HEAD";
        if write_response(stream, head_only, response, close).is_err() {
            return;
        }
        if close {
            if request.has_body {
                linger(stream, &mut reader);
            } else {
                let _ = stream.shutdown(Shutdown::Write);
            }
            return;
        }
    }
}

/// Closes the sending side, then reads (and drops) what the client still sends for a moment:
/// closing a socket with unread data resets the connection, and the client could lose the
/// response.
fn linger(stream: &TcpStream, reader: &mut BufReader<DeadlineReader<'_>>) {
    let _ = stream.shutdown(Shutdown::Write);
    reader.get_mut().deadline = Instant::now() + LINGER;
    let mut scratch = [0; 4096];
    let mut total = 0;
    while total < 1024 * 1024 {
        match reader.read(&mut scratch) {
            Ok(0) | Err(_) => break,
            Ok(n) => total += n,
        }
    }
}

fn write_response(
    stream: &TcpStream,
    head_only: bool,
    response: Response,
    close: bool,
) -> io::Result<()> {
    let mut out = stream;
    match response.body {
        Body::Bytes(bytes) => {
            let mut all = head_bytes(
                response.status,
                &response.headers,
                Some(bytes.len() as u64),
                close,
            );
            if !head_only {
                all.extend_from_slice(&bytes);
            }
            out.write_all(&all)
        }
        Body::File(file, len) => {
            out.write_all(&head_bytes(
                response.status,
                &response.headers,
                Some(len),
                close,
            ))?;
            if head_only {
                return Ok(());
            }
            let copied = io::copy(&mut file.take(len), &mut out)?;
            if copied < len {
                // The file shrank while it was sent: the client cannot trust this connection.
                return Err(io::ErrorKind::UnexpectedEof.into());
            }
            Ok(())
        }
        Body::Stream(chunks) => {
            out.write_all(&head_bytes(response.status, &response.headers, None, true))?;
            if head_only {
                return Ok(());
            }
            for chunk in chunks {
                out.write_all(&chunk)?;
                out.flush()?;
            }
            Ok(())
        }
    }
}

fn head_bytes(
    status: u16,
    headers: &[(&'static str, String)],
    len: Option<u64>,
    close: bool,
) -> Vec<u8> {
    use std::fmt::Write as _;
    let mut head = format!("HTTP/1.1 {status} {}\r\n", reason(status));
    let date = jiff::Timestamp::now().strftime("%a, %d %b %Y %H:%M:%S GMT");
    let _ = write!(head, "Date: {date}\r\n");
    for (name, value) in headers {
        let _ = write!(head, "{name}: {value}\r\n");
    }
    if let Some(len) = len {
        let _ = write!(head, "Content-Length: {len}\r\n");
    }
    if close {
        head.push_str("Connection: close\r\n");
    }
    head.push_str("\r\n");
    head.into_bytes()
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        414 => "URI Too Long",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "",
    }
}

/// The loopback address of the same family, to reach a server bound to `0.0.0.0` or `::`.
fn loopback_for(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(v4) if v4.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(v6) if v6.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        other => other,
    }
}

/// Locks a mutex; a thread that panicked while holding it left nothing half-done that
/// matters here.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests;
