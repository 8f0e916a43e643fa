//! `leidraad import`: a leidraad site made from the source folder of another generator
//! (Jekyll, Hugo or Zola), with a [`Report`] of what was changed and what needs a person.
//!
//! IO only at the edges: `read` takes SOURCE into memory; `convert` turns it into a [`Plan`]
//! without touching the disk, with `site` and `jekyll` (which files are which pages, in which
//! language, at which old URLs), `front` (front matter), `body` and `markup` (checkboxes,
//! kramdown blocks, shortcodes, leftovers), `links` (links to `.md` files and images) and
//! `ids` (task item ids); `write` writes the plan into DEST. SOURCE is never written to; DEST
//! must be new or empty and may not lie inside SOURCE.

mod addresses;
mod body;
mod convert;
mod front;
mod ids;
mod jekyll;
mod links;
mod markup;
mod read;
mod report;
mod site;
mod targets;
mod write;

use std::fmt;
use std::path::PathBuf;

use crate::diagnostics::Diagnostic;

pub use report::{Change, Leftover, LeftoverKind, Report};

/// The generator a site comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Dialect {
    /// Jekyll: `_config.yml`, `_posts/`, collections `_<name>/`, kramdown.
    Jekyll,
    /// Hugo: `hugo.toml` or `config.toml|yaml`, `content/`, shortcodes.
    Hugo,
    /// Zola: `config.toml`, `content/`, `+++` TOML front matter, `@/` links.
    Zola,
}

impl Dialect {
    /// The dialect's name as on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Dialect::Jekyll => "jekyll",
            Dialect::Hugo => "hugo",
            Dialect::Zola => "zola",
        }
    }
}

/// What to import and where to.
#[derive(Clone, Debug)]
pub struct Options {
    /// The generator SOURCE is written for.
    pub dialect: Dialect,
    /// The other generator's site folder; only read.
    pub source: PathBuf,
    /// The new leidraad site's folder: new or empty.
    pub dest: PathBuf,
}

/// Why nothing was imported.
#[derive(Debug)]
pub enum Error {
    /// SOURCE does not exist or is no folder.
    NoSource(PathBuf),
    /// DEST holds files already.
    DestNotEmpty(PathBuf),
    /// DEST is a file (or something else that is no folder).
    DestNotAFolder(PathBuf),
    /// DEST is SOURCE or lies inside it.
    DestInSource(PathBuf, PathBuf),
    /// SOURCE has files that cannot be read as they are (front matter that does not parse, a
    /// configuration that does not parse, text that is not UTF-8): nothing was written.
    Source(Vec<Diagnostic>),
    /// Reading SOURCE or writing DEST failed.
    Io(PathBuf, std::io::Error),
}

impl Error {
    /// Whether the command line named the wrong folders (rather than SOURCE having mistakes).
    pub fn is_usage(&self) -> bool {
        matches!(
            self,
            Error::NoSource(_)
                | Error::DestNotEmpty(_)
                | Error::DestNotAFolder(_)
                | Error::DestInSource(..)
        )
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::NoSource(path) => write!(
                f,
                "the source folder `{}` does not exist or is not a folder; name the folder of the site to import (where `_config.yml`, `hugo.toml` or `config.toml` is)",
                path.display()
            ),
            Error::DestNotEmpty(path) => write!(
                f,
                "the destination `{}` is not empty; name a new or empty folder, so that nothing in it is overwritten",
                path.display()
            ),
            Error::DestNotAFolder(path) => write!(
                f,
                "the destination `{}` is a file, not a folder; name a new or empty folder",
                path.display()
            ),
            Error::DestInSource(dest, source) => write!(
                f,
                "the destination `{}` lies inside the source folder `{}`; import never writes into the source: name a folder outside it",
                dest.display(),
                source.display()
            ),
            Error::Source(diags) => write!(
                f,
                "the source has {} problem(s) that stop the import; nothing was written",
                diags.len()
            ),
            Error::Io(path, err) => write!(f, "`{}`: {err}", path.display()),
        }
    }
}

impl std::error::Error for Error {}

/// The new site, in memory: every file to write, by path relative to DEST.
#[derive(Debug, Default)]
pub struct Plan {
    /// Text files (`site.yaml`, Markdown), sorted by path.
    pub texts: Vec<(String, String)>,
    /// Files to copy from SOURCE (images), as (path in DEST, path in SOURCE), sorted.
    pub copies: Vec<(String, String)>,
}

/// Imports `options.source` into `options.dest`: reads the source, converts it and writes the
/// new site, or writes nothing when the source cannot be read or DEST is not safe to write.
pub fn import(options: &Options) -> Result<Report, Error> {
    let (source, dest) = read::check_folders(&options.source, &options.dest)?;
    let tree = read::read(&source, &options.source, options.dialect)?;
    let (plan, report) = convert::convert(options.dialect, &tree).map_err(Error::Source)?;
    write::write(&plan, &source, &dest)?;
    Ok(report)
}

#[cfg(test)]
mod tests;
