//! `leidraad init DIR`: a new site with one guide in two languages, which builds at once.
//!
//! The starter files are compiled in, so `init` works anywhere without the repository.

use std::fs;
use std::path::Path;

/// The starter site, by path inside the new folder.
const STARTER: &[(&str, &str)] = &[
    ("site.yaml", include_str!("starter/site.yaml")),
    (
        "content/nl/_index.md",
        include_str!("starter/content/nl/_index.md"),
    ),
    (
        "content/en/_index.md",
        include_str!("starter/content/en/_index.md"),
    ),
    (
        "content/nl/eerste-gids/_index.md",
        include_str!("starter/content/nl/eerste-gids/_index.md"),
    ),
    (
        "content/en/eerste-gids/_index.md",
        include_str!("starter/content/en/eerste-gids/_index.md"),
    ),
    (
        "content/nl/eerste-gids/01-schrijven.md",
        include_str!("starter/content/nl/eerste-gids/01-schrijven.md"),
    ),
    (
        "content/en/eerste-gids/01-schrijven.md",
        include_str!("starter/content/en/eerste-gids/01-schrijven.md"),
    ),
    (
        "content/nl/eerste-gids/02-vertalen.md",
        include_str!("starter/content/nl/eerste-gids/02-vertalen.md"),
    ),
    (
        "content/en/eerste-gids/02-vertalen.md",
        include_str!("starter/content/en/eerste-gids/02-vertalen.md"),
    ),
    (".gitignore", "/public\n"),
];

/// Why `init` could not make the site.
#[derive(Debug)]
pub enum Error {
    /// The folder exists and is not empty.
    NotEmpty,
    /// Writing failed.
    Io(std::path::PathBuf, std::io::Error),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::NotEmpty => f.write_str(
                "the folder is not empty; leidraad init only fills a new or empty folder",
            ),
            Error::Io(path, err) => write!(f, "cannot write `{}`: {err}", path.display()),
        }
    }
}

/// Writes the starter site into `dir`, which must be new or empty.
pub fn init(dir: &Path) -> Result<(), Error> {
    if dir.exists() {
        let empty = fs::read_dir(dir)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty {
            return Err(Error::NotEmpty);
        }
    }
    for (rel, text) in STARTER {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| Error::Io(parent.to_path_buf(), e))?;
        }
        fs::write(&path, text).map_err(|e| Error::Io(path.clone(), e))?;
    }
    Ok(())
}
