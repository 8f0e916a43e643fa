//! The files of one good build in memory, as the preview serves them.

use std::collections::HashMap;
use std::sync::Arc;

use crate::output::{Contents, OutputFile};

/// The files of one successful build, by their path in the output (`nl/over/index.html`).
#[derive(Debug, Default)]
pub(crate) struct Snapshot {
    /// The files of the last full build, shared by every snapshot after it.
    files: Arc<HashMap<String, Contents>>,
    /// The search index made in the background (tens of thousands of files on a large site):
    /// shared by every snapshot until the next index replaces it whole.
    search: Arc<HashMap<String, Contents>>,
    /// Files re-rendered since the full build, which win over the others; `None`: a file gone
    /// since.
    changed: HashMap<String, Option<Arc<Contents>>>,
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

impl Snapshot {
    pub(crate) fn new(files: Vec<OutputFile>) -> Snapshot {
        Snapshot {
            files: Arc::new(by_path(files)),
            search: Arc::default(),
            changed: HashMap::new(),
        }
    }

    /// This snapshot with `index` as its search index, in place of any before it.
    #[cfg(feature = "search")]
    pub(crate) fn with_search(&self, index: Vec<OutputFile>) -> Snapshot {
        Snapshot {
            files: Arc::clone(&self.files),
            search: Arc::new(by_path(index)),
            changed: self.changed.clone(),
        }
    }

    /// This snapshot with the search index of `other`, until its own is made.
    pub(crate) fn searching_like(self, other: &Snapshot) -> Snapshot {
        Snapshot {
            search: Arc::clone(&other.search),
            ..self
        }
    }

    /// This snapshot with some files replaced; copies only the files changed so far.
    pub(crate) fn with(&self, files: Vec<OutputFile>) -> Snapshot {
        self.edited(files, &[])
    }

    /// This snapshot with some files replaced or added and those at `removed` gone.
    pub(crate) fn edited(&self, files: Vec<OutputFile>, removed: &[String]) -> Snapshot {
        let mut changed = self.changed.clone();
        for path in removed {
            changed.insert(path.clone(), None);
        }
        for f in files {
            changed.insert(f.path, Some(Arc::new(f.contents)));
        }
        Snapshot {
            files: Arc::clone(&self.files),
            search: Arc::clone(&self.search),
            changed,
        }
    }

    /// Every file, with what it holds.
    fn entries(&self) -> impl Iterator<Item = (&str, &Contents)> {
        let files = (self.files.iter())
            .filter(|(k, _)| !self.changed.contains_key(*k) && !self.search.contains_key(*k));
        let search = (self.search.iter()).filter(|(k, _)| !self.changed.contains_key(*k));
        let changed = self.changed.iter();
        (files.chain(search).map(|(k, c)| (k.as_str(), c)))
            .chain(changed.filter_map(|(k, c)| Some((k.as_str(), &**c.as_ref()?))))
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

    fn entry(&self, key: &str) -> Option<(&str, &Contents)> {
        match self.changed.get_key_value(key) {
            Some((k, c)) => Some((k, c.as_deref()?)),
            None => (self.search.get_key_value(key))
                .or_else(|| self.files.get_key_value(key))
                .map(|(k, c)| (k.as_str(), c)),
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

fn by_path(files: Vec<OutputFile>) -> HashMap<String, Contents> {
    files.into_iter().map(|f| (f.path, f.contents)).collect()
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

    #[cfg(feature = "search")]
    #[test]
    fn an_index_replaces_the_one_before_whole() {
        let file = |path: &str, text: &'static str| OutputFile {
            path: path.to_owned(),
            contents: Contents::Static(text.as_bytes()),
            known: Default::default(),
        };
        let text = |site: &Snapshot, key: &str| match site.get(key) {
            Some(Contents::Static(bytes)) => std::str::from_utf8(bytes).unwrap().to_owned(),
            other => format!("{other:?}"),
        };
        let first = snapshot(&["index.html"]).with_search(vec![
            file("pagefind/a.pf_fragment", "a"),
            file("pagefind/pagefind.js", "1"),
        ]);
        let edited = first.with(vec![file("index.html", "edited")]);
        assert_eq!(text(&edited, "pagefind/a.pf_fragment"), "a");
        let second = edited.with_search(vec![
            file("pagefind/b.pf_fragment", "b"),
            file("pagefind/pagefind.js", "2"),
        ]);
        assert_eq!(text(&second, "pagefind/a.pf_fragment"), "None");
        assert_eq!(text(&second, "pagefind/pagefind.js"), "2");
        assert_eq!(text(&second, "index.html"), "edited");
        // A full build serves the index before it until its own is made.
        let rebuilt = snapshot(&["index.html"]).searching_like(&second);
        assert_eq!(text(&rebuilt, "pagefind/b.pf_fragment"), "b");
        assert!(rebuilt.differences(&second).contains(&"index.html"));
        assert!(!rebuilt
            .differences(&second)
            .iter()
            .any(|p| p.starts_with("pagefind/")));
    }
}
