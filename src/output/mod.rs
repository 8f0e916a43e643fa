//! Stage 5: writing the site to disk, all or nothing.
//!
//! Files are written to a staging folder beside the output folder, which then takes the
//! output's place in one atomic exchange (two renames where the system has no exchange). A
//! failed build therefore leaves the previous output as it was, and readers of the output
//! never see a half-written site. The build refuses an output folder that holds the site's
//! sources, and only ever replaces a folder it wrote itself: its `.leidraad` marker lists every
//! file leidraad wrote, and whatever else is in the output (`.git/`, `CNAME`, a hand-added PDF)
//! is carried into the new output unchanged. Staging and old folders that a build left behind
//! when it was killed are cleared up by the next build.

mod labels;
mod marker;
mod staging;

use std::fmt;
use std::fs;
use std::io;
use std::ops::Range;
use std::path::{Component, Path, PathBuf};

use crate::diagnostics::{Code, Diagnostic};

pub use labels::{label_template, unlabel, Attr, Labelled, LABEL};
pub use staging::{Interrupt, Kept, Staging};

/// One file of the output.
#[derive(Debug, Clone)]
pub struct OutputFile {
    /// Its path from the output root, with `/`.
    pub path: String,
    /// What to write.
    pub contents: Contents,
    /// What the renderer knows of an HTML page's ids and URLs, for the verifier.
    pub known: Known,
}

/// What the renderer knows of an HTML page's ids and URLs, so that the verifier takes them
/// from here instead of scanning the page for them (`verify/`).
#[derive(Debug, Clone, Default)]
pub struct Known {
    /// The parts that the renderer wrote from an author's text without raw HTML: the ids in
    /// them and where their URLs are are known without reading them again.
    pub parts: Vec<KnownPart>,
    /// Where the built-in templates put the attributes the verifier reads and the texts they
    /// printed unescaped, when the page was rendered by them ([`labels`]).
    pub labelled: Option<Labelled>,
}

/// The ids of a known part: those of a text, shared by every page that shows it, each after
/// `prefix` and `--` when there is one (the whole-guide page's parts prefix their ids with
/// their anchors).
#[derive(Debug, Clone, Default)]
pub struct KnownIds {
    pub prefix: Option<Box<str>>,
    pub ids: std::sync::Arc<[String]>,
}

impl KnownIds {
    /// What joins the prefix and an id.
    pub const JOIN: &'static str = "--";

    /// Calls `f` with each id.
    pub fn each(&self, mut f: impl FnMut(&[u8])) {
        let Some(prefix) = &self.prefix else {
            self.ids.iter().for_each(|id| f(id.as_bytes()));
            return;
        };
        let mut buf = Vec::with_capacity(64);
        for id in self.ids.iter() {
            buf.clear();
            buf.extend_from_slice(prefix.as_bytes());
            buf.extend_from_slice(Self::JOIN.as_bytes());
            buf.extend_from_slice(id.as_bytes());
            f(&buf);
        }
    }
}

impl FromIterator<String> for KnownIds {
    fn from_iter<I: IntoIterator<Item = String>>(ids: I) -> KnownIds {
        KnownIds {
            prefix: None,
            ids: ids.into_iter().collect(),
        }
    }
}

/// One part of a page whose ids and URLs are known.
#[derive(Debug, Clone, Default)]
pub struct KnownPart {
    /// Where it is in the page.
    pub range: Range<usize>,
    /// The ids of its elements, as the browser reads them (not HTML-escaped).
    pub ids: KnownIds,
    /// Where its URLs (`href`, `src`) are in the page, as written (HTML-escaped); not the
    /// `#fragment` links leidraad writes to the part's own ids (a checklist item's anchor, a
    /// footnote).
    pub urls: Vec<Range<usize>>,
}

/// The contents of an output file.
#[derive(Debug, Clone)]
pub enum Contents {
    /// Bytes made by the build.
    Bytes(Vec<u8>),
    /// Bytes compiled into leidraad.
    Static(&'static [u8]),
    /// Bytes made by the build and shared, not copied, with what keeps them (the sitemap,
    /// which `serve` keeps to patch after an edit).
    Shared(std::sync::Arc<Vec<u8>>),
    /// A file of the site, copied as it is.
    Copy(PathBuf),
    /// An SVG image of the site, copied without what could run a script (see `svg.rs`).
    Svg(PathBuf),
}

impl Contents {
    /// The bytes, when they are in memory (made by the build or compiled in), however held.
    pub fn in_memory(&self) -> Option<&[u8]> {
        match self {
            Contents::Bytes(bytes) => Some(bytes),
            Contents::Shared(bytes) => Some(bytes),
            Contents::Static(bytes) => Some(bytes),
            Contents::Copy(_) | Contents::Svg(_) => None,
        }
    }
}

/// A failure to write the output.
#[derive(Debug)]
pub struct Error {
    /// The path that could not be written, or read.
    pub path: PathBuf,
    /// What went wrong.
    pub source: io::Error,
    /// Whether reading a file of the site to copy it failed, rather than writing.
    pub reading: bool,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let verb = if self.reading { "read" } else { "write" };
        write!(
            f,
            "cannot {verb} `{}`: {}",
            self.path.display(),
            self.source
        )
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// The name of the file that marks a folder as leidraad's output.
pub const MARKER: &str = ".leidraad";

/// Checks that `output` is a safe place to write the site at `root`: not the site itself,
/// not a folder that contains it or its sources, and not a folder of someone else's files.
pub fn check_output_dir(root: &Path, output: &Path) -> Result<(), Diagnostic> {
    let root_abs = absolute(root);
    let out_abs = absolute(output);
    let refuse = |why: String| {
        Diagnostic::error(Code::UnsafeOutput, why).help(
            "choose an output folder of its own, such as `public` (the default) or `--output ../site-output`",
        )
    };
    if out_abs.parent().is_none() {
        return Err(refuse(format!(
            "the output folder `{}` is the root of the file system",
            output.display()
        )));
    }
    if root_abs.starts_with(&out_abs) {
        return Err(refuse(format!(
            "the output folder `{}` contains the site itself, which a build would replace",
            output.display()
        )));
    }
    for source in ["content", "templates", "static"] {
        // As the file system resolves it: `content` may be a symbolic link into the site.
        let source_abs = absolute(&root_abs.join(source));
        if out_abs.starts_with(&source_abs) || source_abs.starts_with(&out_abs) {
            return Err(refuse(format!(
                "the output folder `{}` overlaps the site's `{source}/` folder",
                output.display()
            )));
        }
    }
    if out_abs.is_file() {
        return Err(refuse(format!(
            "the output `{}` is a file, not a folder",
            output.display()
        )));
    }
    if out_abs.is_dir() && !out_abs.join(MARKER).is_file() {
        let empty = fs::read_dir(&out_abs)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty {
            return Err(Diagnostic::error(
                Code::UnsafeOutput,
                format!("the output folder `{}` holds files that leidraad did not write", output.display()),
            )
            .help("leidraad replaces its output folder on every build; empty or remove that folder, or choose another with `--output`"));
        }
    }
    Ok(())
}

/// Writes every file into a new folder and swaps it in for `output`, keeping the files in it
/// that leidraad did not write (an error when the new output would replace one).
pub fn write(output: &Path, files: &[OutputFile]) -> Result<Result<Kept, Diagnostic>, Error> {
    let staging = Staging::create(output, None)?;
    staging.write_all(files)?;
    let kept = match staging.foreign_files() {
        Ok(kept) => kept,
        Err(d) => return Ok(Err(d)),
    };
    staging.commit(&kept)?;
    Ok(Ok(kept))
}

pub(super) fn write_error(path: &Path) -> impl FnOnce(io::Error) -> Error {
    let path = path.to_path_buf();
    move |source| Error {
        path,
        source,
        reading: false,
    }
}

/// Joins an output path to the output folder, refusing anything that would leave it.
pub(super) fn safe_join(base: &Path, rel: &str) -> Option<PathBuf> {
    let rel = Path::new(rel);
    rel.components()
        .all(|c| matches!(c, Component::Normal(_)))
        .then(|| base.join(rel))
}

/// An absolute, normalised path, following symbolic links where the path exists, so that
/// two names for one folder compare equal.
pub fn absolute(path: &Path) -> PathBuf {
    if let Ok(canonical) = fs::canonicalize(path) {
        return canonical;
    }
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    // The path does not exist (yet): normalise the part that does, then the rest by hand.
    let mut existing = joined.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (
            existing.file_name().map(|n| n.to_os_string()),
            existing.parent(),
        ) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut out = fs::canonicalize(&existing).unwrap_or(existing);
    for part in rest.into_iter().rev() {
        match part.to_str() {
            Some("..") => {
                out.pop();
            }
            Some(".") => {}
            _ => out.push(part),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_join_stays_inside() {
        let base = Path::new("/out");
        assert_eq!(
            safe_join(base, "nl/index.html"),
            Some(PathBuf::from("/out/nl/index.html"))
        );
        assert_eq!(safe_join(base, "../x"), None);
        assert_eq!(safe_join(base, "/etc/passwd"), None);
    }

    #[test]
    fn known_ids_are_given_with_their_prefix() {
        let each = |ids: &KnownIds| {
            let mut all = Vec::new();
            ids.each(|id| all.push(String::from_utf8(id.to_vec()).unwrap()));
            all
        };
        let plain: KnownIds = ["a".to_owned(), "b-box".to_owned()].into_iter().collect();
        assert_eq!(each(&plain), ["a", "b-box"]);
        let prefixed = KnownIds {
            prefix: Some("s2-luister".into()),
            ..plain
        };
        assert_eq!(each(&prefixed), ["s2-luister--a", "s2-luister--b-box"]);
    }
}
