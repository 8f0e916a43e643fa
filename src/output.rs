//! Stage 5: writing the site to disk, all or nothing.
//!
//! Files are written to a staging folder beside the output folder, which then takes the
//! output's place in two renames. A failed build therefore leaves the previous output as it
//! was, and readers of the output never see a half-written site. The build refuses an output
//! folder that holds the site's sources, and only ever replaces a folder it wrote itself
//! (marked by a `.leidraad` file).

use std::fmt;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;

/// One file of the output.
#[derive(Debug, Clone)]
pub struct OutputFile {
    /// Its path from the output root, with `/`.
    pub path: String,
    /// What to write.
    pub contents: Contents,
}

/// The contents of an output file.
#[derive(Debug, Clone)]
pub enum Contents {
    /// Bytes made by the build.
    Bytes(Vec<u8>),
    /// Bytes compiled into leidraad.
    Static(&'static [u8]),
    /// A file of the site, copied as it is.
    Copy(PathBuf),
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
        Diagnostic::error("unsafe-output", why).help(
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
        let source_abs = root_abs.join(source);
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
                "unsafe-output",
                format!("the output folder `{}` holds files that leidraad did not write", output.display()),
            )
            .help("leidraad replaces its output folder on every build; empty or remove that folder, or choose another with `--output`"));
        }
    }
    Ok(())
}

/// Writes every file into a new folder and swaps it in for `output`.
pub fn write(output: &Path, files: &[OutputFile]) -> Result<(), Error> {
    let staging = Staging::create(output)?;
    staging.write_all(files)?;
    staging.commit()
}

/// An output being written: a staging folder beside the output folder. Files can be written
/// into it from many threads as they are made; [`Staging::commit`] swaps it in for the
/// output, and dropping it uncommitted removes it, leaving the previous output as it was.
#[derive(Debug)]
pub struct Staging {
    output: PathBuf,
    folder: PathBuf,
    /// Where the previous output goes while the new one is swapped in.
    old: PathBuf,
    committed: bool,
}

impl Staging {
    /// Makes the staging folder for `output`, with the marker that says leidraad wrote it.
    pub fn create(output: &Path) -> Result<Staging, Error> {
        let output = absolute(output);
        let parent = output
            .parent()
            .expect("checked: the output is not the file system root");
        let name = output
            .file_name()
            .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
        fs::create_dir_all(parent).map_err(write_error(parent))?;
        let unique = format!("{}-{}", std::process::id(), nanos());
        let folder = parent.join(format!(".{name}.staging-{unique}"));
        let old = parent.join(format!(".{name}.old-{unique}"));
        fs::create_dir(&folder).map_err(write_error(&folder))?;
        let staging = Staging {
            output,
            folder,
            old,
            committed: false,
        };
        let marker = staging.folder.join(MARKER);
        fs::write(
            &marker,
            "This folder is written by `leidraad build` and replaced on every build.\n",
        )
        .map_err(write_error(&marker))?;
        Ok(staging)
    }

    /// Writes one file, with the folders it needs. Safe to call from several threads.
    pub fn write(&self, file: &OutputFile) -> Result<(), Error> {
        let Some(path) = safe_join(&self.folder, &file.path) else {
            return Ok(());
        };
        if let Some(dir) = path.parent() {
            // Every page has a folder of its own. `create_dir_all` copes with a parent that
            // another thread creates at the same time.
            fs::create_dir_all(dir).map_err(write_error(dir))?;
        }
        match &file.contents {
            Contents::Bytes(bytes) => fs::write(&path, bytes).map_err(write_error(&path)),
            Contents::Static(bytes) => fs::write(&path, bytes).map_err(write_error(&path)),
            Contents::Copy(from) => fs::copy(from, &path).map(|_| ()).map_err(|source| {
                // A file of the site that cannot be read (or that vanished since the build
                // found it) is named as such, not as a file that cannot be written.
                let reading = fs::File::open(from).is_err();
                Error {
                    path: if reading { from.clone() } else { path.clone() },
                    source,
                    reading,
                }
            }),
        }
    }

    /// Writes files in parallel.
    pub fn write_all(&self, files: &[OutputFile]) -> Result<(), Error> {
        files.par_iter().try_for_each(|file| self.write(file))
    }

    /// Puts the staging folder in the output's place: two renames, so that readers of the
    /// output never see a half-written site.
    pub fn commit(mut self) -> Result<(), Error> {
        let had_old = self.output.exists();
        if had_old {
            fs::rename(&self.output, &self.old).map_err(write_error(&self.output))?;
        }
        if let Err(e) = fs::rename(&self.folder, &self.output) {
            if had_old {
                let _ = fs::rename(&self.old, &self.output);
            }
            return Err(write_error(&self.output)(e));
        }
        self.committed = true;
        if had_old {
            // Only a folder that was leidraad's output reaches this point (see check_output_dir).
            let _ = fs::remove_dir_all(&self.old);
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.folder);
        }
    }
}

fn write_error(path: &Path) -> impl FnOnce(io::Error) -> Error {
    let path = path.to_path_buf();
    move |source| Error {
        path,
        source,
        reading: false,
    }
}

/// Joins an output path to the output folder, refusing anything that would leave it.
fn safe_join(base: &Path, rel: &str) -> Option<PathBuf> {
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

fn nanos() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos())
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
}
