//! The theme: the built-in templates and static files compiled into the binary, overlaid by
//! the site's own `templates/` and `static/` files of the same name.
//!
//! Templates are parsed once per build. Reading the overrides is the only filesystem access.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::error::Error as _;
use std::path::{Path, PathBuf};

use serde::Serialize;
use tera::{ErrorKind, Tera};
use walkdir::WalkDir;

use crate::diagnostics::{Code, Diagnostic, Diagnostics, Location};
use crate::output::{self, Contents, Known, OutputFile};

/// The built-in templates, by file name.
const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../templates/base.html")),
    ("head.html", include_str!("../templates/head.html")),
    ("root.html", include_str!("../templates/root.html")),
    ("home.html", include_str!("../templates/home.html")),
    ("guide.html", include_str!("../templates/guide.html")),
    ("section.html", include_str!("../templates/section.html")),
    ("page.html", include_str!("../templates/page.html")),
    (
        "page-header.html",
        include_str!("../templates/page-header.html"),
    ),
    ("notices.html", include_str!("../templates/notices.html")),
    (
        "language-list.html",
        include_str!("../templates/language-list.html"),
    ),
    (
        "checklist.html",
        include_str!("../templates/checklist.html"),
    ),
    (
        "checklists.html",
        include_str!("../templates/checklists.html"),
    ),
    ("404.html", include_str!("../templates/404.html")),
    ("print.html", include_str!("../templates/print.html")),
    ("offline.html", include_str!("../templates/offline.html")),
];

/// The built-in static files, by path in the output.
const STATIC: &[(&str, &[u8])] = &[
    ("style.css", include_bytes!("../static/style.css")),
    ("leidraad.js", include_bytes!("../static/leidraad.js")),
];

/// The static files every page loads.
const PAGE_FILES: &[&str] = &["style.css", "leidraad.js"];

/// The parsed templates and the static files of a build.
#[derive(Debug)]
pub struct Theme {
    tera: Tera,
    origins: BTreeMap<String, Origin>,
    statics: BTreeMap<String, StaticFile>,
    /// The text of `style.css` (the site's own, if it has one), for pages that carry their
    /// style inside them (`404.html`).
    style: String,
    /// The files every page loads (`style.css`, `leidraad.js`) with their sizes in bytes.
    page_files: Vec<(&'static str, u64)>,
    /// Whether the site replaces a built-in template with one of its own, other than it.
    own_templates: bool,
    /// Whether the templates carry labels for the verifier (`output/labels/`): when they
    /// are all built in.
    labelled: bool,
}

/// Where a template came from: the file that messages name, and its text.
#[derive(Debug)]
struct Origin {
    path: PathBuf,
    text: String,
}

#[derive(Debug, Clone)]
enum StaticFile {
    BuiltIn(&'static [u8]),
    Site(PathBuf),
}

/// Templates by name: each one's text, and the file it was read from for a site's own.
type Templates = BTreeMap<String, (String, Option<PathBuf>)>;

/// The templates of the site at `root`: the built-in ones, with the site's own in their place;
/// and whether one of the site's own replaces a built-in template with another text.
fn templates(root: &Path, diags: &mut Diagnostics) -> (Templates, bool) {
    let mut templates: Templates = TEMPLATES
        .iter()
        .map(|(name, text)| ((*name).to_owned(), ((*text).to_owned(), None)))
        .collect();
    let mut own_templates = false;
    for (name, path) in site_files(root, "templates", diags) {
        if !name.ends_with(".html") && !name.ends_with(".xml") && !name.ends_with(".txt") {
            continue;
        }
        let shown = crate::source::relative(root, &path);
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                // A template of a name leidraad has none of is only used through one that
                // replaces a built-in template.
                own_templates |= templates
                    .get(&name)
                    .is_some_and(|(built_in, _)| *built_in != text);
                templates.insert(name, (text, Some(shown)));
            }
            Err(err) => diags.push(
                Diagnostic::error(Code::Io, format!("cannot read this template: {err}"))
                    .in_file(&shown),
            ),
        }
    }
    (templates, own_templates)
}

impl Theme {
    /// Loads the built-in theme with the overrides found in the site at `root`.
    pub fn load(root: &Path, diags: &mut Diagnostics) -> Option<Theme> {
        let (templates, own_templates) = templates(root, diags);
        let mut tera = Tera::new();
        tera.autoescape_on([".html", ".xml"]);
        // Tera's default also escapes `/`, which makes every URL in the output hard to read.
        tera.set_escape_fn(escape_html);
        let origins: BTreeMap<String, Origin> = templates
            .into_iter()
            .map(|(name, (text, path))| {
                let path = path.unwrap_or_else(|| PathBuf::from("templates").join(&name));
                (name, Origin { path, text })
            })
            .collect();
        // The built-in templates are labelled for the verifier; a site's own are not, and the
        // verifier scans every page they write.
        let labelled: Option<Vec<String>> = if own_templates {
            None
        } else {
            origins
                .values()
                .map(|origin| output::label_template(&origin.text))
                .collect()
        };
        let texts: Vec<&str> = match &labelled {
            Some(texts) => texts.iter().map(String::as_str).collect(),
            None => origins.values().map(|o| o.text.as_str()).collect(),
        };
        let raw = origins.keys().map(String::as_str).zip(texts);
        if let Err(err) = tera.add_raw_templates(raw) {
            diags.extend(template_errors(&err, &origins, "a template has an error"));
            return None;
        }
        let mut statics: BTreeMap<String, StaticFile> = STATIC
            .iter()
            .map(|(name, bytes)| ((*name).to_owned(), StaticFile::BuiltIn(bytes)))
            .collect();
        for (name, path) in site_files(root, "static", diags) {
            statics.insert(name, StaticFile::Site(path));
        }
        let style = match statics.get("style.css") {
            Some(StaticFile::BuiltIn(bytes)) => String::from_utf8_lossy(bytes).into_owned(),
            Some(StaticFile::Site(path)) => std::fs::read_to_string(path).unwrap_or_else(|err| {
                let shown = crate::source::relative(root, path);
                diags.push(
                    Diagnostic::error(Code::Io, format!("cannot read this style sheet: {err}"))
                        .in_file(&shown),
                );
                String::new()
            }),
            None => String::new(),
        };
        // Printed unescaped in `404.html`: without NUL, which the labels start with and which
        // has no place in a style sheet.
        let style = if style.bytes().any(|b| b == output::LABEL) {
            style.replace(char::from(output::LABEL), "\u{fffd}")
        } else {
            style
        };
        let page_files = PAGE_FILES
            .iter()
            .map(|&name| {
                let bytes = match statics.get(name) {
                    Some(StaticFile::BuiltIn(bytes)) => bytes.len() as u64,
                    Some(StaticFile::Site(path)) => std::fs::metadata(path).map_or(0, |m| m.len()),
                    None => 0,
                };
                (name, bytes)
            })
            .collect();
        Some(Theme {
            tera,
            origins,
            statics,
            style,
            page_files,
            own_templates,
            labelled: labelled.is_some(),
        })
    }

    /// Whether the pages that list guides (language homes, the page of all checklists) may
    /// show how many sections a guide has (`sections` of a GuideSummary): the built-in
    /// templates do not, so that `serve` need not render those long pages again after a
    /// section comes or goes; a site's own templates may.
    pub fn lists_section_counts(&self) -> bool {
        self.own_templates
    }

    /// Renders a template with a view and more variables given apart from it: large values
    /// that many pages share, such as the interface strings, are made once and shared, not
    /// serialised again for every page. Returns the page and, when the templates are labelled,
    /// where their labels were (`Known::labelled`).
    pub fn render_with<const N: usize>(
        &self,
        template: &str,
        view: &impl Serialize,
        values: [(&'static str, tera::Value); N],
    ) -> Result<(Vec<u8>, Known), Diagnostic> {
        let mut context = view_context(view)?;
        for (name, value) in values {
            context.insert_value(name, value);
        }
        let mut html = self.render_context(template, context)?;
        let labelled = if self.labelled {
            output::unlabel(&mut html)
        } else {
            None
        };
        let known = Known {
            parts: Vec::new(),
            labelled,
        };
        Ok((html, known))
    }

    /// The text a template wrote, as UTF-8 bytes: templates are text and every value leidraad
    /// gives them is a string.
    fn render_context(
        &self,
        template: &str,
        context: tera::Context,
    ) -> Result<Vec<u8>, Diagnostic> {
        let failed = |err: &tera::Error| {
            template_errors(err, &self.origins, "a template failed")
                .into_iter()
                .next()
                .unwrap_or_else(|| Diagnostic::error(Code::Template, "a template failed"))
        };
        // Pages of a site are about the same size: each is written straight into room for a
        // little more than the last one this thread rendered, not grown by doubling and not
        // copied afterwards.
        thread_local! {
            static LAST_LEN: Cell<usize> = const { Cell::new(0) };
        }
        let last = LAST_LEN.get();
        let mut out = Vec::with_capacity(last + last / 8 + 1024);
        self.tera
            .render_to(template, &context, &mut out)
            .map_err(|err| failed(&err))?;
        LAST_LEN.set(out.len());
        Ok(out)
    }

    /// The static files to copy to the output root.
    /// The text of the style sheet.
    pub fn style(&self) -> &str {
        &self.style
    }

    /// The files every page loads, by output path, with their sizes in bytes.
    pub fn page_files(&self) -> impl Iterator<Item = (&'static str, u64)> + '_ {
        self.page_files.iter().copied()
    }

    /// The site's own files of `static/` (not the built-in ones), by output path.
    pub fn site_static_files(&self) -> impl Iterator<Item = (&str, &std::path::Path)> {
        self.statics.iter().filter_map(|(name, file)| match file {
            StaticFile::Site(path) => Some((name.as_str(), path.as_path())),
            StaticFile::BuiltIn(_) => None,
        })
    }

    pub fn static_files(&self) -> Vec<OutputFile> {
        self.statics
            .iter()
            .map(|(name, file)| OutputFile {
                path: name.clone(),
                contents: match file {
                    StaticFile::BuiltIn(bytes) => Contents::Static(bytes),
                    StaticFile::Site(path) => Contents::Copy(path.clone()),
                },
                known: Default::default(),
            })
            .collect()
    }
}

/// A view as a Tera context.
fn view_context(view: &impl Serialize) -> Result<tera::Context, Diagnostic> {
    tera::Context::from_serialize(view).map_err(|err| {
        Diagnostic::error(
            Code::Template,
            format!(
                "cannot pass the page to the templates: {}",
                error_chain(&err)
            ),
        )
    })
}

/// Escapes what templates print, as `html::escape` does.
fn escape_html(text: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    crate::html::escape_with(text, |piece| out.write_all(piece.as_bytes()))
}

/// A Tera error as diagnostics that point into the templates, when Tera says where.
fn template_errors(
    err: &tera::Error,
    origins: &BTreeMap<String, Origin>,
    what: &str,
) -> Vec<Diagnostic> {
    match err.kind() {
        ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
            let d = Diagnostic::error(Code::Template, format!("{what}: {}", report.message()));
            let d = match origins.get(report.filename()) {
                Some(origin) => d.at(origin.location(report.span())),
                None => d,
            };
            vec![if matches!(err.kind(), ErrorKind::SyntaxError(_)) {
                d.help("every `{% if %}`, `{% for %}` and `{% block %}` needs its `{% end… %}`; see docs/templates.md for the syntax")
            } else {
                d.help("check the variable names against docs/templates.md")
            }]
        }
        // Unknown filters, tests, functions and templates are found after parsing, all at
        // once, and come as one message of reports: `error: …` and ` --> name:line:column`.
        ErrorKind::Msg(text) if text.starts_with("error: ") => text["error: ".len()..]
            .split("\n\nerror: ")
            .map(|report| {
                let mut lines = report.lines();
                let message = lines.next().unwrap_or_default();
                let d = Diagnostic::error(Code::Template, format!("{what}: {message}"));
                let place = lines.next().and_then(|line| {
                    let (name, at) = line.trim_start().strip_prefix("--> ")?.split_once(':')?;
                    let (line, column) = at.split_once(':')?;
                    Some((origins.get(name)?, line.parse::<usize>().ok()?, column.parse::<usize>().ok()?))
                });
                let d = match place {
                    Some((origin, line, column)) => {
                        let len = origin
                            .line(line)
                            .chars()
                            .skip(column.saturating_sub(1))
                            .take_while(|c| c.is_alphanumeric() || *c == '_')
                            .count();
                        d.at(origin.at(line, column, len))
                    }
                    None => d,
                };
                d.help("check the name: templates can use Tera's built-in filters, tests and functions, and the theme's templates and blocks; see docs/templates.md")
            })
            .collect(),
        _ => {
            let text = error_chain(err);
            // Tera names the template in the message: point at its file.
            let culprit = origins
                .iter()
                .find(|(name, _)| text.contains(&format!("'{name}'")));
            let d = Diagnostic::error(Code::Template, format!("{what}: {text}"))
                .help("see docs/templates.md for what templates can use");
            vec![match culprit {
                Some((_, origin)) => d.in_file(&origin.path),
                None => d,
            }]
        }
    }
}

impl Origin {
    /// The place of a span of this template, for a diagnostic.
    fn location(&self, span: &tera::Span) -> Location {
        let len = if span.end_line == span.start_line {
            span.end_col.saturating_sub(span.start_col)
        } else {
            usize::MAX
        };
        self.at(span.start_line, span.start_col + 1, len)
    }

    /// The text of a 1-based line, without its line ending.
    fn line(&self, line: usize) -> &str {
        self.text
            .lines()
            .nth(line.saturating_sub(1))
            .unwrap_or_default()
    }

    /// The place at a 1-based line and column, `len` characters long (at least one, at most
    /// to the end of the line).
    fn at(&self, line: usize, column: usize, len: usize) -> Location {
        let line_text = self.line(line).to_owned();
        let width = line_text.chars().count().max(1);
        let column = column.clamp(1, width);
        Location {
            path: self.path.clone(),
            line,
            column,
            len: len.clamp(1, width + 1 - column),
            line_text,
        }
    }
}

/// The files below `root/folder`, by their path inside it, sorted. Symbolic links are not
/// followed: a site's files stay inside the site.
fn site_files(root: &Path, folder: &str, diags: &mut Diagnostics) -> Vec<(String, PathBuf)> {
    let dir = root.join(folder);
    if !dir.is_dir() {
        return Vec::new();
    }
    if !crate::source::inside_site(root, &dir) {
        diags.push(
            Diagnostic::warning(
                Code::Symlink,
                format!(
                    "`{folder}` is a symbolic link to a folder outside the site, so it is not read"
                ),
            )
            .in_file(Path::new(folder))
            .help("leidraad reads only files inside the site: move the folder into the site"),
        );
        return Vec::new();
    }
    let mut files = Vec::new();
    for entry in WalkDir::new(&dir).follow_links(false).sort_by_file_name() {
        match entry {
            Ok(entry) if entry.depth() == 0 => {}
            Ok(entry) if entry.path_is_symlink() => diags.push(
                Diagnostic::warning(
                    Code::Symlink,
                    format!("symbolic links under `{folder}/` are not followed"),
                )
                .in_file(&crate::source::relative(root, entry.path()))
                .help("copy the file into the site instead of linking to it"),
            ),
            Ok(entry) if entry.file_type().is_file() => {
                let rel = entry
                    .path()
                    .strip_prefix(&dir)
                    .expect("walkdir stays below its root");
                let name = rel.to_string_lossy().replace('\\', "/");
                if !name.split('/').any(|part| part.starts_with('.')) {
                    files.push((name, entry.into_path()));
                }
            }
            Ok(_) => {}
            Err(err) => diags.push(Diagnostic::error(
                Code::Io,
                format!("cannot read `{folder}/`: {err}"),
            )),
        }
    }
    files
}

/// The whole chain of a Tera error: Tera nests the useful detail.
fn error_chain(err: &tera::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_templates_are_all_labelled() {
        for (name, text) in TEMPLATES {
            let labelled = output::label_template(text).unwrap_or_else(|| panic!("{name}"));
            assert_eq!(labelled.contains('\0'), text.contains(" href=\""), "{name}");
            let mut page = labelled.into_bytes();
            output::unlabel(&mut page).unwrap_or_else(|| panic!("{name}"));
            assert_eq!(page, text.as_bytes(), "{name}");
        }
    }
}
