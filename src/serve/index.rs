//! The preview's search index, made in the background: pages are served and announced as
//! soon as they are rendered, and a search made meanwhile answers from the previous index.
//! One index is made at a time; edits made meanwhile ask for one more, from the latest build.
//! Even what to index is found on the index's thread: the main loop only hands it the site.

use std::sync::mpsc::{self, Sender};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

use crate::diagnostics::Diagnostic;
use crate::model::Site;
use crate::output::{Contents, OutputFile};
use crate::search::Plan;
use crate::session::lowest_priority;

use super::snapshot::Snapshot;
use super::Msg;

/// An index to make: of the pages of `site`, the output of the build `model` was rendered to.
pub(crate) struct Job {
    pub(crate) build: u64,
    /// Dropped as soon as the index is planned, so that an edit seldom has to copy it.
    pub(crate) model: Arc<Site>,
    pub(crate) site: Arc<Snapshot>,
}

/// A finished index.
pub(crate) struct Indexed {
    pub(crate) build: u64,
    pub(crate) files: Result<Vec<OutputFile>, Diagnostic>,
    pub(crate) took: Duration,
}

/// Whether pages are being built: the index waits between pages until they are, so that
/// it takes no processor or cache from them.
#[derive(Default)]
pub(crate) struct Gate {
    building: Mutex<bool>,
    built: Condvar,
}

impl Gate {
    /// Holds the index back until the returned guard is dropped.
    pub(crate) fn building(&self) -> Building<'_> {
        *self.building.lock().unwrap_or_else(PoisonError::into_inner) = true;
        Building(self)
    }

    /// Waits while pages are being built.
    fn wait(&self) {
        let building = self.building.lock().unwrap_or_else(PoisonError::into_inner);
        drop(
            self.built
                .wait_while(building, |building| *building)
                .unwrap_or_else(PoisonError::into_inner),
        );
    }
}

/// Pages being built; the index goes on when this is dropped.
pub(crate) struct Building<'a>(&'a Gate);

impl Drop for Building<'_> {
    fn drop(&mut self) {
        *self
            .0
            .building
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = false;
        self.0.built.notify_all();
    }
}

/// Makes one index at a time, on a thread of its own, and sends each to the main loop.
pub(crate) struct Indexer {
    /// To the thread that makes the indexes; started with the first job.
    jobs: Option<Sender<Job>>,
    send: Sender<Msg>,
    busy: bool,
    /// A later build than the one being indexed wants an index.
    again: bool,
    /// Held while pages are built.
    pub(crate) gate: Arc<Gate>,
    /// Hands the memory a thread freed back to the system.
    give_back: fn(),
}

impl Indexer {
    /// An indexer that sends every finished index to the main loop through `send`, and
    /// gives the memory it freed back to the system after each (`give_back`).
    pub(crate) fn new(send: Sender<Msg>, give_back: fn()) -> Indexer {
        Indexer {
            jobs: None,
            send,
            busy: false,
            again: false,
            gate: Arc::default(),
            give_back,
        }
    }

    /// Makes the index of the latest build now (`job` gives it), or once the one being made is
    /// done ([`Indexer::finished`]): only the latest build's counts, and the job is only taken
    /// when it starts, so that no job waits holding on to a site that edits have moved past.
    pub(crate) fn request(&mut self, job: impl FnOnce() -> Option<Job>) {
        if self.busy {
            self.again = true;
        } else if let Some(job) = job() {
            self.start(job);
        }
    }

    /// The index being made was received: makes the one asked for meanwhile, of the latest
    /// build (`job`).
    pub(crate) fn finished(&mut self, job: impl FnOnce() -> Option<Job>) {
        self.busy = false;
        if std::mem::take(&mut self.again) {
            self.request(job);
        }
    }

    fn start(&mut self, job: Job) {
        self.busy = true;
        let start = || worker(self.send.clone(), Arc::clone(&self.gate), self.give_back);
        let jobs = self.jobs.get_or_insert_with(start);
        if let Err(mpsc::SendError(job)) = jobs.send(job) {
            // The thread is gone (it cannot panic on a site's content, but): another one.
            let jobs = self.jobs.insert(start());
            let _ = jobs.send(job);
        }
    }
}

/// Starts the thread that makes every index, one after the other, each on the same pool of
/// one thread at a lower priority (the builds' pool stays free for pages). One thread for
/// the whole preview, not one per index: the allocator then reuses the memory of the index
/// before, instead of leaving the heap of every finished thread behind.
fn worker(send: Sender<Msg>, gate: Arc<Gate>, give_back: fn()) -> Sender<Job> {
    let (jobs, receive) = mpsc::channel::<Job>();
    std::thread::spawn(move || {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .start_handler(|_| lowest_priority())
            .build()
            .ok();
        lowest_priority();
        for job in receive {
            let started = Instant::now();
            let site = job.site;
            let plan = Plan::new(&job.model);
            drop(job.model);
            let index = || {
                plan.index_pausing(|path| site.get(path).and_then(Contents::in_memory), &|| {
                    gate.wait()
                })
            };
            let files = match &pool {
                Some(pool) => pool.install(index),
                None => index(),
            };
            let indexed = Indexed {
                build: job.build,
                files,
                took: started.elapsed(),
            };
            if send.send(Msg::Index(indexed)).is_err() {
                return;
            }
            if let Some(pool) = &pool {
                pool.broadcast(|_| give_back());
            }
            give_back();
        }
    });
    jobs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_index_waits_while_pages_are_built() {
        let gate = Arc::new(Gate::default());
        gate.wait(); // Nothing is being built: it goes on at once.
        let building = gate.building();
        let (done, finished) = mpsc::channel();
        let waiting = Arc::clone(&gate);
        let index = std::thread::spawn(move || {
            waiting.wait();
            done.send(()).unwrap();
        });
        let early = finished.recv_timeout(Duration::from_millis(100));
        assert!(early.is_err(), "the index went on during a build");
        drop(building);
        finished
            .recv_timeout(Duration::from_secs(10))
            .expect("the index goes on once the build is done");
        index.join().unwrap();
    }
}
