//! Watches the sources of a site: `site.yaml`, `content/`, `templates/` and `static/`.
//!
//! The site's folder itself is watched without its subfolders, so that the output folder,
//! `target/` or `.git/` cost nothing; the three source folders are watched with theirs, and
//! watched again when they appear or are replaced.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::time::Duration;

use notify::event::{AccessKind, AccessMode};
use notify::{Event, EventHandler, EventKind, RecommendedWatcher, RecursiveMode, WatcherKind};
use notify_debouncer_mini::{new_debouncer_opt, Config, DebounceEventResult, Debouncer};

/// How long the files must be quiet before a rebuild: editors save in several steps.
const DEBOUNCE: Duration = Duration::from_millis(25);

/// The folders of a site that hold sources.
const FOLDERS: [&str; 3] = ["content", "templates", "static"];

/// What the watcher reports.
#[derive(Debug)]
pub(crate) enum Change {
    /// These sources changed.
    Files(Vec<PathBuf>),
    /// Watching failed; changes may go unnoticed.
    Failed(String),
}

/// A running watcher; it stops when dropped.
pub(crate) struct Watcher {
    debouncer: Debouncer<ChangesOnly>,
    root: PathBuf,
    watched: BTreeSet<PathBuf>,
}

impl Watcher {
    /// Watches the site at `root` (an absolute path) and reports every change to `report`.
    pub(crate) fn start(
        root: &Path,
        report: impl Fn(Change) + Send + 'static,
    ) -> Result<Watcher, notify::Error> {
        let filter_root = root.to_path_buf();
        let handler = move |res: DebounceEventResult| match res {
            Ok(events) => {
                let mut paths: Vec<PathBuf> = events
                    .into_iter()
                    .map(|e| e.path)
                    .filter(|p| is_source(&filter_root, p))
                    .collect();
                paths.sort();
                paths.dedup();
                if !paths.is_empty() {
                    report(Change::Files(paths));
                }
            }
            Err(err) => report(Change::Failed(err.to_string())),
        };
        let config = Config::default().with_timeout(DEBOUNCE);
        let mut debouncer = new_debouncer_opt::<_, ChangesOnly>(config, handler)?;
        debouncer
            .watcher()
            .watch(root, RecursiveMode::NonRecursive)?;
        let mut watcher = Watcher {
            debouncer,
            root: root.to_path_buf(),
            watched: BTreeSet::new(),
        };
        watcher.refresh(&[]);
        Ok(watcher)
    }

    /// Watches the source folders that exist now; `changed` are paths that just changed,
    /// among which a source folder that was replaced must be watched anew.
    pub(crate) fn refresh(&mut self, changed: &[PathBuf]) {
        for name in FOLDERS {
            let dir = self.root.join(name);
            let replaced = changed.contains(&dir);
            if self.watched.contains(&dir) && (replaced || !dir.is_dir()) {
                let _ = self.debouncer.watcher().unwatch(&dir);
                self.watched.remove(&dir);
            }
            if !self.watched.contains(&dir) && dir.is_dir() {
                match self
                    .debouncer
                    .watcher()
                    .watch(&dir, RecursiveMode::Recursive)
                {
                    Ok(()) => {
                        self.watched.insert(dir);
                    }
                    Err(err) => eprintln!(
                        "warning: cannot watch `{}` for changes: {err}",
                        dir.display()
                    ),
                }
            }
        }
    }
}

/// The platform's watcher without the events of files being opened or read (Linux reports
/// them): every build reads every source, so they would start the next build, forever.
pub(crate) struct ChangesOnly(RecommendedWatcher);

impl notify::Watcher for ChangesOnly {
    fn new<F: EventHandler>(mut handler: F, config: notify::Config) -> notify::Result<Self> {
        let changes_only = move |res: notify::Result<Event>| {
            if !matches!(&res, Ok(event) if is_read(event.kind)) {
                handler.handle_event(res);
            }
        };
        RecommendedWatcher::new(changes_only, config).map(ChangesOnly)
    }

    fn watch(&mut self, path: &Path, recursive_mode: RecursiveMode) -> notify::Result<()> {
        self.0.watch(path, recursive_mode)
    }

    fn unwatch(&mut self, path: &Path) -> notify::Result<()> {
        self.0.unwatch(path)
    }

    fn kind() -> WatcherKind {
        RecommendedWatcher::kind()
    }
}

/// Whether an event only says that a file was opened, read or closed without writing.
fn is_read(kind: EventKind) -> bool {
    matches!(kind, EventKind::Access(access) if access != AccessKind::Close(AccessMode::Write))
}

/// Whether a change at `path` can change the site: `site.yaml`, or a file in one of the
/// source folders that is not hidden (the build skips hidden files, and editors keep their
/// swap files there).
fn is_source(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let mut parts = rel.components().map(|c| match c {
        Component::Normal(name) => name.to_str().unwrap_or(""),
        _ => "",
    });
    let first = parts.next().unwrap_or("");
    let hidden = rel
        .components()
        .any(|c| matches!(c, Component::Normal(name) if name.to_string_lossy().starts_with('.')));
    !hidden && (rel == Path::new("site.yaml") || FOLDERS.contains(&first))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reading_is_no_change() {
        use notify::event::{CreateKind, ModifyKind};
        assert!(is_read(EventKind::Access(AccessKind::Open(
            AccessMode::Any
        ))));
        assert!(is_read(EventKind::Access(AccessKind::Close(
            AccessMode::Read
        ))));
        assert!(!is_read(EventKind::Access(AccessKind::Close(
            AccessMode::Write
        ))));
        assert!(!is_read(EventKind::Modify(ModifyKind::Any)));
        assert!(!is_read(EventKind::Create(CreateKind::File)));
    }

    #[test]
    fn knows_which_paths_are_sources() {
        let root = Path::new("/site");
        for (path, expected) in [
            ("/site/site.yaml", true),
            ("/site/content/nl/over.md", true),
            ("/site/content", true),
            ("/site/templates/base.html", true),
            ("/site/static/logo.png", true),
            ("/site/content/nl/.over.md.swp", false),
            ("/site/content/.git/x", false),
            ("/site/public/index.html", false),
            ("/site/.public.staging-1/index.html", false),
            ("/site/site.yaml~", false),
            ("/site/README.md", false),
            ("/elsewhere/content/x.md", false),
        ] {
            assert_eq!(is_source(root, Path::new(path)), expected, "{path}");
        }
    }
}
