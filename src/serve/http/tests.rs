//! The server over real sockets on 127.0.0.1, with a handler that echoes the request, so that
//! what hyper parses and what this module adds on top are tested together.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpStream};
use std::time::Duration;

use super::request::is_local_name;
use super::*;
use crate::serve::live::Event;

struct Echo;

impl Handler for Echo {
    fn handle(&self, request: &Request) -> Response {
        Response::new(
            200,
            "text/plain",
            format!("{} {}", request.method, request.target).into_bytes(),
        )
    }
}

fn start() -> (Server, u16) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    (Server::start(listener, Arc::new(Echo)).unwrap(), port)
}

fn connect(port: u16) -> TcpStream {
    let stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    stream
}

/// Sends `input` and reads until the server closes the connection; `end` also closes the
/// sending side first, for requests that are cut short.
fn exchange(port: u16, input: &[u8], end: bool) -> String {
    let mut stream = connect(port);
    stream.write_all(input).unwrap();
    if end {
        stream.shutdown(Shutdown::Write).unwrap();
    }
    let mut out = Vec::new();
    let _ = stream.read_to_end(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// The status of the answer to `input`, `None` for no answer, and the whole answer.
#[track_caller]
fn check(port: u16, input: &str, expected: Option<u16>) -> String {
    let out = exchange(port, input.as_bytes(), expected.is_none());
    let status = out.split(' ').nth(1).and_then(|s| s.parse().ok());
    assert_eq!(status, expected, "{input:?} got:\n{out}");
    out
}

#[test]
fn reads_request_heads() {
    let (server, port) = start();
    let out = check(
        port,
        "GET /nl/ HTTP/1.1\r\nHost: x.localhost\r\nConnection: close\r\n\r\n",
        Some(200),
    );
    assert!(out.ends_with("\r\n\r\nGET /nl/"), "{out}");
    // HTTP/1.0 closes after one response unless asked otherwise.
    let out = check(port, "GET / HTTP/1.0\r\n\r\n", Some(200));
    assert!(out.ends_with("GET /"), "{out}");
    // A client may send empty lines before a request (RFC 9112, section 2.2).
    let out = check(
        port,
        "\r\nHEAD /a HTTP/1.1\r\nConnection: close\r\n\r\n",
        Some(200),
    );
    assert!(out.contains("Content-Length: 7\r\n"), "{out}");
    assert!(out.ends_with("\r\n\r\n"), "a body after HEAD:\n{out}");
    // A body is never read, so its connection closes after the answer.
    let out = check(
        port,
        "POST / HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc",
        Some(200),
    );
    assert!(out.contains("Connection: close\r\n"), "{out}");
    assert!(out.ends_with("POST /"), "{out}");
    check(port, "", None);
    check(port, "GET / HTTP/1.1\r\nHost: x\r\n", None);
    server.stop();
}

#[test]
fn keeps_connections_alive() {
    let (server, port) = start();
    let out = exchange(
        port,
        b"GET /a HTTP/1.1\r\n\r\nGET /b HTTP/1.1\r\nConnection: close\r\n\r\n",
        false,
    );
    assert_eq!(out.matches("HTTP/1.1 200 OK\r\n").count(), 2, "{out}");
    assert!(out.contains("GET /a") && out.ends_with("GET /b"), "{out}");
    server.stop();
}

#[test]
fn knows_the_names_of_this_computer() {
    for host in [
        "localhost",
        "localhost:4000",
        "LOCALHOST.",
        "docs.localhost:4000",
        "127.0.0.1:4000",
        "127.1.2.3",
        "[::1]:4000",
        "[::1]",
    ] {
        assert!(is_local_name(host), "{host}");
    }
    for host in [
        "example.org",
        "localhost.example.org",
        "127.0.0.1.nip.io",
        "192.168.1.5:4000",
        "[::2]",
        "",
    ] {
        assert!(!is_local_name(host), "{host}");
    }
}

#[test]
fn answers_other_names_with_403() {
    let (server, port) = start();
    for hosts in [
        "Host: example.org\r\n",
        "Host: localhost\r\nHost: example.org\r\n",
    ] {
        let input = format!("GET / HTTP/1.1\r\n{hosts}Connection: close\r\n\r\n");
        let out = check(port, &input, Some(403));
        assert!(out.contains("--bind 0.0.0.0"), "{out}");
    }
    server.stop();
}

#[test]
fn refuses_malformed_heads() {
    let (server, port) = start();
    for input in [
        "GARBAGE\r\n\r\n",
        "GET  / HTTP/1.1\r\n\r\n",
        "GET / HTTP/1.1 x\r\n\r\n",
        "GET /a\x01 HTTP/1.1\r\n\r\n",
        "G(T / HTTP/1.1\r\n\r\n",
        "GET / FTP/1.1\r\n\r\n",
        // hyper speaks HTTP/1.0 and 1.1 and says 400 to the rest, where the hand-written
        // server said 505.
        "GET / HTTP/2.0\r\n\r\n",
        "GET / HTTP/1.1\r\nno colon\r\n\r\n",
        "GET / HTTP/1.1\r\n folded: x\r\n\r\n",
        "GET / HTTP/1.1\r\nContent-Length: x\r\n\r\n",
        "GET / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
        "GET /\u{e9} HTTP/1.1\r\n\r\n",
    ] {
        check(port, input, Some(400));
    }
    server.stop();
}

#[test]
fn limits_sizes() {
    let (server, port) = start();
    let long = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(MAX_TARGET));
    check(port, &long, Some(414));
    let fits = format!(
        "GET /{} HTTP/1.1\r\nConnection: close\r\n\r\n",
        "a".repeat(MAX_TARGET - 1)
    );
    check(port, &fits, Some(200));
    let many = format!(
        "GET / HTTP/1.1\r\n{}\r\n",
        "X: y\r\n".repeat(MAX_HEADERS + 1)
    );
    check(port, &many, Some(431));
    let wide = format!(
        "GET / HTTP/1.1\r\nX: {}\r\n\r\n",
        "y".repeat(MAX_HEADER_LINE)
    );
    check(port, &wide, Some(431));
    let heavy = format!(
        "GET / HTTP/1.1\r\n{}\r\n",
        format!("X: {}\r\n", "y".repeat(MAX_HEADER_LINE - 8)).repeat(10)
    );
    check(port, &heavy, Some(431));
    // A request line that never ends is refused as a head too large, as hyper counts it.
    let endless = format!("GET /{}", "a".repeat(100_000));
    check(port, &endless, Some(431));
    server.stop();
}

#[test]
fn refuses_connections_beyond_the_limit() {
    let (server, port) = start();
    let open: Vec<TcpStream> = (0..MAX_CONNECTIONS).map(|_| connect(port)).collect();
    let out = exchange(port, b"", false);
    assert!(
        out.starts_with("HTTP/1.1 503 Service Unavailable\r\n"),
        "{out}"
    );
    drop(open);
    // Their places come free once they are gone.
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let out = exchange(port, b"GET / HTTP/1.1\r\nConnection: close\r\n\r\n", false);
        if out.starts_with("HTTP/1.1 200") {
            break;
        }
        assert!(Instant::now() < deadline, "{out}");
        std::thread::sleep(Duration::from_millis(20));
    }
    server.stop();
}

#[test]
fn server_sent_events_are_framed() {
    let build = Event::Build(r#"{"build":1}"#.into());
    assert_eq!(
        &events::sse(&build, true)[..],
        b"retry: 1000\n\nevent: build\ndata: {\"build\":1}\n\n"
    );
    assert_eq!(
        &events::sse(&build, false)[..],
        b"event: build\ndata: {\"build\":1}\n\n"
    );
    assert_eq!(
        &events::sse(&Event::Heartbeat, false)[..],
        b": still here\n\n"
    );
}

/// Events of a hub for every request.
struct Live(Arc<crate::serve::live::Hub>);

impl Handler for Live {
    fn handle(&self, _: &Request) -> Response {
        Response {
            status: 200,
            headers: Vec::new(),
            body: Body::Events(self.0.listen().unwrap()),
        }
    }
}

/// Reads from `stream` until `needle` has come, or the stream ends.
fn read_until(stream: &mut TcpStream, needle: &[u8]) -> Vec<u8> {
    let mut seen = Vec::new();
    let mut buf = [0; 4096];
    while !seen.windows(needle.len()).any(|w| w == needle) {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => seen.extend_from_slice(&buf[..n]),
        }
    }
    seen
}

#[test]
fn events_go_over_a_websocket_from_the_preview_or_as_server_sent_events() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let hub = Arc::new(crate::serve::live::Hub::new(r#"{"build":1}"#.to_owned(), 8));
    let server = Server::start(listener, Arc::new(Live(Arc::clone(&hub)))).unwrap();
    let handshake = |origin: &str| {
        format!(
            "GET /__leidraad/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: keep-alive, Upgrade\r\n\
             Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\n\
             Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nOrigin: {origin}\r\n\r\n"
        )
    };
    let mut socket = connect(port);
    socket
        .write_all(handshake(&format!("http://127.0.0.1:{port}")).as_bytes())
        .unwrap();
    let seen = read_until(&mut socket, br#"{"build":1}"#);
    let text = String::from_utf8_lossy(&seen);
    assert!(
        text.starts_with("HTTP/1.1 101 Switching Protocols\r\n"),
        "{text}"
    );
    // The example of RFC 6455, section 1.3.
    assert!(text.contains("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"), "{text}");
    // One unmasked text frame (0x81) of 11 bytes.
    assert!(seen.ends_with(b"\r\n\r\n\x81\x0b{\"build\":1}"), "{text}");
    hub.publish(r#"{"build":2}"#.to_owned());
    let seen = read_until(&mut socket, br#"{"build":2}"#);
    assert!(seen.ends_with(b"\x81\x0b{\"build\":2}"), "{seen:?}");

    // A page of another site may open a WebSocket to the preview; it reads nothing.
    let refused = exchange(port, handshake("http://attacker.example").as_bytes(), false);
    assert!(refused.starts_with("HTTP/1.1 403"), "{refused}");

    let mut stream = connect(port);
    stream
        .write_all(b"GET /__leidraad/events HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .unwrap();
    let seen = read_until(&mut stream, br#"{"build":2}"#);
    let text = String::from_utf8_lossy(&seen);
    assert!(
        text.contains("Content-Type: text/event-stream\r\n"),
        "{text}"
    );
    assert!(
        text.contains("retry: 1000\n\nevent: build\ndata: {\"build\":2}"),
        "{text}"
    );
    hub.close();
    // Both end when the hub closes: the socket with a close frame (0x88).
    let rest = read_until(&mut socket, b"\x88");
    assert!(rest.starts_with(b"\x88"), "{rest:?}");
    server.stop();
}

#[test]
fn a_client_that_does_not_read_is_let_go() {
    use tokio::io::AsyncWriteExt as _;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        // Connected, and never read.
        let _client = tokio::net::TcpStream::connect(addr).await.unwrap();
        let (stream, _) = listener.accept().await.unwrap();
        let mut conn = io::Deadlined::new(stream, Duration::from_millis(200));
        let started = Instant::now();
        let chunk = vec![0; 64 * 1024];
        let err = loop {
            if let Err(err) = conn.write_all(&chunk).await {
                break err;
            }
            assert!(started.elapsed() < Duration::from_secs(10), "never gave up");
        };
        assert_eq!(err.kind(), std::io::ErrorKind::TimedOut);
    });
}
