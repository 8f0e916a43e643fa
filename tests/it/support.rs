//! The test harness: fresh copies of fixture sites, running the binary, golden files.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A site in a fresh folder of its own.
pub struct Site {
    pub root: PathBuf,
}

/// What a run of the binary gave.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// The repository's own folder.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fresh, empty folder under cargo's temporary folder.
pub fn temp_dir(name: &str) -> PathBuf {
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("{name}-{}-{n}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

impl Site {
    /// An empty site.
    pub fn empty(name: &str) -> Site {
        Site {
            root: temp_dir(name),
        }
    }

    /// A copy of `tests/fixtures/<path>`.
    pub fn fixture(path: &str) -> Site {
        let site = Site::empty(&path.replace('/', "-"));
        copy_dir(&repo().join("tests/fixtures").join(path), &site.root);
        site
    }

    /// A copy of the example site of the repository (`site.yaml` and `content/`).
    pub fn example() -> Site {
        let site = Site::empty("example");
        fs::copy(repo().join("site.yaml"), site.root.join("site.yaml")).unwrap();
        copy_dir(&repo().join("content"), &site.root.join("content"));
        site
    }

    /// Writes a file of the site.
    pub fn file(self, rel: &str, contents: impl AsRef<[u8]>) -> Site {
        let path = self.root.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, contents).unwrap();
        self
    }

    /// Runs `leidraad ARGS` in the site's folder, without colours.
    pub fn run(&self, args: &[&str]) -> Run {
        let out = Command::new(env!("CARGO_BIN_EXE_leidraad"))
            .args(args)
            .current_dir(&self.root)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Builds into `public/` and expects success.
    #[track_caller]
    pub fn build_ok(&self, args: &[&str]) -> PathBuf {
        let mut all = vec!["build"];
        all.extend(args);
        let run = self.run(&all);
        assert_eq!(run.code, 0, "build failed:\n{}", run.stderr);
        self.root.join("public")
    }

    /// The text of an output file.
    #[track_caller]
    pub fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Every file below `dir`, as sorted paths relative to it.
pub fn files(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            out.push(
                entry
                    .path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/"),
            );
        }
    }
    out
}

/// Compares `actual` with the golden file at `path`; `UPDATE_EXPECT=1` rewrites it instead.
/// Returns a description of the difference, if any.
pub fn golden(path: &Path, actual: &str) -> Option<String> {
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, actual).unwrap();
        return None;
    }
    let expected = fs::read_to_string(path).unwrap_or_default();
    if expected == actual {
        return None;
    }
    let first = expected
        .lines()
        .zip(actual.lines())
        .position(|(a, b)| a != b)
        .unwrap_or(expected.lines().count().min(actual.lines().count()));
    Some(format!(
        "{} differs from line {} on (UPDATE_EXPECT=1 rewrites it)\n--- expected\n{}\n--- actual\n{}",
        path.display(),
        first + 1,
        expected.lines().skip(first).take(8).collect::<Vec<_>>().join("\n"),
        actual.lines().skip(first).take(8).collect::<Vec<_>>().join("\n"),
    ))
}

/// The `<main>` element of a page.
pub fn main_of(html: &str) -> &str {
    let start = html.find("<main").unwrap_or(0);
    let end = html
        .find("</main>")
        .map_or(html.len(), |i| i + "</main>".len());
    &html[start..end]
}

/// Every value of an attribute in an HTML text (`href`, `src`, `id`).
pub fn attributes<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    let needle = format!(" {name}=\"");
    html.match_indices(&needle)
        .map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            &rest[..rest.find('"').unwrap_or(rest.len())]
        })
        .collect()
}
