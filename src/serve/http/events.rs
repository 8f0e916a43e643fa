//! How builds reach a page: over a WebSocket when the page asks for one (the live-reload
//! script does), otherwise as Server-Sent Events.
//!
//! Browsers open at most six HTTP/1.1 connections per host and a stream of Server-Sent Events
//! holds one for as long as its page is open, so a seventh tab of the preview would wait for
//! a free connection. WebSockets are not counted among those six, so any number of tabs can
//! listen. Both carry the same JSON, one message per build.

use std::sync::Arc;

use hyper::body::{Bytes, Incoming};
use hyper::header::{
    HeaderValue, CONNECTION, HOST, ORIGIN, SEC_WEBSOCKET_ACCEPT, SEC_WEBSOCKET_KEY, UPGRADE,
};
use hyper::upgrade::Upgraded;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::sync::{mpsc, OwnedSemaphorePermit};
use tokio_tungstenite::tungstenite::handshake::derive_accept_key;
use tokio_tungstenite::tungstenite::protocol::{Role, WebSocketConfig};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::WebSocketStream;

use super::body::Body;
use super::WRITE_TIMEOUT;
use crate::serve::live::{Event, Listener};

/// The largest message taken from a page: pages send nothing but the protocol's own
/// control frames, so a small limit keeps a client from making the server buffer much.
const MAX_MESSAGE: usize = 4 * 1024;

/// Whether the request asks for a WebSocket (RFC 6455, section 4.2.1).
pub(super) fn wants_websocket<B>(request: &Request<B>) -> bool {
    let headers = request.headers();
    let has_token = |name, token: &str| {
        headers.get_all(name).iter().any(|v: &HeaderValue| {
            v.to_str()
                .is_ok_and(|v| v.split(',').any(|t| t.trim().eq_ignore_ascii_case(token)))
        })
    };
    request.method() == Method::GET
        && has_token(CONNECTION, "upgrade")
        && has_token(UPGRADE, "websocket")
        && headers.contains_key(SEC_WEBSOCKET_KEY)
}

/// Whether a browser asking for a WebSocket comes from a page of the preview itself. Unlike
/// `fetch` and `EventSource`, a WebSocket may be opened by a page of any site, and the
/// browser then sends the `Host` of the preview: only the `Origin` tells the two apart.
/// Programs other than browsers send no `Origin`.
pub(super) fn same_origin<B>(request: &Request<B>) -> bool {
    let headers = request.headers();
    let Some(origin) = headers.get(ORIGIN) else {
        return true;
    };
    let host = headers.get(HOST).and_then(|h| h.to_str().ok());
    let origin_host = origin.to_str().ok().and_then(|o| {
        o.strip_prefix("http://")
            .or_else(|| o.strip_prefix("https://"))
    });
    match (origin_host, host) {
        (Some(origin), Some(host)) => origin.eq_ignore_ascii_case(host),
        _ => false,
    }
}

/// Accepts the WebSocket that `request` asks for and sends `listener`'s events over it once
/// hyper hands over the connection.
/// The socket keeps `slot`, its connection's place among the server's connections.
pub(super) fn websocket(
    request: &mut Request<Incoming>,
    listener: Listener,
    slot: Arc<OwnedSemaphorePermit>,
) -> Response<Body> {
    let headers = request.headers();
    let version_13 = headers
        .get("sec-websocket-version")
        .is_some_and(|v| v.as_bytes() == b"13");
    if !same_origin(request) {
        return refusal(StatusCode::FORBIDDEN);
    }
    let Some(key) = headers.get(SEC_WEBSOCKET_KEY).filter(|_| version_13) else {
        let mut refused = refusal(StatusCode::BAD_REQUEST);
        refused
            .headers_mut()
            .insert("sec-websocket-version", HeaderValue::from_static("13"));
        return refused;
    };
    let accept = derive_accept_key(key.as_bytes());
    let upgrade = hyper::upgrade::on(request);
    tokio::spawn(async move {
        if let Ok(upgraded) = upgrade.await {
            let config = WebSocketConfig::default()
                .max_message_size(Some(MAX_MESSAGE))
                .max_frame_size(Some(MAX_MESSAGE));
            let socket = WebSocketStream::from_raw_socket(
                TokioIo::new(upgraded),
                Role::Server,
                Some(config),
            )
            .await;
            session(socket, listener).await;
            drop(slot);
        }
    });
    let mut response = Response::new(Body::empty());
    *response.status_mut() = StatusCode::SWITCHING_PROTOCOLS;
    let out = response.headers_mut();
    out.insert(CONNECTION, HeaderValue::from_static("Upgrade"));
    out.insert(UPGRADE, HeaderValue::from_static("websocket"));
    if let Ok(accept) = HeaderValue::try_from(accept) {
        out.insert(SEC_WEBSOCKET_ACCEPT, accept);
    }
    response
}

/// A refused handshake, after which the connection closes: the client asked for another
/// protocol, not for more HTTP.
fn refusal(status: StatusCode) -> Response<Body> {
    let mut refused = Response::new(Body::empty());
    *refused.status_mut() = status;
    refused
        .headers_mut()
        .insert(CONNECTION, HeaderValue::from_static("close"));
    refused
}

/// Sends each build to the page until the page or the hub goes away. Heartbeats are pings,
/// which browsers answer by themselves.
async fn session(mut socket: WebSocketStream<TokioIo<Upgraded>>, mut listener: Listener) {
    use futures_util::{SinkExt as _, StreamExt as _};
    loop {
        let message = tokio::select! {
            event = listener.next() => match event {
                Some(Event::Build(json)) => Message::text(json.to_string()),
                Some(Event::Heartbeat) => Message::Ping(Bytes::new()),
                None => {
                    // Tell the page that the server is going away.
                    let _ = tokio::time::timeout(WRITE_TIMEOUT, socket.close(None)).await;
                    return;
                }
            },
            incoming = socket.next() => match incoming {
                // A page's pongs and its closing handshake need no answer of ours (the
                // library answers a close), and pages send nothing else.
                Some(Ok(_)) => continue,
                None | Some(Err(_)) => return,
            },
        };
        if socket.send(message).await.is_err() {
            return;
        }
    }
}

/// A stream of Server-Sent Events: each build as an `event: build`, a comment now and then.
pub(super) fn server_sent(mut listener: Listener) -> Body {
    let (pieces, body) = mpsc::channel(1);
    tokio::spawn(async move {
        let mut first = true;
        loop {
            let event = tokio::select! {
                event = listener.next() => event,
                () = pieces.closed() => None,
            };
            let Some(event) = event else {
                return;
            };
            if pieces.send(sse(&event, first)).await.is_err() {
                return;
            }
            first = false;
        }
    });
    Body::Stream(body)
}

/// One event in the Server-Sent Events format; the first also tells the page to reconnect a
/// second after the server went away.
pub(super) fn sse(event: &Event, first: bool) -> Bytes {
    let mut out = String::new();
    if first {
        out.push_str("retry: 1000\n\n");
    }
    match event {
        Event::Build(json) => {
            out.push_str("event: build\ndata: ");
            out.push_str(json);
            out.push_str("\n\n");
        }
        Event::Heartbeat => out.push_str(": still here\n\n"),
    }
    Bytes::from(out)
}
