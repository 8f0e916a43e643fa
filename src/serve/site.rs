//! What the preview serves: the files of the last good build, in memory, and the outcome of
//! the latest build. [`Builder`] makes a new [`State`] after every change; the server swaps
//! it in whole, so a request sees one build or the next, never a mix.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use crate::diagnostics::{print_human, Code, Diagnostics, Style};
use crate::output::{self, OutputFile};
use crate::BuildOptions;

use super::snapshot::Snapshot;
use super::{changes, overlay};

/// The last good build and what the latest build found.
#[derive(Debug)]
pub(crate) struct State {
    /// Identifies this run of `leidraad serve`, so that a page of an earlier run reloads.
    pub(crate) server: Arc<str>,
    /// The number of the latest build; the first is 1.
    pub(crate) build: u64,
    /// Whether the latest build succeeded.
    pub(crate) ok: bool,
    /// The last successful build, which is what is served.
    pub(crate) good: Option<Good>,
    /// The latest build's diagnostics, as `Diagnostics::render_json` gives them.
    pub(crate) diagnostics_json: String,
    /// The overlay that lists the latest build's diagnostics, when it failed.
    pub(crate) overlay: Option<String>,
    /// What changed since each of the last few good builds up to the one served, for the
    /// tabs to reload; empty: every tab reloads.
    pub(crate) changes: changes::Recent,
    /// Every page that moved since the preview started, old address → the page's address
    /// now, so that an old address redirects whichever build a tab missed.
    pub(crate) moved: Arc<BTreeMap<String, String>>,
}

impl State {
    /// The same state with `files` added to what it serves, if it serves a build.
    #[cfg(feature = "search")]
    pub(crate) fn with_files(&self, files: Vec<OutputFile>) -> Option<State> {
        let good = self.good.as_ref()?;
        Some(State {
            server: Arc::clone(&self.server),
            build: self.build,
            ok: self.ok,
            good: Some(Good {
                build: good.build,
                site: Arc::new(good.site.with_search(files)),
            }),
            diagnostics_json: self.diagnostics_json.clone(),
            overlay: self.overlay.clone(),
            changes: self.changes.clone(),
            moved: Arc::clone(&self.moved),
        })
    }
}

impl Good {
    /// Build `build` of `files`; search answers from the `previous` build's index until this
    /// build's is made.
    fn new(build: u64, files: Vec<OutputFile>, previous: Option<&Good>) -> Good {
        let mut site = Snapshot::new(files);
        if let Some(previous) = previous {
            site = site.searching_like(&previous.site);
        }
        Good {
            build,
            site: Arc::new(site),
        }
    }
}

/// A successful build.
#[derive(Debug, Clone)]
pub(crate) struct Good {
    pub(crate) build: u64,
    pub(crate) site: Arc<Snapshot>,
}

/// The good build `build`: `good` with what an edit of the files `edited` rendered again,
/// with its diagnostics and what changed for the tabs to reload.
fn applied(
    good: &Good,
    build: u64,
    rebuilt: crate::session::Rebuilt,
    edited: &[PathBuf],
    moved: BTreeMap<String, String>,
) -> (Diagnostics, Good, Option<changes::Changes>) {
    let differ: Vec<&str> = rebuilt
        .files
        .iter()
        .filter(|f| {
            let old = good.site.get(&f.path);
            old.is_none_or(|old| !changes::same(old, &f.contents))
        })
        .map(|f| f.path.as_str())
        .chain(rebuilt.removed.iter().map(String::as_str))
        .chain(rebuilt.showing.iter().map(String::as_str))
        .collect();
    // The other files it built again with are copied files, whose pages are among `differ`.
    let markdown: Vec<&PathBuf> = edited
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    let changes = changes::of(differ, good.build, &markdown, moved);
    let site = good.site.edited(rebuilt.files, &rebuilt.removed);
    let good = Good {
        build,
        site: Arc::new(site),
    };
    (rebuilt.diagnostics, good, changes)
}

/// What changed since each of the last few good builds, after a full build of the edit of
/// `changed` that made `good`, or failed.
fn recent(
    previous: Option<&State>,
    good: Option<&Good>,
    changed: &[PathBuf],
    moved: BTreeMap<String, String>,
) -> changes::Recent {
    let Some(previous) = previous else {
        return changes::Recent::default();
    };
    match (good, &previous.good) {
        (Some(new), Some(old)) => previous.changes.then(changes::of(
            new.site.differences(&old.site),
            old.build,
            changed,
            moved,
        )),
        (Some(_), None) => changes::Recent::default(),
        (None, _) => previous.changes.clone(),
    }
}

/// Builds the site, again and again.
pub(crate) struct Builder {
    options: BuildOptions,
    /// Whether to write every good build to `options.output`.
    write: bool,
    style: Style,
    server: Arc<str>,
    builds: u64,
    /// The last good full build, kept to re-render only what one edit changes.
    session: Option<crate::session::Session>,
    /// The files the last full build had something to say about, and the codes it said.
    remarks: HashMap<PathBuf, Vec<Code>>,
    /// The files edited since the session's build, by builds that failed: built again with
    /// the next edit. `None` after a full build failed: only a full build is sure then.
    pending: Option<BTreeSet<PathBuf>>,
    /// Whether the search index is made in the background ([`Builder::index_job`]), not by
    /// the build.
    #[cfg_attr(not(feature = "search"), allow(dead_code))] // read only to make the index
    background_search: bool,
}

impl Builder {
    /// `write`: also write every good build to the output folder of `options`.
    pub(crate) fn new(mut options: BuildOptions, write: bool, style: Style) -> Builder {
        // Pages never wait for the search index, but a build written to disk is whole.
        let background_search = options.search && !write;
        options.search &= write;
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        Builder {
            options,
            write,
            style,
            server: format!("{:x}-{:x}", std::process::id(), nanos).into(),
            builds: 0,
            session: None,
            remarks: HashMap::new(),
            pending: Some(BTreeSet::new()),
            background_search,
        }
    }

    /// Builds the site after the files in `changed` changed (nothing for the first build),
    /// prints the diagnostics, and returns what to serve next. A failed build keeps serving
    /// `previous`'s good build.
    ///
    /// A full build runs the stages of `leidraad build` in memory
    /// ([`crate::session::generate_session`]). After an edit of one Markdown file that changes nothing
    /// other pages show of it, only the pages that show it are rendered again ([`crate::session::Session::update`]), which keeps a preview of
    /// a site of tens of thousands of pages instant.
    pub(crate) fn build(&mut self, previous: Option<&State>, changed: &[PathBuf]) -> State {
        let started = Instant::now();
        self.builds += 1;
        let build = self.builds;
        if let Some(state) = self.quick(previous, changed) {
            eprintln!(
                "build {build}: {} in {} ms",
                changed
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", "),
                started.elapsed().as_millis()
            );
            return state;
        }
        if let Some(state) = self.incremental(previous, changed, started) {
            return state;
        }
        let mut diags = Diagnostics::new();
        let mut moved = BTreeMap::new();
        let generated = crate::session::generate_session(&self.options, &mut diags).map(
            |(generated, session)| {
                if let Some(old) = &self.session {
                    moved = session.moved_since(old);
                }
                self.session = Some(session);
                generated
            },
        );
        diags.sort();
        self.remember(&diags);
        print_human(&diags, self.style);
        let previous_good = previous.and_then(|p| p.good.clone());
        let good = match generated {
            Some(generated) => {
                self.write_output(&generated);
                eprintln!(
                    "build {build}: {} pages in {} ms",
                    generated.pages,
                    started.elapsed().as_millis()
                );
                Some(Good::new(build, generated.files, previous_good.as_ref()))
            }
            None => {
                match &previous_good {
                    Some(good) => eprintln!(
                        "build {build} failed; still serving build {}, with the errors on every page",
                        good.build
                    ),
                    None => eprintln!(
                        "build {build} failed; every page shows the errors until they are fixed"
                    ),
                }
                None
            }
        };
        let ok = good.is_some();
        let moved_all = match previous {
            Some(p) if !moved.is_empty() => Arc::new(changes::follow(&p.moved, &moved)),
            Some(p) => Arc::clone(&p.moved),
            None => Arc::default(),
        };
        let changes = recent(previous, good.as_ref(), changed, moved);
        State {
            server: Arc::clone(&self.server),
            build,
            ok,
            overlay: (!ok).then(|| overlay::overlay(&diags, previous_good.is_some())),
            good: good.or(previous_good),
            diagnostics_json: diags.render_json(),
            changes,
            moved: moved_all,
        }
    }

    /// The edit of Markdown files `changed`, built again without the rest of the site
    /// ([`crate::session::Session::rebuild`]), with the files of earlier edits whose builds
    /// failed. `None` when it takes a full build.
    fn incremental(
        &mut self,
        previous: Option<&State>,
        changed: &[PathBuf],
        started: Instant,
    ) -> Option<State> {
        let previous = previous?;
        let good = previous.good.as_ref()?;
        if self.write || changed.is_empty() {
            return None;
        }
        let mut edited = self.pending.clone()?;
        edited.extend(changed.iter().cloned());
        let edited: Vec<PathBuf> = edited.into_iter().collect();
        let rebuilt = self.session.as_mut()?.rebuild(&edited)?;
        let moved = match &rebuilt {
            Ok(rebuilt) => rebuilt.moved.clone(),
            Err(_) => BTreeMap::new(),
        };
        let build = self.builds;
        let (mut diags, good) = match rebuilt {
            Ok(rebuilt) => {
                self.pending = Some(BTreeSet::new());
                let (diags, new, changes) = applied(good, build, rebuilt, &edited, moved.clone());
                eprintln!("build {build}: {} ms", started.elapsed().as_millis());
                (diags, Some((new, changes)))
            }
            Err(diags) => {
                eprintln!(
                    "build {build} failed; still serving build {}, with the errors on every page",
                    good.build
                );
                self.pending = Some(edited.iter().cloned().collect());
                (diags, None)
            }
        };
        diags.sort();
        self.remember(&diags);
        print_human(&diags, self.style);
        let ok = good.is_some();
        let moved_all = if moved.is_empty() {
            Arc::clone(&previous.moved)
        } else {
            Arc::new(changes::follow(&previous.moved, &moved))
        };
        let (good, changes) = match good {
            Some((good, changes)) => (Some(good), previous.changes.then(changes)),
            None => (previous.good.clone(), previous.changes.clone()),
        };
        Some(State {
            server: Arc::clone(&self.server),
            build,
            ok,
            overlay: (!ok).then(|| overlay::overlay(&diags, true)),
            good,
            diagnostics_json: diags.render_json(),
            changes,
            moved: moved_all,
        })
    }

    /// Remembers which files the build had something to say about, and what.
    fn remember(&mut self, diags: &Diagnostics) {
        self.remarks.clear();
        for d in diags.items() {
            if let Some(loc) = &d.location {
                self.remarks
                    .entry(loc.path.clone())
                    .or_default()
                    .push(d.code);
            }
        }
    }

    /// The quick path: re-renders the pages of one edited file into the last good build, when
    /// the last build succeeded without a word about that file.
    fn quick(&mut self, previous: Option<&State>, changed: &[PathBuf]) -> Option<State> {
        let previous = previous.filter(|p| p.ok)?;
        let good = previous.good.as_ref()?;
        let [path] = changed else { return None };
        let root = output::absolute(&self.options.root);
        let shown = path.strip_prefix(&root).unwrap_or(path);
        // What the last build said about the file must stay true whatever its text: only a
        // difference in item ids from its source (which the quick path keeps) qualifies.
        let remarks = self.remarks.get(shown).map_or(&[][..], Vec::as_slice);
        if self.write || remarks.iter().any(|&code| code != Code::ItemIdMismatch) {
            return None;
        }
        let files = self.session.as_mut()?.update(changed)?;
        let differ = files
            .iter()
            .filter(|f| {
                good.site
                    .get(&f.path)
                    .is_none_or(|old| !changes::same(old, &f.contents))
            })
            .map(|f| f.path.as_str());
        let changes = changes::of(differ, good.build, changed, BTreeMap::new());
        Some(State {
            server: Arc::clone(&self.server),
            build: self.builds,
            ok: true,
            overlay: None,
            good: Some(Good {
                build: self.builds,
                site: Arc::new(good.site.with(files)),
            }),
            diagnostics_json: previous.diagnostics_json.clone(),
            changes: previous.changes.then(changes),
            moved: Arc::clone(&previous.moved),
        })
    }

    /// The search index to make in the background after `state`, when it is a good build.
    #[cfg(feature = "search")]
    pub(crate) fn index_job(&self, state: &State) -> Option<super::index::Job> {
        let good = state
            .good
            .as_ref()
            .filter(|_| state.ok && self.background_search)?;
        Some(super::index::Job {
            build: good.build,
            model: self.session.as_ref()?.site(),
            site: Arc::clone(&good.site),
        })
    }

    /// With `--output`, writes a good build to disk, as `leidraad build` does.
    fn write_output(&self, generated: &crate::Generated) {
        if !self.write {
            return;
        }
        let out = &generated.output_dir;
        if let Err(diag) = output::check_output_dir(&self.options.root, out) {
            let mut diags = Diagnostics::new();
            diags.push(diag);
            print_human(&diags, self.style);
            return;
        }
        match output::write(out, &generated.files) {
            Ok(Ok(_)) => eprintln!("wrote the site to {}", out.display()),
            Ok(Err(diag)) => {
                let mut diags = Diagnostics::new();
                diags.push(diag);
                print_human(&diags, self.style);
            }
            Err(err) => eprintln!("error: {err}"),
        }
    }
}
