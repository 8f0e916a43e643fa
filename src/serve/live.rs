//! Server-Sent Events: tells every open page about each build.
//!
//! The hub keeps only the latest event. Each listener sends it when it has not sent it yet,
//! so a slow page skips builds it missed but never misses the latest, and no queue grows.

use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

/// How often a quiet stream sends a comment, to notice pages that went away.
const HEARTBEAT: Duration = Duration::from_secs(15);

/// Where builds are announced.
pub(crate) struct Hub {
    inner: Mutex<Inner>,
    changed: Condvar,
    max_listeners: usize,
}

struct Inner {
    /// Counts events; a listener remembers the last one it sent.
    version: u64,
    latest: Arc<str>,
    listeners: usize,
    closed: bool,
}

/// One page's stream of events, to be written to its connection. It ends when the hub
/// closes.
pub(crate) struct Listener {
    hub: Arc<Hub>,
    sent: u64,
    started: bool,
}

impl Hub {
    /// A hub whose first event is `first`, for at most `max_listeners` pages at a time.
    pub(crate) fn new(first: String, max_listeners: usize) -> Hub {
        Hub {
            inner: Mutex::new(Inner {
                version: 1,
                latest: first.into(),
                listeners: 0,
                closed: false,
            }),
            changed: Condvar::new(),
            max_listeners,
        }
    }

    /// A new listener, which starts with the latest event; `None` when there are too many
    /// or the hub is closed.
    pub(crate) fn listen(self: &Arc<Self>) -> Option<Listener> {
        let mut inner = self.lock();
        if inner.closed || inner.listeners >= self.max_listeners {
            return None;
        }
        inner.listeners += 1;
        Some(Listener {
            hub: Arc::clone(self),
            sent: 0,
            started: false,
        })
    }

    /// Sends `event` to every listener.
    pub(crate) fn publish(&self, event: String) {
        let mut inner = self.lock();
        inner.version += 1;
        inner.latest = event.into();
        self.changed.notify_all();
    }

    /// Ends every stream and refuses new listeners.
    pub(crate) fn close(&self) {
        self.lock().closed = true;
        self.changed.notify_all();
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Iterator for Listener {
    type Item = Vec<u8>;

    /// Waits for the next event, or a heartbeat; `None` when the hub closed.
    fn next(&mut self) -> Option<Vec<u8>> {
        let deadline = Instant::now() + HEARTBEAT;
        let mut inner = self.hub.lock();
        loop {
            if inner.closed {
                return None;
            }
            if inner.version != self.sent {
                self.sent = inner.version;
                let mut chunk = Vec::new();
                if !self.started {
                    // Pages reconnect a second after the server went away.
                    chunk.extend_from_slice(b"retry: 1000\n\n");
                    self.started = true;
                }
                chunk.extend_from_slice(inner.latest.as_bytes());
                return Some(chunk);
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Some(b": still here\n\n".to_vec());
            }
            inner = self
                .hub
                .changed
                .wait_timeout(inner, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        self.hub.lock().listeners -= 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(chunk: Option<Vec<u8>>) -> String {
        String::from_utf8(chunk.unwrap()).unwrap()
    }

    #[test]
    fn listeners_get_the_latest_event_and_end_on_close() {
        let hub = Arc::new(Hub::new("one\n\n".to_owned(), 2));
        let mut a = hub.listen().unwrap();
        assert_eq!(text(a.next()), "retry: 1000\n\none\n\n");
        hub.publish("two\n\n".to_owned());
        hub.publish("three\n\n".to_owned());
        assert_eq!(text(a.next()), "three\n\n");
        let mut b = hub.listen().unwrap();
        assert!(hub.listen().is_none(), "at most two listeners");
        assert_eq!(text(b.next()), "retry: 1000\n\nthree\n\n");
        drop(b);
        let c = hub.listen();
        assert!(c.is_some(), "a listener that went away makes room");
        let waiter = std::thread::spawn(move || a.next());
        hub.close();
        assert!(waiter.join().unwrap().is_none());
        assert!(hub.listen().is_none(), "a closed hub takes no listeners");
    }
}
