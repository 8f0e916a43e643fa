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
//! folder ([`output::Staging`]), in [`session::generate_session`] (for `serve`) keeps it and
//! in [`check`] lets it go. On the way to the sink every file passes
//! [`verify::Verifier::see`], and nothing is published unless every link, image and fragment
//! of the output resolves
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
pub mod session;
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

/// A site read, assembled and checked, ready to render.
pub(crate) struct Prepared {
    pub(crate) site: model::Site,
    pub(crate) links: links::LinkIndex,
    pub(crate) theme: theme::Theme,
    pub(crate) render_options: render::RenderOptions,
    pub(crate) output_dir: PathBuf,
    /// What the site was assembled from besides its documents.
    pub(crate) frame: Frame,
}

/// What a site is assembled from besides its documents, and what reading them said: all
/// that `serve` needs to assemble the site again after an edit of some documents.
pub(crate) struct Frame {
    pub(crate) language_folders: Vec<String>,
    pub(crate) assets: Vec<source::Asset>,
    /// The diagnostics of everything before the model: `site.yaml`, the walk, every file's
    /// front matter, the templates.
    pub(crate) diagnostics: Vec<Diagnostic>,
}

/// Every stage before rendering. Returns `None` when there are errors.
pub(crate) fn prepare(options: &BuildOptions, diags: &mut Diagnostics) -> Option<Prepared> {
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
    let frame = Frame {
        language_folders: sources.language_folders.clone(),
        assets: sources.assets.clone(),
        diagnostics: diags.items().to_vec(),
    };
    let site = model::assemble(sources, model_options(options), diags)?;
    let links = link(&site, diags);
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
        frame,
    })
}

/// How the model is made for a build with `options`.
pub(crate) fn model_options(options: &BuildOptions) -> model::ModelOptions {
    model::ModelOptions {
        drafts: options.drafts,
        today: Some(date::Date::today()),
    }
}

/// The links of a site resolved, and its translations checked.
pub(crate) fn link(site: &model::Site, diags: &mut Diagnostics) -> links::LinkIndex {
    link_with(
        diags,
        || translations::warnings(site),
        || links::resolve(site),
    )
}

/// [`link`], with the translations' warnings made by `warnings` and the links resolved by
/// `resolve` (`serve` makes again only what an edit touched).
pub(crate) fn link_with(
    diags: &mut Diagnostics,
    warnings: impl FnOnce() -> Vec<Diagnostic> + Send,
    resolve: impl FnOnce() -> (links::LinkIndex, Vec<Diagnostic>) + Send,
) -> links::LinkIndex {
    // Both only read the site: one core checks the translations while the other resolves links.
    let (translation_diags, (links, link_diags)) = rayon::join(warnings, resolve);
    diags.extend(translation_diags);
    diags.extend(link_diags);
    links
}

impl Prepared {
    /// A verifier of this site's output: every file the render stage makes goes through it.
    pub(crate) fn verifier(&self) -> verify::Verifier {
        verify::Verifier::new(self.site.config.base_url.as_deref())
    }

    pub(crate) fn render(
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

/// Indexes the pages readers look for; `files` holds whole pages or only their `<main>`.
#[cfg(feature = "search")]
pub(crate) fn search_index(
    site: &model::Site,
    files: &[output::OutputFile],
) -> Result<Vec<output::OutputFile>, Diagnostic> {
    let by_path: std::collections::HashMap<&str, &[u8]> = files
        .iter()
        .filter_map(|f| Some((f.path.as_str(), f.contents.in_memory()?)))
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
