//! leidraad turns a folder of multilingual Markdown guidance into a static website that people
//! read, search, print and work through as checklists.
//!
//! A build is a pipeline of stages that pass owned data forward:
//!
//! ```text
//! site.yaml, content/  --source-->  Sources  --model-->  Site  --links-->  LinkIndex
//!                      --render (with theme)-->  OutputFile, one by one  --output-->  public/
//! ```
//!
//! Only `source`, `theme`, `output` and `serve` touch the filesystem; the stages between are
//! pure: `render` hands each file to a sink, which in [`build`] writes it into a staging
//! folder ([`output::Staging`]), in [`generate_session`] (for `serve`) keeps it and in [`check`] lets
//! it go. On the way to the sink every file passes [`verify::Verifier::see`], and nothing is
//! published unless every link, image and fragment of the output resolves
//! ([`verify::Verifier::finish`]). Every problem an author can cause is a [`Diagnostic`];
//! nothing is written while there are errors. Start reading at [`build`].

pub mod cmd;
pub mod config;
pub mod date;
pub mod diagnostics;
pub mod html;
pub mod i18n;
pub mod import;
pub mod init;
pub mod links;
pub mod markdown;
pub mod model;
pub mod output;
pub mod render;
#[cfg(feature = "search")]
pub mod search;
pub mod serve;
pub mod slug;
pub mod source;
pub mod svg;
pub mod theme;
pub mod translations;
pub mod verify;
mod yaml;

use std::path::{Path, PathBuf};

pub use diagnostics::{Diagnostic, Diagnostics, Severity};

/// What a build reads and how it writes.
#[derive(Clone, Debug, Default)]
pub struct BuildOptions {
    /// The site's folder: where `site.yaml` and `content/` are.
    pub root: PathBuf,
    /// Where to write; default: `output_dir` of `site.yaml`, relative to the root.
    pub output: Option<PathBuf>,
    /// Overrides `base_url` of `site.yaml`.
    pub base_url: Option<String>,
    /// Include pages marked `draft: true`.
    pub drafts: bool,
    /// Links name their `index.html`, so the site works opened from disk.
    pub portable: bool,
    /// Build the search index (when leidraad is built with the `search` feature).
    pub search: bool,
    /// The build is for the in-memory preview of `serve`, which checks and writes its own
    /// output folder (if any), so the default output folder is not checked.
    pub preview: bool,
    /// The process ends right after [`build`]: the site's memory is left to the system, not
    /// freed piece by piece (hundreds of thousands of frees, a tenth of a second at 3 × 10,000
    /// sections, that nobody waits for).
    pub exits_after: bool,
    /// Lets a signal handler remove the staging folder when the build is interrupted.
    pub interrupt: Option<std::sync::Arc<output::Interrupt>>,
}

/// A site turned into files, not yet written.
#[derive(Debug)]
pub struct Generated {
    /// Every file of the output.
    pub files: Vec<output::OutputFile>,
    /// Where the files go.
    pub output_dir: PathBuf,
    /// How many pages were rendered.
    pub pages: usize,
}

/// A build kept in memory, so that `serve` can re-render only what an edit changes.
pub struct Session {
    root: PathBuf,
    site: model::Site,
    links: links::LinkIndex,
    theme: theme::Theme,
    render_options: render::RenderOptions,
    /// The output as it was verified, to verify the pages an edit renders again.
    verified: verify::Index,
}

/// Reads, checks and renders the site into memory, without writing anything, for `serve`.
/// Returns the files and the [`Session`] that made them when there are no errors; every
/// problem found is in `diags`.
pub fn generate_session(
    options: &BuildOptions,
    diags: &mut Diagnostics,
) -> Option<(Generated, Session)> {
    let prepared = prepare(options, diags)?;
    let verifier = prepared.verifier();
    let (files, render_diags) = prepared
        .render(&|file| {
            verifier.see(&file);
            Ok(Some(file))
        })
        .unwrap_or_else(|_| unreachable!("keeping files in memory does not fail"));
    diags.extend(render_diags);
    if diags.has_errors() {
        return None;
    }
    #[cfg_attr(not(feature = "search"), allow(unused_mut))]
    let mut files = files;
    #[cfg(feature = "search")]
    if prepared.render_options.search {
        match search_index(&prepared.site, &files) {
            Ok(index) => {
                index.iter().for_each(|f| verifier.see(f));
                files.extend(index);
            }
            Err(d) => {
                diags.push(d);
                return None;
            }
        }
    }
    let (verified, problems) = verifier.finish();
    diags.extend(verify::diagnostics(&problems, &prepared.site));
    if diags.has_errors() {
        return None;
    }
    let generated = Generated {
        pages: prepared.site.pages.len(),
        files,
        output_dir: prepared.output_dir,
    };
    let session = Session {
        root: output::absolute(&options.root),
        site: prepared.site,
        links: prepared.links,
        theme: prepared.theme,
        render_options: prepared.render_options,
        verified,
    };
    Some((generated, session))
}

/// A site read, assembled and checked, ready to render.
struct Prepared {
    site: model::Site,
    links: links::LinkIndex,
    theme: theme::Theme,
    render_options: render::RenderOptions,
    output_dir: PathBuf,
}

/// Every stage before rendering. Returns `None` when there are errors.
fn prepare(options: &BuildOptions, diags: &mut Diagnostics) -> Option<Prepared> {
    let root = &options.root;
    let mut config = source::read_config(root, diags)?;
    if let Some(base_url) = &options.base_url {
        let base_url = base_url.trim();
        config.base_url = Some(if base_url.ends_with('/') {
            base_url.to_owned()
        } else {
            format!("{base_url}/")
        });
    }
    let output_dir = match &options.output {
        Some(out) => out.clone(),
        None => root.join(&config.output_dir),
    };
    if !options.preview {
        if let Err(d) = output::check_output_dir(root, &output_dir) {
            diags.push(d);
        }
    }
    let sources = source::read(root, config, diags)?;
    let theme = theme::Theme::load(root, diags);
    let model_options = model::ModelOptions {
        drafts: options.drafts,
        today: Some(date::Date::today()),
    };
    let site = model::assemble(sources, model_options, diags)?;
    // Both only read the site: one core checks the translations while the other resolves links.
    let (translation_diags, (links, link_diags)) =
        rayon::join(|| translations::warnings(&site), || links::resolve(&site));
    diags.extend(translation_diags);
    diags.extend(link_diags);
    if diags.has_errors() {
        return None;
    }
    // Pages opened from disk cannot have a service worker, and the preview must not leave one
    // behind in the browser.
    let offline = site.config.offline && !options.portable && !options.preview;
    Some(Prepared {
        site,
        links,
        theme: theme?,
        render_options: render::RenderOptions {
            portable: options.portable,
            search: cfg!(feature = "search") && options.search,
            offline,
        },
        output_dir,
    })
}

impl Prepared {
    /// A verifier of this site's output: every file the render stage makes goes through it.
    fn verifier(&self) -> verify::Verifier {
        verify::Verifier::new(self.site.config.base_url.as_deref())
    }

    fn render(
        &self,
        sink: render::Sink<'_>,
    ) -> Result<(Vec<output::OutputFile>, Vec<Diagnostic>), output::Error> {
        render::render_site(
            &self.site,
            &self.links,
            &self.theme,
            self.render_options,
            sink,
        )
    }
}

impl Session {
    /// The address of every page (`/nl/over/`), by its language folder and translation key,
    /// to follow a page that moved.
    pub fn page_urls(&self) -> std::collections::BTreeMap<(String, String), String> {
        self.site
            .pages
            .iter()
            .map(|p| {
                let lang = self.site.languages[p.lang].tag.clone();
                ((lang, p.key.clone()), format!("/{}", p.url))
            })
            .collect()
    }

    /// What the search index of the site as it is now is made of.
    #[cfg(feature = "search")]
    pub fn search_plan(&self) -> search::Plan {
        search::Plan::new(&self.site)
    }

    /// After one Markdown file changed, re-renders only the pages that show it: its page in
    /// every language and its guide's checklist pages. Returns `None` when the edit needs a
    /// full build: another kind of file, a new or deleted file, any problem in the file, or a
    /// change to what other pages show of it (title, description, URL, order, dates, anchors).
    /// `serve` makes the search index again in the background.
    pub fn update(&mut self, changed: &[PathBuf]) -> Option<Vec<output::OutputFile>> {
        let [path] = changed else { return None };
        let rel = output::absolute(path)
            .strip_prefix(self.root.join("content"))
            .ok()?
            .to_path_buf();
        let rel = rel.to_str()?.replace('\\', "/");
        let (lang, rel) = rel.split_once('/')?;
        let doc_id = self
            .site
            .docs
            .iter()
            .position(|d| d.document.lang == lang && d.document.rel == rel)
            .map(model::DocId::new)?;
        let (document, warnings) = source::read_one(&self.root, lang, rel)?.ok()?;
        let strings = &self.site.languages.iter().find(|l| l.tag == lang)?.strings;
        let (rendered, problems) = model::render_body(&document, strings);
        if !warnings.is_empty() || !problems.is_empty() {
            return None;
        }
        let old = &self.site.docs[doc_id];
        if !old.document.front.same_outline(&document.front)
            || !same_anchors(&old.rendered, &rendered)
        {
            return None;
        }
        let doc = &mut self.site.docs[doc_id];
        doc.document = document;
        doc.rendered = rendered;
        if !links::update(&self.site, &mut self.links, doc_id).is_empty() {
            return None;
        }
        let mut pages: Vec<model::PageId> = Vec::new();
        for (id, page) in self.site.pages_by_id() {
            if page.key == rel {
                pages.push(id);
                if let Some(guide) = page.guide().map(|g| &self.site.guides[g]) {
                    // Both show the text of every section.
                    pages.extend(guide.checklist);
                    pages.push(guide.print);
                }
            }
        }
        pages.sort_unstable();
        pages.dedup();
        let (files, problems) = render::render_pages(
            &self.site,
            &self.links,
            &self.theme,
            self.render_options,
            &pages,
        );
        // Verified against the rest of the output as it was: a page whose links or ids
        // changed gets a full build, which verifies everything.
        (problems.is_empty() && files.iter().all(|f| self.verified.verify_again(f)))
            .then_some(files)
    }
}

/// Whether links into a document still find the same anchors, and its checklist the same items.
fn same_anchors(old: &markdown::Rendered, new: &markdown::Rendered) -> bool {
    old.headings
        .iter()
        .map(|h| &h.id)
        .eq(new.headings.iter().map(|h| &h.id))
        && old
            .items
            .iter()
            .map(|i| &i.id)
            .eq(new.items.iter().map(|i| &i.id))
}

/// Indexes the pages readers look for; `files` holds whole pages or only their `<main>`.
#[cfg(feature = "search")]
fn search_index(
    site: &model::Site,
    files: &[output::OutputFile],
) -> Result<Vec<output::OutputFile>, Diagnostic> {
    let by_path: std::collections::HashMap<&str, &[u8]> = files
        .iter()
        .filter_map(|f| match &f.contents {
            output::Contents::Bytes(bytes) => Some((f.path.as_str(), bytes.as_slice())),
            _ => None,
        })
        .collect();
    search::Plan::new(site).index(|path| by_path.get(path).copied())
}

/// What a build did.
#[derive(Debug)]
pub struct BuildOutcome {
    /// Every problem found, sorted.
    pub diagnostics: Diagnostics,
    /// Where the site was written and how many pages it has, when it was written.
    pub written: Option<(PathBuf, usize)>,
    /// The files and folders in the output that leidraad did not write, which it kept.
    pub kept: Vec<String>,
}

/// Builds the site and writes it, replacing the previous output only when there are no errors.
///
/// Pages are written as they are rendered, into a staging folder that replaces the output
/// only at the end, so the whole site is never held in memory (except the pages the search
/// index reads).
pub fn build(options: &BuildOptions) -> Result<BuildOutcome, output::Error> {
    let mut diags = Diagnostics::new();
    let written = write_site(options, &mut diags)?;
    diags.sort();
    let (written, kept) = match written {
        Some(w) => (Some((w.dir, w.pages)), w.kept.0),
        None => (None, Vec::new()),
    };
    Ok(BuildOutcome {
        diagnostics: diags,
        written,
        kept,
    })
}

/// What a successful build wrote.
struct Written {
    dir: PathBuf,
    pages: usize,
    kept: output::Kept,
}

fn write_site(
    options: &BuildOptions,
    diags: &mut Diagnostics,
) -> Result<Option<Written>, output::Error> {
    let Some(prepared) = prepare(options, diags) else {
        return Ok(None);
    };
    let staging = output::Staging::create(&prepared.output_dir, options.interrupt.clone())?;
    #[cfg(feature = "search")]
    let search = prepared.render_options.search;
    let verifier = prepared.verifier();
    let (kept, render_diags) = prepared.render(&|file| {
        verifier.see(&file);
        staging.write(&file)?;
        // The search index reads the `<main>` of each page after rendering.
        #[cfg(feature = "search")]
        if let (true, true, output::Contents::Bytes(html)) =
            (search, file.path.ends_with("index.html"), &file.contents)
        {
            return Ok(search::main_element(html).map(|main| output::OutputFile {
                contents: output::Contents::Bytes(main.to_vec()),
                path: file.path,
                known: Default::default(),
            }));
        }
        Ok(None)
    })?;
    diags.extend(render_diags);
    #[cfg(feature = "search")]
    if search && !diags.has_errors() {
        match search_index(&prepared.site, &kept) {
            Ok(index) => {
                index.iter().for_each(|f| verifier.see(f));
                staging.write_all(&index)?;
            }
            Err(d) => diags.push(d),
        }
    }
    drop(kept);
    // Only a complete output is verified: after an error some pages are missing, and links to
    // them would be reported as broken too.
    if !diags.has_errors() {
        let (index, problems) = verifier.finish();
        diags.extend(verify::diagnostics(&problems, &prepared.site));
        if options.exits_after {
            // Like the site below: left to the system.
            std::mem::forget(index);
        }
    }
    if diags.has_errors() {
        // Dropping the staging folder removes it: the previous output stays as it was.
        return Ok(None);
    }
    let kept = match staging.foreign_files() {
        Ok(kept) => kept,
        Err(d) => {
            diags.push(d);
            return Ok(None);
        }
    };
    staging.commit(&kept)?;
    let written = Written {
        dir: prepared.output_dir.clone(),
        pages: prepared.site.pages.len(),
        kept,
    };
    if options.exits_after {
        std::mem::forget(prepared);
    }
    Ok(Some(written))
}

/// Checks the site without writing anything.
pub fn check(options: &BuildOptions) -> Diagnostics {
    let mut diags = Diagnostics::new();
    if let Some(prepared) = prepare(options, &mut diags) {
        // Every page is rendered, for the templates' errors, verified, and let go at once.
        let verifier = prepared.verifier();
        let (_, render_diags) = prepared
            .render(&|file| {
                verifier.see(&file);
                Ok(None)
            })
            .unwrap_or_else(|_| unreachable!("letting files go does not fail"));
        diags.extend(render_diags);
        if !diags.has_errors() {
            let (_, problems) = verifier.finish();
            diags.extend(verify::diagnostics(&problems, &prepared.site));
        }
    }
    diags.sort();
    diags
}

/// The site root given on the command line, or the current folder.
pub fn site_root(root: Option<&Path>) -> PathBuf {
    root.map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}
