//! leidraad turns a folder of multilingual Markdown guidance into a static website that people
//! read, search, print and work through as checklists.
//!
//! A build is a pipeline of stages that pass owned data forward:
//!
//! ```text
//! site.yaml, content/  --source-->  Sources  --model-->  Site  --links-->  LinkIndex
//!                      --render (with theme)-->  Vec<OutputFile>  --output-->  public/
//! ```
//!
//! Only `source`, `theme`, `output` and `serve` touch the filesystem; the stages between are
//! pure. Every problem an author can cause is a [`Diagnostic`]; nothing is written while there
//! are errors. Start reading at [`generate`].

pub mod cli;
pub mod config;
pub mod date;
pub mod diagnostics;
pub mod i18n;
pub mod init;
pub mod links;
pub mod markdown;
pub mod model;
pub mod output;
pub mod render;
#[cfg(feature = "search")]
pub mod search;
pub mod serve;
pub mod source;
pub mod theme;
pub mod translations;

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

/// Reads, checks and renders the site, without writing anything. Returns the files when there
/// are no errors; every problem found is in `diags`.
pub fn generate(options: &BuildOptions, diags: &mut Diagnostics) -> Option<Generated> {
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
    diags.extend(translations::warnings(&site));
    let (links, link_diags) = links::resolve(&site);
    diags.extend(link_diags);
    if diags.has_errors() {
        return None;
    }
    let theme = theme?;
    let render_options = render::RenderOptions {
        portable: options.portable,
        search: cfg!(feature = "search") && options.search,
    };
    let (mut files, render_diags) = render::render_site(&site, &links, &theme, render_options);
    diags.extend(render_diags);
    if diags.has_errors() {
        return None;
    }
    #[cfg(feature = "search")]
    if options.search {
        match search_index(&site, &files) {
            Ok(index) => files.extend(index),
            Err(d) => {
                diags.push(d);
                return None;
            }
        }
    }
    Some(Generated {
        pages: site.pages.len(),
        files,
        output_dir,
    })
}

/// Indexes the pages readers look for (homes, guides, sections, standalone pages) and every
/// checklist item.
#[cfg(feature = "search")]
fn search_index(
    site: &model::Site,
    files: &[output::OutputFile],
) -> Result<Vec<output::OutputFile>, Diagnostic> {
    use model::PageKind;
    let by_path: std::collections::HashMap<&str, &[u8]> = files
        .iter()
        .filter_map(|f| match &f.contents {
            output::Contents::Bytes(bytes) => Some((f.path.as_str(), bytes.as_slice())),
            _ => None,
        })
        .collect();
    let paths: Vec<String> = site
        .pages
        .iter()
        .filter(|p| {
            matches!(
                p.kind,
                PageKind::Home | PageKind::Page | PageKind::Guide | PageKind::Section
            )
        })
        .map(|p| format!("{}index.html", p.url))
        .collect();
    let pages: Vec<search::SearchPage<'_>> = paths
        .iter()
        .filter_map(|path| {
            let html = std::str::from_utf8(by_path.get(path.as_str())?).ok()?;
            Some(search::SearchPage { path, html })
        })
        .collect();
    let mut items = Vec::new();
    for guide in &site.guides {
        let guide_title = &site.pages[guide.page].title;
        for item in &guide.items {
            let section = &site.pages[item.section];
            let it = &site
                .doc_of(item.section)
                .expect("sections have documents")
                .rendered
                .items[item.index];
            items.push(search::SearchItem {
                url: format!("/{}#{}", section.url, it.id),
                text: it.text.clone(),
                lang: site.languages[section.lang].tag.clone(),
                section: section.title.clone(),
                guide: guide_title.clone(),
            });
        }
    }
    search::index(&pages, &items)
}

/// What a build did.
#[derive(Debug)]
pub struct BuildOutcome {
    /// Every problem found, sorted.
    pub diagnostics: Diagnostics,
    /// Where the site was written and how many pages it has, when it was written.
    pub written: Option<(PathBuf, usize)>,
}

/// Builds the site and writes it, replacing the previous output only when there are no errors.
pub fn build(options: &BuildOptions) -> Result<BuildOutcome, output::Error> {
    let mut diags = Diagnostics::new();
    let generated = generate(options, &mut diags);
    diags.sort();
    let written = match generated {
        Some(g) => {
            output::write(&g.output_dir, &g.files)?;
            Some((g.output_dir, g.pages))
        }
        None => None,
    };
    Ok(BuildOutcome {
        diagnostics: diags,
        written,
    })
}

/// Checks the site without writing anything.
pub fn check(options: &BuildOptions) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let _ = generate(options, &mut diags);
    diags.sort();
    diags
}

/// The site root given on the command line, or the current folder.
pub fn site_root(root: Option<&Path>) -> PathBuf {
    root.map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}
