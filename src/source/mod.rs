//! Stage 1: reading a site from disk.
//!
//! Walks `content/` in a sorted order, classifies every file by where it lies (language home,
//! standalone page, guide, section, asset), decodes it and parses its front matter. This is one
//! of the few modules that touch the filesystem; it knows nothing about HTML or templates.

mod front_matter;
pub mod hash;
mod walk;

use walk::walk;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use unicode_normalization::UnicodeNormalization;
use walkdir::WalkDir;

use crate::config::{self, SiteConfig};
use crate::diagnostics::{Code, Diagnostic, Diagnostics};

pub use crate::diagnostics::SourceText;
pub use front_matter::{top_level_keys, FrontMatter, Split, StandIn, KEYS as FRONT_MATTER_KEYS};

/// Where a Markdown file sits in a language folder, which decides what it becomes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DocKind {
    /// `content/nl/_index.md`: the language home.
    Home,
    /// `content/nl/over.md`: a standalone page.
    Page,
    /// `content/nl/waarden/_index.md`: a guide.
    Guide,
    /// `content/nl/waarden/01-ken-jezelf.md`: a section of a guide.
    Section,
}

/// One Markdown file with its front matter parsed.
#[derive(Clone, Debug)]
pub struct Document {
    /// The language folder it is in.
    pub lang: String,
    /// Its path inside the language folder, with `/`: the same for every translation.
    pub rel: String,
    /// What it is.
    pub kind: DocKind,
    /// The whole file.
    pub src: SourceText,
    /// The parsed front matter.
    pub front: FrontMatter,
    /// Byte offset where the Markdown body starts in `src.text`.
    pub body: usize,
    /// Set when the front matter has errors (reported when the file was read): `front` then
    /// has stand-ins for the keys it could not read. The document keeps its place in the
    /// site, so that links to it resolve and its translations keep their status, and the
    /// build fails on those errors alone.
    pub stand_in: Option<StandIn>,
    /// Fingerprints of its translatable text, made when first asked for (`hash.rs`): a
    /// document `serve` keeps from one build to the next is not hashed again.
    pub(crate) fingerprints: hash::Fingerprints,
}

impl Document {
    /// Whether the front matter gave every one of `keys` (given or left out on purpose), so
    /// that nothing computed from them is a stand-in's.
    pub fn has_read(&self, keys: &[&str]) -> bool {
        self.stand_in
            .as_ref()
            .is_none_or(|s| !keys.iter().any(|k| s.unread.contains(k)))
    }
}

/// A file under `content/` that is not Markdown: an image or a download, copied beside the page.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Asset {
    /// The language folder it is in.
    pub lang: String,
    /// Its path inside the language folder, with `/`.
    pub rel: String,
    /// Where it is on disk.
    pub path: PathBuf,
    /// Its size in bytes when it was found, for what a reader downloads to read offline.
    pub bytes: u64,
}

/// Everything read from a site's folder.
#[derive(Debug)]
pub struct Sources {
    /// The settings from `site.yaml`.
    pub config: SiteConfig,
    /// The language folders found under `content/`, sorted.
    pub language_folders: Vec<String>,
    /// Every Markdown file, sorted by language and path.
    pub documents: Vec<Document>,
    /// Every other file, sorted by language and path.
    pub assets: Vec<Asset>,
}

/// Reads `site.yaml`, or the defaults when there is none.
pub fn read_config(root: &Path, diags: &mut Diagnostics) -> Option<SiteConfig> {
    let path = root.join("site.yaml");
    if !inside_site(root, &path) {
        diags.push(
            Diagnostic::error(
                Code::Symlink,
                "`site.yaml` is a symbolic link to a file outside the site",
            )
            .in_file(Path::new("site.yaml"))
            .help("leidraad reads only files inside the site: copy the settings into the site's own `site.yaml`"),
        );
        return None;
    }
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            return Some(SiteConfig::default())
        }
        Err(err) => {
            diags.push(
                Diagnostic::error(Code::Io, format!("cannot read `site.yaml`: {err}"))
                    .in_file(Path::new("site.yaml")),
            );
            return None;
        }
    };
    let src = match SourceText::decode("site.yaml".into(), bytes) {
        Ok(src) => src,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    match config::parse(&src) {
        Ok(config) => Some(config),
        Err(errors) => {
            diags.extend(errors);
            None
        }
    }
}

/// Reads every content file of the site at `root`. Problems go to `diags`; files that cannot be
/// read are left out of the result, and files whose front matter has errors are kept with
/// stand-ins (see [`Document::stand_in`]).
pub fn read(root: &Path, config: SiteConfig, diags: &mut Diagnostics) -> Option<Sources> {
    let content = root.join("content");
    let mut sources = Sources {
        config,
        language_folders: Vec::new(),
        documents: Vec::new(),
        assets: Vec::new(),
    };
    if !content.is_dir() {
        diags.push(
            Diagnostic::error(Code::NoContent, format!("there is no `content` folder in `{}`", root.display()))
                .help("run leidraad in the site's folder (or pass `--root`), or create `content/<language>/` with Markdown files; `leidraad init` makes a new site"),
        );
        return None;
    }
    if !inside_site(root, &content) {
        diags.push(
            Diagnostic::error(
                Code::Symlink,
                "`content` is a symbolic link to a folder outside the site",
            )
            .in_file(Path::new("content"))
            .help("leidraad reads only files inside the site: move the folder into the site, or pass the folder that holds it as `--root`"),
        );
        return None;
    }
    // Files are read on the other cores while this one walks the folders. Each result keeps
    // its place in the walk, so the order of documents does not depend on timing.
    let reads = Mutex::new(Vec::new());
    rayon::scope(|scope| {
        let mut count = 0;
        walk(
            root,
            &content,
            &mut sources,
            diags,
            |lang, rel, kind, path, shown| {
                let (reads, place) = (&reads, count);
                count += 1;
                scope.spawn(move |_| {
                    let result = read_document(lang, rel, kind, &path, shown);
                    let mut reads = reads.lock().unwrap_or_else(PoisonError::into_inner);
                    reads.push((place, result));
                });
            },
        );
    });
    let mut results = reads.into_inner().unwrap_or_else(PoisonError::into_inner);
    results.sort_unstable_by_key(|(place, _)| *place);
    for (_, result) in results {
        match result {
            Ok((doc, warnings)) => {
                diags.extend(warnings);
                sources.documents.push(doc);
            }
            Err(errors) => diags.extend(errors),
        }
    }
    Some(sources)
}

/// Reads one Markdown file of `content/`, as [`read`] does for all of them.
pub fn read_one(root: &Path, lang: &str, rel: &str) -> Option<DocumentResult> {
    let kind = classify(rel)?;
    let path = root.join("content").join(lang).join(rel);
    // The same rule as `read`: only a regular file inside the site, never a link out of it.
    let regular = std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_file());
    if !regular || !inside_site(root, &path) {
        return None;
    }
    let shown = relative(root, &path);
    Some(read_document(
        lang.to_owned(),
        rel.to_owned(),
        kind,
        &path,
        shown,
    ))
}

/// Whether `path` lies inside the site at `root` once symbolic links are followed. A path
/// that does not exist lies nowhere else.
pub fn inside_site(root: &Path, path: &Path) -> bool {
    match (std::fs::canonicalize(root), std::fs::canonicalize(path)) {
        (Ok(root), Ok(path)) => path.starts_with(root),
        _ => true,
    }
}

/// A document with its problems (errors in its front matter among them, see
/// [`Document::stand_in`]), or the errors that kept it out: it could not be read or decoded.
pub type DocumentResult = Result<(Document, Vec<Diagnostic>), Vec<Diagnostic>>;

fn read_document(
    lang: String,
    rel: String,
    kind: DocKind,
    path: &Path,
    shown: PathBuf,
) -> DocumentResult {
    let bytes = std::fs::read(path).map_err(|err| {
        vec![Diagnostic::error(Code::Io, format!("cannot read this file: {err}")).in_file(&shown)]
    })?;
    let src = SourceText::decode(shown, bytes).map_err(|d| vec![d])?;
    Ok(document(lang, rel, kind, src))
}

/// A document from its decoded text, with its problems.
fn document(
    lang: String,
    rel: String,
    kind: DocKind,
    src: SourceText,
) -> (Document, Vec<Diagnostic>) {
    let file_name = rel.rsplit('/').next().unwrap_or(&rel);
    let read = front_matter::read(&src, file_name);
    let document = Document {
        lang,
        rel,
        kind,
        front: read.front,
        body: read.body,
        stand_in: read.stand_in,
        src,
        fingerprints: hash::Fingerprints::default(),
    };
    (document, read.diagnostics)
}

/// Parses one document from text, as `read` does from a file: a document whose front matter
/// has errors comes with stand-ins and those errors. `None` when `rel` lies too deep to be a
/// page. For tests and tools.
pub fn read_text(lang: &str, rel: &str, text: &str) -> Option<(Document, Vec<Diagnostic>)> {
    let kind = classify(rel)?;
    let src = SourceText::new(PathBuf::from(format!("content/{lang}/{rel}")), text);
    Some(document(lang.to_owned(), rel.to_owned(), kind, src))
}

/// Parses one document from text, as `read` does from a file, only when its front matter has
/// no errors (warnings are left out); for tests and tools.
pub fn document_from_text(lang: &str, rel: &str, text: &str) -> Result<Document, Vec<Diagnostic>> {
    let Some((doc, diags)) = read_text(lang, rel, text) else {
        return Err(vec![Diagnostic::error(
            Code::NestedContent,
            "nested too deeply",
        )]);
    };
    if doc.stand_in.is_some() {
        return Err(diags
            .into_iter()
            .filter(|d| d.severity == crate::diagnostics::Severity::Error)
            .collect());
    }
    Ok(doc)
}

/// What a Markdown file at `rel` (inside a language folder) is, or `None` when it lies too deep.
pub fn classify(rel: &str) -> Option<DocKind> {
    match rel.split_once('/') {
        None if rel == "_index.md" => Some(DocKind::Home),
        None => Some(DocKind::Page),
        Some((_, rest)) if rest.contains('/') => None,
        Some((_, "_index.md")) => Some(DocKind::Guide),
        Some(_) => Some(DocKind::Section),
    }
}

/// A path as shown in diagnostics: relative to the site root.
pub fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

#[cfg(test)]
mod tests;
