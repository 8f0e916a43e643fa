//! The theme: the built-in templates and static files compiled into the binary, overlaid by
//! the site's own `templates/` and `static/` files of the same name.
//!
//! Templates are parsed once per build. Reading the overrides is the only filesystem access.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;
use tera::Tera;
use walkdir::WalkDir;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::{Contents, OutputFile};
use crate::render::error_chain;

/// The built-in templates, by file name.
const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../templates/base.html")),
    ("root.html", include_str!("../templates/root.html")),
    ("home.html", include_str!("../templates/home.html")),
    ("guide.html", include_str!("../templates/guide.html")),
    ("section.html", include_str!("../templates/section.html")),
    ("page.html", include_str!("../templates/page.html")),
    (
        "checklist.html",
        include_str!("../templates/checklist.html"),
    ),
    (
        "checklists.html",
        include_str!("../templates/checklists.html"),
    ),
    ("404.html", include_str!("../templates/404.html")),
];

/// The built-in static files, by path in the output.
const STATIC: &[(&str, &[u8])] = &[
    ("style.css", include_bytes!("../static/style.css")),
    ("leidraad.js", include_bytes!("../static/leidraad.js")),
];

/// The parsed templates and the static files of a build.
#[derive(Debug)]
pub struct Theme {
    tera: Tera,
    statics: BTreeMap<String, StaticFile>,
}

#[derive(Debug, Clone)]
enum StaticFile {
    BuiltIn(&'static [u8]),
    Site(PathBuf),
}

impl Theme {
    /// Loads the built-in theme with the overrides found in the site at `root`.
    pub fn load(root: &Path, diags: &mut Diagnostics) -> Option<Theme> {
        let mut templates: BTreeMap<String, (String, Option<PathBuf>)> = TEMPLATES
            .iter()
            .map(|(name, text)| ((*name).to_owned(), ((*text).to_owned(), None)))
            .collect();
        for (name, path) in site_files(root, "templates", diags) {
            if !name.ends_with(".html") && !name.ends_with(".xml") && !name.ends_with(".txt") {
                continue;
            }
            let shown = crate::source::relative(root, &path);
            match std::fs::read_to_string(&path) {
                Ok(text) => {
                    templates.insert(name, (text, Some(shown)));
                }
                Err(err) => diags.push(
                    Diagnostic::error("io", format!("cannot read this template: {err}"))
                        .in_file(&shown),
                ),
            }
        }
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        // Tera's default also escapes `/`, which makes every URL in the output hard to read.
        tera.set_escape_fn(crate::markdown::escape);
        let raw: Vec<(&str, &str)> = templates
            .iter()
            .map(|(name, (text, _))| (name.as_str(), text.as_str()))
            .collect();
        if let Err(err) = tera.add_raw_templates(raw) {
            let culprit = templates
                .iter()
                .find(|(name, _)| error_chain(&err).contains(name.as_str()))
                .and_then(|(name, (_, path))| {
                    path.clone()
                        .or_else(|| Some(PathBuf::from("templates").join(name)))
                });
            let mut d = Diagnostic::error(
                "template",
                format!("a template has an error: {}", error_chain(&err)),
            )
            .help(
                "fix the Tera syntax; see docs/templates.md for the variables every template gets",
            );
            if let Some(path) = culprit {
                d = d.in_file(&path);
            }
            diags.push(d);
            return None;
        }
        let mut statics: BTreeMap<String, StaticFile> = STATIC
            .iter()
            .map(|(name, bytes)| ((*name).to_owned(), StaticFile::BuiltIn(bytes)))
            .collect();
        for (name, path) in site_files(root, "static", diags) {
            statics.insert(name, StaticFile::Site(path));
        }
        Some(Theme { tera, statics })
    }

    /// Renders a template with a view.
    pub fn render(&self, template: &str, context: &impl Serialize) -> Result<String, Diagnostic> {
        self.render_context(template, &view_context(context)?)
    }

    /// Renders a template with a view and one more variable, `name`, whose value is given
    /// apart from the view: a large value that many pages share, such as the interface
    /// strings, is then moved into each page's context and back out, not made again.
    pub fn render_with(
        &self,
        template: &str,
        context: &impl Serialize,
        name: &str,
        value: &mut tera::Value,
    ) -> Result<String, Diagnostic> {
        let mut context = view_context(context)?;
        let mut shared = tera::Map::new();
        shared.insert(name.to_owned(), std::mem::take(value));
        context.extend(
            tera::Context::from_value(tera::Value::Object(shared))
                .expect("a map is a valid context"),
        );
        let html = self.render_context(template, &context);
        *value = context.remove(name).unwrap_or_default();
        html
    }

    fn render_context(
        &self,
        template: &str,
        context: &tera::Context,
    ) -> Result<String, Diagnostic> {
        let failed = |why: String| {
            Diagnostic::error(
                "template",
                format!("the template `{template}` failed: {why}"),
            )
            .in_file(&PathBuf::from("templates").join(template))
            .help("check the variable names against docs/templates.md")
        };
        // Tera's own `render` grows a new buffer from 2 kB for every page. A buffer per thread
        // grows once, and every page then gets a single allocation of its exact size.
        thread_local! {
            static BUFFER: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
        }
        BUFFER.with_borrow_mut(|buffer| {
            buffer.clear();
            self.tera
                .render_to(template, context, &mut *buffer)
                .map_err(|err| failed(error_chain(&err)))?;
            String::from_utf8(buffer.to_vec()).map_err(|err| failed(err.to_string()))
        })
    }

    /// The static files to copy to the output root.
    pub fn static_files(&self) -> Vec<OutputFile> {
        self.statics
            .iter()
            .map(|(name, file)| OutputFile {
                path: name.clone(),
                contents: match file {
                    StaticFile::BuiltIn(bytes) => Contents::Static(bytes),
                    StaticFile::Site(path) => Contents::Copy(path.clone()),
                },
            })
            .collect()
    }
}

/// A view as a Tera context.
fn view_context(view: &impl Serialize) -> Result<tera::Context, Diagnostic> {
    tera::Context::from_serialize(view).map_err(|err| {
        Diagnostic::error(
            "template",
            format!(
                "cannot pass the page to the templates: {}",
                error_chain(&err)
            ),
        )
    })
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
                "symlink",
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
                    "symlink",
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
                "io",
                format!("cannot read `{folder}/`: {err}"),
            )),
        }
    }
    files
}
