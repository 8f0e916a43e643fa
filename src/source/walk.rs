//! The walk over `content/`: every folder and file in name order, hidden ones left out, and
//! every file a site may not have (a symbolic link, a pipe, a name that is not UTF-8 or that
//! another file already has once normalised) refused with a diagnostic.

use super::*;

/// Walks `content/` in order: records language folders and assets in `sources`, and hands
/// each Markdown file to `read` (its language, its path in the language folder, its kind, its
/// path on disk and the path shown in messages).
pub(super) fn walk(
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
                        let bytes = entry.metadata().map_or(0, |m| m.len());
                        let path = entry.into_path();
                        sources.assets.push(Asset {
                            lang,
                            rel,
                            path,
                            bytes,
                        });
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

/// Names that start with `.` (`.git`, `.DS_Store`), which are never part of a site.
fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str()
        .is_some_and(|n| n.starts_with('.') && n.len() > 1)
}
