//! What the preview serves: the files of the last good build, in memory, and the outcome of
//! the latest build. [`Builder`] makes a new [`State`] after every change; the server swaps
//! it in whole, so a request sees one build or the next, never a mix.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use crate::diagnostics::{print_human, Code, Diagnostics, Style};
use crate::output::{self, Contents, OutputFile};
use crate::BuildOptions;

use super::{changes, overlay};

/// The files of one successful build, by their path in the output (`nl/over/index.html`).
#[derive(Debug, Default)]
pub(crate) struct Snapshot {
    /// The files of the last full build, shared by every snapshot after it.
    files: Arc<HashMap<String, Contents>>,
    /// Files re-rendered since then, which win over `files`.
    changed: HashMap<String, Arc<Contents>>,
}

/// What a request path names in a [`Snapshot`].
#[derive(Debug)]
pub(crate) enum Lookup<'a> {
    /// A file, with its key.
    File(&'a str, &'a Contents),
    /// A folder asked for without its trailing slash.
    Folder,
    /// Nothing.
    Missing,
}

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
    /// What the good build changed, for the tabs to reload; `None`: every tab reloads.
    pub(crate) changes: Option<super::changes::Changes>,
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
                site: Arc::new(good.site.with(files)),
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
            site = site.with(previous.site.files_under(SEARCH_FOLDER));
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

/// The pages at another address than before, by their source: old address → new.
fn moves(
    old: &BTreeMap<(String, String), String>,
    new: &BTreeMap<(String, String), String>,
) -> BTreeMap<String, String> {
    old.iter()
        .filter_map(|(key, from)| {
            let to = new.get(key)?;
            (to != from).then(|| (from.clone(), to.clone()))
        })
        .collect()
}

/// Where the search index is, in the output.
const SEARCH_FOLDER: &str = "pagefind/";

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
    /// Whether the search index is made in the background ([`Builder::index_job`]), not by
    /// the build.
    #[cfg_attr(not(feature = "search"), allow(dead_code))] // read only to make the index
    background_search: bool,
}

impl Snapshot {
    pub(crate) fn new(files: Vec<OutputFile>) -> Snapshot {
        Snapshot {
            files: Arc::new(files.into_iter().map(|f| (f.path, f.contents)).collect()),
            changed: HashMap::new(),
        }
    }

    /// This snapshot with some files replaced; copies only the files changed so far.
    pub(crate) fn with(&self, files: Vec<OutputFile>) -> Snapshot {
        let mut changed = self.changed.clone();
        for f in files {
            changed.insert(f.path, Arc::new(f.contents));
        }
        Snapshot {
            files: Arc::clone(&self.files),
            changed,
        }
    }

    /// Every file, with what it holds.
    fn entries(&self) -> impl Iterator<Item = (&str, &Contents)> {
        let files = self
            .files
            .iter()
            .filter(|(k, _)| !self.changed.contains_key(*k))
            .map(|(k, c)| (k.as_str(), c));
        files.chain(self.changed.iter().map(|(k, c)| (k.as_str(), &**c)))
    }

    /// The paths of the files that differ between `self` and `other`: in one only, or with
    /// other contents.
    pub(crate) fn differences<'a>(&'a self, other: &'a Snapshot) -> Vec<&'a str> {
        let mut paths: Vec<&str> = self
            .entries()
            .filter(|(k, c)| other.get(k).is_none_or(|o| !super::changes::same(c, o)))
            .map(|(k, _)| k)
            .collect();
        paths.extend(
            other
                .entries()
                .filter(|(k, _)| self.get(k).is_none())
                .map(|(k, _)| k),
        );
        paths
    }

    /// Copies of the files in `folder` (`pagefind/`).
    fn files_under(&self, folder: &str) -> Vec<OutputFile> {
        let mut files: HashMap<&str, &Contents> = self
            .files
            .iter()
            .map(|(k, c)| (k.as_str(), c))
            .filter(|(k, _)| k.starts_with(folder))
            .collect();
        for (k, c) in &self.changed {
            if k.starts_with(folder) {
                files.insert(k, c);
            }
        }
        files
            .into_iter()
            .map(|(path, contents)| OutputFile {
                path: path.to_owned(),
                contents: contents.clone(),
                known: Default::default(),
            })
            .collect()
    }

    fn entry(&self, key: &str) -> Option<(&str, &Contents)> {
        match self.changed.get_key_value(key) {
            Some((k, c)) => Some((k, c)),
            None => self.files.get_key_value(key).map(|(k, c)| (k.as_str(), c)),
        }
    }

    /// A file by its key.
    pub(crate) fn get(&self, key: &str) -> Option<&Contents> {
        self.entry(key).map(|(_, c)| c)
    }

    /// What `key` names: with `folder`, the `index.html` inside it; otherwise the file itself,
    /// or a folder that has an `index.html`.
    pub(crate) fn lookup<'a>(&'a self, key: &str, folder: bool) -> Lookup<'a> {
        let index = if key.is_empty() {
            "index.html".to_owned()
        } else {
            format!("{key}/index.html")
        };
        if folder {
            return match self.entry(&index) {
                Some((k, c)) => Lookup::File(k, c),
                None => Lookup::Missing,
            };
        }
        match self.entry(key) {
            Some((k, c)) => Lookup::File(k, c),
            None if self.entry(&index).is_some() => Lookup::Folder,
            None => Lookup::Missing,
        }
    }
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
        let mut diags = Diagnostics::new();
        let mut moved = BTreeMap::new();
        let generated = crate::session::generate_session(&self.options, &mut diags).map(
            |(generated, session)| {
                if let Some(old) = &self.session {
                    moved = moves(&old.page_urls(), &session.page_urls());
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
        let changes = match (&good, &previous_good) {
            (Some(new), Some(old)) => {
                changes::of(new.site.differences(&old.site), old.build, changed, moved)
            }
            _ => None,
        };
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
            changes,
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
            plan: self.session.as_ref()?.search_plan(),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn snapshot(paths: &[&str]) -> Snapshot {
        Snapshot::new(
            paths
                .iter()
                .map(|p| OutputFile {
                    path: (*p).to_owned(),
                    contents: Contents::Static(b""),
                    known: Default::default(),
                })
                .collect(),
        )
    }

    #[track_caller]
    fn check(site: &Snapshot, key: &str, folder: bool, expected: &str) {
        let actual = match site.lookup(key, folder) {
            Lookup::File(k, _) => k.to_owned(),
            Lookup::Folder => "folder".to_owned(),
            Lookup::Missing => "missing".to_owned(),
        };
        assert_eq!(actual, expected, "{key:?}, folder: {folder}");
    }

    #[test]
    fn looks_up_files_and_folders() {
        let site = snapshot(&["index.html", "nl/index.html", "nl/a.svg", "style.css"]);
        check(&site, "", true, "index.html");
        check(&site, "nl", true, "nl/index.html");
        check(&site, "nl", false, "folder");
        check(&site, "nl/a.svg", false, "nl/a.svg");
        check(&site, "nl/a.svg", true, "missing");
        check(&site, "style.css", false, "style.css");
        check(&site, "en", true, "missing");
        check(&site, "en", false, "missing");
    }
}
