//! The commands: `leidraad translations` (the status, `--mark-current`) and `leidraad
//! translate --to` (`translate.rs`). They read the site like `build` does, and write only the files they name
//! in their output, with the text edits of `edit.rs`.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use unicode_normalization::UnicodeNormalization;

mod history;
mod translate;

pub use translate::run_translate;

use super::{Format, Outcome, TranslationsArgs};
use crate::diagnostics::{display_path, print_human, Code, Diagnostic, Diagnostics, Style};
use crate::markdown;
use crate::model::{self, LangId, Site};
use crate::source::{self, Document};
use crate::translations::edit::{self, FrontMatterError};
use crate::translations::{self, hash};

/// `leidraad translations`: prints the status, or with `--mark-current` records that
/// translations are up to date.
pub fn run_status(args: TranslationsArgs, style: Style) -> Outcome {
    if !args.mark_current.is_empty() {
        return mark_current(&args.site.root, &args.mark_current, style);
    }
    if let Some(file) = &args.diff {
        return history::diff(&args.site.root, file, style);
    }
    let mut diags = Diagnostics::new();
    let Some(site) = load(&args.site.root, args.site.drafts, &mut diags) else {
        print_human(&diags, style);
        return Outcome::Failure;
    };
    let report = translations::report(&site);
    let text = match args.format {
        Format::Human => translations::render_human(&site, &report),
        Format::Json => translations::render_json(&site, &report),
    };
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    // Files that could not be read, and pages whose status errors in their front matter hide,
    // are missing from the report: say so, and fail.
    if diags.has_errors() {
        diags.sort();
        print_human(&diags, style);
        return Outcome::Failure;
    }
    Outcome::Success
}

/// `leidraad translations --mark-current FILE...`.
fn mark_current(root: &Path, files: &[PathBuf], style: Style) -> Outcome {
    let mut diags = Diagnostics::new();
    let Some(site) = load(root, true, &mut diags) else {
        print_human(&diags, style);
        return Outcome::Failure;
    };
    let mut problems = Diagnostics::new();
    for file in files {
        match mark_one(root, &site, &diags, file) {
            Ok(line) => println!("{line}"),
            Err(d) => problems.push(d),
        }
    }
    finish(problems, style)
}

pub(super) fn finish(mut problems: Diagnostics, style: Style) -> Outcome {
    if problems.items().is_empty() {
        return Outcome::Success;
    }
    problems.sort();
    print_human(&problems, style);
    Outcome::Failure
}

/// Reads the site as `build` does. `None` when it cannot be read at all; problems with single
/// files are in `diags`, and those files are left out.
pub(super) fn load(root: &Path, drafts: bool, diags: &mut Diagnostics) -> Option<Site> {
    let config = source::read_config(root, diags)?;
    let sources = source::read(root, config, diags)?;
    // Problems of the site as a whole (duplicate URLs, missing guide pages) are for `check`;
    // they do not change which translations exist.
    let mut model_diags = Diagnostics::new();
    let options = model::ModelOptions {
        drafts,
        ..model::ModelOptions::default()
    };
    let site = model::assemble(sources, options, &mut model_diags);
    if site.is_none() {
        diags.extend(model_diags.items().iter().cloned());
    }
    site
}

/// A content file named on the command line.
pub(super) struct Located {
    /// Its language folder.
    lang: String,
    /// Its path inside the language folder, with `/`, in Unicode NFC as in the site's keys.
    pub(super) rel: String,
    /// Its path inside the language folder as on disk.
    disk_rel: PathBuf,
    /// Where it is.
    path: PathBuf,
}

impl Located {
    /// How it is shown: relative to the site's folder.
    pub(super) fn shown(&self) -> String {
        format!("content/{}/{}", self.lang, self.rel)
    }

    /// How its source in the source language is shown.
    pub(super) fn source_shown(&self, site: &Site) -> String {
        let source_tag = &site.languages[site.default_lang].tag;
        format!("content/{source_tag}/{}", self.rel)
    }
}

/// Finds where a file named on the command line lies in the site. A relative path is taken
/// from the current folder, or else from the site's folder.
fn locate(root: &Path, file: &Path) -> Result<Located, Diagnostic> {
    let shown = display_path(file);
    let file = if !file.exists() && file.is_relative() && root.join(file).exists() {
        root.join(file)
    } else {
        file.to_path_buf()
    };
    let path = fs::canonicalize(&file).map_err(|err| {
        Diagnostic::error(Code::NoSuchFile, format!("cannot find `{shown}`: {err}"))
            .help("name a Markdown file of the site, such as `content/nl/waarden/01-ken-jezelf.md`")
    })?;
    let content = fs::canonicalize(root.join("content")).map_err(|_| {
        Diagnostic::error(
            Code::NoContent,
            format!("there is no `content` folder in `{}`", root.display()),
        )
        .help("run leidraad in the site's folder, or pass `--root`")
    })?;
    let Ok(inside) = path.strip_prefix(&content) else {
        return Err(Diagnostic::error(
            Code::OutsideContent,
            format!("`{shown}` is not in the site's `content` folder"),
        )
        .help(format!(
            "name a page under `{}`, or pass the site's folder with `--root`",
            display_path(&root.join("content"))
        )));
    };
    let parts: Vec<String> = inside
        .components()
        .map(|c| c.as_os_str().to_string_lossy().nfc().collect())
        .collect();
    let rel = parts.get(1..).map(|p| p.join("/")).unwrap_or_default();
    if parts.len() < 2 || !rel.ends_with(".md") || source::classify(&rel).is_none() {
        return Err(
            Diagnostic::error(Code::NotAPage, format!("`{shown}` is not a page of the site"))
                .in_file(file.as_path())
                .help("a page is a Markdown file (`.md`) in `content/<language>/` or in `content/<language>/<guide>/`"),
        );
    }
    Ok(Located {
        lang: parts[0].clone(),
        rel,
        disk_rel: inside.components().skip(1).collect(),
        path,
    })
}

/// Finds `file` as a translation: a page of a language of the site other than the source's.
pub(super) fn locate_translation(
    root: &Path,
    site: &Site,
    file: &Path,
) -> Result<(Located, LangId), Diagnostic> {
    let located = locate(root, file)?;
    let shown = located.shown();
    let Some(lang) = site.lang_id(&located.lang) else {
        return Err(unknown_language(site, &located.lang, &shown));
    };
    if lang == site.default_lang {
        let source_tag = &site.languages[site.default_lang].tag;
        return Err(Diagnostic::error(
            Code::NotATranslation,
            format!(
                "`{shown}` is in the source language `{source_tag}`, so it is not a translation"
            ),
        )
        .in_file(Path::new(&shown))
        .help(format!(
            "name its translation instead, such as `content/{}/{}`",
            other_language(site),
            located.rel
        )));
    }
    Ok((located, lang))
}

/// Records the current source's hash in one translation.
fn mark_one(
    root: &Path,
    site: &Site,
    read: &Diagnostics,
    file: &Path,
) -> Result<String, Diagnostic> {
    let (located, _) = locate_translation(root, site, file)?;
    let shown = located.shown();
    let source_shown = located.source_shown(site);
    // A source whose front matter hides its title or description has no hash yet.
    let source = find_doc(site, site.default_lang, &located.rel)
        .filter(|d| d.has_read(&["title", "description"]));
    let Some(source) = source else {
        return Err(missing_source(root, read, &shown, &source_shown));
    };
    let hash = hash::source_hash(source);
    let text = read_text(&located.path, &shown)?;
    let edited =
        edit::set_source_hash(&text, hash).map_err(|err| front_matter_error(err, &shown))?;
    if edited == text {
        return Ok(format!("{shown}: already current ({hash})"));
    }
    fs::write(&located.path, edited.as_bytes()).map_err(|err| write_error(&shown, &err))?;
    Ok(format!(
        "{shown}: source_hash {hash} (current with {source_shown})"
    ))
}

/// Parses and renders a page from its text, as the build does.
pub(super) fn parse_page(
    lang: &str,
    rel: &str,
    text: &str,
) -> Result<(Document, markdown::Rendered), Vec<Diagnostic>> {
    let doc = source::document_from_text(lang, rel, text)?;
    // The same context as `model::assemble` gives, so derived ids come out the same.
    let file = rel.rsplit('/').next().unwrap_or(rel);
    let item_stem = if file == "_index.md" {
        "intro".to_owned()
    } else {
        crate::slug::file_slug(file)
    };
    let (rendered, diags) = markdown::render(
        &doc.src,
        doc.body,
        markdown::Context {
            item_stem: &item_stem,
            guide: model::guide_key(rel).unwrap_or(""),
            ..Default::default()
        },
    );
    let errors: Vec<Diagnostic> = diags
        .into_iter()
        .filter(|d| d.severity == crate::Severity::Error)
        .collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok((doc, rendered))
}

pub(super) fn find_doc<'s>(site: &'s Site, lang: LangId, rel: &str) -> Option<&'s Document> {
    site.docs
        .iter()
        .find(|d| d.lang == lang && d.document.rel == rel)
        .map(|d| &d.document)
}

fn unknown_language(site: &Site, tag: &str, shown: &str) -> Diagnostic {
    let known: Vec<&str> = site.languages.iter().map(|l| l.tag.as_str()).collect();
    let d = Diagnostic::error(
        Code::UnknownLanguage,
        format!("`{tag}` is not a language of this site"),
    )
    .help(format!(
        "the languages are {}; add another under `languages:` in site.yaml",
        crate::diagnostics::list(&known)
    ));
    if shown == tag {
        d
    } else {
        d.in_file(Path::new(shown))
    }
}

/// Why the source of a translation is not there: no file, or a file with errors.
pub(super) fn missing_source(
    root: &Path,
    read: &Diagnostics,
    shown: &str,
    source_shown: &str,
) -> Diagnostic {
    if root.join(source_shown).is_file() {
        let mut d = Diagnostic::error(
            Code::SourceUnreadable,
            format!("the source of `{shown}`, `{source_shown}`, has errors"),
        )
        .in_file(Path::new(source_shown))
        .help("fix the source first; `leidraad check` shows its problems");
        for problem in read.items() {
            if let Some(loc) = &problem.location {
                if display_path(&loc.path) == source_shown {
                    d = d.note((**loc).clone(), problem.message.clone());
                }
            }
        }
        return d;
    }
    Diagnostic::error(
        Code::NoSource,
        format!("`{shown}` has no source: there is no `{source_shown}`"),
    )
    .in_file(Path::new(shown))
    .help("a translation has the same path as its source page; rename it to match, or remove it if the page was removed")
}

fn other_language(site: &Site) -> &str {
    site.lang_ids()
        .find(|&l| l != site.default_lang)
        .map_or("en", |l| site.languages[l].tag.as_str())
}

fn read_text(path: &Path, shown: &str) -> Result<String, Diagnostic> {
    let bytes = fs::read(path).map_err(|err| {
        Diagnostic::error(Code::Io, format!("cannot read `{shown}`: {err}"))
            .in_file(Path::new(shown))
    })?;
    String::from_utf8(bytes).map_err(|_| {
        Diagnostic::error(Code::InvalidUtf8, "this file is not valid UTF-8 text")
            .in_file(Path::new(shown))
            .help("save the file as UTF-8 in your editor (often under \"Save as\" or \"Encoding\")")
    })
}

fn front_matter_error(err: FrontMatterError, shown: &str) -> Diagnostic {
    let (code, message) = match err {
        FrontMatterError::Missing => (Code::NoFrontMatter, "this file has no front matter"),
        FrontMatterError::Unclosed => (
            Code::UnclosedFrontMatter,
            "the front matter is never closed",
        ),
    };
    Diagnostic::error(code, message)
        .in_file(Path::new(shown))
        .help("a page starts with a line `---`, then `title: …`, then another line `---`")
}

fn write_error(shown: &str, err: &std::io::Error) -> Diagnostic {
    Diagnostic::error(Code::Io, format!("cannot write `{shown}`: {err}")).in_file(Path::new(shown))
}
