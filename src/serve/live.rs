//! Tells every open page about each build.
//!
//! The hub keeps only the latest event (a `tokio::sync::watch` channel). Each listener sends it
//! when it has not sent it yet, so a slow page skips builds it missed but never misses the
//! latest, and no queue grows. How an event reaches a page (a WebSocket, or Server-Sent Events
//! for clients that ask for no WebSocket) is the server's business: `http/events.rs`.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;

/// How often a quiet listener says that it is still there, to notice pages that went away.
const HEARTBEAT: Duration = Duration::from_secs(15);

/// Where builds are announced.
pub(crate) struct Hub {
    /// The latest event; `None` once the hub is closed.
    latest: watch::Sender<Option<Arc<str>>>,
    listeners: AtomicUsize,
    max_listeners: usize,
}

/// One page's events. It ends when the hub closes.
pub(crate) struct Listener {
    hub: Arc<Hub>,
    events: watch::Receiver<Option<Arc<str>>>,
    started: bool,
}

/// What a listener has to say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Event {
    /// The latest build, as the JSON that `overlay::event` makes.
    Build(Arc<str>),
    /// Nothing happened for a while.
    Heartbeat,
}

impl Hub {
    /// A hub whose first event is `first`, for at most `max_listeners` pages at a time.
    pub(crate) fn new(first: String, max_listeners: usize) -> Hub {
        let (latest, _) = watch::channel(Some(first.into()));
        Hub {
            latest,
            listeners: AtomicUsize::new(0),
            max_listeners,
        }
    }

    /// A new listener, which starts with the latest event; `None` when there are too many
    /// or the hub is closed.
    pub(crate) fn listen(self: &Arc<Self>) -> Option<Listener> {
        let events = self.latest.subscribe();
        if events.borrow().is_none() {
            return None;
        }
        let max = self.max_listeners;
        self.listeners
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| {
                (n < max).then_some(n + 1)
            })
            .ok()?;
        Some(Listener {
            hub: Arc::clone(self),
            events,
            started: false,
        })
    }

    /// Sends `event` to every listener.
    pub(crate) fn publish(&self, event: String) {
        self.latest.send_replace(Some(event.into()));
    }

    /// Ends every listener and refuses new ones.
    pub(crate) fn close(&self) {
        self.latest.send_replace(None);
    }
}

impl Listener {
    /// The latest event when it was not sent yet, at once; otherwise waits for the next build,
    /// or a heartbeat after a quiet while. `None` when the hub closed.
    pub(crate) async fn next(&mut self) -> Option<Event> {
        if !self.started {
            self.started = true;
            return self.events.borrow_and_update().clone().map(Event::Build);
        }
        match tokio::time::timeout(HEARTBEAT, self.events.changed()).await {
            Err(_quiet) => Some(Event::Heartbeat),
            Ok(Err(_gone)) => None,
            Ok(Ok(())) => self.events.borrow_and_update().clone().map(Event::Build),
        }
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        self.hub.listeners.fetch_sub(1, Ordering::SeqCst);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(text: &str) -> Option<Event> {
        Some(Event::Build(text.into()))
    }

    #[test]
    fn listeners_get_the_latest_event_and_end_on_close() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap();
        runtime.block_on(async {
            let hub = Arc::new(Hub::new("one".to_owned(), 2));
            let mut a = hub.listen().unwrap();
            assert_eq!(a.next().await, build("one"));
            hub.publish("two".to_owned());
            hub.publish("three".to_owned());
            assert_eq!(a.next().await, build("three"));
            let mut b = hub.listen().unwrap();
            assert!(hub.listen().is_none(), "at most two listeners");
            assert_eq!(b.next().await, build("three"));
            drop(b);
            let c = hub.listen();
            assert!(c.is_some(), "a listener that went away makes room");
            let waiter = tokio::spawn(async move { a.next().await });
            tokio::task::yield_now().await;
            hub.close();
            assert_eq!(waiter.await.unwrap(), None);
            drop(c);
            assert!(hub.listen().is_none(), "a closed hub takes no listeners");
        });
    }
}
