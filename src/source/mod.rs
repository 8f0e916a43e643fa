//! Stage 1: reading a site from disk.
//!
//! Walks `content/` in a sorted order, classifies every file by where it lies (language home,
//! standalone page, guide, section, asset), decodes it and parses its front matter. This is one
//! of the few modules that touch the filesystem; it knows nothing about HTML or templates.

mod front_matter;
pub mod hash;

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

/// Walks `content/` in order: records language folders and assets in `sources`, and hands
/// each Markdown file to `read` (its language, its path in the language folder, its kind, its
/// path on disk and the path shown in messages).
fn walk(
    root: &Path,
    content: &Path,
    sources: &mut Sources,
    diags: &mut Diagnostics,
    mut read: impl FnMut(String, String, DocKind, PathBuf, PathBuf),
) {
    let mut markdown_names = SeenNames::default();
    let mut asset_names = SeenNames::default();
    let mut walker = WalkDir::new(content)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !is_hidden(e.file_name()));
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                diags.push(unreadable(root, &err));
                continue;
            }
        };
        let rel_to_content = entry
            .path()
            .strip_prefix(content)
            .expect("walkdir stays below its root");
        let parts: Vec<String> = rel_to_content
            .components()
            .map(|c| c.as_os_str().to_string_lossy().nfc().collect())
            .collect();
        let shown = relative(root, entry.path());
        if entry.depth() == 0 {
            continue;
        }
        if let Some(d) = refusal(&entry, &shown) {
            diags.push(d);
            // A folder left out is left out with everything in it.
            if entry.file_type().is_dir() {
                walker.skip_current_dir();
            }
            continue;
        }
        match (parts.len(), entry.file_type().is_dir()) {
            (0, _) => {}
            (1, true) => sources.language_folders.push(parts[0].clone()),
            (1, false) => diags.push(
                Diagnostic::warning(Code::StrayFile, "files directly in `content/` are ignored")
                    .in_file(&shown)
                    .help("move it into a language folder such as `content/nl/`"),
            ),
            (_, true) => {}
            (_, false) => {
                let lang = parts[0].clone();
                let rel = parts[1..].join("/");
                if !rel.ends_with(".md") {
                    if asset_names.accept(&lang, &rel, &shown, diags) {
                        let path = entry.into_path();
                        sources.assets.push(Asset { lang, rel, path });
                    }
                } else if let Some(kind) = classify(&rel) {
                    if markdown_names.accept(&lang, &rel, &shown, diags) {
                        read(lang, rel, kind, entry.into_path(), shown);
                    }
                } else {
                    diags.push(
                        Diagnostic::error(Code::NestedContent, "this Markdown file is nested too deeply")
                            .in_file(&shown)
                            .help("a guide is one folder of sections: put the file in `content/<language>/` or in `content/<language>/<guide>/`"),
                    );
                }
            }
        }
    }
}

/// The error for an entry of `content/` that the walk cannot read.
fn unreadable(root: &Path, err: &walkdir::Error) -> Diagnostic {
    let path = err
        .path()
        .map(|p| relative(root, p))
        .unwrap_or_else(|| "content".into());
    Diagnostic::error(Code::Io, format!("cannot read this folder entry: {err}")).in_file(&path)
}

/// Why an entry of `content/` (shown as `shown`) is left out whatever its place: a name that
/// is not UTF-8, a symbolic link, or neither a folder nor a regular file. `None` when it is
/// not.
fn refusal(entry: &walkdir::DirEntry, shown: &Path) -> Option<Diagnostic> {
    if entry.file_name().to_str().is_none() {
        // A page would be lost, so that is an error; another file is only left out.
        let is_dir = entry.file_type().is_dir();
        let d = if is_dir || entry.path().extension().is_some_and(|e| e == "md") {
            Diagnostic::error(
                Code::FileName,
                "this name is not valid UTF-8 text, so it cannot become a URL",
            )
        } else {
            Diagnostic::warning(
                Code::FileName,
                "this name is not valid UTF-8 text, so the file is left out",
            )
        };
        return Some(d.in_file(shown).help(
            "rename it: its name was saved in an old encoding (such as Latin-1); names in any script are fine in Unicode",
        ));
    }
    if entry.path_is_symlink() {
        return Some(
            Diagnostic::warning(
                Code::Symlink,
                "symbolic links under `content/` are not followed",
            )
            .in_file(shown)
            .help("copy the file into the site instead of linking to it"),
        );
    }
    if !entry.file_type().is_dir() && !entry.file_type().is_file() {
        // Reading a named pipe or a device would wait forever or never end.
        return Some(
            Diagnostic::warning(
                Code::NotAFile,
                "this is not a regular file, so it is left out",
            )
            .in_file(shown)
            .help("content folders hold only folders and regular files"),
        );
    }
    None
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

/// The names of the files found so far, normalised. A file whose name equals an earlier
/// one's once normalised (`café` written with `é` or with `e` and an accent) is left out, with
/// an error: one of them would silently replace the other.
#[derive(Default)]
struct SeenNames(HashMap<(String, String), PathBuf>);

impl SeenNames {
    /// Whether the file `rel` of language `lang` (shown as `shown`) is the first of its name.
    fn accept(&mut self, lang: &str, rel: &str, shown: &Path, diags: &mut Diagnostics) -> bool {
        let key = (lang.to_owned(), rel.to_owned());
        let Some(first) = self.0.get(&key) else {
            self.0.insert(key, shown.to_path_buf());
            return true;
        };
        diags.push(
            Diagnostic::error(
                Code::FileName,
                format!("this name is the same as `{}` in another Unicode form", first.display()),
            )
            .in_file(shown)
            .help("keep one of the two files; some systems (macOS, some zip tools) save accented letters as a letter plus an accent"),
        );
        false
    }
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
    let parts: Vec<&str> = rel.split('/').collect();
    match parts.as_slice() {
        ["_index.md"] => Some(DocKind::Home),
        [_] => Some(DocKind::Page),
        [_, "_index.md"] => Some(DocKind::Guide),
        [_, _] => Some(DocKind::Section),
        _ => None,
    }
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str()
        .is_some_and(|n| n.starts_with('.') && n.len() > 1)
}

/// A path as shown in diagnostics: relative to the site root.
pub fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;

    // Issue 9: serve's quick path reads one edited file; a page that became a symbolic link
    // out of the site must be left to a full build, which refuses it.
    #[cfg(unix)]
    #[test]
    fn read_one_reads_no_symbolic_link() {
        let root = std::env::temp_dir().join(format!("leidraad-read-one-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("content/nl")).unwrap();
        std::fs::write(root.join("outside.md"), "---\ntitle: Buiten\n---\n").unwrap();
        std::fs::write(root.join("content/nl/over.md"), "---\ntitle: Over\n---\n").unwrap();
        assert!(read_one(&root, "nl", "over.md").is_some_and(|r| r.is_ok()));
        std::fs::remove_file(root.join("content/nl/over.md")).unwrap();
        std::os::unix::fs::symlink(root.join("outside.md"), root.join("content/nl/over.md"))
            .unwrap();
        assert!(read_one(&root, "nl", "over.md").is_none());
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn classifies_by_place() {
        assert_eq!(classify("_index.md"), Some(DocKind::Home));
        assert_eq!(classify("over.md"), Some(DocKind::Page));
        assert_eq!(classify("waarden/_index.md"), Some(DocKind::Guide));
        assert_eq!(classify("waarden/01-ken-jezelf.md"), Some(DocKind::Section));
        assert_eq!(classify("waarden/deel/x.md"), None);
    }
}
