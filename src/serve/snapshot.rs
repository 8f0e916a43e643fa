//! The files of one good build in memory, as the preview serves them.

use std::collections::HashMap;
use std::sync::Arc;

use crate::output::{Contents, OutputFile};

/// The files of one successful build, by their path in the output (`nl/over/index.html`).
#[derive(Debug, Default)]
pub(crate) struct Snapshot {
    /// The files of the last full build, shared by every snapshot after it.
    files: Arc<HashMap<String, Contents>>,
    /// Files re-rendered since then, which win over `files`; `None`: a file gone since.
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
            files: Arc::new(files.into_iter().map(|f| (f.path, f.contents)).collect()),
            changed: HashMap::new(),
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
        let changed = self.changed.iter();
        files.chain(changed.filter_map(|(k, c)| Some((k.as_str(), &**c.as_ref()?))))
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
    pub(crate) fn files_under(&self, folder: &str) -> Vec<OutputFile> {
        let mut files: HashMap<&str, &Contents> = self
            .files
            .iter()
            .map(|(k, c)| (k.as_str(), c))
            .filter(|(k, _)| k.starts_with(folder))
            .collect();
        for (k, c) in &self.changed {
            if k.starts_with(folder) {
                match c {
                    Some(c) => files.insert(k, c),
                    None => files.remove(k.as_str()),
                };
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
            Some((k, c)) => Some((k, c.as_deref()?)),
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
