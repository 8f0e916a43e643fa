//! `leidraad serve`: a live preview for authors.
//!
//! The site is built in memory ([`crate::session::generate_session`]) by the same stages as
//! `leidraad build`, and served over HTTP from memory. A watcher rebuilds it after every change to its sources;
//! open pages learn about each build over a WebSocket and reload, or show the
//! problems of a failed build in an overlay while the last good build stays served.
//!
//! ```text
//! main thread:  watcher / Ctrl-C --> Msg --> Builder::build --> Preview::publish
//! connections:  http::Server (hyper on tokio) --> Preview (Handler) --> routes::respond(current State)
//! ```
//!
//! The main thread is the only one that builds. It swaps in each new `site::State` whole
//! (an `Arc` behind a lock held only to clone or replace it), so requests during a rebuild
//! get the previous build. Nothing here is global: the state is passed to the threads that
//! need it. Nothing is written to disk unless `--output` asks for it.

mod changes;
mod http;
#[cfg(feature = "search")]
mod index;
mod live;
mod overlay;
mod routes;
mod site;
mod snapshot;
mod watch;

use std::io::Write;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, PoisonError, RwLock};

use crate::diagnostics::Style;
use crate::BuildOptions;

use self::live::Hub;
use self::site::{Builder, State};

/// How many pages at a time can listen for rebuilds; more are refused with 503.
const MAX_LISTENERS: usize = 64;

/// How long the preview waits after a build or an index, with nothing else coming, before it
/// hands the memory it freed back to the system: a rebuild soon after reuses it instead.
const QUIET: std::time::Duration = std::time::Duration::from_millis(300);

/// What the main thread waits for.
enum Msg {
    Watch(watch::Change),
    /// A search index made in the background.
    #[cfg(feature = "search")]
    Index(index::Indexed),
    Stop,
}

/// What the server shows and who listens for changes; shared with every connection.
struct Preview {
    current: RwLock<Arc<State>>,
    hub: Arc<Hub>,
}

impl Preview {
    fn new(state: State) -> Preview {
        let hub = Arc::new(Hub::new(overlay::event(&state), MAX_LISTENERS));
        Preview {
            current: RwLock::new(Arc::new(state)),
            hub,
        }
    }

    fn load(&self) -> Arc<State> {
        Arc::clone(&self.current.read().unwrap_or_else(PoisonError::into_inner))
    }

    /// Serves `state` from now on without a word to the open pages: the same build, with its
    /// search index.
    #[cfg(feature = "search")]
    fn swap(&self, state: State) {
        *self.current.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(state);
    }

    /// Serves `state` from now on and tells every open page.
    fn publish(&self, state: State) {
        let event = overlay::event(&state);
        *self.current.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(state);
        self.hub.publish(event);
    }
}

impl http::Handler for Preview {
    fn handle(&self, request: &http::Request) -> http::Response {
        let state = self.load();
        routes::respond(&state, &self.hub, request)
            .header("Cache-Control", "no-store")
            .header("X-Content-Type-Options", "nosniff")
    }
}

/// What `leidraad serve` was asked to do.
#[derive(Debug)]
pub struct Options {
    /// The site's folder.
    pub root: PathBuf,
    /// Where to listen.
    pub addr: SocketAddr,
    /// Also write every good build to this folder.
    pub output: Option<PathBuf>,
    /// Include pages marked `draft: true`.
    pub drafts: bool,
    /// Build the search index.
    pub search: bool,
    /// How diagnostics are printed.
    pub style: Style,
    /// Hands the memory the calling thread freed back to the system: called on every thread
    /// of the preview when it is idle (the binary's allocator keeps freed memory for a while,
    /// so that each rebuild reuses what the one before freed).
    pub give_back: fn(),
}

/// Why the preview could not start.
#[derive(Debug)]
pub enum Error {
    /// The address is taken or not this computer's.
    Listen(SocketAddr, std::io::Error),
    /// The server could not start its threads.
    Start(std::io::Error),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Listen(addr, err) => write!(
                f,
                "cannot listen on {addr}: {err}\n  = help: is another `leidraad serve` running? \
                 choose another port with `--port`, or `--port 0` for any free one"
            ),
            Error::Start(err) => write!(f, "cannot start the server: {err}"),
        }
    }
}

impl std::error::Error for Error {}

/// Runs the preview server until Ctrl-C or SIGTERM.
pub fn run(options: Options) -> Result<(), Error> {
    let addr = options.addr;
    if !addr.ip().is_loopback() {
        eprintln!(
            "warning: listening on {}, so other computers can see this preview (and its drafts); \
             leave out `--bind` to keep it on this computer",
            addr.ip()
        );
    }
    let listener = TcpListener::bind(addr).map_err(|err| Error::Listen(addr, err))?;
    let port = listener
        .local_addr()
        .map_err(|err| Error::Listen(addr, err))?
        .port();
    let url = format!("http://{}/", SocketAddr::new(shown_ip(addr.ip()), port));

    let (tx, rx) = mpsc::channel();
    #[cfg(feature = "search")]
    let mut indexer = index::Indexer::new(tx.clone(), options.give_back);
    let stop = tx.clone();
    if let Err(err) = ctrlc::set_handler(move || {
        let _ = stop.send(Msg::Stop);
    }) {
        eprintln!("warning: cannot handle Ctrl-C: {err}");
    }
    let root = options.root;
    let watch_root = crate::output::absolute(&root);
    let mut watcher = start_watching(&watch_root, tx);

    let build = BuildOptions {
        root,
        output: options.output.clone(),
        // Absolute URLs (the 404 page, feeds, canonical links) point at the preview.
        base_url: Some(url.clone()),
        drafts: options.drafts,
        portable: false,
        search: options.search,
        preview: true,
        exits_after: false,
        interrupt: None,
    };
    let write = build.output.is_some();
    let mut builder = Builder::new(build, write, options.style);
    let first = builder.build(None, &[]);
    #[cfg(feature = "search")]
    indexer.request(|| builder.index_job(&first));
    let preview = Arc::new(Preview::new(first));
    let server = http::Server::start(listener, preview.clone()).map_err(Error::Start)?;
    // One write, so that whoever reads the `serving` line gets the other addresses with it.
    let mut addresses = format!("serving {url}\n");
    for other in network_urls(SocketAddr::new(addr.ip(), port)) {
        addresses.push_str(&format!(
            "  also at {other} (for a phone or another computer on this network)\n"
        ));
    }
    let _ = std::io::stdout().lock().write_all(addresses.as_bytes());
    let _ = std::io::stdout().flush();
    eprintln!("watching for changes; press Ctrl-C to stop");

    let mut looping = Loop {
        builder: &mut builder,
        preview: &preview,
        #[cfg(feature = "search")]
        indexer: &mut indexer,
        give_back: options.give_back,
    };
    looping.run(&rx, watcher.as_mut(), &watch_root);

    drop(watcher);
    preview.hub.close();
    server.stop();
    eprintln!("stopped");
    Ok(())
}

/// What the main thread works with: it rebuilds after every change until asked to stop.
struct Loop<'a> {
    builder: &'a mut Builder,
    preview: &'a Preview,
    #[cfg(feature = "search")]
    indexer: &'a mut index::Indexer,
    give_back: fn(),
}

impl Loop<'_> {
    fn run(&mut self, rx: &Receiver<Msg>, mut watcher: Option<&mut watch::Watcher>, root: &Path) {
        // A build or an index was made: once nothing else comes for a moment, the memory freed
        // meanwhile is given back.
        let mut busy = true;
        loop {
            let msg = if busy {
                match rx.recv_timeout(QUIET) {
                    Ok(msg) => msg,
                    Err(mpsc::RecvTimeoutError::Timeout) => {
                        busy = false;
                        self.idle();
                        continue;
                    }
                    Err(mpsc::RecvTimeoutError::Disconnected) => return,
                }
            } else {
                match rx.recv() {
                    Ok(msg) => msg,
                    Err(_) => return,
                }
            };
            busy = true;
            let mut changed: Vec<PathBuf> = Vec::new();
            let mut stop = false;
            // Take everything that is waiting, so a burst of changes gives one build.
            for msg in std::iter::once(msg).chain(rx.try_iter()) {
                match msg {
                    Msg::Stop => stop = true,
                    Msg::Watch(watch::Change::Files(paths)) => changed.extend(paths),
                    Msg::Watch(watch::Change::Failed(err)) => {
                        eprintln!("warning: watching for changes failed: {err}");
                    }
                    #[cfg(feature = "search")]
                    Msg::Index(indexed) => self.indexed(indexed),
                }
            }
            if stop {
                return;
            }
            if changed.is_empty() {
                continue;
            }
            changed.sort();
            changed.dedup();
            if let Some(watcher) = watcher.as_deref_mut() {
                watcher.refresh(&changed);
            }
            eprintln!("\n{}", describe(&changed, root));
            let state = {
                #[cfg(feature = "search")]
                let _building = self.indexer.gate.building();
                self.builder.build(Some(&self.preview.load()), &changed)
            };
            // Served first; the index is planned and made after, on a thread of its own.
            self.preview.publish(state);
            #[cfg(feature = "search")]
            self.indexer
                .request(|| self.builder.index_job(&self.preview.load()));
        }
    }

    /// Nothing happened for a moment after a build or an index: the memory freed since goes
    /// back to the system, from every thread that may have freed some, on a rayon thread (the
    /// main loop does not wait for it). Each thread hands back its own; the last call, once
    /// every other thread has, hands back what they gave up too.
    fn idle(&self) {
        let give_back = self.give_back;
        give_back();
        rayon::spawn(move || {
            rayon::broadcast(|_| give_back());
            give_back();
        });
    }

    /// A search index is ready: served from now on with the pages it was made of, or with
    /// later ones (which the next index will catch up with).
    #[cfg(feature = "search")]
    fn indexed(&mut self, indexed: index::Indexed) {
        match indexed.files {
            Ok(files) => {
                if let Some(state) = self.preview.load().with_files(files) {
                    self.preview.swap(state);
                }
                eprintln!(
                    "search index of build {} in {} ms",
                    indexed.build,
                    indexed.took.as_millis()
                );
            }
            Err(d) => eprintln!(
                "warning: the search index of build {} failed: {}; search answers from the one before",
                indexed.build, d.message
            ),
        }
        self.indexer
            .finished(|| self.builder.index_job(&self.preview.load()));
    }
}

/// Watches the site at `root`, telling the main loop through `tx`; `None`, with a warning, when
/// the system cannot.
fn start_watching(root: &Path, tx: mpsc::Sender<Msg>) -> Option<watch::Watcher> {
    let watching = watch::Watcher::start(root, move |change| {
        let _ = tx.send(Msg::Watch(change));
    });
    match watching {
        Ok(watcher) => Some(watcher),
        Err(err) => {
            eprintln!("warning: cannot watch the site for changes ({err}); restart `leidraad serve` to see them");
            None
        }
    }
}

/// `content/nl/over.md changed`, `content/nl/over.md and 2 more changed`.
fn describe(changed: &[PathBuf], root: &Path) -> String {
    let first = changed.first().map_or(String::new(), |p| {
        crate::diagnostics::display_path(p.strip_prefix(root).unwrap_or(p))
    });
    match changed.len() {
        0 | 1 => format!("{first} changed"),
        n => format!("{first} and {} more changed", n - 1),
    }
}

/// The address to show in the URL: a server on every address is reachable on loopback.
/// When listening on every interface (`--bind 0.0.0.0` or `::`), the URLs that other devices
/// on the network can open: one per address of this computer that is not loopback, of the
/// family listened on, sorted.
fn network_urls(addr: SocketAddr) -> Vec<String> {
    if !addr.ip().is_unspecified() {
        return Vec::new();
    }
    let Ok(interfaces) = if_addrs::get_if_addrs() else {
        return Vec::new();
    };
    let mut ips: Vec<IpAddr> = interfaces
        .into_iter()
        .map(|i| i.ip())
        .filter(|ip| !ip.is_loopback() && ip.is_ipv4() == addr.is_ipv4())
        // Link-local IPv6 addresses need a zone a browser's address bar does not take.
        .filter(|ip| !matches!(ip, IpAddr::V6(v6) if v6.segments()[0] & 0xffc0 == 0xfe80))
        .collect();
    ips.sort();
    ips.dedup();
    ips.into_iter()
        .map(|ip| format!("http://{}/", SocketAddr::new(ip, addr.port())))
        .collect()
}

fn shown_ip(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(v4) if v4.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(v6) if v6.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_loopback_for_every_address() {
        let url = SocketAddr::new(shown_ip("0.0.0.0".parse().unwrap()), 8);
        assert_eq!(url.to_string(), "127.0.0.1:8");
        let url = SocketAddr::new(shown_ip("::".parse().unwrap()), 8);
        assert_eq!(url.to_string(), "[::1]:8");
    }
}
