//! The reading edge: which folders are safe to use, and SOURCE taken into memory.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::{Dialect, Error};
use crate::diagnostics::SourceText;

/// A source site in memory: its text files (Markdown and configuration) decoded, and the
/// paths of all its other files, each by its path relative to SOURCE with `/`.
#[derive(Debug, Default)]
pub struct Tree {
    /// SOURCE as named on the command line.
    pub root: PathBuf,
    /// Markdown and configuration files; a text's `path` is as shown to people.
    pub texts: BTreeMap<String, SourceText>,
    /// Every other regular file (images and the like), read only when copied.
    pub files: BTreeSet<String>,
}

/// Folders that hold no source of any generator: outputs, caches, dependencies, themes.
const SKIPPED_DIRS: &[&str] = &[
    "_site",
    "public",
    "resources",
    "themes",
    "node_modules",
    "vendor",
];

/// Checks that SOURCE is a folder and that DEST is new or empty and not inside SOURCE.
/// Returns both as absolute paths.
pub fn check_folders(source: &Path, dest: &Path) -> Result<(PathBuf, PathBuf), Error> {
    let source_abs = match std::fs::canonicalize(source) {
        Ok(path) if path.is_dir() => path,
        _ => return Err(Error::NoSource(source.to_owned())),
    };
    let dest_abs = crate::output::absolute(dest);
    if dest_abs.starts_with(&source_abs) {
        return Err(Error::DestInSource(dest.to_owned(), source.to_owned()));
    }
    match std::fs::read_dir(&dest_abs) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                return Err(Error::DestNotEmpty(dest.to_owned()));
            }
        }
        Err(_) if dest_abs.exists() => return Err(Error::DestNotAFolder(dest.to_owned())),
        Err(_) => {}
    }
    Ok((source_abs, dest_abs))
}

/// Reads the source site: Markdown and configuration files as text, the rest as paths.
/// Symbolic links, hidden folders and the folders of [`SKIPPED_DIRS`] are left out.
pub fn read(source: &Path, shown: &Path, dialect: Dialect) -> Result<Tree, Error> {
    let mut tree = Tree {
        root: shown.to_owned(),
        ..Tree::default()
    };
    let mut problems = Vec::new();
    let walk = walkdir::WalkDir::new(source)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            e.depth() == 0
                || !(name.starts_with('.')
                    || (e.file_type().is_dir() && SKIPPED_DIRS.contains(&name.as_ref())))
        });
    for entry in walk {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(source).to_owned();
            Error::Io(path, e.into())
        })?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(source)
            .unwrap_or(entry.path())
            .to_string_lossy()
            .replace('\\', "/");
        if !is_text(&rel, dialect) {
            tree.files.insert(rel);
            continue;
        }
        let bytes = std::fs::read(entry.path()).map_err(|e| Error::Io(entry.path().into(), e))?;
        match SourceText::decode(shown.join(&rel), bytes) {
            Ok(text) => {
                tree.texts.insert(rel, text);
            }
            Err(d) => problems.push(d),
        }
    }
    if problems.is_empty() {
        Ok(tree)
    } else {
        Err(Error::Source(problems))
    }
}

/// Whether a file is read as text: Markdown, and the configuration files of the dialect.
fn is_text(rel: &str, dialect: Dialect) -> bool {
    let markdown = rel.ends_with(".md") || rel.ends_with(".markdown");
    let config = match dialect {
        Dialect::Jekyll => rel == "_config.yml" || rel == "_config.yaml",
        Dialect::Hugo => matches!(
            rel,
            "hugo.toml" | "hugo.yaml" | "hugo.yml" | "config.toml" | "config.yaml" | "config.yml"
        ),
        Dialect::Zola => rel == "config.toml",
    };
    markdown || config
}
