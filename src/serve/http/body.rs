//! The bodies of responses as hyper sends them: bytes in memory, a file read in pieces, or
//! events as they come.

use std::borrow::Cow;
use std::fs::File;
use std::io::{self, Read as _};
use std::pin::Pin;
use std::task::{Context, Poll};

use hyper::body::{Bytes, Frame, SizeHint};
use tokio::sync::mpsc;

/// How much of a file is read at a time.
const CHUNK: u64 = 64 * 1024;

/// A response body.
pub(super) enum Body {
    /// Bytes in memory, until sent.
    Full(Option<Bytes>),
    /// An open file and how much of it is left to send.
    File { file: File, left: u64 },
    /// Pieces of a stream as they come; it ends when the sender goes.
    Stream(mpsc::Receiver<Bytes>),
}

impl Body {
    pub(super) fn full(bytes: Cow<'static, [u8]>) -> Body {
        Body::Full(Some(match bytes {
            Cow::Borrowed(b) => Bytes::from_static(b),
            Cow::Owned(v) => Bytes::from(v),
        }))
    }

    pub(super) fn empty() -> Body {
        Body::Full(None)
    }

    pub(super) fn file(file: File, len: u64) -> Body {
        Body::File { file, left: len }
    }
}

impl hyper::body::Body for Body {
    type Data = Bytes;
    type Error = io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<io::Result<Frame<Bytes>>>> {
        match self.get_mut() {
            Body::Full(bytes) => Poll::Ready(bytes.take().map(|b| Ok(Frame::data(b)))),
            Body::File { file, left } => Poll::Ready(read_chunk(file, left)),
            Body::Stream(pieces) => pieces.poll_recv(cx).map(|p| p.map(|b| Ok(Frame::data(b)))),
        }
    }

    fn is_end_stream(&self) -> bool {
        match self {
            Body::Full(bytes) => bytes.is_none(),
            Body::File { left, .. } => *left == 0,
            Body::Stream(_) => false,
        }
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            Body::Full(bytes) => SizeHint::with_exact(bytes.as_ref().map_or(0, |b| b.len() as u64)),
            Body::File { left, .. } => SizeHint::with_exact(*left),
            Body::Stream(_) => SizeHint::default(),
        }
    }
}

/// The next piece of a file. Reading a local file is quick but blocks, so the runtime is told.
fn read_chunk(file: &mut File, left: &mut u64) -> Option<io::Result<Frame<Bytes>>> {
    if *left == 0 {
        return None;
    }
    let mut buf = vec![0; CHUNK.min(*left) as usize];
    let n = match tokio::task::block_in_place(|| file.read(&mut buf)) {
        Ok(0) => {
            // The file shrank while it was sent: the client cannot trust this connection.
            return Some(Err(io::ErrorKind::UnexpectedEof.into()));
        }
        Ok(n) => n,
        Err(err) => return Some(Err(err)),
    };
    buf.truncate(n);
    *left -= n as u64;
    Some(Ok(Frame::data(Bytes::from(buf))))
}
